"""The first-run page, the font size and colours settings, the focus outline, and the status
bar's speed belonging to the page shown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from troly.core.config import load_settings
from troly.ui import theme


@pytest.fixture
def restore_look(qapp: Any) -> Iterator[None]:
    font, palette = QApplication.font(), qapp.palette()
    yield
    hints = qapp.styleHints()
    hints.unsetColorScheme()
    slot = getattr(qapp, "_troly_scheme_slot", None)
    if slot is not None:
        hints.colorSchemeChanged.disconnect(slot)
        qapp._troly_scheme_slot = None
    qapp.setPalette(palette)
    QApplication.setFont(font)


def test_the_first_run_page_says_what_to_do_first(qtbot: Any, make_window: Any) -> None:
    window = make_window(load_model=False, welcome_seen=False)
    assert window.mode() == "welcome" and window.mode_keys()[0] == "welcome"
    page = window.welcome_page
    assert page.model_state.text()  # the first step says where the model is
    qtbot.mouseClick(page.summarize_button, Qt.MouseButton.LeftButton)
    assert window.mode() == "summarize"
    qtbot.mouseClick(page.draft_button, Qt.MouseButton.LeftButton)
    assert window.mode() == "draft"
    # Seen once: the next start opens on chat, the page stays one click away.
    assert load_settings(window.session.paths).welcome_seen
    window.close()
    again = make_window(load_model=False, welcome_seen=True)
    assert again.mode() == "chat" and "welcome" in again.mode_keys()


def test_font_size_and_dark_colours_apply_at_once(
    qtbot: Any, make_window: Any, restore_look: None, qapp: Any
) -> None:
    from troly.ui.settings_dialog import SettingsDialog

    window = make_window(load_model=False)
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    dialog.font_size.setValue(16)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.save()
    assert QApplication.font().pointSizeF() == 16
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 128
    assert theme.colours() == theme.DARK
    saved = load_settings(window.session.paths)
    assert (saved.font_size, saved.theme) == (16, "dark")


def test_following_the_system_switches_with_the_desktop(restore_look: None, qapp: Any) -> None:
    hints = qapp.styleHints()
    theme.follow_system(qapp, "system", 0)
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() >= 128
    # The desktop turns dark. Offscreen Qt has no desktop to ask: the signal a desktop's
    # platform theme sends is sent here.
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 128
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() >= 128
    # A user who chose light stays light whatever the desktop does.
    theme.follow_system(qapp, "light", 0)
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() >= 128


def highlight_pixels(widget: QWidget, button: QWidget) -> int:
    image = widget.grab().toImage()
    wanted = QColor(widget.palette().color(QPalette.ColorRole.Highlight))
    rect = button.geometry()
    count = 0
    for x in range(rect.left(), rect.right() + 1):
        for y in (rect.top(), rect.top() + 1, rect.bottom(), rect.bottom() - 1):
            c = image.pixelColor(x, y)
            if abs(c.red() - wanted.red()) + abs(c.green() - wanted.green()) < 60 and (
                abs(c.blue() - wanted.blue()) < 60
            ):
                count += 1
    return count


def test_the_focused_control_has_a_visible_outline(
    qtbot: Any, restore_look: None, qapp: Any
) -> None:
    theme.apply(qapp, "light", 0)
    box = QWidget()
    layout = QVBoxLayout(box)
    first, second = QPushButton("Gửi", box), QPushButton("Dừng", box)
    layout.addWidget(first)
    layout.addWidget(second)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    second.setFocus()
    qtbot.waitUntil(second.hasFocus, timeout=10_000)
    unfocused = highlight_pixels(box, first)
    second_before = highlight_pixels(box, second)
    first.setFocus()
    qtbot.waitUntil(first.hasFocus, timeout=10_000)
    focused = highlight_pixels(box, first)
    # Most of the focused button's edge is drawn in the highlight colour; none of the other's.
    assert focused > first.width()  # top and bottom edges, two pixels thick
    assert unfocused < first.width() // 4 and second_before > second.width()
    # The question boxes and the fields too, not only the buttons.
    for field in (QPlainTextEdit(box), QLineEdit(box)):
        layout.addWidget(field)
        field.show()
        assert highlight_pixels(box, field) < field.width() // 4
        field.setFocus()
        qtbot.waitUntil(field.hasFocus, timeout=10_000)
        assert highlight_pixels(box, field) > field.width(), type(field).__name__


def test_font_size_steps_from_the_system_size_to_readable_sizes_only(qtbot: Any) -> None:
    """From "As the system", ▲ goes to 8 pt (not 1, 2, 3, 4 pt); ▼ from 8 pt goes back; a typed
    size below 8 becomes 8."""
    from PySide6.QtCore import Qt

    from troly.ui.settings_dialog import FontSizeBox

    box = FontSizeBox()
    qtbot.addWidget(box)
    box.setValue(0)
    box.stepUp()
    assert box.value() == 8
    for _ in range(3):
        box.stepUp()
    assert box.value() == 11
    box.stepBy(-3)
    assert box.value() == 8
    box.stepDown()
    assert box.value() == 0
    box.stepBy(40)
    assert box.value() == 28
    box.show()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "4")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert box.value() == 8
