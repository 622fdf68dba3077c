"""The list of saved conversations on the left, with search, New, Rename and Delete."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from troly.core.history import HistoryStore
from troly.ui import dialogs

_ID_ROLE = Qt.ItemDataRole.UserRole


class ConversationList(QWidget):
    """Conversations in the history store, newest first.

    The two questions it asks the user (a new title, "really delete?") go through `ask_title`
    and `confirm_delete`, plain callables a test can replace to avoid blocking on a modal dialog.
    """

    selected = Signal(int)  # conversation id
    new_requested = Signal()
    deleted = Signal(int)
    renamed = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store: HistoryStore | None = None
        self.ask_title: Callable[[str], str | None] = self._ask_title
        self.confirm_delete: Callable[[str], bool] = self._confirm_delete

        self.heading = QLabel(self.tr("Conversations"), self)
        self.heading.setAccessibleName(self.tr("Conversations"))
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)

        self.search = QLineEdit(self)
        self.search.setAccessibleName(self.tr("Search the conversations"))
        self.search.setPlaceholderText(self.tr("Search the conversations…"))
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QToolButton):  # Qt's own, unnamed
            clear.setAccessibleName(self.tr("Clear the search"))
            clear.setToolTip(self.tr("Clear the search"))
        self.search.setToolTip(
            self.tr("Finds conversations whose title or messages contain every word typed.")
        )
        # Searching reads the messages: wait until the user pauses typing.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(lambda: self.refresh())
        self.search.textChanged.connect(lambda _text: self._search_timer.start())

        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Conversation list"))
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.new_button = QPushButton(self.tr("New"), self)
        self.new_button.setAccessibleName(self.tr("New conversation"))
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.rename_button = QPushButton(self.tr("Rename"), self)
        self.rename_button.setAccessibleName(self.tr("Rename conversation"))
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.setAccessibleName(self.tr("Delete conversation"))

        self.notice = QLabel(self)
        self.notice.setAccessibleName(self.tr("History notice"))
        self.notice.setWordWrap(True)
        self.notice.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)

        self.new_button.clicked.connect(self.new_requested)
        self.rename_button.clicked.connect(self.rename_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.list.currentItemChanged.connect(self._current_changed)
        self._update_buttons()

    # -- store ------------------------------------------------------------------------------

    def set_store(self, store: HistoryStore | None) -> None:
        """The HistoryStore, or None when history cannot be kept (no keyring)."""
        self.store = store
        if store is None:
            self.list.clear()
            self.notice.setText(
                self.tr("History is not saved: the encrypted store is unavailable.")
            )
            self.notice.show()
        else:
            self.notice.hide()
            self.refresh()
        self._update_buttons()

    def refresh(self, select: int | None = None) -> None:
        """Reload the titles; keep (or set) the selection without emitting `selected`."""
        if self.store is None:
            return
        keep = select if select is not None else self.current_id()
        query = self.search.text().strip()
        found = self.store.search(query) if query else self.store.conversations()
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for conversation in found:
                item = QListWidgetItem(conversation.title)
                item.setData(_ID_ROLE, conversation.id)
                item.setToolTip(conversation.title)
                self.list.addItem(item)
                if conversation.id == keep:
                    self.list.setCurrentItem(item)
        finally:
            self.list.blockSignals(False)
        if query and not found:
            self.notice.setText(self.tr("No conversation contains “{query}”.").format(query=query))
            self.notice.show()
        elif self.store is not None:
            self.notice.hide()
        self._update_buttons()

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(_ID_ROLE)) if item is not None else None

    def select(self, conversation_id: int | None) -> None:
        """Select a conversation quietly (None: no selection)."""
        self.list.blockSignals(True)
        try:
            self.list.setCurrentRow(-1)
            self.list.clearSelection()
            for row in range(self.list.count()):
                item = self.list.item(row)
                if item.data(_ID_ROLE) == conversation_id:
                    self.list.setCurrentItem(item)
        finally:
            self.list.blockSignals(False)
        self._update_buttons()

    def titles(self) -> list[str]:
        return [self.list.item(row).text() for row in range(self.list.count())]

    # -- actions ----------------------------------------------------------------------------

    def _current_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        self._update_buttons()
        if current is not None:
            self.selected.emit(int(current.data(_ID_ROLE)))

    def _update_buttons(self) -> None:
        has_store = self.store is not None
        has_current = has_store and self.list.currentItem() is not None
        self.list.setEnabled(has_store)
        self.search.setEnabled(has_store)
        self.rename_button.setEnabled(has_current)
        self.delete_button.setEnabled(has_current)

    def rename_current(self) -> None:
        item = self.list.currentItem()
        if self.store is None or item is None:
            return
        conversation_id = int(item.data(_ID_ROLE))
        title = self.ask_title(item.text())
        if title is None or not title.strip():
            return
        title = " ".join(title.split())
        self.store.rename(conversation_id, title)
        self.refresh(select=conversation_id)
        self.renamed.emit(conversation_id, title)

    def delete_current(self) -> None:
        item = self.list.currentItem()
        if self.store is None or item is None:
            return
        conversation_id = int(item.data(_ID_ROLE))
        if not self.confirm_delete(item.text()):
            return
        self.store.delete(conversation_id)
        self.list.blockSignals(True)
        try:
            self.list.takeItem(self.list.row(item))
            self.list.setCurrentRow(-1)
        finally:
            self.list.blockSignals(False)
        self._update_buttons()
        self.deleted.emit(conversation_id)

    def _ask_title(self, current: str) -> str | None:
        return dialogs.ask_text(
            self,
            self.tr("Rename conversation"),
            self.tr("New title:"),
            current,
            ok=self.tr("Rename"),
        )

    def _confirm_delete(self, title: str) -> bool:
        return dialogs.confirm(
            self,
            self.tr("Delete conversation"),
            self.tr(
                "Delete the conversation “{title}” and all its messages? This cannot be undone."
            ).format(title=title),
            yes=self.tr("Delete"),
            destructive=True,
        )
