"""Windows sized to the screen they open on.

A dialog laid out for a large monitor must still fit a 1366×768 laptop (and a 1024×600 netbook)
with its buttons on screen: ask for the size wanted, get at most what the screen offers.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Left for the window frame and the desktop's own panels, beyond the screen's available area.
FRAME_MARGIN = 24
SHARE = 0.92  # at most this share of the screen, so the window never covers all of it


def available_geometry(widget: QWidget) -> QRect:
    """The usable area of the screen the widget is (or will be) on."""
    parent = widget.parentWidget()
    anchor = parent.window() if parent is not None else widget
    screen = anchor.screen() if anchor.isVisible() else None
    if screen is None:
        screen = QGuiApplication.screenAt(anchor.mapToGlobal(QPoint(0, 0)))
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def fitted_size(widget: QWidget, width: int, height: int) -> tuple[int, int]:
    area = available_geometry(widget)
    max_w = min(int(area.width() * SHARE), area.width() - FRAME_MARGIN)
    max_h = min(int(area.height() * SHARE), area.height() - FRAME_MARGIN)
    return min(width, max_w), min(height, max_h)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to (width, height), or less when the screen is smaller; centred on the screen
    for a top-level window without a parent, on its parent otherwise."""
    w, h = fitted_size(widget, width, height)
    widget.resize(w, h)
    # A minimum size larger than the screen would push the buttons off it again.
    if widget.minimumWidth() > w or widget.minimumHeight() > h:
        widget.setMinimumSize(min(widget.minimumWidth(), w), min(widget.minimumHeight(), h))
    area = available_geometry(widget)
    parent = widget.parentWidget()
    centre = parent.window().frameGeometry().center() if parent is not None else area.center()
    x = min(max(centre.x() - w // 2, area.left()), area.right() - w)
    y = min(max(centre.y() - h // 2, area.top()), area.bottom() - h)
    widget.move(x, y)
