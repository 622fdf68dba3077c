"""How long a summary has left, said honestly: a range, from the time the calls really took.

The pipeline's own figure times the partial summaries and multiplies by the calls left, as if
the merge were one more of them; it is not. The final merge writes a longer text (final_tokens
against partial_tokens), so the figure promised 14 s for a run that took 58. Measured on the
samples (three files, four calls): the final call took 1.7 times a partial one. Until a merge
has been timed, the range runs from "as long as a partial" to "as long as its longer reply".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from statistics import mean

from troly.core.summarize.model import Progress

# The range is widened a little either side: the machine is shared, calls vary.
LOW_MARGIN = 0.9
HIGH_MARGIN = 1.15
ROUND_TO = 5  # seconds


class TimeLeft:
    """Feed it every Progress of one run; it answers (low, high) seconds, or None before the
    first model call has been timed."""

    def __init__(
        self,
        partial_tokens: int = 160,
        final_tokens: int = 384,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.merge_weight = max(1.0, final_tokens / max(1, partial_tokens))
        self.clock = clock
        self._last: float | None = None
        self._last_done = 0
        self._last_cached = 0
        self.map_seconds: list[float] = []
        self.merge_seconds: list[float] = []

    def update(self, step: Progress) -> tuple[int, int] | None:
        now = self.clock()
        if self._last is None:
            self._last = now
            self._last_done = step.done
            self._last_cached = step.cached
            return None
        calls = step.done - self._last_done
        timed = calls - max(0, step.cached - self._last_cached)  # cached calls cost nothing
        if calls > 0:
            if timed > 0:
                each = (now - self._last) / timed
                (self.map_seconds if step.stage == "map" else self.merge_seconds).extend(
                    [each] * timed
                )
            self._last = now
            self._last_done = step.done
            self._last_cached = step.cached
        return self.estimate(step)

    def estimate(self, step: Progress) -> tuple[int, int] | None:
        if not self.map_seconds and not self.merge_seconds:
            return None
        maps_left = max(0, step.sections_total - step.sections_done)
        merges_left = max(0, step.total - step.done - maps_left)
        per_map = mean(self.map_seconds) if self.map_seconds else mean(self.merge_seconds)
        if self.merge_seconds:
            per_merge = mean(self.merge_seconds)
            low = high = maps_left * per_map + merges_left * per_merge
        else:
            low = (maps_left + merges_left) * per_map
            high = (maps_left + merges_left * self.merge_weight) * per_map
        return _rounded(low * LOW_MARGIN, down=True), _rounded(high * HIGH_MARGIN, down=False)


def _rounded(seconds: float, down: bool) -> int:
    steps = seconds / ROUND_TO
    whole = int(steps) if down else int(-(-steps // 1))
    return max(ROUND_TO, whole * ROUND_TO)
