"""Thread count beside a busy program: llama.cpp's threads meet at a barrier after every layer,
so with as many threads as cores and another program holding one core, each token waits for
the descheduled thread. The default (config.default_threads: one core left free) must keep
generating where all cores collapse; prompt reading is reported too."""

from __future__ import annotations

import statistics
import subprocess
import sys
from typing import Any

import pytest
from tests.bench.conftest import report

from troly.core.config import _physical_cores, default_batch_threads, default_threads
from troly.core.engine.base import ChatMessage, GenerationParams
from troly.core.engine.llama import LlamaEngine

ROUNDS = 3
TOKENS = 48
PROMPT = "Hãy giới thiệu ngắn gọn công tác văn thư và lưu trữ trong cơ quan nhà nước. " * 6
# A second program that keeps one core busy, for at most a minute whatever happens.
HOG = "import time\nend = time.time() + 60\nwhile time.time() < end: pass\n"


def _speeds(engine: LlamaEngine) -> tuple[float, float]:
    """(prompt tokens/s, generated tokens/s) of one cold answer."""
    engine.reset_cache()
    stream = engine.stream_chat([ChatMessage("user", PROMPT)], GenerationParams.greedy(TOKENS))
    stream.text()
    s = stream.stats
    return s.prompt_tokens / max(s.first_token_seconds, 1e-6), s.tokens_per_second


@pytest.mark.skipif(_physical_cores() < 2, reason="one core: there is no choice to make")
def test_default_threads_do_not_collapse_beside_a_busy_program(default_model: Any) -> None:
    cores = _physical_cores()
    chosen = default_threads()
    engines = {
        n: LlamaEngine(default_model, n_ctx=1024, threads=n, batch_threads=n)
        for n in sorted({chosen, cores})
    }
    busy: dict[int, list[tuple[float, float]]] = {n: [] for n in engines}
    quiet: dict[int, list[tuple[float, float]]] = {n: [] for n in engines}
    try:
        for _ in range(ROUNDS):  # interleaved, so every count sees the same machine
            for n, engine in engines.items():
                quiet[n].append(_speeds(engine))
            hog = subprocess.Popen([sys.executable, "-c", HOG])
            try:
                for n, engine in engines.items():
                    busy[n].append(_speeds(engine))
            finally:
                hog.kill()
                hog.wait()
    finally:
        for engine in engines.values():
            engine.close()

    def median(values: list[tuple[float, float]], i: int) -> float:
        return statistics.median(v[i] for v in values)

    figures: dict[str, float | int | str] = {"cores": cores, "default": chosen}
    for n in engines:
        figures[f"t{n}_quiet_prompt"] = median(quiet[n], 0)
        figures[f"t{n}_quiet_gen"] = median(quiet[n], 1)
        figures[f"t{n}_busy_prompt"] = median(busy[n], 0)
        figures[f"t{n}_busy_gen"] = median(busy[n], 1)
    figures["batch_default"] = default_batch_threads()
    report("threads", **figures)
    if chosen == cores:
        return
    # Paired per round: the default against all cores, both beside the same busy program.
    ratio = statistics.median(
        d[1] / max(a[1], 1e-6) for d, a in zip(busy[chosen], busy[cores], strict=True)
    )
    assert ratio >= 0.9, f"default {chosen} threads generate at {ratio:.2f}x all {cores} cores"
