"""The conversation on the right: the transcript, the question box, Send and Stop."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from troly.ui.transcript import Transcript

_USER_COLOUR = "#1d4f91"
_ASSISTANT_COLOUR = "#b3261e"


class QuestionEdit(QPlainTextEdit):
    """Enter sends, Shift+Enter starts a new line, Esc stops the reply."""

    submitted = Signal()
    escape_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
            else:
                self.submitted.emit()
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ChatView(QWidget):
    """Shows the turns of one conversation and takes the next question."""

    send_requested = Signal(str)
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.transcript = Transcript(
            self.tr("Conversation transcript"),
            self.tr(
                "Ask a question below. Replies are generated on this computer; nothing "
                "is sent over the network."
            ),
            self,
        )

        self.question = QuestionEdit(self)
        self.question.setAccessibleName(self.tr("Question"))
        self.question.setPlaceholderText(
            self.tr("Type your question. Enter sends, Shift+Enter starts a new line.")
        )
        self.question.setTabChangesFocus(True)
        self.question.setFixedHeight(self.question.fontMetrics().lineSpacing() * 4 + 16)

        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setAccessibleName(self.tr("Send"))
        self.send_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setAccessibleName(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the reply (Esc)"))
        self.stop_button.setEnabled(False)

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
        layout.addWidget(self.transcript, 1)
        layout.addLayout(row)
        layout.addWidget(self.hint)

        self.send_button.clicked.connect(self._submit)
        self.question.submitted.connect(self._submit)
        self.stop_button.clicked.connect(self.stop_requested)
        self.question.escape_pressed.connect(self.stop_requested)

        self._ready = False
        self._generating = False
        self._update_controls()

    # -- state ------------------------------------------------------------------------------

    def set_ready(self, ready: bool) -> None:
        """Whether a model is loaded: Send waits for it; the question box is always usable."""
        self._ready = ready
        self._update_controls()

    def set_generating(self, generating: bool) -> None:
        self._generating = generating
        self._update_controls()

    def _update_controls(self) -> None:
        self.send_button.setEnabled(self._ready and not self._generating)
        self.stop_button.setEnabled(self._generating)
        if not self._ready:
            tip = self.tr("The model is still loading. You can type your question meanwhile.")
        elif self._generating:
            tip = self.tr("Wait for the reply to finish, or press Stop.")
        else:
            tip = self.tr("Send the question (Enter)")
        self.send_button.setToolTip(tip)
        self.hint.setText("" if self._ready else tip)
        self.hint.setVisible(not self._ready)

    def _submit(self) -> None:
        text = self.question.toPlainText().strip()
        if not text or not self._ready or self._generating:
            return
        self.question.clear()
        self.send_requested.emit(text)

    # -- transcript -------------------------------------------------------------------------

    def clear(self) -> None:
        self.transcript.clear()

    def show_messages(self, messages: list[tuple[str, str]]) -> None:
        """Replace the transcript with (role, content) turns."""
        self.transcript.clear()
        for role, content in messages:
            if role == "user":
                self.add_user(content)
            elif role == "assistant":
                self.begin_assistant()
                self.append_assistant(content)

    def add_user(self, text: str) -> None:
        self.transcript.heading(self.tr("You"), _USER_COLOUR)
        self.transcript.append(text)

    def begin_assistant(self) -> None:
        self.transcript.heading(self.tr("TroLy"), _ASSISTANT_COLOUR)

    def append_assistant(self, text: str) -> None:
        self.transcript.append(text)

    def note(self, text: str) -> None:
        """A short remark after a reply, such as "(stopped)"."""
        self.transcript.note(text)

    def text(self) -> str:
        return self.transcript.toPlainText()
