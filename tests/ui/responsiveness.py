"""How long the UI thread goes without serving its event loop, net of what a busy machine costs.

A 10 ms timer on the UI thread records the gap between its ticks. A gap is long when our code
blocks the thread (work on the UI thread, or a worker holding the GIL), and also when the
machine is busy and the thread waits its turn for a CPU: another program's fault, not ours.
Linux counts that waiting per thread (`/proc/thread-self/schedstat`: run-queue delay), so each
gap is measured less the time the UI thread spent waiting for a CPU in it. The stall left is
what our code costs, whatever else the machine is doing; on other systems the plain gap is used.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QTimer

SCHEDSTAT = Path("/proc/thread-self/schedstat")


def _run_queue_seconds() -> float:
    """Seconds this thread has spent runnable but waiting for a CPU, or 0 where unknown."""
    try:
        return int(SCHEDSTAT.read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


class StallProbe:
    """Start it on the UI thread before the work, stop it after: `stop()` gives the longest
    stall (seconds), and `largest_gap` the longest plain gap, for the record."""

    def __init__(self, interval_ms: int = 10) -> None:
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._tick)
        self.ticks = 0
        self.largest_gap = 0.0
        self.largest_stall = 0.0
        self._last = 0.0
        self._last_wait = 0.0

    def start(self) -> None:
        self.ticks = 0
        self.largest_gap = self.largest_stall = 0.0
        self._last, self._last_wait = time.perf_counter(), _run_queue_seconds()
        self.timer.start()

    def _tick(self) -> None:
        now, wait = time.perf_counter(), _run_queue_seconds()
        gap = now - self._last
        self.largest_gap = max(self.largest_gap, gap)
        self.largest_stall = max(self.largest_stall, gap - (wait - self._last_wait))
        self._last, self._last_wait = now, wait
        self.ticks += 1

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.largest_stall

    def summary(self) -> str:
        return (
            f"longest stall {self.largest_stall * 1000:.1f} ms (plain gap "
            f"{self.largest_gap * 1000:.1f} ms) over {self.ticks} ticks"
        )
