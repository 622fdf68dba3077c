"""Reading a prompt on more threads changes no result, and the engine reads on every core only
while other programs leave them free."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

import numpy as np
import pytest

from troly.core.config import _physical_cores
from troly.core.engine.base import ChatMessage, GenerationParams
from troly.core.engine.llama import LlamaEngine

PROMPT = [
    ChatMessage(
        "user",
        "Công tác văn thư gồm soạn thảo, ký ban hành văn bản; quản lý văn bản đi, văn bản đến; "
        "lập hồ sơ và nộp lưu hồ sơ, tài liệu vào Lưu trữ cơ quan. " * 4,
    )
]
HOG = "import time\nend = time.time() + 60\nwhile time.time() < end: pass\n"
needs_two_cores = pytest.mark.skipif(_physical_cores() < 2, reason="one core: nothing to burst")


def _logits(engine: LlamaEngine) -> np.ndarray:
    engine.reset_cache()
    tokens = engine.tokenize(engine.render(PROMPT))
    engine._evaluate_prompt(tokens, reproducible=True)
    return np.ctypeslib.as_array(
        engine._llm._ctx.get_logits(), shape=(engine._llm.n_vocab(),)
    ).copy()


def test_the_thread_count_changes_no_logit(default_model: Any) -> None:
    one = LlamaEngine(default_model, n_ctx=1024, threads=1, batch_threads=1)
    two = LlamaEngine(default_model, n_ctx=1024, threads=1, batch_threads=2)
    try:
        assert np.array_equal(_logits(one), _logits(two))
        params = GenerationParams.greedy(24)
        one.reset_cache()
        two.reset_cache()
        assert one.stream_chat(PROMPT, params).text() == two.stream_chat(PROMPT, params).text()
    finally:
        one.close()
        two.close()


class _Idle:
    """Other programs leave every core free (this test is about the engine's choice)."""

    def others_idle(self, fresh: bool) -> bool:
        return True


@needs_two_cores
def test_an_idle_pc_reads_the_prompt_on_every_core(default_model: Any) -> None:
    engine = LlamaEngine(default_model, n_ctx=1024, threads=1, batch_threads=1, burst_threads=2)
    try:
        engine._other_load = _Idle()  # type: ignore[assignment]
        stream = engine.stream_chat(PROMPT, GenerationParams.greedy(4))
        stream.text()
        assert stream.stats.prompt_threads == 2
        # Back to the default for what follows (generation, a short tail).
        assert engine._current_batch_threads == 1
    finally:
        engine.close()


@needs_two_cores
def test_a_busy_program_keeps_the_default_threads(default_model: Any) -> None:
    engine = LlamaEngine(default_model, n_ctx=1024, threads=1, batch_threads=1, burst_threads=2)
    hog = subprocess.Popen([sys.executable, "-c", HOG])
    try:
        time.sleep(0.3)
        stream = engine.stream_chat(PROMPT, GenerationParams.greedy(4))
        stream.text()
        assert stream.stats.prompt_threads == 1
    finally:
        hog.kill()
        hog.wait()
        engine.close()
