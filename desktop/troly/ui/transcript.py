"""A read-only transcript of turns: coloured headings, streamed text, short notes."""

from __future__ import annotations

import html

from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget


class Transcript(QTextBrowser):
    """The text area of the chat and of ask mode; text is appended at the end only."""

    def __init__(self, accessible_name: str, placeholder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setAccessibleName(accessible_name)
        self.document().setDocumentMargin(12)
        self.setPlaceholderText(placeholder)

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
        cursor.insertHtml(f'<i style="color:#666">{html.escape(text)}</i>')
        self.setTextCursor(cursor)
