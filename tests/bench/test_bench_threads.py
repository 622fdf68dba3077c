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
# The burst test reads a prompt of an answer's size (the eval's median is about 600 tokens): the
# load look (cpu_load.FIRST_LOOK_SECONDS) is paid once per prompt, so a prompt a fifth of that
# size would show the look five times larger against the read than any answer ever sees.
ANSWER_PROMPT = PROMPT * 5
# A second program that keeps one core busy, for at most a minute whatever happens.
HOG = "import time\nend = time.time() + 60\nwhile time.time() < end: pass\n"


def _speeds(engine: LlamaEngine, prompt: str = PROMPT, tokens: int = TOKENS) -> tuple[float, float]:
    """(prompt tokens/s, generated tokens/s) of one cold answer."""
    engine.reset_cache()
    stream = engine.stream_chat([ChatMessage("user", prompt)], GenerationParams.greedy(tokens))
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


def _prompt_speed(engine: LlamaEngine) -> float:
    """Prompt tokens/s of an answer-sized prompt (a few tokens generated: only the read counts)."""
    return _speeds(engine, ANSWER_PROMPT, tokens=4)[0]


@pytest.mark.skipif(_physical_cores() < 2, reason="one core: nothing to read the prompt with")
def test_reading_on_every_core_only_while_the_pc_is_idle(default_model: Any) -> None:
    """The default engine (default_burst_threads: every core while no other program wants
    one) against fixed default threads, interleaved, quiet and beside a busy program: beside
    it the load watcher must keep the default's speed (no collapse); on a quiet PC it reads
    faster when the machine really is idle (reported: a shared CI machine seldom is)."""
    cores = _physical_cores()
    fixed = LlamaEngine(default_model, n_ctx=1024, threads=default_threads())
    adaptive = LlamaEngine(
        default_model, n_ctx=1024, threads=default_threads(), burst_threads=cores
    )
    engines = {"fixed": fixed, "adaptive": adaptive}
    quiet: dict[str, list[float]] = {k: [] for k in engines}
    busy: dict[str, list[float]] = {k: [] for k in engines}
    burst_quiet, burst_busy = [], []
    try:
        for _ in range(ROUNDS):
            for name, engine in engines.items():
                quiet[name].append(_prompt_speed(engine))
            burst_quiet.append(adaptive.last_prompt_threads)
            hog = subprocess.Popen([sys.executable, "-c", HOG])
            try:
                for name, engine in engines.items():
                    busy[name].append(_prompt_speed(engine))
                burst_busy.append(adaptive.last_prompt_threads)
            finally:
                hog.kill()
                hog.wait()
    finally:
        fixed.close()
        adaptive.close()
    quiet_ratio = statistics.median(
        a / f for a, f in zip(quiet["adaptive"], quiet["fixed"], strict=True)
    )
    busy_ratio = statistics.median(
        a / f for a, f in zip(busy["adaptive"], busy["fixed"], strict=True)
    )
    report(
        "burst_threads",
        cores=cores,
        quiet_fixed_prompt=statistics.median(quiet["fixed"]),
        quiet_adaptive_prompt=statistics.median(quiet["adaptive"]),
        quiet_ratio=quiet_ratio,
        quiet_rounds_on_every_core=sum(t == cores for t in burst_quiet),
        busy_fixed_prompt=statistics.median(busy["fixed"]),
        busy_adaptive_prompt=statistics.median(busy["adaptive"]),
        busy_ratio=busy_ratio,
        busy_rounds_on_every_core=sum(t == cores for t in burst_busy),
    )
    # Beside a busy program the watcher reads with the default threads: the same speed.
    assert busy_ratio >= 0.85, f"beside a busy program, adaptive reads at {busy_ratio:.2f}x"
    assert sum(t == cores for t in burst_busy) <= ROUNDS // 2
