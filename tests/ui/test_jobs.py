"""The one job helper behind the pages: real workers on real threads, the real engine holder."""

from __future__ import annotations

import threading
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal

from troly.core.errors import TrolyError
from troly.ui.jobs import Job
from troly.ui.workers import Worker

STOP_SECONDS = 2.0  # what a user may wait after Stop, for every long task
# A Stop is seen at the worker's next step (a piece of text, a token); the rest is handing
# signals to the UI thread. On a loaded machine a step takes longer, so the bound asserted is
# the user's 2 s or this many of the steps measured in the same run, whichever is longer.
STOP_STEPS = 10
REPLY_TIMEOUT_MS = 180_000


class Chatty(Worker):
    """Sends `pieces` until stopped (checking its flag as the real workers do between tokens),
    then `finished`; told to, it fails instead, or keeps talking after it has finished."""

    pieces = Signal(str)
    rate = Signal(float)
    finished = Signal(object)

    def __init__(self, fail: bool = False, late: threading.Event | None = None) -> None:
        super().__init__()
        self.fail = fail
        self.late = late  # once set, one more piece after `finished`: a stale worker
        self.loops = 0

    def work(self) -> None:
        if self.fail:
            raise TrolyError("Không đọc được tệp.", "The file could not be read.")
        while not self.cancel.wait(0.05):
            self.loops += 1
            self.pieces.emit(f"piece {self.loops}")
            self.rate.emit(20.0)
            if self.late is not None:
                break
        self.finished.emit("cancelled" if self.cancel.is_set() else "stop")
        if self.late is not None and self.late.wait(30):
            self.pieces.emit("late")


class Owner(QObject):
    """A page, as far as the job is concerned: it records what reaches it."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self.piece_times: list[float] = []  # when each piece reached the page
        self.ends: list[str] = []
        self.errors: list[str] = []
        self.busy: list[bool] = []
        self.speeds: list[float] = []
        self.running_at_end: list[bool] = []


def _job(owner: Owner, engines: Any = None) -> Job:
    job = Job(owner, "Chatty", engines)
    job.busy_changed.connect(owner.busy.append)
    job.speed_changed.connect(owner.speeds.append)
    return job


def _slots(owner: Owner, job: Job) -> dict[str, Any]:
    def finished(how: str) -> None:
        owner.running_at_end.append(job.running())
        owner.ends.append(how)

    def piece(text: str) -> None:
        owner.piece_times.append(time.monotonic())
        owner.pieces.append(text)

    return {"pieces": piece, "finished": finished, "failed": owner.errors.append}


def step_seconds(times: list[float]) -> float:
    """The longest gap between two pieces reaching the page: one step of the worker, as this
    machine runs it now."""
    return max(b - a for a, b in pairwise(times))


def test_busy_toggles_speed_is_handed_on_and_stop_ends_within_two_seconds(qtbot: Any) -> None:
    owner = Owner()
    job = _job(owner)
    worker = job.start(Chatty(), **_slots(owner, job))
    assert worker is not None and job.running() and job.worker is worker
    assert owner.busy == [True]
    assert job.start(Chatty()) is None  # one job at a time
    qtbot.waitUntil(lambda: len(owner.pieces) >= 5 and bool(owner.speeds), timeout=30_000)

    step = step_seconds(owner.piece_times)
    started = time.monotonic()
    job.stop()
    assert job.stopping()
    qtbot.waitUntil(lambda: not job.running(), timeout=60_000)
    elapsed = time.monotonic() - started
    bound = max(STOP_SECONDS, STOP_STEPS * step)
    assert elapsed < bound, f"Stop took {elapsed:.2f} s, a step {step:.2f} s"
    assert owner.ends == ["cancelled"] and owner.busy == [True, False]
    # The page's own slot already saw the job ended: it may start the next one from there.
    assert owner.running_at_end == [False]
    assert set(owner.speeds) == {20.0}
    job.shutdown()


def test_a_failure_releases_the_engine(qtbot: Any, holder: Any, engine: Any) -> None:
    holder.use(engine, owned=False)
    owner = Owner()
    job = _job(owner, holder)
    claimed: list[Any] = []

    def make(lent: Any) -> Chatty:
        claimed.append(lent)
        return Chatty(fail=True)

    assert job.start_with_engine(make, **_slots(owner, job)) is not None
    assert claimed == [engine] and holder.busy()
    qtbot.waitUntil(lambda: not job.running(), timeout=10_000)
    assert owner.busy == [True, False]
    assert owner.errors == ["Không đọc được tệp."] and owner.ends == []
    assert not holder.busy() and not job.running()

    # A worker that cannot even be built gives the engine back too.
    def broken(_engine: Any) -> Chatty:
        raise ValueError("no worker")

    with pytest.raises(ValueError):
        job.start_with_engine(broken)
    assert not holder.busy() and not job.running()
    job.shutdown()


def test_no_engine_no_job(qtbot: Any, holder: Any) -> None:
    owner = Owner()
    job = _job(owner, holder)
    assert holder.engine is None
    assert job.start_with_engine(lambda _engine: Chatty(), **_slots(owner, job)) is None
    assert not job.running() and owner.busy == []


def test_what_a_finished_worker_still_sends_is_ignored_once_a_new_job_runs(qtbot: Any) -> None:
    owner = Owner()
    job = _job(owner)
    late = threading.Event()
    first = Chatty(late=late)
    second: list[Chatty] = []

    def finished(how: str) -> None:
        owner.ends.append(how)
        # The page starts its next job as soon as the first one ends (the panel does so).
        started = job.start(Chatty(), pieces=owner.pieces.append)
        assert started is not None
        second.append(started)

    job.start(first, pieces=owner.pieces.append, finished=finished)
    qtbot.waitUntil(lambda: bool(second), timeout=10_000)
    assert job.worker is second[0]
    late.set()  # the first worker speaks once more, after the second has started
    qtbot.waitUntil(lambda: not first.thread().isRunning(), timeout=10_000)
    # What the second sends from now on is queued after the first's last word.
    shown = len(owner.pieces)
    qtbot.waitUntil(lambda: len(owner.pieces) > shown + 1, timeout=10_000)
    assert "late" not in owner.pieces
    job.shutdown()
    assert not job.running()


def test_shutdown_stops_and_joins(qtbot: Any) -> None:
    owner = Owner()
    job = _job(owner)
    worker = job.start(Chatty(), **_slots(owner, job))
    assert worker is not None
    qtbot.waitUntil(lambda: bool(owner.pieces), timeout=10_000)
    thread = job.qthread()
    job.shutdown()
    assert thread is not None and not thread.isRunning()
    assert not job.running() and owner.busy == [True, False]


def test_the_pages_run_their_work_through_a_job() -> None:
    from troly.ui import ask_page, chat_page, drafting_page, summarize_page
    from troly.ui.collections_panel import panel

    for module in (ask_page, chat_page, panel, drafting_page, summarize_page):
        source = Path(module.__file__ or "").read_text("utf-8")
        assert "Job(self" in source, module.__name__
        # The lifecycle is the job's: no page makes its own thread or claims the engine.
        assert "WorkerThread" not in source and ".claim(" not in source, module.__name__


def test_stop_in_chat_ends_the_reply_within_two_seconds(
    qtbot: Any, holder: Any, engine: Any
) -> None:
    from troly.ui.chat_page import ChatPage

    holder.use(engine, owned=False)
    page = ChatPage(holder.session, holder)
    qtbot.addWidget(page)
    assert isinstance(page.job, Job)
    question = "Hãy viết một bài văn dài về mùa thu Hà Nội."
    page.send(question)
    assert page.generating() and holder.busy()
    qtbot.waitUntil(lambda: len(page.view.text()) > len(question) + 20, timeout=REPLY_TIMEOUT_MS)
    with qtbot.waitSignal(page.reply_finished, timeout=REPLY_TIMEOUT_MS) as finished:
        started = time.monotonic()
        page.stop()
    elapsed = time.monotonic() - started
    stats = finished.args[0]
    assert stats.finish_reason == "cancelled" and stats.tokens_per_second > 0
    step = 1 / stats.tokens_per_second  # one token's time, this reply's own
    bound = max(STOP_SECONDS, STOP_STEPS * step)
    assert elapsed < bound, f"Stop took {elapsed:.2f} s, a token {step:.2f} s"
    assert not page.generating() and not holder.busy()
    assert page.turns[-1].role == "assistant" and page.turns[-1].finish == "cancelled"
    page.shutdown()
