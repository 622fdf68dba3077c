"""Answering one question from a collection, off the UI thread.

The worker opens its own connection to the encrypted index in its thread and closes it there:
an apsw connection must not be used by two threads at once, and the UI thread keeps its own for
listing collections and files.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal

from troly.core.engine.base import Engine
from troly.ui.workers import Worker, close_store, emit_in_batches

if TYPE_CHECKING:
    from troly.core.session import Session


class AskWorker(Worker):
    """Answers one question from a collection: sources first, then the streamed answer."""

    started = Signal(object)  # the Answer, its sources known, its text still empty
    pieces = Signal(str)
    rate = Signal(float)  # tokens per second while the answer is written
    finished = Signal(object)  # the Answer, complete (its stats say whether it was stopped)

    def __init__(
        self,
        engine: Engine,
        session: Session,
        question: str,
        collection: str,
        top_k: int = 5,
        max_tokens: int | None = None,
        language: str = "vi",
    ) -> None:
        super().__init__(language)
        self.max_tokens = max_tokens
        self.engine = engine
        self.session = session
        self.question = question
        self.collection = collection
        self.top_k = top_k

    def work(self) -> None:
        from troly.core.tasks.ask import ask

        store = self.session.open_index()
        try:
            answer, stream = ask(
                self.engine,
                store,
                self.question,
                self.collection,
                self.cancel,
                self.top_k,
                max_tokens=self.max_tokens,  # None: as long as the kind of question needs
            )
            self.started.emit(answer)
            emit_in_batches(stream, self.pieces.emit, self.rate.emit)
        finally:
            close_store(store)
        self.finished.emit(answer)
