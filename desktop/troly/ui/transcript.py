"""A read-only transcript of turns: coloured headings, streamed text, short notes, and a line of
actions ("Sao chép", "Tạo lại") under a finished reply."""

from __future__ import annotations

import dataclasses
import html

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QTextBrowser, QWidget

from troly.ui import theme


class Transcript(QTextBrowser):
    """The text area of the chat and of ask mode; text is appended at the end only.

    Links of the action lines are reported by QTextBrowser's `anchorClicked`; none is followed.
    """

    def __init__(self, accessible_name: str, placeholder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setAccessibleName(accessible_name)
        self.document().setDocumentMargin(12)
        # What to do, shown while the transcript is empty. A label over the page rather than
        # Qt's placeholder text, which is drawn on one line and was cut at the window's edge.
        self.hint = QLabel(placeholder, self.viewport())
        self.hint.setAccessibleName(placeholder)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.document().contentsChanged.connect(self._update_hint)
        self._update_hint()
        # The colours the text so far is written in, to re-colour it when the theme changes.
        self._colours = theme.colours()
        self._link = self.palette().color(QPalette.ColorRole.Link)

    def placeholder(self) -> str:
        return self.hint.text()

    def _update_hint(self) -> None:
        self.hint.setVisible(self.document().isEmpty())
        self._place_hint()

    def _place_hint(self) -> None:
        margin = int(self.document().documentMargin())
        width = max(50, self.viewport().width() - 2 * margin)
        self.hint.setGeometry(margin, margin, width, self.hint.heightForWidth(width))

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._place_hint()
        return super().viewportEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._recolour()

    def _recolour(self) -> None:
        """The headings, notes and links already written, in the new theme's colours (dark
        blue on a dark page could not be read)."""
        new, link = theme.colours(), self.palette().color(QPalette.ColorRole.Link)
        swap = {
            QColor(old).name(): QColor(now)
            for old, now in zip(
                dataclasses.astuple(self._colours), dataclasses.astuple(new), strict=True
            )
        }
        swap[self._link.name()] = link
        self._colours, self._link = new, link
        for start, end, colour in self._coloured_runs(set(swap)):
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            change = QTextCharFormat()
            change.setForeground(QBrush(swap[colour]))
            cursor.mergeCharFormat(change)

    def _coloured_runs(self, colours: set[str]) -> list[tuple[int, int, str]]:
        """(start, end, colour) of each run of text written in one of `colours`."""
        runs = []
        block = self.document().begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                fmt = fragment.charFormat()
                colour = fmt.foreground().color().name()
                if fmt.hasProperty(QTextCharFormat.Property.ForegroundBrush) and colour in colours:
                    start = fragment.position()
                    runs.append((start, start + fragment.length(), colour))
                iterator += 1
            block = block.next()
        return runs

    def _end(self) -> QTextCursor:
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        return cursor

    def heading(self, text: str, colour: str) -> None:
        """A turn's heading ("Bạn", "TroLy", "Câu hỏi"), a blank line above all but the first."""
        cursor = self._end()
        if not self.document().isEmpty():
            cursor.insertBlock()
            cursor.insertBlock()
        cursor.insertHtml(f'<b style="color:{colour}">{html.escape(text)}</b>')
        cursor.insertBlock()
        self.setTextCursor(cursor)

    def append(self, text: str, italic: bool = False) -> None:
        """Text at the end, in plain weight (streamed replies arrive piece by piece)."""
        cursor = self._end()
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Normal)
        fmt.setFontItalic(italic)
        cursor.insertText(text, fmt)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def note(self, text: str) -> None:
        """A short grey remark on its own line, such as "(đã dừng)"."""
        cursor = self._end()
        cursor.insertBlock()
        cursor.insertHtml(f'<i style="color:{theme.colours().note}">{html.escape(text)}</i>')
        self.setTextCursor(cursor)

    def action_line(self, links: list[tuple[str, str]]) -> None:
        """A line of small links (href, label) under what was just written."""
        if not links:
            return
        cursor = self._end()
        cursor.insertBlock()
        parts = [f'<a href="{html.escape(href)}">{html.escape(label)}</a>' for href, label in links]
        cursor.insertHtml("<small>" + " &nbsp;·&nbsp; ".join(parts) + "</small>")
        # What is typed after a link must not continue it.
        cursor.setCharFormat(QTextCharFormat())
        self.setTextCursor(cursor)
