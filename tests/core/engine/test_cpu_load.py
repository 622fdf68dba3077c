"""The load watcher that lets a prompt be read on every core only while other programs leave
them free: a busy program counts, this process's own work does not."""

from __future__ import annotations

import subprocess
import sys
import time

from troly.core.engine.cpu_load import MAX_OTHER_CORES, OtherLoad

# A second program that keeps one core busy, for at most a minute whatever happens.
HOG = "import time\nend = time.time() + 60\nwhile time.time() < end: pass\n"


def _spin(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def test_a_busy_program_counts_as_load() -> None:
    watch = OtherLoad()
    hog = subprocess.Popen([sys.executable, "-c", HOG])
    try:
        time.sleep(0.3)  # the hog has started
        busy = watch.now(window=0.5)
        idle = watch.others_idle(fresh=True)
    finally:
        hog.kill()
        hog.wait()
    # The hog holds a core, or shares it with programs that count as others too.
    assert busy >= 0.5 > MAX_OTHER_CORES
    assert not idle


def test_this_process_s_own_work_does_not_count() -> None:
    watch = OtherLoad()
    before = watch.now(window=0.5)  # what the others use anyway
    watch.since_last()
    _spin(0.5)  # a whole core of our own
    during = watch.since_last()
    # Whatever the machine runs beside us, our own core is not added to the others'.
    assert during <= before + 0.4, (before, during)
