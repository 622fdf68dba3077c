"""One long task of a page at a time: the lifecycle every page shares, written once.

A page owns a `Job` and starts its workers through it:

    self.job = Job(self, "AskWorker", engines)          # engines: None if no model is used
    self.job.busy_changed.connect(self._set_busy)
    self.job.speed_changed.connect(self.speed_changed)
    ...
    worker = self.job.start_with_engine(
        lambda engine: AskWorker(engine, ...),           # built once the engine is claimed
        pieces=self._pieces, finished=self._finished, failed=self._failed,
    )                                                    # None: no engine, or a job running

The job then
- claims the engine from the holder (`start_with_engine`), so a reload waits for it;
- runs the worker on its own QThread (`WorkerThread`);
- calls each given slot on the UI thread for the worker's signal of that name, and only while
  that worker is the job's current one: what a worker sends after its job ended is dropped;
- ends the job before it hands on a terminal signal (`finished`, `failed`, `cancelled`; or
  `done`, which every worker sends last): the engine is released and `busy_changed(False)` sent,
  so the page's own slot already sees `running()` False and can start the next job;
- sends the worker's `rate` signal on as `speed_changed` (tokens per second);
- `stop()` asks the worker to stop (each worker checks its flag between tokens, and llama.cpp's
  abort callback stops prompt reading, so it ends within about 2 s); the job ends when it does;
- `running()` is what the main window asks before quitting; `shutdown()` stops and joins;
  `worker` and `qthread()` are the current ones (None between jobs), for tests.

A job with no engine holder (indexing, which runs in a child process) starts its worker with
`start(worker, **slots)` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QThread, Signal

from troly.ui.workers import Worker, WorkerThread

if TYPE_CHECKING:
    from troly.core.engine.base import Engine
    from troly.ui.engine_holder import EngineHolder

W = TypeVar("W", bound=Worker)
Handler = Callable[..., object]

# The signals after which a worker has nothing more to say: the first of them ends the job.
TERMINAL = ("finished", "failed", "cancelled", "done")


class _Relay(QObject):
    """Carries one signal of one worker to its slot. A QObject living in the UI thread: Qt
    queues a worker thread's signal to it (a plain function would be called in the worker's
    thread), and the job's check runs here, where its state is only ever changed."""

    def __init__(self, job: Job, worker: Worker, name: str, slot: Handler | None) -> None:
        super().__init__(job)
        self.job = job
        self.worker = worker
        self.name = name
        self.slot = slot
        self.live = True

    def fire(self, *args: object) -> None:
        if not self.live or self.job.worker is not self.worker:
            return  # a stale worker: its job has ended (and maybe another has started)
        slot = self.slot  # ending the job below silences every relay, this one included
        if self.name in TERMINAL:
            self.job._end()
        if slot is not None:
            slot(*args)


class Job(QObject):
    """One worker at a time for `owner`, named `name` (its thread's name, seen in leaks)."""

    busy_changed = Signal(bool)
    speed_changed = Signal(float)  # the worker's `rate`: tokens per second as it writes

    def __init__(self, owner: QObject, name: str, engines: EngineHolder | None = None) -> None:
        super().__init__(owner)
        self.name = name
        self.engines = engines
        self._task: WorkerThread | None = None
        self._last: WorkerThread | None = None  # ended, its thread may still be winding down
        self._relays: list[_Relay] = []
        self._claimed = False

    # -- state ------------------------------------------------------------------------------

    def running(self) -> bool:
        """A worker is on: from start until its terminal signal reached the UI thread."""
        return self._task is not None

    def stopping(self) -> bool:
        """Stop was asked for and the worker has not ended yet."""
        return self._task is not None and self._task.worker.cancel.is_set()

    @property
    def worker(self) -> Worker | None:
        return self._task.worker if self._task is not None else None

    def qthread(self) -> QThread | None:
        return self._task.qthread if self._task is not None else None

    # -- starting ---------------------------------------------------------------------------

    def start(self, worker: W, **slots: Handler) -> W | None:
        """Run `worker` (one that needs no engine), its signals to `slots` by name; None (and
        the worker is not run) while another job of this page is running."""
        if self.running():
            return None
        self._wire(worker, slots)
        self._task = WorkerThread(worker, self.name).start()
        self.busy_changed.emit(True)
        return worker

    def start_with_engine(self, make: Callable[[Engine], W], **slots: Handler) -> W | None:
        """Claim the engine, build the worker with it (`make`), run it; None when there is no
        engine yet or a job is running."""
        if self.running() or self.engines is None:
            return None
        engine = self.engines.claim(self)
        if engine is None:
            return None
        self._claimed = True
        try:
            worker = make(engine)
        except BaseException:
            self._release()
            raise
        return self.start(worker, **slots)

    def _wire(self, worker: Worker, slots: dict[str, Handler]) -> None:
        for name in slots.keys() - {"rate"}:
            if not hasattr(worker, name):
                raise AttributeError(f"{type(worker).__name__} has no signal {name!r}")
        wanted: dict[str, Handler | None] = {n: None for n in TERMINAL if hasattr(worker, n)}
        wanted.update(slots)
        if hasattr(worker, "rate"):
            user = slots.get("rate")
            wanted["rate"] = self._speed if user is None else _both(self._speed, user)
        for name, slot in wanted.items():
            relay = _Relay(self, worker, name, slot)
            getattr(worker, name).connect(relay.fire)
            self._relays.append(relay)

    def _speed(self, tokens_per_second: float) -> None:
        self.speed_changed.emit(tokens_per_second)

    # -- stopping and ending ----------------------------------------------------------------

    def stop(self) -> None:
        """Ask the worker to stop; the job ends when it has (see the module's docstring)."""
        if self._task is not None:
            self._task.worker.stop()

    def _end(self) -> None:
        self._last, self._task = self._task, None
        # What the ended worker still sends goes nowhere. The relays are not deleted here: a
        # deleteLater() of a Python-made QObject with a queued signal still on its way crashed
        # the interpreter (a bus error in Qt's deferred delete); they go with the job.
        for relay in self._relays:
            relay.live = False
            relay.slot = None
        self._relays = []
        self._release()
        self.busy_changed.emit(False)

    def _release(self) -> None:
        if self._claimed and self.engines is not None:
            self._claimed = False
            self.engines.release(self)

    def shutdown(self) -> None:
        """Stop the worker and join its thread (and an ended one's still winding down)."""
        if self._last is not None:
            self._last.stop()
            self._last = None
        if self._task is not None:
            self._task.stop()
            self._end()


def _both(first: Handler, second: Handler) -> Handler:
    def call(*args: object) -> None:
        first(*args)
        second(*args)

    return call
