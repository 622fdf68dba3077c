"""Ask mode: the collections on the left, questions and answers on the right, and the viewer
a source opens in."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QSplitter, QVBoxLayout, QWidget

from troly.core.errors import TrolyError
from troly.ui.ask_view import AskView
from troly.ui.collections_panel import CollectionsPanel
from troly.ui.index_workers import AskWorker
from troly.ui.page_viewer import PageViewer
from troly.ui.workers import WorkerThread

log = logging.getLogger(__name__)


class AskPage(QWidget):
    """Give it the session; `open_store()` once the window is up, `set_engine()` once loaded."""

    answer_started = Signal(object)  # Answer (sources known)
    answer_finished = Signal(object)  # Answer (complete)
    answer_failed = Signal(str)
    busy_changed = Signal(bool)  # an answer is being generated

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.language: str = session.settings.language
        self.engine: Any = None
        self.store: Any = None
        self.last_answer: Any = None
        self.last_error: str | None = None
        self._task: WorkerThread | None = None
        self._viewer: PageViewer | None = None

        self.panel = CollectionsPanel(session, self.language, self)
        self.view = AskView(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setAccessibleName(self.tr("Collections and questions"))
        splitter.addWidget(self.panel)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([470, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.panel.collection_changed.connect(self.view.set_collection)
        self.view.ask_requested.connect(self.ask)
        self.view.stop_requested.connect(self.stop)
        self.view.source_activated.connect(self.open_source)

    # -- set-up -----------------------------------------------------------------------------

    def open_store(self) -> None:
        """Open the UI thread's connection to the index (listing collections and files)."""
        if self.store is not None:
            return
        try:
            self.store = self.session.open_index()
        except TrolyError as exc:
            message = exc.message(self.language)
            log.warning("Index unavailable: %s", exc.message_en)
            self.panel.set_store(None, message)
            return
        self.panel.set_store(self.store)

    def set_engine(self, engine: Any) -> None:
        self.engine = engine
        self.view.set_ready(engine is not None)

    # -- asking -----------------------------------------------------------------------------

    def asking(self) -> bool:
        return self._task is not None

    def ask_thread(self) -> Any:
        return self._task.qthread if self._task is not None else None

    def ask(self, question: str) -> bool:
        question = question.strip()
        collection = self.panel.current_collection()
        if not question or not collection or self.engine is None or self.asking():
            return False
        self.last_answer = None
        self.last_error = None
        self.view.begin(question)
        worker = AskWorker(self.engine, self.session, question, collection, language=self.language)
        worker.started.connect(self._started)
        worker.pieces.connect(self._pieces)
        worker.finished.connect(self._finished)
        worker.failed.connect(self._failed)
        self._task = WorkerThread(worker, "AskWorker").start()
        self._set_busy(True)
        return True

    def stop(self) -> None:
        if self._task is not None:
            self._task.worker.stop()

    def _from_task(self) -> bool:
        return self._task is not None and self.sender() is self._task.worker

    def _set_busy(self, busy: bool) -> None:
        self.view.set_generating(busy)
        self.busy_changed.emit(busy)

    def _started(self, answer: Any) -> None:
        if self._from_task():
            self.answer_started.emit(answer)

    def _pieces(self, text: str) -> None:
        if self._from_task():
            self.view.append_answer(text)

    def _finished(self, answer: Any) -> None:
        if not self._from_task():
            return
        self._task = None
        self.last_answer = answer
        if answer.found:
            self.view.show_sources(answer.cited)
            reason = answer.stats.finish_reason
            if reason == "cancelled":
                self.view.note(self.tr("(stopped)"))
            elif not answer.raw_text:
                self.view.note(self.tr("(the model gave no answer)"))
            elif not answer.answered:
                self.view.note(answer.text)  # only source numbers: no answer (core's words)
            elif answer.check is not None:
                self.view.show_check(answer.check)
        else:
            self.view.note(
                self.tr("No passage of the collection matches the question well enough.")
            )
        self._set_busy(False)
        self.view.question.setFocus()
        self.answer_finished.emit(answer)

    def _failed(self, message: str) -> None:
        if not self._from_task():
            return
        self._task = None
        self.last_error = message
        self.view.note(message)
        self._set_busy(False)
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("The answer could not be given"), message, parent=self
        )
        box.addButton(self.tr("OK"), QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.answer_failed.emit(message)

    # -- sources ----------------------------------------------------------------------------

    def viewer(self) -> PageViewer:
        if self._viewer is None:
            self._viewer = PageViewer(self)
        return self._viewer

    def open_source(self, source: Any) -> PageViewer:
        viewer = self.viewer()
        viewer.show_source(source)
        viewer.show()
        viewer.raise_()
        viewer.activateWindow()
        return viewer

    # -- closing ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the answer and the indexing, join their threads, close the UI connection."""
        if self._task is not None:
            self._task.stop()
            self._task = None
        self.panel.shutdown()
        if self._viewer is not None:
            self._viewer.close()
        if self.store is not None:
            self.store.db.close()
            self.store = None
