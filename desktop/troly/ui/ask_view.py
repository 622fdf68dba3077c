"""Questions to a collection: the answer as it streams, then its sources to click."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from troly.ui.chat_view import QuestionEdit
from troly.ui.transcript import Transcript

_SOURCE_ROLE = Qt.ItemDataRole.UserRole
_QUESTION_COLOUR = "#1d4f91"
_ANSWER_COLOUR = "#b3261e"
HEADING_CHARS = 90


class AskView(QWidget):
    """The question box, the answers so far, and the sources of the latest answer."""

    ask_requested = Signal(str)
    stop_requested = Signal()
    source_activated = Signal(object)  # Source

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.collection_label = QLabel(self)
        self.collection_label.setAccessibleName(self.tr("Collection asked"))
        self.collection_label.setWordWrap(True)

        self.transcript = Transcript(
            self.tr("Answers"),
            self.tr(
                "Ask a question about the documents of the collection. The answer cites the "
                "file, page and article it comes from; click a source to see the page."
            ),
            self,
        )

        self.sources_label = QLabel(self.tr("Sources"), self)
        font = self.sources_label.font()
        font.setBold(True)
        self.sources_label.setFont(font)
        self.sources = QListWidget(self)
        self.sources.setAccessibleName(self.tr("Sources of the answer"))
        self.sources.setToolTip(self.tr("Click a source to open its page"))
        self.sources.setWordWrap(True)
        self.sources.setStyleSheet("QListWidget::item { padding: 4px; }")
        sources_box = QWidget(self)
        sources_layout = QVBoxLayout(sources_box)
        sources_layout.setContentsMargins(0, 0, 0, 0)
        sources_layout.addWidget(self.sources_label)
        sources_layout.addWidget(self.sources, 1)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setAccessibleName(self.tr("Answers and sources"))
        splitter.addWidget(self.transcript)
        splitter.addWidget(sources_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 160])

        self.question = QuestionEdit(self)
        self.question.setAccessibleName(self.tr("Question about the documents"))
        self.question.setPlaceholderText(
            self.tr("Type your question about the documents. Enter sends.")
        )
        self.question.setTabChangesFocus(True)
        self.question.setFixedHeight(self.question.fontMetrics().lineSpacing() * 3 + 16)
        self.send_button = QPushButton(self.tr("Ask"), self)
        self.send_button.setAccessibleName(self.tr("Ask"))
        self.send_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setAccessibleName(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the answer (Esc)"))
        self.hint = QLabel(self)
        self.hint.setAccessibleName(self.tr("Hint"))
        self.hint.setWordWrap(True)

        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.question, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.collection_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(row)
        layout.addWidget(self.hint)

        self.send_button.clicked.connect(self._submit)
        self.question.submitted.connect(self._submit)
        self.stop_button.clicked.connect(self.stop_requested)
        self.question.escape_pressed.connect(self.stop_requested)
        self.sources.itemClicked.connect(self._activated)
        self.sources.itemActivated.connect(self._activated)

        self._ready = False
        self._generating = False
        self._collection = ""
        self.set_collection("")

    # -- state ------------------------------------------------------------------------------

    def set_collection(self, name: str) -> None:
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
        can_send = self._ready and not self._generating and bool(self._collection)
        self.send_button.setEnabled(can_send)
        self.stop_button.setEnabled(self._generating)
        if not self._ready:
            tip = self.tr("The model is still loading. You can type your question meanwhile.")
        elif not self._collection:
            tip = self.tr("Choose or create a collection of documents first.")
        elif self._generating:
            tip = self.tr("Wait for the answer to finish, or press Stop.")
        else:
            tip = self.tr("Ask the question (Enter)")
        self.send_button.setToolTip(tip)
        self.hint.setText("" if can_send or self._generating else tip)
        self.hint.setVisible(not (can_send or self._generating))

    def _submit(self) -> None:
        text = self.question.toPlainText().strip()
        if not text or not self.send_button.isEnabled():
            return
        self.question.clear()
        self.ask_requested.emit(text)

    # -- transcript -------------------------------------------------------------------------

    def begin(self, question: str) -> None:
        """A new question: shown, its answer to follow; the old sources go."""
        self.clear_sources()
        self.transcript.heading(self.tr("Question"), _QUESTION_COLOUR)
        self.transcript.append(question)
        self.transcript.heading(self.tr("Answer"), _ANSWER_COLOUR)

    def append_answer(self, text: str) -> None:
        self.transcript.append(text)

    def note(self, text: str) -> None:
        """A short remark after a reply, such as "(stopped)"."""
        self.transcript.note(text)

    def show_check(self, check: Any) -> list[str]:
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

    def source_label(self, source: Any) -> str:
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

    def show_sources(self, sources: list[Any]) -> None:
        self.clear_sources()
        for source in sources:
            item = QListWidgetItem(self.source_label(source))
            item.setData(_SOURCE_ROLE, source)
            excerpt = " ".join(source.text.split())
            if len(excerpt) > 400:
                excerpt = excerpt[:399] + "…"
            item.setToolTip(f"{source.file}\n\n{excerpt}")
            self.sources.addItem(item)
        self.sources_label.setText(
            self.tr("Sources ({n}) — click one to open its page").format(n=len(sources))
            if sources
            else self.tr("Sources")
        )

    def clear_sources(self) -> None:
        self.sources.clear()
        self.sources_label.setText(self.tr("Sources"))

    def source_labels(self) -> list[str]:
        return [self.sources.item(r).text() for r in range(self.sources.count())]

    def _activated(self, item: QListWidgetItem) -> None:
        source = item.data(_SOURCE_ROLE)
        if source is not None:
            self.source_activated.emit(source)
