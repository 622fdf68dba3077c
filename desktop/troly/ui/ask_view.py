"""Questions to a collection: the sources as soon as they are found, the answer streaming beside
them, then which of them it cites.

All of an answer's rendering is here: `begin` (the question), `show_sources` (found, before the
first token), `append_answer` (the stream), `finish` (what the answer cites, its notes).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from troly.ui import theme
from troly.ui.question_box import QuestionBox
from troly.ui.transcript import Transcript

if TYPE_CHECKING:  # the task pulls in the index and the engine: kept off the start-up path
    from troly.core.tasks.ask import Answer, Source
    from troly.core.tasks.grounding import Check

_SOURCE_ROLE = Qt.ItemDataRole.UserRole
_UNCITED_ROLE = Qt.ItemDataRole.UserRole + 1  # greyed: the answer does not cite it
HEADING_CHARS = 90
SIDE_BY_SIDE_WIDTH = 560  # narrower than this, the sources go under the answer


class AskView(QWidget):
    """The question box, the answers so far, and the sources of the latest answer."""

    ask_requested = Signal(str)
    stop_requested = Signal()
    forget_requested = Signal()  # forget the questions asked of this collection
    source_activated = Signal(object)  # Source: show its page
    original_requested = Signal(str)  # a source's file: open it in its own application

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.collection_label = QLabel(self)
        self.collection_label.setAccessibleName(self.tr("Collection asked"))
        self.collection_label.setWordWrap(True)
        self.forget_button = QPushButton(self.tr("Forget these questions"), self)
        self.forget_button.setAccessibleName(
            self.tr("Forget the questions asked of this collection")
        )
        self.forget_button.setToolTip(
            self.tr("Removes the questions and answers of this collection from the history.")
        )
        self.forget_button.hide()  # shown once there is something to forget

        self.transcript = Transcript(
            self.tr("Answers"),
            self.tr(
                "Ask a question about the documents of the collection. The answer cites the "
                "file, page and article it comes from; click a source to see the page."
            ),
            self,
        )

        self.sources_label = QLabel(self.tr("Sources"), self)
        self.sources_label.setWordWrap(True)
        font = self.sources_label.font()
        font.setBold(True)
        self.sources_label.setFont(font)
        self.sources = QListWidget(self)
        self.sources.setAccessibleName(self.tr("Sources of the answer"))
        self.sources.setToolTip(self.tr("Click a source to open its page"))
        self.sources.setWordWrap(True)
        # Long labels wrap to the list's width instead of scrolling sideways.
        self.sources.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sources.setResizeMode(QListView.ResizeMode.Adjust)
        self.sources.setStyleSheet("QListWidget::item { padding: 4px; }")
        self.sources.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.open_page_button = QPushButton(self.tr("Show the page"), self)
        self.open_page_button.setAccessibleName(self.tr("Show the page of the source"))
        self.original_button = QPushButton(self.tr("Open the original file"), self)
        self.original_button.setAccessibleName(self.tr("Open the original file"))
        self.original_button.setToolTip(
            self.tr("Opens the source's file in the application your computer uses for it.")
        )
        source_buttons = QHBoxLayout()
        source_buttons.addWidget(self.open_page_button)
        source_buttons.addWidget(self.original_button)
        source_buttons.addStretch(1)
        sources_box = QWidget(self)
        sources_layout = QVBoxLayout(sources_box)
        sources_layout.setContentsMargins(0, 0, 0, 0)
        sources_layout.addWidget(self.sources_label)
        sources_layout.addWidget(self.sources, 1)
        sources_layout.addLayout(source_buttons)

        # Side by side: the sources are read while the answer streams (one above the other
        # when the page is too narrow for both, see resizeEvent).
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setAccessibleName(self.tr("Answers and sources"))
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.transcript)
        splitter.addWidget(sources_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([460, 300])

        self.box = QuestionBox(
            self.tr("Question about the documents"),
            self.tr("Type your question about the documents. Enter sends."),
            self.tr("Ask"),
            self.tr("Stop the answer (Esc)"),
            lines=3,
            parent=self,
        )
        self.question = self.box.question
        self.send_button = self.box.send_button
        self.stop_button = self.box.stop_button
        self.hint = self.box.hint

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.collection_label, 1)
        top.addWidget(self.forget_button)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.box)

        self.box.submitted.connect(self.ask_requested)
        self.box.stop_requested.connect(self.stop_requested)
        self.forget_button.clicked.connect(self.forget_requested)
        self.sources.itemClicked.connect(self._activated)
        self.sources.itemActivated.connect(self._activated)
        self.sources.currentItemChanged.connect(lambda *_: self._update_source_buttons())
        self.sources.customContextMenuRequested.connect(self._source_menu)
        self.open_page_button.clicked.connect(self._open_current_page)
        self.original_button.clicked.connect(self._open_current_original)

        self._ready = False
        self._generating = False
        self._collection = ""
        self.set_collection("")
        self._update_source_buttons()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the uncited sources in the new grey
            grey = QBrush(self._grey())
            for row in range(self.sources.count()):
                item = self.sources.item(row)
                if item.data(_UNCITED_ROLE):
                    item.setForeground(grey)

    def _grey(self) -> QColor:
        return self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        wide = event.size().width() >= SIDE_BY_SIDE_WIDTH
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            total = max(1, self.splitter.width() if wide else self.splitter.height())
            self.splitter.setSizes([total * 3 // 5, total * 2 // 5])

    # -- state ------------------------------------------------------------------------------

    def set_collection(self, name: str) -> None:
        """The collection asked; another one clears the answers of the previous one."""
        if name != self._collection:
            self.clear()
        self._collection = name
        if name:
            self.collection_label.setText(
                self.tr("Questions are answered from the collection <b>{name}</b>.").format(
                    name=html.escape(name)
                )
            )
        else:
            self.collection_label.setText(
                self.tr("Add a folder or files on the left to ask questions about them.")
            )
        self._update_controls()

    def set_ready(self, ready: bool) -> None:
        self._ready = ready
        self._update_controls()

    def set_generating(self, generating: bool) -> None:
        self._generating = generating
        self._update_controls()

    def _update_controls(self) -> None:
        can_send = self._ready and bool(self._collection)
        if not self._ready:
            tip = self.tr("The model is still loading. You can type your question meanwhile.")
        elif not self._collection:
            tip = self.tr("Choose or create a collection of documents first.")
        elif self._generating:
            tip = self.tr("Wait for the answer to finish, or press Stop.")
        else:
            tip = self.tr("Ask the question (Enter)")
        self.box.set_state(
            can_send, self._generating, tip, show_hint=not can_send and not self._generating
        )

    # -- the answer -------------------------------------------------------------------------

    def clear(self) -> None:
        """No question, no answer, no source."""
        self.transcript.clear()
        self.clear_sources()

    def begin(self, question: str) -> None:
        """A new question: shown, its answer to follow; the old sources go."""
        self.clear_sources()
        self.transcript.heading(self.tr("Question"), theme.colours().question)
        self.transcript.append(question)
        self.transcript.heading(self.tr("Answer"), theme.colours().answer)

    def show_kept(self, answer: Answer) -> None:
        """An answer kept in the history, shown as it was when it was given."""
        self.begin(answer.question)
        self.append_answer(answer.text)
        self.finish(answer)

    def append_answer(self, text: str) -> None:
        self.transcript.append(text)

    def finish(self, answer: Answer) -> None:
        """The answer is complete: which sources it cites, and why it may be short."""
        self.show_notes(answer)
        if not answer.found:
            self.note(self.tr("No passage of the collection matches the question well enough."))
            self.clear_sources()
            return
        self.show_sources(answer.sources, cited={s.number for s in answer.cited})
        if answer.stats.finish_reason == "cancelled":
            self.note(self.tr("(stopped)"))
        elif not answer.raw_text:
            self.note(self.tr("(the model gave no answer)"))
        elif not answer.answered:
            self.note(answer.text)  # only source numbers: no answer (core's words)
        elif answer.check is not None:
            self.show_check(answer.check)

    def show_notes(self, answer: Answer) -> None:
        """What the user should know beside the answer: a law the question names that the
        collection lacks, words of the question that no document holds."""
        if answer.missing_laws:
            self.note(
                self.tr("The selected documents do not contain {laws}.").format(
                    laws=", ".join(answer.missing_laws)
                )
            )
        if answer.absent_words:
            words = ", ".join(f"“{w}”" for w in answer.absent_words)
            self.note(
                self.tr(
                    "No document of the collection holds the word {words}: the answer may not "
                    "be about what you asked."
                ).format(words=words)
            )

    def note(self, text: str) -> None:
        """A short remark after a reply, such as "(đã dừng)"."""
        self.transcript.note(text)

    def show_check(self, check: Check) -> list[str]:
        """What the check of the answer against its sources found (troly.core.tasks.grounding):
        sentences whose citation was re-pointed, and sentences no source supports. Returns
        the notes shown."""
        notes = []
        for claim in check.corrected:
            notes.append(
                self.tr("Citation corrected {old} → {new}: {text}").format(
                    old=" ".join(f"[{n}]" for n in claim.cited),
                    new=" ".join(f"[{n}]" for n in claim.citations),
                    text=claim.text,
                )
            )
        for claim in check.unsupported:
            notes.append(self.tr("Not supported by the sources: {text}").format(text=claim.text))
        if check.invalid_citations:
            notes.append(
                self.tr("Removed source numbers that name no source: {numbers}").format(
                    numbers=" ".join(f"[{n}]" for n in check.invalid_citations)
                )
            )
        for text in notes:
            self.transcript.note(text)
        return notes

    def text(self) -> str:
        return self.transcript.toPlainText()

    # -- sources ----------------------------------------------------------------------------

    def source_label(self, source: Source) -> str:
        """ "[1] file.pdf — trang 12 — Điều 16. ..." """
        if source.pages_estimated:
            page = self.tr("page ~{page}").format(page=source.page)
        else:
            page = self.tr("page {page}").format(page=source.page)
        heading = " ".join(source.heading.split())
        if len(heading) > HEADING_CHARS:
            heading = heading[: HEADING_CHARS - 1].rstrip() + "…"
        parts = [f"[{source.number}] {Path(source.file).name}", page]
        if heading:
            parts.append(heading)
        return " — ".join(parts)

    def show_sources(self, sources: list[Source], cited: set[int] | None = None) -> None:
        """The passages the answer is written from. `cited`: the numbers the finished answer
        cites (listed first; the others greyed); None while it is still being written."""
        self.sources.clear()
        ordered = list(sources)
        if cited is not None:
            ordered.sort(key=lambda s: (s.number not in cited, s.number))
        grey = self._grey()
        for source in ordered:
            item = QListWidgetItem(self.source_label(source))
            item.setData(_SOURCE_ROLE, source)
            excerpt = " ".join(source.text.split())
            if len(excerpt) > 400:
                excerpt = excerpt[:399] + "…"
            tip = f"{source.file}\n\n{excerpt}"
            if cited is not None and source.number not in cited:
                item.setForeground(QBrush(grey))
                item.setData(_UNCITED_ROLE, True)
                tip = self.tr("Not cited in the answer.") + "\n" + tip
            elif cited is not None:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            item.setToolTip(tip)
            self.sources.addItem(item)
        if not sources:
            self.sources_label.setText(self.tr("Sources"))
        elif cited is None:
            self.sources_label.setText(
                self.tr("Sources found ({n}): the answer is being written from them").format(
                    n=len(sources)
                )
            )
        else:
            self.sources_label.setText(
                self.tr("Sources ({cited} cited of {n}) — click one to open its page").format(
                    cited=len(cited & {s.number for s in sources}), n=len(sources)
                )
            )
        self._update_source_buttons()

    def clear_sources(self) -> None:
        self.sources.clear()
        self.sources_label.setText(self.tr("Sources"))
        self._update_source_buttons()

    def source_labels(self) -> list[str]:
        return [self.sources.item(r).text() for r in range(self.sources.count())]

    def current_source(self) -> Source | None:
        item = self.sources.currentItem()
        return item.data(_SOURCE_ROLE) if item is not None else None

    def _update_source_buttons(self) -> None:
        has = self.current_source() is not None
        self.open_page_button.setEnabled(has)
        self.original_button.setEnabled(has)

    def _activated(self, item: QListWidgetItem) -> None:
        source = item.data(_SOURCE_ROLE)
        if source is not None:
            self.source_activated.emit(source)

    def _open_current_page(self) -> None:
        source = self.current_source()
        if source is not None:
            self.source_activated.emit(source)

    def _open_current_original(self) -> None:
        source = self.current_source()
        if source is not None:
            self.original_requested.emit(source.file)

    def _source_menu(self, position: QPoint) -> None:
        item = self.sources.itemAt(position)
        if item is None:
            return
        self.sources.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction(self.tr("Show the page"), self._open_current_page)
        menu.addAction(self.tr("Open the original file"), self._open_current_original)
        menu.exec(self.sources.viewport().mapToGlobal(position))
