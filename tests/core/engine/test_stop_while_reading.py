"""Stop while the model is still reading a long prompt (the part that took minutes in a
summary on two cores): it takes effect within a fraction of the reading, not after it, and the
engine answers the next prompt exactly as from a cold start."""

from __future__ import annotations

import statistics
import threading
import time

from troly.core.engine.base import GenerationParams

TEXT = (
    "Điều 8. Nghĩa vụ chung của viên chức: chấp hành đường lối, chủ trương của Đảng, chính sách, "
    "pháp luật của Nhà nước; có ý thức tổ chức kỷ luật và trách nhiệm trong hoạt động nghề "
    "nghiệp; thực hiện đúng các quy định, nội quy, quy chế làm việc của đơn vị sự nghiệp công lập. "
)


def _prompt(engine, n_tokens: int) -> list[int]:  # type: ignore[no-untyped-def]
    tokens: list[int] = []
    while len(tokens) < n_tokens:
        tokens += engine.tokenize(TEXT)
    return tokens[:n_tokens]


def _read_whole(engine, prompt: list[int]) -> float:  # type: ignore[no-untyped-def]
    """Seconds to read the prompt from a cold cache and give one token."""
    engine.reset_cache()
    start = time.perf_counter()
    stream = engine.stream_tokens(prompt, GenerationParams.greedy(1))
    list(stream)
    return time.perf_counter() - start


def _stop_after(engine, prompt: list[int], delay: float) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    """Seconds from Stop (pressed `delay` s into the reading) to the end of the stream."""
    engine.reset_cache()
    cancel = threading.Event()
    stream = engine.stream_tokens(prompt, GenerationParams.greedy(1), cancel)
    done = threading.Event()
    thread = threading.Thread(target=lambda: (list(stream), done.set()), daemon=True)
    thread.start()
    time.sleep(delay)
    pressed = time.perf_counter()
    cancel.set()
    assert done.wait(120), "the stream did not end after Stop"
    return time.perf_counter() - pressed, stream.stats.finish_reason


def test_stop_while_reading_a_long_prompt_takes_effect_at_once(engine) -> None:
    prompt = _prompt(engine, engine.n_ctx - 64)
    reads, stops = [], []
    for _ in range(3):  # interleaved, so a busy machine slows both alike
        whole = _read_whole(engine, prompt)
        stop, reason = _stop_after(engine, prompt, whole * 0.15)
        assert reason == "cancelled"
        reads.append(whole)
        stops.append(stop)
    read, stop = statistics.median(reads), statistics.median(stops)
    print(f"\nreading {len(prompt)} tokens: {read:.2f} s; Stop took {stop:.3f} s")
    # Before the stop flag reached llama.cpp, Stop waited for the whole reading (~85% of it).
    assert stop < 0.3 * read


def test_after_a_stop_the_next_answer_is_as_from_a_cold_start(engine) -> None:
    prompt = _prompt(engine, engine.n_ctx - 64)
    params = GenerationParams.greedy(12)
    engine.reset_cache()
    cold = "".join(engine.stream_tokens(prompt, params))
    whole = _read_whole(engine, prompt)
    _stop_after(engine, prompt, whole * 0.5)  # the cache now holds a part of the prompt
    again = "".join(engine.stream_tokens(prompt, params))
    assert again == cold
