"""The main window: the modes on the left (chat, questions to documents, drafting), the
selected mode's page on the right, the model underneath.

The model loads on a worker thread while the window is already usable and is shared by the
modes; replies stream from other worker threads. History goes to the encrypted store, opened
here on the UI thread.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from troly import __version__
from troly.core.engine.base import ChatMessage
from troly.core.errors import TrolyError
from troly.core.history import title_from
from troly.core.resources import resource_path
from troly.ui.ask_page import AskPage
from troly.ui.chat_view import ChatView
from troly.ui.conversation_list import ConversationList
from troly.ui.drafting_page import DraftingPage
from troly.ui.model_dialog import ModelDialog
from troly.ui.settings_dialog import SettingsDialog
from troly.ui.status_bar import StatusBar
from troly.ui.summarize_page import SummarizePage
from troly.ui.workers import GenerationWorker, ModelLoader, WorkerThread, stop_all

log = logging.getLogger(__name__)

_MODE_ROLE = Qt.ItemDataRole.UserRole


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons", "troly.svg")))


class MainWindow(QMainWindow):
    """TroLy's window. Call `start()` once shown: it opens history and loads the model."""

    model_ready = Signal(object)  # LlamaEngine
    model_failed = Signal(str)
    reply_finished = Signal(object)  # GenerationStats

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.language: str = session.settings.language
        self.engine: Any = None
        self.model: Any = None  # the VerifiedModel of the engine (or being loaded)
        self.history: Any = None
        self.history_error: str | None = None
        self.current_id: int | None = None
        self.turns: list[ChatMessage] = []
        self.last_stats: Any = None
        self.last_error: str | None = None
        self.model_error: str | None = None
        self._reply: list[str] = []
        self._loader: WorkerThread | None = None
        self._generation: WorkerThread | None = None
        self._reload_pending = False
        self._closed = False
        self._boxes: list[QMessageBox] = []

        self.setWindowTitle("TroLy")
        self.setWindowIcon(app_icon())
        self.setAccessibleName(self.tr("TroLy main window"))
        self.resize(1120, 740)

        self.conversations = ConversationList(self)
        self.chat_view = ChatView(self)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setAccessibleName(self.tr("Conversations and chat"))
        splitter.addWidget(self.conversations)
        splitter.addWidget(self.chat_view)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 840])
        splitter.setContentsMargins(0, 8, 8, 0)
        self.chat_page = splitter

        self.ask_page = AskPage(session, self)
        self.ask_page.setContentsMargins(0, 8, 8, 0)
        self.drafting_page = DraftingPage(session, parent=self)
        self.drafting_page.setContentsMargins(0, 8, 8, 0)
        self.summarize_page = SummarizePage(session, self)
        self.summarize_page.setContentsMargins(0, 8, 8, 0)
        self.summarize_page.open_source.connect(self._open_summary_source)

        self.pages = QStackedWidget(self)
        self.modes = QListWidget(self)
        self.modes.setAccessibleName(self.tr("Modes"))
        self.modes.setFixedWidth(170)
        self.modes.setSpacing(2)
        self.modes.setStyleSheet(
            "QListWidget { font-size: 11pt; } QListWidget::item { padding: 8px 6px; }"
        )
        self._add_mode("chat", self.tr("Chat"), self.chat_page)
        self._add_mode("ask", self.tr("Ask the documents"), self.ask_page)
        self._add_mode("summarize", self.tr("Summarize"), self.summarize_page)
        self._add_mode("draft", self.tr("Draft a document"), self.drafting_page)
        self.modes.setCurrentRow(0)
        self.modes.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.modes.currentRowChanged.connect(self._mode_changed)

        central = QWidget(self)
        central.setAccessibleName(self.tr("Modes and pages"))
        row = QHBoxLayout(central)
        row.setContentsMargins(8, 8, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.modes)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        self._build_menus()

        self.chat_view.send_requested.connect(self.send)
        self.chat_view.stop_requested.connect(self.stop)
        self.conversations.selected.connect(self.open_conversation)
        self.conversations.new_requested.connect(self.new_conversation)
        self.conversations.deleted.connect(self._conversation_deleted)
        self.conversations.renamed.connect(self._conversation_renamed)
        self.ask_page.busy_changed.connect(self._ask_busy)
        stop = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        stop.activated.connect(self.stop)

        self.chat_view.question.setFocus()

    def _add_mode(self, key: str, label: str, page: QWidget) -> None:
        item = QListWidgetItem(label)
        item.setData(_MODE_ROLE, key)
        item.setToolTip(label)
        self.modes.addItem(item)
        self.pages.addWidget(page)

    def mode(self) -> str:
        item = self.modes.currentItem()
        return str(item.data(_MODE_ROLE)) if item is not None else "chat"

    def mode_keys(self) -> list[str]:
        return [str(self.modes.item(r).data(_MODE_ROLE)) for r in range(self.modes.count())]

    def set_mode(self, key: str) -> None:
        """Show a mode: "chat", "ask" or "draft"."""
        self.modes.setCurrentRow(self.mode_keys().index(key))

    def _mode_changed(self, _row: int) -> None:
        mode = self.mode()
        if mode == "chat":
            self.chat_view.question.setFocus()
        elif mode == "ask":
            self.ask_page.view.question.setFocus()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.setAccessibleName(self.tr("Menu bar"))
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.setAccessibleName(self.tr("File"))
        self.new_action = QAction(self.tr("&New conversation"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_conversation)
        self.model_action = QAction(self.tr("&Choose model…"), self)
        self.model_action.triggered.connect(self.choose_model)
        quit_action = QAction(self.tr("E&xit"), self)
        quit_action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Q))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.model_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        tools_menu = bar.addMenu(self.tr("&Tools"))
        tools_menu.setAccessibleName(self.tr("Tools"))
        settings_action = QAction(self.tr("&Settings…"), self)
        settings_action.triggered.connect(self.open_settings)
        tools_menu.addAction(settings_action)

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.setAccessibleName(self.tr("Help"))
        about_action = QAction(self.tr("&About TroLy"), self)
        about_action.triggered.connect(self.about)
        help_menu.addAction(about_action)

    # -- start-up ---------------------------------------------------------------------------

    def start(self, load_model: bool = True) -> None:
        """Open the history and start loading the model in the background."""
        self.open_history()
        self.ask_page.open_store()
        if load_model:
            self.load_model()

    def open_history(self) -> None:
        try:
            self.history = self.session.open_history()
        except TrolyError as exc:
            self.history = None
            self.history_error = exc.message(self.language)
            log.warning("History disabled: %s", exc.message_en)
            self.status.set_history_off(self.history_error)
            self.show_error(self.tr("History is not saved"), self.history_error)
        self.conversations.set_store(self.history)

    def show_error(self, title: str, message: str) -> None:
        """A message box that does not block the caller (the event loop keeps running)."""
        self.last_error = message
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self)
        box.addButton(self.tr("OK"), QMessageBox.ButtonRole.AcceptRole)
        box.setAccessibleName(title)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _result, b=box: self._boxes.remove(b))
        self._boxes.append(box)
        box.open()

    # -- the model --------------------------------------------------------------------------

    def load_model(self, model: Any = None) -> None:
        """(Re)load the engine in the background; `model` is an already verified file."""
        if self.generating() or self._engine_busy_elsewhere():
            self._reload_pending = True
            return
        if self._loader is not None:
            self._loader.worker.stop()  # it closes what it loads; joined at shutdown
        if self.engine is not None:
            self.engine.close()
            self.engine = None
        self._share_engine(None)
        self.chat_view.set_ready(False)
        self.model_error = None
        self.status.set_loading("verify" if model is None else "load", -1)
        worker = ModelLoader(self.session, model, self.language)
        worker.progress.connect(self._load_progress)
        worker.verified.connect(self._model_verified)
        worker.loaded.connect(self._model_loaded)
        worker.failed.connect(self._model_failed)
        self._loader = WorkerThread(worker, "ModelLoader").start()

    def _from_current_loader(self) -> bool:
        return self._loader is not None and self.sender() is self._loader.worker

    def _load_progress(self, stage: str, percent: int) -> None:
        if self._from_current_loader():
            self.status.set_loading(stage, percent)

    def _share_engine(self, engine: Any) -> None:
        self.ask_page.set_engine(engine)
        self.summarize_page.set_engine(engine)
        self.drafting_page.set_engine(engine)

    def _engine_busy_elsewhere(self) -> bool:
        """Whether ask mode, summarizing or drafting is generating with the engine."""
        return (
            self.ask_page.asking()
            or self.summarize_page.is_running()
            or self.drafting_page.is_drafting()
        )

    def _open_summary_source(self, path: str, page: int, passage: str) -> None:
        viewer = self.ask_page.viewer()
        viewer.open_page(path, page, passage)
        viewer.show()
        viewer.raise_()

    def _ask_busy(self, busy: bool) -> None:
        self.model_action.setEnabled(not busy and not self.generating())
        if busy:
            self.status.showMessage(self.tr("Answering from the documents…"))
        else:
            self.status.clearMessage()
            if self.engine is not None:
                self.status.set_engine(self.engine.info)  # the server that answered
            self._after_generation()

    def _model_verified(self, model: Any) -> None:
        if self._from_current_loader():
            self.model = model

    def _model_loaded(self, engine: Any) -> None:
        if self._closed or not self._from_current_loader():
            engine.close()
            return
        self.engine = engine
        self.status.set_engine(engine.info)
        self.chat_view.set_ready(True)
        self._share_engine(engine)
        self.model_ready.emit(engine)

    def _model_failed(self, message: str) -> None:
        if self._closed or not self._from_current_loader():
            return
        self.model_error = message
        self.status.set_model_error(message)
        self.show_error(self.tr("The model could not be loaded"), message)
        self.model_failed.emit(message)

    def choose_model(self) -> None:
        dialog = ModelDialog(self.session, self.model, self)
        dialog.model_chosen.connect(self.use_model)
        dialog.open()

    def use_model(self, model: Any) -> None:
        settings = self.session.settings
        settings.model_path = str(model.path)
        self.session.model_override = None  # the user's choice now wins over --model
        try:
            from troly.core.config import save_settings

            save_settings(self.session.paths, settings)
        except OSError as exc:
            self.show_error(self.tr("Settings"), str(exc))
        self.model = model
        self.load_model(model)

    # -- conversations ----------------------------------------------------------------------

    def new_conversation(self) -> None:
        if self.generating():
            return
        self.current_id = None
        self.turns = []
        self.chat_view.clear()
        self.conversations.select(None)
        self.setWindowTitle("TroLy")
        self.chat_view.question.setFocus()

    def open_conversation(self, conversation_id: int) -> None:
        if self.history is None or self.generating():
            return
        conversation = self.history.get(conversation_id)
        if conversation is None:
            return
        stored = self.history.messages(conversation_id)
        self.current_id = conversation_id
        self.turns = [m.as_chat() for m in stored if m.role in ("user", "assistant")]
        self.chat_view.show_messages([(m.role, m.content) for m in self.turns])
        self.setWindowTitle(f"TroLy — {conversation.title}")

    def _conversation_deleted(self, conversation_id: int) -> None:
        if conversation_id == self.current_id:
            self.new_conversation()

    def _conversation_renamed(self, conversation_id: int, title: str) -> None:
        if conversation_id == self.current_id:
            self.setWindowTitle(f"TroLy — {title}")

    def _save_message(self, role: str, content: str) -> None:
        if self.history is None:
            return
        try:
            if self.current_id is None:
                title = title_from(content)
                self.current_id = self.history.create_conversation(title).id
                self.setWindowTitle(f"TroLy — {title}")
            self.history.add_message(self.current_id, role, content)
        except Exception as exc:  # apsw errors are not TrolyErrors; keep chatting regardless
            log.exception("Could not save a message")
            message = exc.message(self.language) if isinstance(exc, TrolyError) else str(exc)
            self.status.showMessage(
                self.tr("The message could not be saved: {error}").format(error=message), 10000
            )
        self.conversations.refresh(select=self.current_id)

    # -- generation -------------------------------------------------------------------------

    def generating(self) -> bool:
        return self._generation is not None

    def generation_thread(self) -> Any:
        return self._generation.qthread if self._generation is not None else None

    def send(self, text: str) -> None:
        """Send a question in the current conversation (a new one if none is open)."""
        text = text.strip()
        if not text or self.engine is None or self.generating():
            return
        self._save_message("user", text)
        self.turns.append(ChatMessage("user", text))
        self.chat_view.add_user(text)
        self.chat_view.begin_assistant()
        self._reply = []
        messages = [*self.session.system_messages(), *self.turns]
        worker = GenerationWorker(
            self.engine, messages, self.session.generation_params(), self.language
        )
        worker.pieces.connect(self._pieces)
        worker.finished.connect(self._finished)
        worker.failed.connect(self._generation_failed)
        self._generation = WorkerThread(worker, "GenerationWorker").start()
        self._set_generating(True)
        self.status.showMessage(self.tr("Writing the reply…"))

    def stop(self) -> None:
        if self.mode() == "ask":
            self.ask_page.stop()
        if self._generation is not None:
            self._generation.worker.stop()
            self.status.showMessage(self.tr("Stopping…"), 3000)

    def _set_generating(self, generating: bool) -> None:
        self.chat_view.set_generating(generating)
        self.conversations.setEnabled(not generating)
        self.new_action.setEnabled(not generating)
        self.model_action.setEnabled(not generating)

    def _pieces(self, text: str) -> None:
        if self._generation is None or self.sender() is not self._generation.worker:
            return
        self._reply.append(text)
        self.chat_view.append_assistant(text)

    def _end_reply(self) -> str:
        reply = "".join(self._reply).strip()
        self._reply = []
        # The assistant's turn is kept even when stopped or empty, so turns stay alternating.
        self.turns.append(ChatMessage("assistant", reply))
        self._save_message("assistant", reply)
        self._generation = None
        self._set_generating(False)
        self.chat_view.question.setFocus()
        return reply

    def _finished(self, stats: Any) -> None:
        if self._generation is None or self.sender() is not self._generation.worker:
            return
        reply = self._end_reply()
        self.last_stats = stats
        self.status.set_speed(stats.tokens_per_second)
        if stats.engine is not None:  # which engine answered (a pool or fallback has several)
            self.status.set_engine(stats.engine)
        if stats.finish_reason == "cancelled":
            self.chat_view.note(self.tr("(stopped)"))
        elif stats.finish_reason == "length":
            self.chat_view.note(self.tr("(maximum reply length reached)"))
        elif not reply:
            self.chat_view.note(self.tr("(the model gave no reply)"))
        if stats.trimmed_messages:
            self.status.showMessage(
                self.tr("The oldest turns were left out so the conversation fits the context."),
                10000,
            )
        else:
            self.status.clearMessage()
        self.reply_finished.emit(stats)
        self._after_generation()

    def _generation_failed(self, message: str) -> None:
        if self._generation is None or self.sender() is not self._generation.worker:
            return
        self._end_reply()
        self.status.clearMessage()
        self.show_error(self.tr("The reply could not be generated"), message)
        self._after_generation()

    def _after_generation(self) -> None:
        if self._reload_pending and not self._engine_busy_elsewhere():
            self._reload_pending = False
            self.load_model(self.model)

    # -- dialogs ----------------------------------------------------------------------------

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.session, self)
        before = self.session.settings
        dialog.accepted.connect(lambda: self._settings_saved(before, dialog.saved_settings))
        dialog.open()

    def _settings_saved(self, before: Any, after: Any) -> None:
        if after is None:
            return
        if (before.context_length, before.threads) != (after.context_length, after.threads):
            self.load_model(self.model)

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About TroLy"),
            self.tr(
                "<p><b>TroLy {version}</b></p><p>An offline AI assistant for public servants. "
                "Everything runs on this computer: no question, document or reply leaves it."
                "</p>"
            ).format(version=__version__),
        )

    # -- closing ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the reply and the model loader, join their threads, close engine and history."""
        if self._closed:
            return
        self._closed = True
        self.ask_page.shutdown()
        for task in (self._generation, self._loader):
            if task is not None:
                task.stop()
        self._generation = None
        self._loader = None
        stop_all()  # loaders replaced earlier, a model dialog's check
        if self.engine is not None:
            self.engine.close()
            self.engine = None
        if self.history is not None:
            self.history.close()
            self.history = None

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
