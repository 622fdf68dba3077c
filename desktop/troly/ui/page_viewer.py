"""The built-in viewer a source opens in: the cited page, with the passage highlighted.

PDF pages are rendered with PyMuPDF; the passage is found among the page's words (matched as
runs of a few folded words, so a reflowed line or another tone-mark placement still matches)
and painted over in translucent yellow. A scanned page has no words to match: the page is shown
and the passage beside it. DOCX and TXT have no real pages: the text of the estimated page is
shown with the passage on a yellow background.
"""

from __future__ import annotations

import html
import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QImage,
    QKeySequence,
    QPainter,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from troly.core.errors import TrolyError
from troly.ui import dialogs, theme
from troly.ui.passage_match import (
    highlight_html,
    highlight_ranges,
    match_strength,
    matched_words,
    merge_rects,
)
from troly.ui.screen import fit_to_screen

if TYPE_CHECKING:
    from troly.core.tasks.ask import Source

log = logging.getLogger(__name__)

ZOOMS = (0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0)
DEFAULT_ZOOM = 1.5
_HIGHLIGHT = QColor(255, 214, 0, 96)
# Words of a passage in one stretch on the cited page that make the page sure to be its own,
# and the other pages not worth reading for it.
_SURE_STRETCH = 40


class PageViewer(QDialog):
    """Shows one page of a file at a time, with Previous/Next and zoom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Page viewer"))
        self.setWindowTitle(self.tr("Source"))
        self.path: Path | None = None
        self.kind = ""  # "pdf" or "text"
        self.page = 1
        self.page_count = 0
        self.cited_page = 1
        self.passage = ""
        self.pages_estimated = False
        self.zoom = DEFAULT_ZOOM
        self.highlights: list[QRectF] = []  # on the shown PDF page, in PDF points
        self.text_highlights = 0  # highlighted ranges on the shown text page
        self.text_anchor: int | None = None  # where the passage starts in the shown text page
        self.error: str | None = None
        self._pdf: Any = None
        self._text_pages: list[str] = []

        self.title = QLabel(self)
        self.title.setAccessibleName(self.tr("Shown file and page"))
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.image = QLabel(self)
        self.image.setAccessibleName(self.tr("Page image"))
        self.image.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setAccessibleName(self.tr("Page"))
        self.scroll_area.setWidget(self.image)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll_area.setStyleSheet("QScrollArea { background: #808080; }")
        self.page_text = QTextBrowser(self)
        self.page_text.setAccessibleName(self.tr("Page text"))
        self.page_text.document().setDocumentMargin(16)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.scroll_area)
        self.stack.addWidget(self.page_text)

        self.passage_label = QLabel(self.tr("Cited passage"), self)
        self.passage_view = QTextBrowser(self)
        self.passage_view.setAccessibleName(self.tr("Cited passage"))
        self.note = QLabel(self)
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setWordWrap(True)
        theme.tint(self.note, "warning")  # follows a theme changed while it is open
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.passage_label)
        side_layout.addWidget(self.passage_view, 1)
        side_layout.addWidget(self.note)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setAccessibleName(self.tr("Page and passage"))
        splitter.addWidget(self.stack)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([860, 300])

        self.previous_button = QPushButton(self.tr("◀ Previous page"), self)
        self.previous_button.setAccessibleName(self.tr("Previous page"))
        self.next_button = QPushButton(self.tr("Next page ▶"), self)
        self.next_button.setAccessibleName(self.tr("Next page"))
        self.cited_button = QPushButton(self.tr("Cited page"), self)
        self.cited_button.setAccessibleName(self.tr("Back to the cited page"))
        self.page_label = QLabel(self)
        self.page_label.setAccessibleName(self.tr("Page number"))
        self.zoom_out_button = QPushButton("−", self)
        self.zoom_out_button.setAccessibleName(self.tr("Zoom out"))
        self.zoom_out_button.setToolTip(self.tr("Zoom out (Ctrl+-)"))
        self.zoom_in_button = QPushButton("+", self)
        self.zoom_in_button.setAccessibleName(self.tr("Zoom in"))
        self.zoom_in_button.setToolTip(self.tr("Zoom in (Ctrl++)"))
        self.zoom_label = QLabel(self)
        self.zoom_label.setAccessibleName(self.tr("Zoom"))
        self.original_button = QPushButton(self.tr("Open the original file"), self)
        self.original_button.setAccessibleName(self.tr("Open the original file"))
        self.original_button.setToolTip(
            self.tr("Opens the file in the application your computer uses for it.")
        )
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAccessibleName(self.tr("Close"))
        for button in (self.zoom_out_button, self.zoom_in_button):
            button.setFixedWidth(36)

        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addWidget(self.cited_button)
        bar.addStretch(1)
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_label)
        bar.addWidget(self.zoom_in_button)
        bar.addWidget(self.original_button)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(splitter, 1)
        layout.addLayout(bar)

        self.previous_button.clicked.connect(lambda: self.go_to(self.page - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.page + 1))
        self.cited_button.clicked.connect(lambda: self.go_to(self.cited_page))
        self.zoom_in_button.clicked.connect(lambda: self.step_zoom(1))
        self.zoom_out_button.clicked.connect(lambda: self.step_zoom(-1))
        self.close_button.clicked.connect(self.close)
        self.original_button.clicked.connect(self.open_original)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self).activated.connect(
            lambda: self.step_zoom(1)
        )
        QShortcut(QKeySequence.StandardKey.ZoomOut, self).activated.connect(
            lambda: self.step_zoom(-1)
        )
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self).activated.connect(
            lambda: self.go_to(self.page + 1)
        )
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self).activated.connect(
            lambda: self.go_to(self.page - 1)
        )
        self.fit()

    # -- opening ----------------------------------------------------------------------------

    def present(self) -> None:
        """Show the viewer (sized to its screen when it was made), in front."""
        self.show()
        self.raise_()
        self.activateWindow()

    def fit(self) -> None:
        # 1180×860 on a large screen; on a 1366×768 laptop the page, zoom and Close must stay
        # on screen.
        fit_to_screen(self, 1180, 860)

    def open_original(self) -> bool:
        return self.path is not None and dialogs.open_original(self, str(self.path))

    def show_source(self, source: Source) -> bool:
        """Open a Source (file, page, text, pages_estimated) on its page; False on an error."""
        return self.open_page(source.file, source.page, source.text, source.pages_estimated)

    def open_page(
        self, file: str | Path, page: int, passage: str = "", pages_estimated: bool = False
    ) -> bool:
        self._close_pdf()
        self.path = Path(file)
        self.passage = passage
        self.pages_estimated = pages_estimated
        self.error = None
        self.passage_view.setPlainText(passage)
        self.setWindowTitle(self.tr("Source: {name}").format(name=self.path.name))
        try:
            if self.path.suffix.lower() == ".pdf":
                from troly.core.documents import mupdf

                self._pdf = mupdf.load().open(str(self.path))
                self.kind = "pdf"
                self.page_count = self._pdf.page_count
                self.stack.setCurrentWidget(self.scroll_area)
                if self.page_count:
                    self.zoom = self._fit_width(self._pdf[0].rect.width)
            else:
                from troly.core.documents import read_document

                document = read_document(self.path, ocr=False)
                self._text_pages = [p.text for p in document.pages]
                self.kind = "text"
                self.page_count = len(self._text_pages)
                self.stack.setCurrentWidget(self.page_text)
                page = self._page_holding_passage(page)
        except TrolyError as exc:
            return self._failed(exc.message_vi)
        except Exception as exc:  # the file changed or vanished since it was indexed
            log.warning("Cannot open %s in the viewer: %s", self.path.name, exc)
            return self._failed(
                self.tr("The file cannot be opened: {error}").format(error=str(exc))
            )
        self.cited_page = min(max(1, page), max(1, self.page_count))
        self.go_to(self.cited_page)
        return True

    def _page_holding_passage(self, cited: int) -> int:
        """The page of a text document the passage is on: the cited one unless another
        holds it more surely (a longer stretch of it), the nearest of equals. Estimated pages
        move when the estimate changes (an index made by an older TroLy), and a passage may
        begin at the foot of a page. The other pages are read only when the cited one does
        not hold a long stretch of the passage: the neighbours first, then all."""
        if not self.passage or not self._text_pages:
            return cited
        count = len(self._text_pages)
        cited = min(max(1, cited), count)
        sure = min(len(self.passage.split()), _SURE_STRETCH)
        strength = {cited: match_strength(self._text_pages[cited - 1].split(), self.passage)}
        near = range(max(1, cited - 3), min(count, cited + 3) + 1)
        for pages in (near, range(1, count + 1)):
            if max(strength.values())[0] >= sure:
                break
            for number in pages:
                if number not in strength:
                    text = self._text_pages[number - 1]
                    strength[number] = match_strength(text.split(), self.passage)
        best = max(strength, key=lambda n: (strength[n], -abs(n - cited)))
        return best if strength[best] > strength[cited] else cited

    def _failed(self, message: str) -> bool:
        self.error = message
        self.kind = ""
        self.page_count = 0
        self.highlights = []
        self.text_highlights = 0
        self.text_anchor = None
        self.image.clear()
        self.page_text.setPlainText(message)
        self.stack.setCurrentWidget(self.page_text)
        self.note.setText(message)
        self._update_controls()
        return False

    def _close_pdf(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None
        self._text_pages = []

    # -- showing a page ---------------------------------------------------------------------

    def go_to(self, page: int) -> None:
        if not self.page_count or not 1 <= page <= self.page_count:
            return
        self.page = page
        if self.kind == "pdf":
            self._render_pdf()
        else:
            self._render_text()
        self._update_controls()

    def _fit_width(self, page_width: float) -> float:
        """The zoom at which a page fills the view's width, within readable bounds."""
        available = self.scroll_area.viewport().width() - 24
        if available < 200:  # not laid out yet
            available = self.width() - 340
        return round(min(max(available / max(page_width, 1.0), ZOOMS[0]), 2.0), 2)

    def step_zoom(self, step: int) -> None:
        if self.kind == "text":
            self.page_text.zoomIn(step * 2)
            return
        bigger = [z for z in ZOOMS if z > self.zoom + 0.01]
        smaller = [z for z in ZOOMS if z < self.zoom - 0.01]
        choices = bigger[:1] if step > 0 else smaller[-1:]
        if choices:
            self.zoom = choices[0]
            if self.kind == "pdf":
                self._render_pdf()
            self._update_controls()

    def _render_pdf(self) -> None:
        from troly.core.documents import mupdf

        pymupdf = mupdf.load()
        page = self._pdf[self.page - 1]
        words = page.get_text("words")  # x0, y0, x1, y1, word, block, line, word_no
        marks = matched_words([w[4] for w in words], self.passage) if self.passage else []
        self.highlights = merge_rects(
            ((w[5], w[6]), QRectF(w[0], w[1], w[2] - w[0], w[3] - w[1]))
            for w, marked in zip(words, marks, strict=False)
            if marked
        )
        ratio = self.devicePixelRatioF() or 1.0
        scale = self.zoom * ratio
        pixmap = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
        image = QImage(
            pixmap.samples, pixmap.width, pixmap.height, pixmap.stride, QImage.Format.Format_RGB888
        ).copy()  # the samples buffer belongs to the pixmap
        if self.highlights:
            painter = QPainter(image)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_HIGHLIGHT)
            for rect in self.highlights:
                painter.drawRect(
                    QRectF(
                        rect.x() * scale - 2,
                        rect.y() * scale - 1,
                        rect.width() * scale + 4,
                        rect.height() * scale + 2,
                    )
                )
            painter.end()
        shown = QPixmap.fromImage(image)
        shown.setDevicePixelRatio(ratio)
        self.image.setPixmap(shown)
        if self.highlights:
            first = min(self.highlights, key=lambda r: r.top())
            # Once the label has its new size: bring the passage's first line into view.
            QTimer.singleShot(0, partial(self._scroll_to, int(first.top() * self.zoom)))
        if not words:
            note = self.tr(
                "This page is a scanned image without a text layer, so the passage cannot be "
                "marked on it. The passage read from it is shown here."
            )
        elif self.passage and not self.highlights and self.page == self.cited_page:
            note = self.tr("The passage was not found word for word on this page.")
        else:
            note = ""
        self.note.setText(note)

    def _scroll_to(self, y: int) -> None:
        self.scroll_area.ensureVisible(0, y, 0, self.scroll_area.viewport().height() // 3)

    def _render_text(self) -> None:
        text = self._text_pages[self.page - 1]
        ranges = highlight_ranges(text, self.passage) if self.passage else []
        self.text_highlights = len(ranges)
        self.text_anchor = ranges[0][0] if ranges else None
        self.highlights = []
        self.page_text.setHtml(highlight_html(text, ranges))
        if self.text_anchor is not None:
            # By position, not by searching the words: the first "1." or "Điều" of the page
            # is seldom the passage's.
            cursor = self.page_text.textCursor()
            cursor.setPosition(self.text_anchor)
            self.page_text.setTextCursor(cursor)
            QTimer.singleShot(0, self._scroll_to_anchor)
        note = ""
        if self.pages_estimated:
            note = self.tr(
                "This file stores no page numbers; pages are estimated, about one A4 page each."
            )
        self.note.setText(note)

    def _scroll_to_anchor(self) -> None:
        """The passage's first line near the top of the view, with a line of what precedes."""
        if self.kind != "text" or self.text_anchor is None:
            return
        bar = self.page_text.verticalScrollBar()
        top = self.page_text.cursorRect().top() + bar.value()
        bar.setValue(max(0, top - self.page_text.fontMetrics().height() * 2))

    def _update_controls(self) -> None:
        has_pages = self.page_count > 0
        self.previous_button.setEnabled(has_pages and self.page > 1)
        self.next_button.setEnabled(has_pages and self.page < self.page_count)
        self.cited_button.setEnabled(has_pages and self.page != self.cited_page)
        self.zoom_in_button.setEnabled(has_pages)
        self.zoom_out_button.setEnabled(has_pages)
        self.original_button.setEnabled(self.path is not None and self.error is None)
        if has_pages:
            if self.pages_estimated:
                text = self.tr("Page ~{page} of {count}")
            else:
                text = self.tr("Page {page} of {count}")
            self.page_label.setText(text.format(page=self.page, count=self.page_count))
        else:
            self.page_label.setText("")
        self.zoom_label.setText(f"{round(self.zoom * 100)}%" if self.kind == "pdf" else "")
        name = self.path.name if self.path else ""
        self.title.setText(
            f"<b>{html.escape(name)}</b>"
            + (f" — {html.escape(str(self.path.parent))}" if self.path else "")
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._close_pdf()
        self.page_count = 0
        super().closeEvent(event)
