"""The question box of chat and of ask mode: the text, Send and Stop, and a hint under them.

Enter sends, Shift+Enter starts a new line, Esc stops. The box stays usable while the model
loads (the question waits; it is never lost); Send is enabled only when the owner says so.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


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


class QuestionBox(QWidget):
    """The question, Send and Stop. The owner names the buttons and says when Send may be used
    (`set_state`); `submitted(text)` carries a non-empty question, the box then empty."""

    submitted = Signal(str)
    stop_requested = Signal()

    def __init__(
        self,
        accessible_name: str,
        placeholder: str,
        send_label: str,
        stop_tip: str,
        lines: int = 3,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.question = QuestionEdit(self)
        self.question.setAccessibleName(accessible_name)
        self.question.setPlaceholderText(placeholder)
        self.question.setTabChangesFocus(True)
        self._lines = lines
        self.send_button = QPushButton(send_label, self)
        self.send_button.setAccessibleName(send_label)
        self.send_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setAccessibleName(self.tr("Stop"))
        self.stop_button.setToolTip(stop_tip)
        self.stop_button.setEnabled(False)
        self.hint = QLabel(self)
        self.hint.setAccessibleName(self.tr("Hint"))
        self.hint.setWordWrap(True)
        self.hint.hide()

        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.question, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        self._fit_height()

        self.send_button.clicked.connect(self._submit)
        self.question.submitted.connect(self._submit)
        self.stop_button.clicked.connect(self.stop_requested)
        self.question.escape_pressed.connect(self.stop_requested)

    def _fit_height(self) -> None:
        # Follows the font: a larger font size setting gets a taller box.
        self.question.setFixedHeight(self.question.fontMetrics().lineSpacing() * self._lines + 16)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()
        super().changeEvent(event)

    def set_state(self, can_send: bool, generating: bool, tip: str, show_hint: bool) -> None:
        """Send and Stop follow the owner's state; `tip` explains Send (and shows as the hint
        under the box when `show_hint`: why the question cannot be sent yet)."""
        self.send_button.setEnabled(can_send and not generating)
        self.stop_button.setEnabled(generating)
        self.send_button.setToolTip(tip)
        self.hint.setText(tip if show_hint else "")
        self.hint.setVisible(show_hint)

    def _submit(self) -> None:
        text = self.question.toPlainText().strip()
        if not text or not self.send_button.isEnabled():
            return
        self.question.clear()
        self.submitted.emit(text)
