"""The summary's time left is a range from what the calls really took, the longer final merge
included (it showed 14 s for a run that took 58)."""

from __future__ import annotations

from troly.core.summarize.model import Progress
from troly.ui.summary_time import TimeLeft


def step(stage: str, done: int, sections_done: int, cached: int = 0) -> Progress:
    return Progress(stage, done, 4, sections_done, 3, None, cached)  # type: ignore[arg-type]


def test_the_range_covers_the_longer_final_merge() -> None:
    now = [0.0]
    left = TimeLeft(partial_tokens=160, final_tokens=384, clock=lambda: now[0])
    assert left.update(step("map", 0, 0)) is None  # nothing timed yet
    now[0] = 10.0
    low, high = left.update(step("map", 1, 1))  # type: ignore[misc]
    # 2 partials and the merge left at 10 s a partial; the merge may take up to 2.4 times one.
    assert low <= 30 <= high and high >= (2 * 10 + 24) * 0.99
    now[0] = 30.0
    assert left.update(step("map", 3, 3)) is not None
    # The merge itself is what is left: at least one partial's time, at most its longer reply.
    low, high = left.estimate(step("final", 3, 3))  # type: ignore[misc]
    assert low <= 10 and high >= 24


def test_once_a_merge_is_timed_it_is_used() -> None:
    now = [0.0]
    left = TimeLeft(clock=lambda: now[0])
    left.update(Progress("map", 0, 6, 0, 4, None))
    now[0] = 8.0
    left.update(Progress("map", 4, 6, 4, 4, None))  # four partials: 2 s each
    now[0] = 20.0
    left.update(Progress("merge", 5, 6, 4, 4, None))  # one merge: 12 s
    low, high = left.estimate(Progress("merge", 5, 6, 4, 4, None))  # type: ignore[misc]
    assert low <= 12 <= high <= 15  # the last merge, as long as the first


def test_calls_served_from_the_cache_are_not_timed() -> None:
    now = [0.0]
    left = TimeLeft(clock=lambda: now[0])
    left.update(step("map", 0, 0))
    now[0] = 0.1
    left.update(step("map", 2, 2, cached=2))  # two cached: no time to learn from
    assert left.map_seconds == []
    now[0] = 10.1
    left.update(step("map", 3, 3, cached=2))
    assert left.map_seconds == [10.0]
