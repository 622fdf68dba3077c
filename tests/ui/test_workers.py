"""Worker threads are tracked until joined, so a leak can be seen (and the fixture fails it)."""

from __future__ import annotations

import threading
from typing import Any

from troly.ui import workers


class Blocking(workers.Worker):
    def __init__(self) -> None:
        super().__init__()
        self.started = threading.Event()

    def work(self) -> None:
        self.started.set()
        self.cancel.wait(10)


def test_a_running_worker_is_listed_until_stopped(qtbot: Any) -> None:
    worker = Blocking()
    task = workers.WorkerThread(worker, "Blocking").start()
    assert worker.started.wait(5)
    assert task.qthread in workers.running_threads()
    assert task.stop(wait_ms=5000)
    assert task.qthread not in workers.running_threads()


def test_a_finished_worker_joins_by_itself(qtbot: Any) -> None:
    worker = Blocking()
    worker.stop()  # its work returns at once
    task = workers.WorkerThread(worker, "Blocking").start()
    qtbot.waitUntil(lambda: task not in workers._LIVE, timeout=30_000)
    assert not task.is_running()


def test_emitting_many_signals_keeps_python_alive(qtbot: Any) -> None:
    """PySide6 6.12.0 on Python 3.11 drops a reference to True per emit() and disconnect();
    after about a thousand signals (a long reply sends one per 30 ms batch) the interpreter
    aborts. pyproject pins a binding without the bug; this guards against a future upgrade.
    """
    import sys

    from PySide6.QtCore import QObject, Signal

    class Source(QObject):
        text = Signal(str)

    source = Source()
    received: list[str] = []
    source.text.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(5000):
        source.text.emit("x")
    for _ in range(2000):
        source.text.disconnect(received.append)
        source.text.connect(received.append)
    assert len(received) == 5000
    assert abs(sys.getrefcount(True) - before) < 50
