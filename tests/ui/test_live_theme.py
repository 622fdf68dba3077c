"""Issue 24, point 5: the theme and the font size apply at once to every part of the window
(the lists with their own style sheet included), the menu's shortcuts stand apart from the
text, file names are not cut where the list has room, and the status bar's speed is in words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QKeySequence, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QListWidget, QStyle

from troly.core.index.store import FileRecord
from troly.ui import theme
from troly.ui.collections_panel.files_model import COL_FILE, COL_PAGES

FOLDER = "/home/chuyenvien/Tài liệu/Văn bản pháp luật"
NAMES = ("luat-vien-chuc-2010.pdf", "quy-che-lam-viec-so-noi-vu.docx", "nghi-dinh-30-2020.pdf")


@pytest.fixture
def restore_look(qapp: Any) -> Iterator[None]:
    font, palette = QApplication.font(), qapp.palette()
    yield
    slot = getattr(qapp, "_troly_scheme_slot", None)
    if slot is not None:
        qapp.styleHints().colorSchemeChanged.disconnect(slot)
        qapp._troly_scheme_slot = None
    theme.apply(qapp, "light", 0)
    qapp.setPalette(palette)
    QApplication.setFont(font)


def record(number: int, name: str, status: str = "indexed") -> FileRecord:
    return FileRecord(
        id=number,
        path=f"{FOLDER}/{name}",
        size=1,
        mtime_ns=0,
        sha256="",
        status=status,
        error="Chưa đọc được tệp .doc" if status == "unsupported" else "",
        pages=19,
        ocr_pages=0,
        chunks=64,
        pages_estimated=False,
    )


def fill_collection(window: Any) -> Any:
    """The ask page's panel showing three files and one it cannot read, as after indexing."""
    panel = window.ask_page.panel
    for name in NAMES:
        panel.sources.add(f"{FOLDER}/{name}")
    records = [record(i, name) for i, name in enumerate(NAMES)]
    panel.files.model.set_records([*records, record(9, "bao-cao.doc", "unsupported")])
    return panel


def follows_the_app(widget: Any, app: Any) -> bool:
    roles = (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Text)
    colours = all(widget.palette().color(r) == app.palette().color(r) for r in roles)
    return colours and widget.font().pointSizeF() == app.font().pointSizeF()


def test_dark_16_pt_reaches_every_list_without_a_restart(
    qtbot: Any, make_window: Any, restore_look: None, qapp: Any
) -> None:
    theme.apply(qapp, "light", 0)
    window = make_window(load_model=False)
    panel = fill_collection(window)
    window.chat_view.add_user("Xin chào")
    lists = {
        "modes": window.modes,
        "conversations": window.conversations.list,
        "sources of the answer": window.ask_page.view.sources,
        "folders and files": panel.sources.list,
        "files": panel.files.view,
    }
    light_base = qapp.palette().color(QPalette.ColorRole.Base)

    theme.apply(qapp, "dark", 16)  # what saving "Tối" and 16 pt in the settings does
    qtbot.waitUntil(lambda: all(follows_the_app(v, qapp) for v in lists.values()), timeout=5000)
    assert qapp.palette().color(QPalette.ColorRole.Base) != light_base
    for name, view in lists.items():
        viewport = view.viewport()
        base = viewport.palette().color(viewport.backgroundRole())
        assert base == qapp.palette().color(QPalette.ColorRole.Base), name
    # The mode list widened with its text: no mode name cut at 16 pt.
    assert window.modes.width() >= window.modes.sizeHintForColumn(0)
    # Coloured text written before the switch is re-coloured for the dark page.
    heading = window.chat_view.transcript.document().begin().begin().fragment()
    assert heading.charFormat().foreground().color().name() == theme.DARK.question
    # The heading of the files it cannot read, in the dark theme's grey.
    failed = panel.files.failed_heading
    assert failed.palette().color(QPalette.ColorRole.WindowText).name() == theme.DARK.note


def test_the_status_bar_colours_follow_the_theme(
    qtbot: Any, make_window: Any, restore_look: None, qapp: Any
) -> None:
    theme.apply(qapp, "light", 0)
    window = make_window(load_model=False)
    window.status.set_model_error("no model file")
    label = window.status.model_label
    assert label.palette().color(QPalette.ColorRole.WindowText).name() == theme.LIGHT.error
    theme.apply(qapp, "dark", 16)
    assert label.palette().color(QPalette.ColorRole.WindowText).name() == theme.DARK.error
    # Loading again: the label takes back the palette's own text colour, in either theme.
    window.status.set_loading("load", -1)
    theme.apply(qapp, "light", 0)
    qtbot.waitUntil(
        lambda: (
            label.palette().color(QPalette.ColorRole.WindowText)
            == qapp.palette().color(QPalette.ColorRole.WindowText)
        ),
        timeout=5000,
    )


@pytest.mark.parametrize("size", [0, 16])
def test_the_menu_shortcut_stands_apart_from_its_text(
    qtbot: Any, make_window: Any, restore_look: None, qapp: Any, size: int
) -> None:
    theme.apply(qapp, "dark", size)
    window = make_window(load_model=False)
    action = window.new_action
    # The text is the translated text alone; the shortcut is the action's, not glued to it.
    assert action.text() == window.tr("&New conversation") and "\t" not in action.text()
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    menu = action.parent().menuBar().actions()[0].menu()
    menu.ensurePolished()
    metrics = QFontMetrics(menu.font())
    text = metrics.horizontalAdvance(action.text().replace("&", ""))
    shortcut = metrics.horizontalAdvance(action.shortcut().toString(QKeySequence.NativeText))
    gap = theme.MENU_SHORTCUT_GAP * metrics.horizontalAdvance("M")
    assert menu.actionGeometry(action).width() >= text + gap + shortcut
    assert menu.sizeHint().width() >= text + gap + shortcut


def shows_whole(view: QAbstractItemView, index: Any, text: str) -> bool:
    """Whether `text` fits in the item's cell, wrapped to the cell's width if need be."""
    rect = view.visualRect(index)
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    icon = view.iconSize().width() + margin if isinstance(view, QListWidget) else 0
    width = rect.width() - 2 * margin - icon
    flags = int(Qt.TextFlag.TextWrapAnywhere)
    needed = QFontMetrics(view.font()).boundingRect(QRect(0, 0, width, 10_000), flags, text)
    return needed.width() <= width and needed.height() <= rect.height()


@pytest.mark.parametrize("size", [0, 16])
def test_file_names_are_whole_at_1366_by_768(
    qtbot: Any, make_window: Any, restore_look: None, qapp: Any, size: int
) -> None:
    theme.apply(qapp, "dark", size)
    window = make_window(load_model=False)
    window.resize(1366, 740)
    window.set_mode("ask")
    panel = fill_collection(window)
    qtbot.waitUntil(lambda: panel.files.view.isVisible(), timeout=5000)
    qapp.processEvents()
    view, proxy = panel.files.view, panel.files.proxy
    # At the system size every column has room; at 16 pt the counts give way to the names.
    assert view.isColumnHidden(COL_PAGES) == (size == 16)
    for row in range(proxy.rowCount()):
        index = proxy.index(row, COL_FILE)
        name = str(index.data())
        assert shows_whole(view, index, name), name
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert tip.endswith(name)  # the full path; the counts too, for a file read
        assert ("19 pages, 64 passages" in tip) == (name != "bao-cao.doc")
    # The folders and files list wraps a long path instead of cutting it at the right edge.
    sources = panel.sources.list
    assert sources.wordWrap()
    for row in range(sources.count()):
        item = sources.item(row)
        assert shows_whole(sources, sources.indexFromItem(item), item.text()), item.text()
        assert item.toolTip() == item.text()


def test_the_speed_is_in_words_an_official_knows(qtbot: Any) -> None:
    from troly.ui.status_bar import TOKENS_PER_WORD, StatusBar

    status = StatusBar()
    qtbot.addWidget(status)
    status.set_speed(12.34)
    text = status.speed_label.text()
    assert "token" not in text.lower() and "10" in text
    status.set_speed(6.0)
    assert "5.0" in status.speed_label.text() or "5,0" in status.speed_label.text()
    assert 1.1 <= TOKENS_PER_WORD <= 1.5
    assert "12" in status.speed_label.toolTip() or "6" in status.speed_label.toolTip()
    status.set_speed(None)
    assert not status.speed_label.text()


def test_a_title_keeps_its_proportion_to_the_text(
    qtbot: Any, restore_look: None, qapp: Any, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QLabel

    theme.apply(qapp, "light", 10)
    title = QLabel("Chào mừng")
    qtbot.addWidget(title)
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    title.setFont(font)
    theme.apply(qapp, "light", 20)
    assert title.font().pointSizeF() == pytest.approx(32)


def test_the_policy_banner_follows_the_theme(
    qtbot: Any, make_window: Any, restore_look: None, qapp: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    from troly.core import policy

    broken = tmp_path / "broken-policy.json"
    broken.write_text("{ not json", encoding="utf-8")
    monkeypatch.setenv(policy.ENV_POLICY_FILE, str(broken))
    theme.apply(qapp, "light", 0)
    window = make_window(load_model=False)
    banner = window.policy_banner
    assert banner.isVisible() and "#fff4e5" in banner.styleSheet()
    theme.apply(qapp, "dark", 16)
    # Light amber on a dark window would glare: the bar turns dark amber with light text.
    qtbot.waitUntil(lambda: "#4a3300" in banner.styleSheet(), timeout=5000)
    assert banner.font().pointSizeF() == 16
    theme.apply(qapp, "light", 0)
    qtbot.waitUntil(lambda: "#fff4e5" in banner.styleSheet(), timeout=5000)
