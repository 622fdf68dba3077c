"""The first-run page: what TroLy does, and what to do first, one button per step.

Shown at the first start (and whenever "Bắt đầu" is chosen in the modes); it follows the
model's loading so the first step says whether the model is ready.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from troly.core.engine.base import Engine
from troly.ui.engine_holder import EngineHolder


class WelcomePage(QScrollArea):
    """Steps with their buttons; the window connects `mode_requested` and the two actions."""

    mode_requested = Signal(str)  # "chat", "ask", "summarize", "draft"
    choose_model_requested = Signal()
    add_folder_requested = Signal()

    def __init__(self, engines: EngineHolder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(self.tr("Getting started"))
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 16, 24, 16)
        title = QLabel(self.tr("Welcome to TroLy"), body)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            self.tr(
                "TroLy summarizes your documents, drafts administrative documents laid out by "
                "Decree 30/2020 and answers questions from your own files, citing the page. "
                "Everything runs on this computer: no question, document or reply leaves it."
            ),
            body,
        )
        intro.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(intro)

        self.model_state = QLabel(body)
        self.model_state.setAccessibleName(self.tr("Model status"))
        self.model_state.setWordWrap(True)
        self.model_button = QPushButton(self.tr("Choose model…"), body)
        self.folder_button = QPushButton(self.tr("Add a folder of documents…"), body)
        self.summarize_button = QPushButton(self.tr("Summarize a document"), body)
        self.draft_button = QPushButton(self.tr("Draft a document"), body)
        self.chat_button = QPushButton(self.tr("Start a conversation"), body)
        steps: tuple[tuple[str, QLabel | str, QPushButton], ...] = (
            (
                self.tr("1. The model"),
                self.model_state,
                self.model_button,
            ),
            (
                self.tr("2. Your documents"),
                self.tr(
                    "Add the folder where you keep your PDF and Word files. TroLy reads them "
                    "once (scanned pages too) and can then answer questions from them."
                ),
                self.folder_button,
            ),
            (
                self.tr("3. Summarize"),
                self.tr("Drop a long document to get its key points, each with its page."),
                self.summarize_button,
            ),
            (
                self.tr("4. Draft"),
                self.tr(
                    "Fill in the agency, number and signer once; say what the document is "
                    "about; TroLy writes the body and lays out the rest."
                ),
                self.draft_button,
            ),
            (
                self.tr("5. Chat"),
                self.tr("Ask anything; conversations are kept encrypted on this computer."),
                self.chat_button,
            ),
        )
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(14)
        grid.setHorizontalSpacing(16)
        for row, (heading, text, button) in enumerate(steps):
            label = QLabel(heading, body)
            label_font = label.font()
            label_font.setBold(True)
            label.setFont(label_font)
            label.setAlignment(Qt.AlignmentFlag.AlignTop)
            explanation = text if isinstance(text, QLabel) else QLabel(str(text), body)
            explanation.setWordWrap(True)
            button.setAccessibleName(button.text().rstrip("…"))
            grid.addWidget(label, row, 0)
            grid.addWidget(explanation, row, 1)
            grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(grid)
        later = QLabel(
            self.tr("You can come back to this page at any time: “Getting started” on the left."),
            body,
        )
        later.setWordWrap(True)
        layout.addSpacing(12)
        layout.addWidget(later)
        layout.addStretch(1)
        self.setWidget(body)

        self.model_button.clicked.connect(self.choose_model_requested)
        self.folder_button.clicked.connect(self.add_folder_requested)
        self.summarize_button.clicked.connect(lambda: self.mode_requested.emit("summarize"))
        self.draft_button.clicked.connect(lambda: self.mode_requested.emit("draft"))
        self.chat_button.clicked.connect(lambda: self.mode_requested.emit("chat"))
        engines.changed.connect(self._engine_changed)
        engines.loading.connect(lambda _stage, _percent: self._show_loading())
        engines.failed.connect(self._failed)
        self._engine_changed(engines.engine)

    def _show_loading(self) -> None:
        self.model_state.setText(self.tr("The model is loading; you can look around meanwhile."))

    def _engine_changed(self, engine: Engine | None) -> None:
        if engine is None:
            self._show_loading()
        else:
            self.model_state.setText(
                self.tr(
                    "Ready: {name}. Your administrator may provide a larger model for better "
                    "answers: choose it here."
                ).format(name=engine.name)
            )

    def _failed(self, message: str) -> None:
        self.model_state.setText(
            self.tr("The model could not be loaded: {message} Choose another model file.").format(
                message=message
            )
        )
