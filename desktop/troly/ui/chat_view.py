"""The conversation on the right: the transcript, with copy and regenerate under the replies,
and the question box."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from troly.core.engine.base import Role
from troly.ui import theme
from troly.ui.question_box import QuestionBox
from troly.ui.transcript import Transcript


@dataclass
class Turn:
    """One message as the chat shows it: how a reply ended is kept with it (see history)."""

    role: Role  # "user" or "assistant"
    content: str
    finish: str = ""  # "", "stop", "cancelled", "length", "failed"
    message_id: int | None = None  # in the history store, when it is kept


class ChatView(QWidget):
    """Shows the turns of one conversation and takes the next question."""

    send_requested = Signal(str)
    stop_requested = Signal()
    copy_requested = Signal(int)  # index of the turn
    regenerate_requested = Signal()

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
        self.box = QuestionBox(
            self.tr("Question"),
            self.tr("Type your question. Enter sends, Shift+Enter starts a new line."),
            self.tr("Send"),
            self.tr("Stop the reply (Esc)"),
            lines=4,
            parent=self,
        )
        # The parts tests and the window reach for.
        self.question = self.box.question
        self.send_button = self.box.send_button
        self.stop_button = self.box.stop_button
        self.hint = self.box.hint

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.transcript, 1)
        layout.addWidget(self.box)

        self.box.submitted.connect(self.send_requested)
        self.box.stop_requested.connect(self.stop_requested)
        self.transcript.anchorClicked.connect(self._link)

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
        if not self._ready:
            tip = self.tr("The model is still loading. You can type your question meanwhile.")
        elif self._generating:
            tip = self.tr("Wait for the reply to finish, or press Stop.")
        else:
            tip = self.tr("Send the question (Enter)")
        self.box.set_state(self._ready, self._generating, tip, show_hint=not self._ready)

    # -- transcript -------------------------------------------------------------------------

    def clear(self) -> None:
        self.transcript.clear()

    def finish_note(self, finish: str, content: str) -> str:
        """The remark a reply's ending earns: "(đã dừng)" for a stopped one, and so on."""
        if finish == "cancelled":
            return self.tr("(stopped)")
        if finish == "length":
            return self.tr("(maximum reply length reached)")
        if finish == "failed":
            return self.tr("(the reply was cut short by an error)")
        if not content:
            return self.tr("(the model gave no reply)")
        return ""

    def show_turns(self, turns: list[Turn]) -> None:
        """Replace the transcript with these turns, each reply with its note and actions."""
        self.transcript.clear()
        last_reply = max((i for i, t in enumerate(turns) if t.role == "assistant"), default=-1)
        for index, turn in enumerate(turns):
            if turn.role == "user":
                self.add_user(turn.content)
            elif turn.role == "assistant":
                self.begin_assistant()
                self.append_assistant(turn.content)
                self.end_assistant(index, turn, last=index == last_reply)
        self.transcript.verticalScrollBar().setValue(self.transcript.verticalScrollBar().maximum())

    def add_user(self, text: str) -> None:
        self.transcript.heading(self.tr("You"), theme.colours().question)
        self.transcript.append(text)

    def begin_assistant(self) -> None:
        self.transcript.heading(self.tr("TroLy"), theme.colours().answer)

    def append_assistant(self, text: str) -> None:
        self.transcript.append(text)

    def end_assistant(self, index: int, turn: Turn, last: bool) -> None:
        """The note and the actions under a finished reply."""
        note = self.finish_note(turn.finish, turn.content)
        if note:
            self.transcript.note(note)
        links = []
        if turn.content:
            links.append((f"copy:{index}", self.tr("Copy")))
        if last:
            links.append(("regenerate:", self.tr("Regenerate")))
        self.transcript.action_line(links)

    def note(self, text: str) -> None:
        """A short remark after a reply."""
        self.transcript.note(text)

    def text(self) -> str:
        return self.transcript.toPlainText()

    def _link(self, url: QUrl) -> None:
        self.activate_link(url.toString())

    def activate_link(self, href: str) -> None:
        """What a click on an action does ("copy:3", "regenerate:")."""
        kind, _, value = href.partition(":")
        if kind == "copy" and value.isdigit():
            self.copy_requested.emit(int(value))
        elif kind == "regenerate" and not self._generating:
            self.regenerate_requested.emit()
