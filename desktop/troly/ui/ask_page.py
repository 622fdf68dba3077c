"""Ask mode: the collections on the left, questions and answers on the right, and the viewer
a source opens in."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QWidget

from troly.core.errors import TrolyError
from troly.ui import dialogs
from troly.ui.ask_view import AskView
from troly.ui.ask_worker import AskWorker
from troly.ui.collections_panel import CollectionsPanel
from troly.ui.engine_holder import EngineHolder
from troly.ui.jobs import Job
from troly.ui.page_viewer import PageViewer
from troly.ui.panes import side_by_side

if TYPE_CHECKING:
    from troly.core.history import HistoryStore
    from troly.core.index.store import IndexStore
    from troly.core.session import Session
    from troly.core.tasks.ask import Answer, Source

log = logging.getLogger(__name__)


class AskPage(QWidget):
    """Give it the session and the engine holder; `open_store()` once the window is up."""

    answer_started = Signal(object)  # Answer (sources known)
    answer_finished = Signal(object)  # Answer (complete)
    answer_failed = Signal(str)
    busy_changed = Signal(bool)  # an answer is being generated
    speed_changed = Signal(float)

    def __init__(
        self, session: Session, engines: EngineHolder, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.engines = engines
        self.language: str = session.settings.language
        self.store: IndexStore | None = None
        # The encrypted history the chat page opened (None when history is off): questions
        # asked of a collection are kept there and shown again when it is chosen.
        self.history: HistoryStore | None = None
        # The question before forgetting a collection's questions: a callable a test can replace.
        self.confirm_forget: Callable[[str], bool] = self._confirm_forget
        self._kept_for: str | None = None  # the collection whose kept questions are shown
        self.last_answer: Answer | None = None
        self.last_error: str | None = None
        self.last_speed: float | None = None
        self.job = Job(self, "AskWorker", engines)
        self._task_collection = ""
        self._viewer: PageViewer | None = None

        self.panel = CollectionsPanel(session, self.language, self)
        self.view = AskView(self)
        side_by_side(self, self.panel, self.view, self.tr("Collections and questions"), (470, 680))

        self.panel.collection_changed.connect(self._collection_changed)
        self.view.ask_requested.connect(self.ask)
        self.view.stop_requested.connect(self.stop)
        self.view.forget_requested.connect(self.forget_questions)
        self.view.source_activated.connect(self.open_source)
        self.view.original_requested.connect(self.open_original)
        engines.changed.connect(lambda engine: self.view.set_ready(engine is not None))
        self.view.set_ready(engines.engine is not None)
        self.job.busy_changed.connect(self._set_busy)
        self.job.speed_changed.connect(self.speed_changed)

    def focus_question(self) -> None:
        self.view.question.setFocus()

    # -- set-up -----------------------------------------------------------------------------

    def open_store(self, history: HistoryStore | None = None) -> None:
        """Open the UI thread's connection to the index (listing collections and files); the
        questions asked before are kept in `history`."""
        self.history = history
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
        self._show_kept(self.panel.current_collection())

    def _collection_changed(self, name: str) -> None:
        # An answer from the previous collection must not go on under the new one's name:
        # it is stopped, and what it still sends is not shown (see _shown).
        if self.asking() and name != self._task_collection:
            self.stop()
        self.view.set_collection(name)
        if name != self._kept_for:  # the same collection again: the answers stay
            self._show_kept(name)

    # -- history ----------------------------------------------------------------------------

    KEPT_SHOWN = 20  # the latest questions shown again; older ones stay in the history

    def _show_kept(self, name: str) -> None:
        """The questions asked of the collection before, oldest first, as they were answered."""
        from troly.core.tasks.ask import Answer

        kept = self.history.questions(name, self.KEPT_SHOWN) if self.history and name else []
        self._kept_for = name
        self.view.clear()
        for stored in reversed(kept):
            try:
                answer = Answer.from_record(json.loads(stored.record))
            except (ValueError, KeyError, TypeError) as exc:  # a record this version cannot read
                log.warning("A kept answer could not be read: %s", exc)
                continue
            if stored.finish:
                answer.stats.finish_reason = "cancelled"
            self.view.show_kept(answer)
        self.view.forget_button.setVisible(bool(kept))

    def _keep(self, answer: Answer) -> None:
        if self.history is None or not self._task_collection:
            return
        stopped = answer.stats.finish_reason == "cancelled"
        record = json.dumps(answer.to_record(), ensure_ascii=False)
        try:
            self.history.add_question(
                self._task_collection, answer.question, record, "cancelled" if stopped else ""
            )
        except Exception as exc:  # the answer on screen matters more than keeping it
            log.warning("The answer could not be kept in the history: %s", exc)
            return
        if self._shown():
            self.view.forget_button.show()

    def forget_questions(self) -> None:
        """Remove the collection's questions and answers from the history and the screen."""
        name = self.panel.current_collection()
        if self.history is None or not name or self.asking() or not self.confirm_forget(name):
            return
        self.history.delete_questions(name)
        self._show_kept(name)

    def _confirm_forget(self, name: str) -> bool:
        return dialogs.confirm(
            self,
            self.tr("Forget the questions"),
            self.tr(
                "Remove the questions asked of the collection “{name}” and their answers from "
                "the history? This cannot be undone."
            ).format(name=name),
            self.tr("Forget"),
            destructive=True,
        )

    def _shown(self) -> bool:
        """Whether the answer being written belongs to the collection on screen."""
        return self.panel.current_collection() == self._task_collection

    # -- asking -----------------------------------------------------------------------------

    def asking(self) -> bool:
        return self.job.running()

    def ask_thread(self) -> QThread | None:
        return self.job.qthread()

    def ask(self, question: str) -> bool:
        question = question.strip()
        collection = self.panel.current_collection()
        if not question or not collection or self.asking():
            return False
        worker = self.job.start_with_engine(
            lambda engine: AskWorker(
                engine, self.session, question, collection, language=self.language
            ),
            started=self._started,
            pieces=self._pieces,
            finished=self._finished,
            failed=self._failed,
        )
        if worker is None:
            return False
        self._task_collection = collection
        self.last_answer = None
        self.last_error = None
        self.view.begin(question)
        return True

    def stop(self) -> None:
        self.job.stop()

    def _set_busy(self, busy: bool) -> None:
        self.view.set_generating(busy)
        self.busy_changed.emit(busy)

    # The job hands on only the current answer's signals, and ends it (engine released, busy
    # off) before `finished` or `failed` reaches these.

    def _started(self, answer: Answer) -> None:
        # The sources are known before the first token: shown at once.
        if answer.found and self._shown():
            self.view.show_sources(answer.sources)
        self.answer_started.emit(answer)

    def _pieces(self, text: str) -> None:
        if self._shown():
            self.view.append_answer(text)

    def _finished(self, answer: Answer) -> None:
        self.last_answer = answer
        self._keep(answer)
        if self._shown():
            self.view.finish(answer)
        if answer.found and answer.stats.generated_tokens > 1:
            self.last_speed = answer.stats.tokens_per_second
            self.speed_changed.emit(self.last_speed)
        self.focus_question()
        self.answer_finished.emit(answer)

    def _failed(self, message: str) -> None:
        self.last_error = message
        self.view.note(message)
        dialogs.warn(self, self.tr("The answer could not be given"), message)
        self.answer_failed.emit(message)

    # -- sources ----------------------------------------------------------------------------

    def viewer(self) -> PageViewer:
        if self._viewer is None:
            self._viewer = PageViewer(self)
        return self._viewer

    def open_source(self, source: Source) -> PageViewer:
        viewer = self.viewer()
        viewer.show_source(source)
        viewer.present()
        return viewer

    def open_original(self, path: str) -> bool:
        return dialogs.open_original(self, path)

    # -- closing ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the answer and the indexing, join their threads, close the UI connection."""
        self.job.shutdown()
        self.panel.shutdown()
        if self._viewer is not None:
            self._viewer.close()
        if self.store is not None:
            self.store.db.close()
            self.store = None
