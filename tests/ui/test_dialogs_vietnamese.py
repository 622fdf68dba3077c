"""Every dialog a user can open speaks Vietnamese: ours, and Qt's own (file dialogs, message
boxes, input dialogs, the text boxes' right-click menus), with the translations compiled from
resources/i18n as set-up compiles them."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTreeView,
    QWidget,
)

from troly.core.resources import resource_path
from troly.ui.app import install_translators, remove_translators

# Words that are English and not Vietnamese: one of them in a dialog is a string left
# untranslated. ("in", "to", "an", "no" are Vietnamese words too, so they are not listed.)
ENGLISH = {
    "the",
    "and",
    "of",
    "look",
    "directory",
    "choose",
    "cancel",
    "save",
    "files",
    "file",
    "type",
    "yes",
    "ok",
    "open",
    "name",
    "size",
    "date",
    "modified",
    "back",
    "forward",
    "parent",
    "list",
    "view",
    "detail",
    "new",
    "folder",
    "delete",
    "rename",
    "show",
    "hidden",
    "all",
    "copy",
    "paste",
    "cut",
    "undo",
    "redo",
    "select",
    "close",
    "apply",
    "reset",
    "restore",
    "defaults",
    "help",
    "retry",
    "ignore",
    "abort",
    "discard",
    "details",
    "value",
    "model",
    "settings",
    "search",
    "source",
    "sources",
    "answer",
    "question",
    "stop",
    "send",
    "documents",
    "collection",
    "please",
    "create",
    "remove",
    "add",
    "export",
    "from",
    "with",
    "this",
    "your",
    "are",
    "you",
    "sure",
    "want",
    "replace",
    "already",
    "exists",
    "computer",
    "drive",
    "places",
    "recent",
    "sidebar",
    "kind",
    "unknown",
    "page",
    "zoom",
    "next",
    "previous",
    "cited",
    "passage",
    "language",
    "threads",
    "temperature",
    "context",
    "length",
    "maximum",
    "reply",
    "system",
    "prompt",
    "data",
    "colours",
    "font",
    "about",
}
# Names that read the same in Vietnamese (formats, products, units). Keys keep their names
# too ("Enter", "Esc"), which is why "enter" is not among the English words.
ALLOWED = {"troly", "gguf", "sha", "docx", "pdf", "md", "markdown", "txt", "top", "p", "pt"}
_WORD = re.compile(r"[A-Za-z]+")


def english_words(text: str) -> list[str]:
    plain = re.sub(r"<[^>]+>", " ", text)  # rich text: the words, not the tags
    plain = re.sub(r"“troly [^”]*”", " ", plain)  # a command to type, as it is typed
    plain = re.sub(r"\S*[/\\]\S*|\S+\.(pdf|docx|gguf|md|txt)\b|\(\*[^)]*\)", " ", plain)
    return [w for w in _WORD.findall(plain) if w.lower() in ENGLISH and w.lower() not in ALLOWED]


def texts_of(root: QWidget) -> list[str]:
    """What the user reads in a window: its title, labels, buttons, fields' hints, lists'
    items and headers, tooltips."""
    found = [root.windowTitle()]
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        found.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton):
            found.append(widget.text())
        elif isinstance(widget, QLineEdit | QPlainTextEdit):
            found.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QTreeView) and widget.model() is not None:
            model = widget.model()
            columns = widget.header().count()
            found += [str(model.headerData(c, _horizontal()) or "") for c in range(columns)]
    return [t for t in found if t]


def _horizontal() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def menu_texts(menu: QMenu) -> list[str]:
    return [action.text() for action in menu.actions() if not action.isSeparator()]


@pytest.fixture
def vietnamese(qapp: Any, tmp_path: Path) -> Iterator[None]:
    """Both translations, compiled fresh from the .ts sources, installed before any widget."""
    lrelease = str(Path(sys.executable).with_name("pyside6-lrelease"))
    ours, qt = tmp_path / "troly_vi.qm", tmp_path / "qtbase_vi.qm"
    for ts, qm in (("troly_vi.ts", ours), ("qtbase_vi.ts", qt)):
        subprocess.run(
            [lrelease, str(resource_path("i18n", ts)), "-qm", str(qm)],
            check=True,
            capture_output=True,
        )
    translators = install_translators(qapp, "vi", ours, qt)
    assert len(translators) == 2
    yield
    remove_translators(qapp, translators)


def answering_modal(read: list[str], answer: Callable[[QDialog], None] | None = None) -> None:
    """When the next modal dialog shows: read its texts, then close it (or `answer` it)."""

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, look)
            return
        read.extend(texts_of(dialog))
        if isinstance(dialog, QMessageBox):
            read.extend(button.text() for button in dialog.buttons())
        (answer or (lambda d: d.reject()))(dialog)

    QTimer.singleShot(20, look)


def test_every_dialog_a_user_can_open_is_in_vietnamese(
    vietnamese: None, qtbot: Any, make_window: Any, docs_folder: Path, tmp_path: Path
) -> None:
    from troly.ui import dialogs
    from troly.ui.model_dialog import ModelDialog
    from troly.ui.settings_dialog import SettingsDialog

    window = make_window(load_model=False)
    store = window.chat_page.history
    conversation = store.create_conversation("Công văn số 12")
    store.add_message(conversation.id, "user", "Tóm tắt công văn số 12.")
    window.conversations.refresh()
    window.conversations.list.setCurrentRow(0)
    read: dict[str, list[str]] = {}

    def opened(name: str, action: Callable[[], object]) -> None:
        read[name] = []
        answering_modal(read[name])
        action()

    # The window itself, and every page.
    for mode in window.mode_keys():
        window.set_mode(mode)
        read[f"page {mode}"] = texts_of(window)
    # Chat: rename, delete.
    opened("rename conversation", window.conversations.rename_current)
    opened("delete conversation", window.conversations.delete_current)
    # Ask: new collection, delete collection, add a folder, add files.
    panel = window.ask_page.panel
    panel.new_collection("Văn bản")
    opened("new collection", panel._ask_name)
    opened("delete collection", lambda: panel._confirm_delete("Văn bản"))
    opened("add folder", panel._pick_folder)
    opened("add files", panel._pick_files)
    # Summarize and draft: their file pickers and the save dialogs.
    opened("summarize: choose", window.summarize_page.pick_files)
    opened("draft: related documents", window.drafting_page.pick_sources)
    opened(
        "save DOCX",
        lambda: dialogs.save_file(window, "Xuất DOCX", tmp_path / "van-ban.docx", "Word (*.docx)"),
    )
    opened(
        "choose from a collection",
        lambda: dialogs.choose_item(window, "Từ bộ tài liệu", "Tệp:", ["a", "b"]),
    )
    # A warning, the About box.
    opened("warning", lambda: dialogs.warn(window, "Tài liệu", "Không đọc được tệp.", block=True))
    opened("about", window.about)
    # The model dialog (and its file picker), the settings (and the wipe question).
    window.choose_model()
    model_dialog = window.findChild(ModelDialog)
    read["model dialog"] = texts_of(model_dialog)
    opened("choose a model file", model_dialog.browse)
    model_dialog.reject()
    window.open_settings()
    settings = window.findChild(SettingsDialog)
    read["settings"] = texts_of(settings)
    read["wipe"] = []
    answering_modal(read["wipe"])  # "Keep": nothing is wiped
    settings.confirm_wipe()
    assert (window.session.paths.database_file).exists()
    settings.reject()
    # The viewer a source opens in.
    viewer = window.ask_page.viewer()
    viewer.open_page(docs_folder / "luat-vien-chuc.pdf", 2, "Điều 12")
    viewer.present()
    read["viewer"] = texts_of(viewer)
    viewer.close()
    # Right-click menus of the text boxes.
    for name, widget in (
        ("menu of a line", window.drafting_page.inputs["co_quan"]),
        ("menu of a text box", window.chat_view.question),
        ("menu of a transcript", window.chat_view.transcript),
    ):
        menu = widget.createStandardContextMenu()
        read[name] = menu_texts(menu)
        menu.deleteLater()

    english = {
        name: sorted({w for t in texts for w in english_words(t)}) for name, texts in read.items()
    }
    english = {name: words for name, words in english.items() if words}
    assert all(read.values()), [name for name, texts in read.items() if not texts]
    assert not english, english
    # Qt's own file dialog reads as it should in Vietnamese.
    assert any("Tìm trong" in t for t in read["add files"]), read["add files"]
    assert any("Loại tệp" in t for t in read["add files"])
    assert any(t.replace("&", "") == "Chọn" for t in read["add folder"])
    assert any(t.replace("&", "") == "Lưu" for t in read["save DOCX"])
    assert "Giữ lại" in read["wipe"] and "Xóa tất cả" in read["wipe"]
