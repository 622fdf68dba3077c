"""A page made of two panes side by side: a list on the left, the work on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget


def side_by_side(
    page: QWidget, left: QWidget, right: QWidget, name: str, widths: tuple[int, int]
) -> None:
    """Fill `page` with `left` and `right` in a splitter; the right pane takes the extra room.
    `widths` are the panes' first widths, in proportion when the page is wider or narrower.
    Neither pane can be collapsed to nothing (a user could lose it and not find it again)."""
    splitter = QSplitter(Qt.Orientation.Horizontal, page)
    splitter.setAccessibleName(name)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(left)
    splitter.addWidget(right)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes(list(widths))
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(splitter)
