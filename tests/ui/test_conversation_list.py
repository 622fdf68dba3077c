"""New, rename and delete conversations in the list, on the real encrypted store."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog


def seed(window: Any) -> tuple[int, int]:
    store = window.chat_page.history
    first = store.create_conversation("Công văn số 12")
    store.add_message(first.id, "user", "Tóm tắt công văn số 12.")
    store.add_message(first.id, "assistant", "Công văn đề nghị báo cáo trước ngày 15.")
    second = store.create_conversation("Kế hoạch năm 2025")
    store.add_message(second.id, "user", "Lập kế hoạch công tác năm 2025.")
    window.conversations.refresh()
    return first.id, second.id


def test_select_rename_delete_and_new(qtbot: Any, make_window: Any) -> None:
    window = make_window(load_model=False)
    assert window.chat_page.history is not None
    first, second = seed(window)
    listing = window.conversations
    assert listing.titles() == ["Kế hoạch năm 2025", "Công văn số 12"]
    assert not listing.rename_button.isEnabled()

    # Selecting shows its messages, and the next question would continue it.
    listing.list.setCurrentRow(1)
    assert window.chat_page.current_id == first
    assert "Công văn đề nghị báo cáo trước ngày 15." in window.chat_view.text()
    assert [m.role for m in window.chat_page.turns] == ["user", "assistant"]

    # Rename, through the injectable prompt (the real one is a modal QInputDialog).
    listing.ask_title = lambda current: "  Trả lời   công văn 12 "
    qtbot.mouseClick(listing.rename_button, Qt.MouseButton.LeftButton)
    assert window.chat_page.history.get(first).title == "Trả lời công văn 12"
    assert "Trả lời công văn 12" in listing.titles()
    assert listing.current_id() == first
    listing.ask_title = lambda current: None  # cancelled: nothing changes
    qtbot.mouseClick(listing.rename_button, Qt.MouseButton.LeftButton)
    assert window.chat_page.history.get(first).title == "Trả lời công văn 12"

    # Delete asks first; "No" keeps it.
    asked: list[str] = []
    listing.confirm_delete = lambda title: asked.append(title) or False
    qtbot.mouseClick(listing.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["Trả lời công văn 12"]
    assert window.chat_page.history.get(first) is not None
    listing.confirm_delete = lambda title: True
    qtbot.mouseClick(listing.delete_button, Qt.MouseButton.LeftButton)
    assert window.chat_page.history.get(first) is None
    assert window.chat_page.history.messages(first) == []
    assert listing.titles() == ["Kế hoạch năm 2025"]
    assert window.chat_page.current_id is None and window.chat_view.text() == ""

    # New: no selection, empty transcript; the conversation is created by its first question.
    listing.list.setCurrentRow(0)
    assert window.chat_page.current_id == second
    qtbot.mouseClick(listing.new_button, Qt.MouseButton.LeftButton)
    assert window.chat_page.current_id is None
    assert listing.current_id() is None
    assert window.chat_view.text() == ""
    assert len(window.chat_page.history.conversations()) == 1


def test_search_finds_conversations_by_their_messages(qtbot: Any, make_window: Any) -> None:
    window = make_window(load_model=False)
    seed(window)
    listing = window.conversations
    # Without tone marks, in any case: the words of a message are enough.
    listing.search.setText("BAO CAO truoc ngay")
    qtbot.waitUntil(lambda: listing.titles() == ["Công văn số 12"], timeout=10_000)
    listing.search.setText("kế hoạch")
    qtbot.waitUntil(lambda: listing.titles() == ["Kế hoạch năm 2025"], timeout=10_000)
    listing.search.setText("không ở đâu cả")
    qtbot.waitUntil(lambda: listing.titles() == [], timeout=10_000)
    assert listing.notice.isVisibleTo(listing) and "không ở đâu cả" in listing.notice.text()
    listing.search.clear()
    qtbot.waitUntil(lambda: len(listing.titles()) == 2, timeout=10_000)
    assert not listing.notice.isVisibleTo(listing)


def test_the_real_rename_dialog(qtbot: Any, make_window: Any) -> None:
    window = make_window(load_model=False)
    first, _ = seed(window)
    window.conversations.list.setCurrentRow(1)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        dialog.setTextValue("Tên mới")
        dialog.done(QDialog.DialogCode.Accepted)

    QTimer.singleShot(20, answer)
    window.conversations.rename_current()
    assert window.chat_page.history.get(first).title == "Tên mới"


def test_every_control_of_the_window_and_dialogs_has_an_accessible_name(
    qtbot: Any, make_window: Any
) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QListWidget,
        QPlainTextEdit,
        QProgressBar,
        QTextEdit,
    )

    from troly.ui.model_dialog import ModelDialog
    from troly.ui.settings_dialog import SettingsDialog

    window = make_window(load_model=False)
    window.choose_model()
    window.open_settings()
    kinds = (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QListWidget,
        QPlainTextEdit,
        QProgressBar,
        QTextEdit,
    )
    unnamed = []
    for root in (window, window.findChild(ModelDialog), window.findChild(SettingsDialog)):
        assert root is not None
        for kind in kinds:
            for widget in root.findChildren(kind):
                if isinstance(widget.parent(), QAbstractSpinBox):
                    continue  # a spin box's own line edit
                if widget.objectName().startswith("qt_"):
                    continue  # Qt's own parts, such as the menu bar's overflow button
                if not widget.accessibleName():
                    unnamed.append(f"{type(root).__name__}: {type(widget).__name__}")
    assert not unnamed, unnamed
