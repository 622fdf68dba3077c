"""A page made of two panes side by side: a list on the left, the work on the right."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QListWidget, QSplitter, QVBoxLayout, QWidget


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


class _FitWidth(QObject):
    """Keeps a list as wide as its longest item whenever its font or style changes."""

    def __init__(self, view: QListWidget, extra: int) -> None:
        super().__init__(view)
        self.extra = extra
        self.fit(view)

    def fit(self, view: QListWidget) -> None:
        view.setFixedWidth(view.sizeHintForColumn(0) + self.extra)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QListWidget) and event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
        ):
            self.fit(watched)
        return False


def keep_fitted(view: QListWidget, extra: int = 28) -> None:
    """Give `view` the width of its longest item plus `extra` (the frame, the padding), now and
    after the font size changes: the mode list at 16 pt cut "Soạn thảo văn bản" otherwise."""
    view.installEventFilter(_FitWidth(view, extra))
