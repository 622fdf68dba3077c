"""How much CPU other programs are using right now: whether llama.cpp may read a prompt on
every core.

llama.cpp's threads meet at a barrier after every layer, so one thread more than the free
cores stalls them all (config.default_threads). Yet on an idle PC the core left free for
others is wasted while a prompt is read, and reading the prompt is most of the wait for the
first word. So the engine reads on every core while nobody else wants one, and checks again
after each batch: when another program starts, the next batch goes back to the default.

"Other programs" is the whole machine's busy time less this process's own: our own threads
(the model's, the window's) never count against us. Child processes (the indexer) do count,
as they compete for the same cores.
"""

from __future__ import annotations

import time

import psutil

# Other programs may use this much of a core and the prompt is still read on every core: the
# desktop's background (a clock, the mail client's poll) is a few percent; one busy program
# shows as 0.5 or more even when it has to share its core with ours.
MAX_OTHER_CORES = 0.3
# A first look when the previous one is older than this: long enough that a tick of 10 ms is
# a tenth of a core, short against the seconds a prompt takes to read.
FIRST_LOOK_SECONDS = 0.1


def _busy_seconds() -> float:
    """CPU seconds every core of the machine has spent busy since boot."""
    t = psutil.cpu_times()
    busy = sum(t) - t.idle - getattr(t, "iowait", 0.0)
    # Linux counts a guest's time in user (and nice) as well: count it once.
    return busy - getattr(t, "guest", 0.0) - getattr(t, "guest_nice", 0.0)


class OtherLoad:
    """Cores that programs other than this one used since the previous reading."""

    def __init__(self) -> None:
        self._process = psutil.Process()
        self._mark = self._sample()

    def _sample(self) -> tuple[float, float, float]:
        own = self._process.cpu_times()
        return time.monotonic(), _busy_seconds(), own.user + own.system

    def since_last(self) -> float:
        """Other programs' cores over the time since the previous reading (or start)."""
        then, busy_then, own_then = self._mark
        self._mark = now, busy, own = self._sample()
        elapsed = now - then
        if elapsed <= 0:
            return 0.0
        return max(0.0, ((busy - busy_then) - (own - own_then)) / elapsed)

    def now(self, window: float = FIRST_LOOK_SECONDS) -> float:
        """Other programs' cores over a fresh look of `window` seconds."""
        self.since_last()
        time.sleep(window)
        return self.since_last()

    def others_idle(self, fresh: bool) -> bool:
        """Whether other programs leave every core free (fresh: take a new look first)."""
        return (self.now() if fresh else self.since_last()) <= MAX_OTHER_CORES
