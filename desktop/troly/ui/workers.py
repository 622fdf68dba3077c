"""Background work on QThreads: loading a model, verifying a file, generating a reply.

Each worker is a QObject moved to its own QThread. It reports through signals only, so widgets
are touched from the UI thread alone. `WorkerThread` owns the thread, joins it when the work
ends, and keeps a registry so the window (and the tests) can check that nothing is left running.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from troly.core.errors import GenerationCancelled, TrolyError

log = logging.getLogger(__name__)

# Pieces are sent to the view at most this often: a signal per token would be fine for a small
# model, but batching keeps the UI thread idle even when a fast model emits 200 tokens/s.
PIECE_BATCH_SECONDS = 0.03

_LIVE: set[WorkerThread] = set()


def running_threads() -> list[QThread]:
    """Worker threads that are still running (for shutdown checks and tests)."""
    return [h.qthread for h in list(_LIVE) if h.is_running()]


def stop_all() -> None:
    """Stop every worker and join its thread (at shutdown)."""
    for handle in list(_LIVE):
        handle.stop()


def _unexpected(exc: BaseException) -> str:
    # Not a TrolyError: a bug or an OS problem. Log the traceback, show one line.
    log.exception("Unexpected error in a background task")
    return f"{type(exc).__name__}: {exc}"


class Worker(QObject):
    """Base of the workers: `run` does the work in the worker thread, then emits `done`."""

    done = Signal()

    def __init__(self, language: str = "vi") -> None:
        super().__init__()
        self.language = language
        self.cancel = threading.Event()

    def stop(self) -> None:
        """Ask the work to stop; safe to call from any thread."""
        self.cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            self.work()
        finally:
            self.done.emit()

    def work(self) -> None:
        raise NotImplementedError


class ModelLoader(Worker):
    """Verifies a model file (hashing it, with progress) and loads the engine the policy says
    (this PC's model, the agency's servers, or both)."""

    # stage ("verify" or "load"), percent (0..100, -1 when unknown)
    progress = Signal(str, int)
    verified = Signal(object)  # VerifiedModel
    loaded = Signal(object)  # an Engine
    failed = Signal(str)

    def __init__(self, session: Any, model: Any = None, language: str = "vi") -> None:
        super().__init__(language)
        self.session = session
        self.model = model  # a VerifiedModel already checked (model dialog), else verify here

    def _hash_progress(self, done: int, total: int) -> None:
        self.progress.emit("verify", int(done * 100 / total) if total else -1)

    def work(self) -> None:
        try:
            model = self.model
            # On the agency's servers only, there is no model file on this PC to check.
            needs_file = getattr(self.session, "needs_local_model", lambda: True)()
            if model is None and needs_file:
                self.progress.emit("verify", -1)
                model = self.session.verify(progress=self._hash_progress)
            if model is not None:
                self.verified.emit(model)
            if self.cancel.is_set():
                return
            self.progress.emit("load", -1)
            engine = self.session.load_engine(model)
        except TrolyError as exc:
            self.failed.emit(exc.message(self.language))
            return
        except Exception as exc:
            self.failed.emit(_unexpected(exc))
            return
        if self.cancel.is_set():  # the window closed or another model was chosen meanwhile
            engine.close()
            return
        self.loaded.emit(engine)


class VerifyWorker(Worker):
    """Checks a model file the user picked, without loading it."""

    progress = Signal(int)  # percent of the file hashed
    verified = Signal(object)  # VerifiedModel
    failed = Signal(str)

    def __init__(self, session: Any, path: Path, language: str = "vi") -> None:
        super().__init__(language)
        self.session = session
        self.path = path

    def _hash_progress(self, done: int, total: int) -> None:
        if self.cancel.is_set():
            raise GenerationCancelled()
        self.progress.emit(int(done * 100 / total) if total else 100)

    def work(self) -> None:
        try:
            model = self.session.verify(self.path, progress=self._hash_progress)
        except GenerationCancelled:
            return
        except TrolyError as exc:
            self.failed.emit(exc.message(self.language))
            return
        except Exception as exc:
            self.failed.emit(_unexpected(exc))
            return
        self.verified.emit(model)


class GenerationWorker(Worker):
    """Streams one reply from the engine; `stop()` ends it within a token."""

    pieces = Signal(str)  # text generated since the previous signal
    finished = Signal(object)  # GenerationStats
    failed = Signal(str)

    def __init__(self, engine: Any, messages: list[Any], params: Any, language: str = "vi"):
        super().__init__(language)
        self.engine = engine
        self.messages = messages
        self.params = params

    def work(self) -> None:
        try:
            stream = self.engine.stream_chat(self.messages, self.params, self.cancel)
            emit_in_batches(stream, self.pieces.emit)
        except TrolyError as exc:
            self.failed.emit(exc.message(self.language))
            return
        except Exception as exc:
            self.failed.emit(_unexpected(exc))
            return
        self.finished.emit(stream.stats)


def emit_in_batches(pieces: Iterable[str], emit: Callable[[str], None]) -> None:
    """Stream text to the UI thread one signal per PIECE_BATCH_SECONDS, not one per token."""
    batch: list[str] = []
    last = 0.0  # the first piece goes out at once: the user sees the reply start
    for piece in pieces:
        batch.append(piece)
        now = time.monotonic()
        if now - last >= PIECE_BATCH_SECONDS:
            emit("".join(batch))
            batch.clear()
            last = now
    if batch:
        emit("".join(batch))


class WorkerThread(QObject):
    """One worker on its own QThread, joined when the worker is done."""

    def __init__(self, worker: Worker, name: str) -> None:
        super().__init__()
        self.worker = worker
        self.qthread = QThread()
        self.qthread.setObjectName(name)
        worker.moveToThread(self.qthread)
        self.qthread.started.connect(worker.run)
        # quit() is thread-safe: end the thread's loop straight from the worker thread, so it
        # ends even while the UI thread is blocked in wait().
        worker.done.connect(self.qthread.quit, Qt.ConnectionType.DirectConnection)
        self.qthread.finished.connect(self._joined)

    def start(self) -> WorkerThread:
        _LIVE.add(self)
        self.qthread.start()
        return self

    def is_running(self) -> bool:
        try:
            return self.qthread.isRunning()
        except RuntimeError:  # the C++ object is gone
            return False

    def stop(self, wait_ms: int = -1) -> bool:
        """Ask the worker to stop and wait for its thread; True when it has ended."""
        self.worker.stop()
        self.qthread.quit()
        ended = self.qthread.wait() if wait_ms < 0 else self.qthread.wait(wait_ms)
        if ended:
            _LIVE.discard(self)
        return bool(ended)

    @Slot()
    def _joined(self) -> None:
        self.qthread.wait()
        _LIVE.discard(self)
