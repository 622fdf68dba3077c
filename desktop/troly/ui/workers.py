"""Background work on QThreads: loading a model, verifying a file, generating a reply.

Each worker is a QObject moved to its own QThread. It reports through signals only, so widgets
are touched from the UI thread alone. Its failure path is written once, in `Worker.run`: any
exception its `work` raises becomes one `failed(message)` signal, in the user's language for a
TrolyError, one line (with the traceback in the log) for anything else. `WorkerThread` owns the
thread, joins it when the work ends, and keeps a registry so the window (and the tests) can
check that nothing is left running. A page runs its workers through troly.ui.jobs.Job, which
adds the rest of the lifecycle (the engine, busy and speed, stale signals, Stop).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from troly.core.engine.base import (
    ChatMessage,
    Engine,
    EngineInfo,
    GenerationParams,
    TokenStream,
)
from troly.core.errors import GenerationCancelled, TrolyError

if TYPE_CHECKING:  # the session pulls in llama.cpp's wrapper: only its type is needed here
    from troly.core.index.store import IndexStore
    from troly.core.models.verify import VerifiedModel
    from troly.core.session import Session

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


def close_store(store: IndexStore) -> None:
    """Close a worker's own index connection, in its thread (apsw connections are not shared)."""
    try:
        store.db.close()
    except Exception:  # closing must never hide the real outcome
        log.exception("Could not close an index connection")


def _unexpected(exc: BaseException) -> str:
    # Not a TrolyError: a bug or an OS problem. Log the traceback, show one line.
    log.exception("Unexpected error in a background task")
    return f"{type(exc).__name__}: {exc}"


class Worker(QObject):
    """Base of the workers: `run` does the work in the worker thread, then emits `done`.

    `work` raises what goes wrong; `run` turns it into `failed(message)`. Cancelling is not a
    failure: a worker that can be stopped catches its own cancellation inside `work`.
    """

    done = Signal()
    failed = Signal(str)

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
        except TrolyError as exc:
            self.failed.emit(exc.message(self.language))
        except Exception as exc:
            self.failed.emit(_unexpected(exc))
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

    def __init__(
        self, session: Session, model: VerifiedModel | None = None, language: str = "vi"
    ) -> None:
        super().__init__(language)
        self.session = session
        self.model = model  # a VerifiedModel already checked (model dialog), else verify here

    def _hash_progress(self, done: int, total: int) -> None:
        self.progress.emit("verify", int(done * 100 / total) if total else -1)

    def work(self) -> None:
        model = self.model
        # On the agency's servers only, there is no model file on this PC to check.
        if model is None and self.session.needs_local_model():
            self.progress.emit("verify", -1)
            model = self.session.verify(progress=self._hash_progress)
        if model is not None:
            self.verified.emit(model)
        if self.cancel.is_set():
            return
        self.progress.emit("load", -1)
        engine = self.session.load_engine(model)
        if self.cancel.is_set():  # the window closed or another model was chosen meanwhile
            engine.close()
            return
        self.loaded.emit(engine)


class VerifyWorker(Worker):
    """Checks a model file the user picked, without loading it."""

    progress = Signal(int)  # percent of the file hashed
    verified = Signal(object)  # VerifiedModel

    def __init__(self, session: Session, path: Path, language: str = "vi") -> None:
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
        self.verified.emit(model)


class GenerationWorker(Worker):
    """Streams one reply from the engine; `stop()` ends it within a token."""

    pieces = Signal(str)  # text generated since the previous signal
    rate = Signal(float)  # tokens per second while the reply is written
    finished = Signal(object)  # GenerationStats

    def __init__(
        self,
        engine: Engine,
        messages: list[ChatMessage],
        params: GenerationParams,
        language: str = "vi",
    ) -> None:
        super().__init__(language)
        self.engine = engine
        self.messages = messages
        self.params = params

    def work(self) -> None:
        stream = self.engine.stream_chat(self.messages, self.params, self.cancel)
        emit_in_batches(stream, self.pieces.emit, self.rate.emit)
        self.finished.emit(stream.stats)


# The live speed waits for a few tokens (the first ones include the prompt's evaluation) and is
# sent at most this often.
RATE_MIN_PIECES = 8
RATE_SECONDS = 0.5


def emit_in_batches(
    pieces: Iterable[str],
    emit: Callable[[str], None],
    rate: Callable[[float], None] | None = None,
) -> None:
    """Stream text to the UI thread one signal per PIECE_BATCH_SECONDS, not one per token.

    `rate` receives the speed while the reply is written, in tokens per second counted as the
    engine's stats count them: from the first piece on (each piece is one token's text)."""
    batch: list[str] = []
    last = 0.0  # the first piece goes out at once: the user sees the reply start
    first = 0.0
    last_rate = 0.0
    for count, piece in enumerate(pieces, start=1):
        now = time.monotonic()
        if count == 1:
            first = now
        batch.append(piece)
        if now - last >= PIECE_BATCH_SECONDS:
            emit("".join(batch))
            batch.clear()
            last = now
        ready = count >= RATE_MIN_PIECES and now > first and now - last_rate >= RATE_SECONDS
        if rate is not None and ready:
            rate((count - 1) / (now - first))
            last_rate = now
    if batch:
        emit("".join(batch))


class MeteredEngine:
    """The engine, reporting the speed of each reply it writes (a summary makes many)."""

    def __init__(self, engine: Engine, on_speed: Callable[[float], None]) -> None:
        self.inner = engine
        self.on_speed = on_speed

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def n_ctx(self) -> int:
        return self.inner.n_ctx

    @property
    def identity(self) -> str:
        return self.inner.identity

    @property
    def info(self) -> EngineInfo:
        return self.inner.info

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def count_prompt_tokens(self, messages: Sequence[ChatMessage]) -> int:
        return self.inner.count_prompt_tokens(messages)

    def stream_chat(
        self,
        messages: list[ChatMessage],
        params: GenerationParams,
        cancel: threading.Event | None = None,
    ) -> TokenStream:
        stream = self.inner.stream_chat(messages, params, cancel)

        def pieces() -> Iterator[str]:
            yield from stream.pieces
            if stream.stats.generated_tokens > 1:
                self.on_speed(stream.stats.tokens_per_second)

        return TokenStream(pieces(), stream.stats)

    def close(self) -> None:
        """Nothing: the holder owns the engine."""


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
