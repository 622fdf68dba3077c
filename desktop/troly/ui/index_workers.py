"""Background work of ask mode's collections: indexing one, in a child process.

The child opens its own connection to the encrypted index and closes it there: the UI thread
keeps its own for listing collections and files. (Answering is in ask_worker.py.)
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal

from troly.core.errors import TrolyError
from troly.ui.workers import Worker

if TYPE_CHECKING:
    from troly.core.session import Session

log = logging.getLogger(__name__)

# How often the worker looks at the child's pipe and at its own stop flag.
POLL_SECONDS = 0.05
# After Cancel, how long the child gets to finish the page it is on before it is killed.
CANCEL_GRACE_SECONDS = 10.0


class IndexWorker(Worker):
    """Syncs one collection in a child process (see index_process); the given sources are
    added to the ones it remembers."""

    # file_index (0-based), file_count, path, page done, pages (0 when unknown)
    progress = Signal(int, int, str, int, int)
    file_done = Signal(int, int, object)  # file_index, file_count, FileResult
    finished = Signal(object)  # SyncReport

    def __init__(
        self,
        session: Session,
        collection: str,
        sources: list[str],
        force: bool = False,
        language: str = "vi",
    ) -> None:
        super().__init__(language)
        self.session = session
        self.collection = collection
        self.sources = sources
        self.force = force
        self.exit_code: int | None = None

    def work(self) -> None:
        import multiprocessing

        from troly.ui.index_process import index_in_child

        # spawn, not fork: forking a process that runs Qt and llama.cpp threads is unsafe.
        context = multiprocessing.get_context("spawn")
        receive, send = context.Pipe(duplex=False)
        child_cancel = context.Event()
        process = context.Process(
            target=index_in_child,
            args=(
                self.session.paths.database_file,
                self.collection,
                self.sources,
                self.force,
                send,
                child_cancel,
                self.session.policy,
            ),
            name="troly-index",
            daemon=True,
        )
        process.start()  # an OSError here is reported by Worker.run
        send.close()  # the child holds the only writing end: EOF once it is gone
        outcome: tuple[Any, ...] | None = None
        cancelled_at: float | None = None
        try:
            while outcome is None:
                if self.cancel.is_set() and cancelled_at is None:
                    child_cancel.set()
                    cancelled_at = time.monotonic()
                if cancelled_at is not None and (
                    time.monotonic() - cancelled_at > CANCEL_GRACE_SECONDS
                ):
                    process.terminate()
                    break
                if not receive.poll(POLL_SECONDS):
                    continue
                try:
                    message = receive.recv()
                except EOFError:  # the child died without a word
                    break
                kind = message[0]
                if kind == "progress":
                    self.progress.emit(*message[1:])
                elif kind == "file":
                    self.file_done.emit(*message[1:])
                else:
                    outcome = message
        finally:
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()
            self.exit_code = process.exitcode
            receive.close()
        if outcome is None:
            if cancelled_at is not None:
                from troly.core.index.sync import SyncReport

                self.finished.emit(SyncReport(cancelled=True))
                return
            log.error("The indexing process ended with code %s", process.exitcode)
            self.failed.emit(
                self.tr(
                    "Indexing stopped unexpectedly (code {code}). The files indexed before "
                    "are kept; re-index to continue."
                ).format(code=process.exitcode)
            )
        elif outcome[0] == "finished":
            self.finished.emit(outcome[1])
        else:
            raise TrolyError(outcome[1], outcome[2])
