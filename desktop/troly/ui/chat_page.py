"""Chat, a page like the others: the saved conversations on the left, the open one on the right.

Replies stream from a GenerationWorker with the engine the holder lends; every message goes to
the encrypted history as it is written, with how a reply ended ("cancelled" after Stop), so a
stopped reply still reads as stopped after a restart.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from troly.core.engine.base import ChatMessage, GenerationStats
from troly.core.errors import TrolyError
from troly.core.history import HistoryStore, title_from
from troly.ui import dialogs
from troly.ui.chat_view import ChatView, Turn
from troly.ui.conversation_list import ConversationList
from troly.ui.engine_holder import EngineHolder
from troly.ui.jobs import Job
from troly.ui.panes import side_by_side
from troly.ui.workers import GenerationWorker

if TYPE_CHECKING:
    from troly.core.session import Session

log = logging.getLogger(__name__)


class ChatPage(QWidget):
    """Give it the session and the engine holder; `open_history()` once the window is up."""

    reply_finished = Signal(object)  # GenerationStats
    busy_changed = Signal(bool)
    speed_changed = Signal(float)  # tokens/s of the reply being written, then of the last one
    title_changed = Signal(str)  # the open conversation's title ("" for a new one)
    message = Signal(str, int)  # a transient status message, milliseconds

    def __init__(
        self, session: Session, engines: EngineHolder, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.engines = engines
        self.language: str = session.settings.language
        self.history: HistoryStore | None = None
        self.history_error: str | None = None
        self.current_id: int | None = None
        self.turns: list[Turn] = []
        self.last_stats: GenerationStats | None = None
        self.last_error: str | None = None
        self.last_speed: float | None = None
        self._reply: list[str] = []
        self.job = Job(self, "GenerationWorker", engines)

        self.conversations = ConversationList(self)
        self.view = ChatView(self)
        side_by_side(
            self, self.conversations, self.view, self.tr("Conversations and chat"), (260, 840)
        )

        self.view.send_requested.connect(self.send)
        self.view.stop_requested.connect(self.stop)
        self.view.copy_requested.connect(self.copy_turn)
        self.view.regenerate_requested.connect(self.regenerate)
        self.conversations.selected.connect(self.open_conversation)
        self.conversations.new_requested.connect(self.new_conversation)
        self.conversations.deleted.connect(self._conversation_deleted)
        self.conversations.renamed.connect(self._conversation_renamed)
        engines.changed.connect(lambda engine: self.view.set_ready(engine is not None))
        self.view.set_ready(engines.engine is not None)
        self.job.busy_changed.connect(self._set_generating)
        self.job.speed_changed.connect(self.speed_changed)

    def focus_question(self) -> None:
        self.view.question.setFocus()

    # -- history ----------------------------------------------------------------------------

    def open_history(self) -> str | None:
        """Open the encrypted history; the reason (in the user's language) when it cannot be."""
        try:
            self.history = self.session.open_history()
        except TrolyError as exc:
            self.history = None
            self.history_error = exc.message(self.language)
            log.warning("History disabled: %s", exc.message_en)
        self.conversations.set_store(self.history)
        return self.history_error

    def new_conversation(self) -> None:
        if self.generating():
            return
        self.current_id = None
        self.turns = []
        self.view.clear()
        self.conversations.select(None)
        self.title_changed.emit("")
        self.focus_question()

    def open_conversation(self, conversation_id: int) -> None:
        if self.history is None or self.generating():
            return
        conversation = self.history.get(conversation_id)
        if conversation is None:
            return
        self.current_id = conversation_id
        self.turns = [
            Turn(m.role, m.content, m.finish, m.id)
            for m in self.history.messages(conversation_id)
            if m.role in ("user", "assistant")
        ]
        self.view.show_turns(self.turns)
        self.title_changed.emit(conversation.title)

    def _conversation_deleted(self, conversation_id: int) -> None:
        if conversation_id == self.current_id:
            self.new_conversation()

    def _conversation_renamed(self, conversation_id: int, title: str) -> None:
        if conversation_id == self.current_id:
            self.title_changed.emit(title)

    def _save(self, turn: Turn) -> None:
        if self.history is None:
            return
        try:
            if self.current_id is None:
                title = title_from(turn.content)
                self.current_id = self.history.create_conversation(title).id
                self.title_changed.emit(title)
            stored = self.history.add_message(self.current_id, turn.role, turn.content, turn.finish)
            turn.message_id = stored.id
        except Exception as exc:  # apsw errors are not TrolyErrors; keep chatting regardless
            log.exception("Could not save a message")
            reason = exc.message(self.language) if isinstance(exc, TrolyError) else str(exc)
            self.message.emit(
                self.tr("The message could not be saved: {error}").format(error=reason), 10000
            )
        self.conversations.refresh(select=self.current_id)

    # -- generation -------------------------------------------------------------------------

    def generating(self) -> bool:
        return self.job.running()

    def generation_thread(self) -> QThread | None:
        return self.job.qthread()

    def send(self, text: str) -> None:
        """Send a question in the current conversation (a new one if none is open)."""
        text = text.strip()
        if not text or self.generating() or self.engines.engine is None:
            return
        turn = Turn("user", text)
        self.turns.append(turn)
        self._save(turn)
        self.view.add_user(text)
        self._generate()

    def regenerate(self) -> None:
        """Write the last reply again: it leaves the conversation (and the history) first."""
        if self.generating() or self.engines.engine is None:
            return
        if not self.turns or self.turns[-1].role != "assistant":
            return
        old = self.turns.pop()
        if self.history is not None and old.message_id is not None:
            try:
                self.history.delete_message(old.message_id)
            except Exception:
                log.exception("Could not remove the reply to write again")
        self.view.show_turns(self.turns)
        self._generate()

    def _generate(self) -> None:
        messages = [
            *self.session.system_messages(),
            *(ChatMessage(t.role, t.content) for t in self.turns),
        ]
        params = self.session.generation_params()
        worker = self.job.start_with_engine(
            lambda engine: GenerationWorker(engine, messages, params, self.language),
            pieces=self._pieces,
            finished=self._finished,
            failed=self._failed,
        )
        if worker is None:
            return
        self.view.begin_assistant()
        self._reply = []
        self.message.emit(self.tr("Writing the reply…"), 0)

    def stop(self) -> None:
        if self.job.running():
            self.job.stop()
            self.message.emit(self.tr("Stopping…"), 3000)

    def _set_generating(self, generating: bool) -> None:
        self.view.set_generating(generating)
        self.conversations.setEnabled(not generating)
        self.busy_changed.emit(generating)

    # The job hands on only the current reply's signals, and ends it (engine released, busy
    # off) before `finished` or `failed` reaches these.

    def _pieces(self, text: str) -> None:
        self._reply.append(text)
        self.view.append_assistant(text)

    def _end_reply(self, finish: str) -> Turn:
        turn = Turn("assistant", "".join(self._reply).strip(), finish)
        self._reply = []
        # The assistant's turn is kept even when stopped or empty, so turns stay alternating.
        self.turns.append(turn)
        self._save(turn)
        self.view.end_assistant(len(self.turns) - 1, turn, last=True)
        self.focus_question()
        return turn

    def _finished(self, stats: GenerationStats) -> None:
        self._end_reply(stats.finish_reason)
        self.last_stats = stats
        if stats.generated_tokens > 1:
            self.last_speed = stats.tokens_per_second
            self.speed_changed.emit(stats.tokens_per_second)
        if stats.trimmed_messages:
            self.message.emit(
                self.tr("The oldest turns were left out so the conversation fits the context."),
                10000,
            )
        else:
            self.message.emit("", 0)
        self.reply_finished.emit(stats)

    def _failed(self, message: str) -> None:
        self._end_reply("failed")
        self.last_error = message
        self.message.emit("", 0)
        dialogs.warn(self, self.tr("The reply could not be generated"), message)

    def copy_turn(self, index: int) -> None:
        if 0 <= index < len(self.turns):
            QGuiApplication.clipboard().setText(self.turns[index].content)
            self.message.emit(self.tr("Copied."), 3000)

    # -- closing ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the reply and join its thread; close the history."""
        self.job.shutdown()
        if self.history is not None:
            self.history.close()
            self.history = None
