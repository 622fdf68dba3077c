"""The main window: the modes on the left (getting started, chat, questions to documents,
summaries, drafting, consolidating reports), the selected mode's page on the right, the
model's state underneath.

The window composes; it does not run anything itself. The engine holder loads the model and
tells the pages when it changes and when one of them is using it; each page runs its own work.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from troly import __version__
from troly.core.config import Settings, save_settings
from troly.core.engine.base import Engine, GenerationStats
from troly.core.resources import resource_path
from troly.ui import dialogs, panes, theme
from troly.ui.ask_page import AskPage
from troly.ui.chat_page import ChatPage
from troly.ui.consolidate_page import ConsolidatePage
from troly.ui.drafting_page import DraftingPage
from troly.ui.engine_holder import EngineHolder
from troly.ui.menus import build_menus
from troly.ui.model_dialog import ModelDialog
from troly.ui.policy_banner import PolicyBanner
from troly.ui.screen import fit_to_screen
from troly.ui.settings_dialog import SettingsDialog
from troly.ui.status_bar import StatusBar
from troly.ui.summarize_page import SummarizePage
from troly.ui.welcome_page import WelcomePage
from troly.ui.workers import stop_all

if TYPE_CHECKING:
    from troly.core.models.verify import VerifiedModel
    from troly.core.session import Session

log = logging.getLogger(__name__)

_MODE_ROLE = Qt.ItemDataRole.UserRole


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons", "troly.svg")))


class MainWindow(QMainWindow):
    """TroLy's window. Call `start()` once shown: it opens history and loads the model."""

    model_ready = Signal(object)  # Engine
    model_failed = Signal(str)
    new_action: QAction  # the menus' actions the window enables (set by build_menus)
    model_action: QAction
    quit_action: QAction

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.language: str = session.settings.language
        self.last_error: str | None = None
        self._closed = False
        # The question before quitting while work runs: a callable a test can replace.
        self.confirm_quit: Callable[[list[str]], bool] = partial(dialogs.confirm_quit, self)
        self._quitting = False  # the user chose "stop and quit": close once the work stopped
        self._quit_timer = QTimer(self, interval=50)
        self._quit_timer.timeout.connect(self._close_once_stopped)

        # Qt adds the application's name to every window title ("… — TroLy"): the window's
        # own title names only what is open.
        self.setWindowTitle("")
        self.setWindowIcon(app_icon())
        self.setAccessibleName(self.tr("TroLy main window"))
        fit_to_screen(self, 1280, 800)

        self.engines = EngineHolder(session, self.language, self)
        self.welcome_page = WelcomePage(self.engines, self)
        self.chat_page = ChatPage(session, self.engines, self)
        self.ask_page = AskPage(session, self.engines, self)
        self.summarize_page = SummarizePage(session, self.engines, self)
        self.drafting_page = DraftingPage(session, self.engines, self)
        self.consolidate_page = ConsolidatePage(session, self)
        # The parts of chat the tests and the demo reach for.
        self.chat_view = self.chat_page.view
        self.conversations = self.chat_page.conversations

        self.pages = QStackedWidget(self)
        self.modes = QListWidget(self)
        self.modes.setAccessibleName(self.tr("Modes"))
        self.modes.setSpacing(2)
        self.modes.setStyleSheet("QListWidget::item { padding: 8px 6px; }")
        self._add_mode("welcome", self.tr("Getting started"), self.welcome_page)
        self._add_mode("chat", self.tr("Chat"), self.chat_page)
        self._add_mode("ask", self.tr("Ask the documents"), self.ask_page)
        self._add_mode("summarize", self.tr("Summarize"), self.summarize_page)
        self._add_mode("draft", self.tr("Draft a document"), self.drafting_page)
        self._add_mode("consolidate", self.tr("Consolidate reports"), self.consolidate_page)
        panes.keep_fitted(self.modes)  # as wide as its longest mode, at any font size
        self.modes.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.modes.currentRowChanged.connect(self._mode_changed)
        for page in self.pages_by_mode().values():
            page.setContentsMargins(0, 8, 8, 0)

        central = QWidget(self)
        central.setAccessibleName(self.tr("Modes and pages"))
        column = QVBoxLayout(central)
        column.setContentsMargins(8, 8, 0, 0)
        column.setSpacing(6)
        self.policy_banner = PolicyBanner(getattr(session, "policy", None), self.language, self)
        column.addWidget(self.policy_banner)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.modes)
        row.addWidget(self.pages, 1)
        column.addLayout(row, 1)
        self.setCentralWidget(central)

        self.status = StatusBar(self)
        self.setStatusBar(self.status)
        build_menus(self)
        self._connect()
        self.set_mode("chat" if session.settings.welcome_seen else "welcome")

    def _connect(self) -> None:
        engines = self.engines
        engines.loading.connect(self.status.set_loading)
        engines.changed.connect(self._engine_changed)
        engines.failed.connect(self._model_failed)
        engines.busy_changed.connect(lambda busy: self.model_action.setEnabled(not busy))
        self.welcome_page.mode_requested.connect(self.set_mode)
        self.welcome_page.choose_model_requested.connect(self.choose_model)
        self.welcome_page.add_folder_requested.connect(self._add_folder)
        self.chat_page.title_changed.connect(self._show_title)
        self.chat_page.message.connect(self._message)
        self.chat_page.busy_changed.connect(lambda busy: self.new_action.setEnabled(not busy))
        self.chat_page.reply_finished.connect(self._reply_finished)
        self.ask_page.busy_changed.connect(self._ask_busy)
        self.summarize_page.open_source.connect(self._open_summary_source)
        for mode, page in self.pages_by_mode().items():
            speed = getattr(page, "speed_changed", None)
            if speed is not None:
                speed.connect(lambda value, m=mode: self._speed(m, value))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self).activated.connect(self.stop)

    def _add_mode(self, key: str, label: str, page: QWidget) -> None:
        item = QListWidgetItem(label)
        item.setData(_MODE_ROLE, key)
        item.setToolTip(label)
        self.modes.addItem(item)
        self.pages.addWidget(page)

    def pages_by_mode(self) -> dict[str, QWidget]:
        return {
            "welcome": self.welcome_page,
            "chat": self.chat_page,
            "ask": self.ask_page,
            "summarize": self.summarize_page,
            "draft": self.drafting_page,
            "consolidate": self.consolidate_page,
        }

    def mode(self) -> str:
        item = self.modes.currentItem()
        return str(item.data(_MODE_ROLE)) if item is not None else "chat"

    def mode_keys(self) -> list[str]:
        return [str(self.modes.item(r).data(_MODE_ROLE)) for r in range(self.modes.count())]

    def set_mode(self, key: str) -> None:
        """Show a mode: "welcome", "chat", "ask", "summarize", "draft" or "consolidate"."""
        self.modes.setCurrentRow(self.mode_keys().index(key))

    def _mode_changed(self, _row: int) -> None:
        mode = self.mode()
        page = self.pages_by_mode()[mode]
        focus = getattr(page, "focus_question", None)
        if focus is not None:
            focus()
        # The status bar's speed is the shown page's: never the chat's figure on another page.
        self.status.set_speed(getattr(page, "last_speed", None))
        if mode != "welcome" and not self.session.settings.welcome_seen:
            self._save_settings(welcome_seen=True)

    def _speed(self, mode: str, tokens_per_second: float) -> None:
        if mode == self.mode():
            self.status.set_speed(tokens_per_second)

    def _show_title(self, title: str) -> None:
        self.setWindowTitle(title)

    def _message(self, text: str, milliseconds: int) -> None:
        if text:
            self.status.showMessage(text, milliseconds)
        else:
            self.status.clearMessage()

    # -- start-up ---------------------------------------------------------------------------

    def start(self, load_model: bool = True) -> None:
        """Open the history and the index, and start loading the model in the background."""
        error = self.chat_page.open_history()
        if error is not None:
            self.status.set_history_off(error)
            self.show_error(self.tr("History is not saved"), error)
        self.ask_page.open_store(self.chat_page.history)
        if load_model:
            self.engines.load()

    def show_error(self, title: str, message: str) -> None:
        """A message box that does not block the caller (the event loop keeps running)."""
        self.last_error = message
        dialogs.warn(self, title, message)

    # -- the model --------------------------------------------------------------------------

    @property
    def engine(self) -> Engine | None:
        return self.engines.engine

    @property
    def model_error(self) -> str | None:
        return self.engines.error

    def _engine_changed(self, engine: Engine | None) -> None:
        if engine is None or self._closed:
            return
        self.status.set_engine(engine.info)  # where it runs: this PC or the agency server
        self.model_ready.emit(engine)

    def _model_failed(self, message: str) -> None:
        if self._closed:
            return
        self.status.set_model_error(message)
        self.show_error(self.tr("The model could not be loaded"), message)
        self.model_failed.emit(message)

    def _ask_busy(self, busy: bool) -> None:
        if busy:
            self.status.showMessage(self.tr("Answering from the documents…"))
        else:
            self.status.clearMessage()
            if self.engine is not None:
                self.status.set_engine(self.engine.info)  # the server that answered

    def _reply_finished(self, stats: GenerationStats) -> None:
        if stats.engine is not None:  # which engine answered (a pool or fallback has several)
            self.status.set_engine(stats.engine)

    def _open_summary_source(self, path: str, page: int, passage: str) -> None:
        viewer = self.ask_page.viewer()
        viewer.open_page(path, page, passage)
        viewer.present()

    def _add_folder(self) -> None:
        self.set_mode("ask")
        self.ask_page.panel.add_folder()

    def choose_model(self) -> None:
        dialog = ModelDialog(self.session, self.engines.model, self)
        dialog.model_chosen.connect(self.use_model)
        dialog.open()

    def use_model(self, model: VerifiedModel) -> None:
        self.session.model_override = None  # the user's choice now wins over --model
        self._save_settings(model_path=str(model.path))
        self.engines.load(model)

    def _save_settings(self, **changes: object) -> None:
        """Change settings the window owns; the user's file keeps the user's own values for
        what the administrator's policy locks."""
        user = dataclasses.replace(self.session.user_settings, **changes)  # type: ignore[arg-type]
        self.session.user_settings = user
        self.session.settings = dataclasses.replace(self.session.settings, **changes)  # type: ignore[arg-type]
        try:
            save_settings(self.session.paths, user)
        except OSError as exc:
            self.show_error(self.tr("Settings"), exc.strerror or str(exc))

    # -- actions ----------------------------------------------------------------------------

    def new_conversation(self) -> None:
        self.set_mode("chat")
        self.chat_page.new_conversation()

    def send(self, text: str) -> None:
        """Send a question in the chat (for demos: TROLY_DEMO_QUESTION)."""
        self.set_mode("chat")
        self.chat_page.send(text)

    def stop(self) -> None:
        """Esc: stop what the shown page is writing."""
        stop = getattr(self.pages_by_mode()[self.mode()], "stop", None)
        if stop is not None:
            stop()

    # -- dialogs ----------------------------------------------------------------------------

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.session, self, close_data=self.close_data)
        before = self.session.settings
        dialog.accepted.connect(lambda: self._settings_saved(before, dialog.saved_settings))
        dialog.open()

    def _settings_saved(self, before: Settings, after: Settings | None) -> None:
        if after is None:
            return
        if (before.theme, before.font_size) != (after.theme, after.font_size):
            app = QApplication.instance()
            if isinstance(app, QApplication):
                theme.follow_system(app, after.theme, after.font_size)
        if (before.context_length, before.threads) != (after.context_length, after.threads):
            self.engines.reload()

    def about(self) -> None:
        dialogs.inform(
            self,
            self.tr("About TroLy"),
            self.tr(
                "<p><b>TroLy {version}</b></p><p>An offline AI assistant for public servants. "
                "Everything runs on this computer: no question, document or reply leaves it."
                "</p>"
            ).format(version=__version__),
        )

    # -- closing ----------------------------------------------------------------------------

    def _tasks(self) -> list[tuple[str, Callable[[], bool], Callable[[], None] | None]]:
        """Each long task: its name, whether it runs, its Stop (None: shutdown() waits for it)."""
        chat, ask, panel = self.chat_page, self.ask_page, self.ask_page.panel
        summary, draft, consolidate = self.summarize_page, self.drafting_page, self.consolidate_page
        return [
            (self.tr("writing a reply"), chat.generating, chat.stop),
            (self.tr("answering from the documents"), ask.asking, ask.stop),
            (self.tr("indexing documents"), panel.indexing, panel.cancel_indexing),
            (self.tr("summarizing documents"), summary.is_running, summary.stop),
            (self.tr("drafting a document"), draft.is_drafting, draft.stop),
            (self.tr("consolidating reports"), consolidate.is_running, consolidate.stop),
            (self.tr("loading the model"), self.engines.loading_now, None),
        ]

    def running_work(self) -> list[str]:
        """What runs now, named for the quit question; empty when closing loses nothing."""
        return [name for name, running, _stop in self._tasks() if running()]

    def request_quit(self) -> None:
        """File ▸ Exit and Ctrl+Q: the user's own close, asked about like the close button."""
        if self._may_close_now():
            self.close()

    def _may_close_now(self) -> bool:
        """False when work runs: the user keeps working, or stops it to quit (the window then
        closes itself once the work has ended)."""
        if self._quitting:
            return False  # the close follows once the work has stopped
        running = self.running_work()
        if not running:
            return True
        if self.confirm_quit(running):
            self._stop_to_quit()
        return False

    def _stop_to_quit(self) -> None:
        # Each page stops through its own Stop, so it keeps what was done: the reply so far
        # (marked stopped), the summary's finished sections (already in its cache).
        self._quitting = True
        self.pages.setEnabled(False)  # no new work meanwhile
        for _name, busy, stop in self._tasks():
            if stop is not None and busy():
                stop()
        self._quit_timer.start()
        # A Stop ends its work within a token or a model call; should a page never say so,
        # close anyway: shutdown() then stops and joins what is left.
        QTimer.singleShot(10_000, self, self.close)

    def _close_once_stopped(self) -> None:
        if not any(busy() for _name, busy, stop in self._tasks() if stop is not None):
            self._quit_timer.stop()
            self.close()

    def close_data(self) -> None:
        """Close the database connections (before the data is wiped)."""
        self.chat_page.shutdown()
        self.ask_page.shutdown()

    def shutdown(self) -> None:
        """Stop every page's work, join the threads, close the engine, history and index."""
        if self._closed:
            return
        self._closed = True
        self.chat_page.shutdown()
        self.ask_page.shutdown()
        self.summarize_page.shutdown()
        self.drafting_page.shutdown()
        self.consolidate_page.shutdown()
        self.engines.shutdown()
        stop_all()  # loaders replaced earlier, a model dialog's check

    def closeEvent(self, event: QCloseEvent) -> None:
        # Only the user's close is questioned: the close button (a spontaneous event, from the
        # window system) here, File ▸ Exit and Ctrl+Q in request_quit(). A close from code (the
        # app at exit, a test's teardown) never waits on a question: it stops the work at once.
        if event.spontaneous() and not self._may_close_now():
            event.ignore()
            return
        self._quit_timer.stop()
        self.shutdown()
        super().closeEvent(event)
