"""Conversations and their messages, kept in the encrypted database."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from troly.core.engine.base import ChatMessage, Role
from troly.core.text import fold

SCHEMA_VERSION = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversation (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS message (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversation(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
    content TEXT NOT NULL,
    created REAL NOT NULL,
    finish TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS message_by_conversation ON message(conversation_id, id);
CREATE TABLE IF NOT EXISTS asked (
    id INTEGER PRIMARY KEY,
    collection TEXT NOT NULL,
    question TEXT NOT NULL,
    record TEXT NOT NULL,
    created REAL NOT NULL,
    finish TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS asked_by_collection ON asked(collection, id);
"""

# How a reply ended, kept with it so a stopped one still reads as stopped after a restart:
# "" (a question, or a reply that ended by itself), "cancelled" (Stop), "length" (the reply
# reached its maximum length), "failed" (an error cut it short).
FINISHES = ("", "stop", "cancelled", "length", "failed")


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    created: float
    updated: float


@dataclass(frozen=True)
class StoredMessage:
    id: int
    role: Role
    content: str
    created: float
    finish: str = ""

    def as_chat(self) -> ChatMessage:
        return ChatMessage(self.role, self.content)


@dataclass(frozen=True)
class StoredQuestion:
    """A question asked of a collection's documents, with its answer as a JSON record (see
    tasks.ask.Answer.to_record): kept like chat, so an answer is still there after a restart."""

    id: int
    collection: str
    question: str
    record: str
    created: float
    finish: str = ""


class HistoryStore:
    """Conversation history on an open (encrypted) apsw connection."""

    def __init__(self, connection: Any) -> None:
        self.db = connection
        version = self.db.pragma("user_version")
        if version > SCHEMA_VERSION:
            from troly.core.errors import StoreError

            raise StoreError(
                "Cơ sở dữ liệu được tạo bởi phiên bản TroLy mới hơn; hãy cập nhật TroLy.",
                "The database was created by a newer TroLy; please update TroLy.",
            )
        with self.db:
            if version == 1:  # version 2 keeps how each reply ended
                self.db.execute("ALTER TABLE message ADD COLUMN finish TEXT NOT NULL DEFAULT ''")
            # version 3 adds the questions asked of documents (the `asked` table)
            self.db.execute(_SCHEMA)
            self.db.pragma("user_version", SCHEMA_VERSION)

    def create_conversation(self, title: str) -> Conversation:
        now = time.time()
        with self.db:
            self.db.execute(
                "INSERT INTO conversation(title, created, updated) VALUES (?, ?, ?)",
                (title, now, now),
            )
            new_id = self.db.last_insert_rowid()
        return Conversation(new_id, title, now, now)

    def conversations(self) -> list[Conversation]:
        rows = self.db.execute(
            "SELECT id, title, created, updated FROM conversation ORDER BY updated DESC, id DESC"
        )
        return [Conversation(*row) for row in rows]

    def get(self, conversation_id: int) -> Conversation | None:
        row = self.db.execute(
            "SELECT id, title, created, updated FROM conversation WHERE id = ?",
            (conversation_id,),
        ).fetchone()
        return Conversation(*row) if row else None

    def rename(self, conversation_id: int, title: str) -> None:
        with self.db:
            self.db.execute(
                "UPDATE conversation SET title = ? WHERE id = ?", (title, conversation_id)
            )

    def delete(self, conversation_id: int) -> None:
        with self.db:
            self.db.execute("DELETE FROM conversation WHERE id = ?", (conversation_id,))

    def add_message(
        self, conversation_id: int, role: Role, content: str, finish: str = ""
    ) -> StoredMessage:
        """Append a message; `finish` says how a reply ended (see FINISHES)."""
        if finish not in FINISHES:
            raise ValueError(f"unknown finish {finish!r}")
        now = time.time()
        with self.db:
            self.db.execute(
                "INSERT INTO message(conversation_id, role, content, created, finish) "
                "VALUES (?, ?, ?, ?, ?)",
                (conversation_id, role, content, now, finish),
            )
            new_id = self.db.last_insert_rowid()
            self.db.execute(
                "UPDATE conversation SET updated = ? WHERE id = ?", (now, conversation_id)
            )
        return StoredMessage(new_id, role, content, now, finish)

    def delete_message(self, message_id: int) -> None:
        """Remove one message (a reply the user asks to write again)."""
        with self.db:
            self.db.execute("DELETE FROM message WHERE id = ?", (message_id,))

    def messages(self, conversation_id: int) -> list[StoredMessage]:
        rows = self.db.execute(
            "SELECT id, role, content, created, finish FROM message WHERE conversation_id = ? "
            "ORDER BY id",
            (conversation_id,),
        )
        return [StoredMessage(*row) for row in rows]

    def add_question(
        self, collection: str, question: str, record: str, finish: str = ""
    ) -> StoredQuestion:
        """Keep a question asked of `collection` and its answer (a JSON record)."""
        if finish not in FINISHES:
            raise ValueError(f"unknown finish {finish!r}")
        now = time.time()
        with self.db:
            self.db.execute(
                "INSERT INTO asked(collection, question, record, created, finish) "
                "VALUES (?, ?, ?, ?, ?)",
                (collection, question, record, now, finish),
            )
            new_id = self.db.last_insert_rowid()
        return StoredQuestion(new_id, collection, question, record, now, finish)

    def questions(self, collection: str, limit: int = 100) -> list[StoredQuestion]:
        """The questions asked of `collection`, newest first."""
        rows = self.db.execute(
            "SELECT id, collection, question, record, created, finish FROM asked "
            "WHERE collection = ? ORDER BY id DESC LIMIT ?",
            (collection, limit),
        )
        return [StoredQuestion(*row) for row in rows]

    def delete_question(self, question_id: int) -> None:
        with self.db:
            self.db.execute("DELETE FROM asked WHERE id = ?", (question_id,))

    def delete_questions(self, collection: str) -> None:
        """Forget every question asked of `collection`."""
        with self.db:
            self.db.execute("DELETE FROM asked WHERE collection = ?", (collection,))

    def search(self, query: str) -> list[Conversation]:
        """Conversations whose title or messages contain every word of the query, newest
        first. Words match without regard to case or tone marks ("cong van" finds "Công văn").

        The text is compared here, in Python, after decryption: SQLite cannot fold Vietnamese,
        and one user's history is small enough to read through."""
        words = fold(query).split()
        if not words:
            return self.conversations()
        texts: dict[int, list[str]] = {}
        for conversation_id, content in self.db.execute(
            "SELECT conversation_id, content FROM message"
        ):
            texts.setdefault(conversation_id, []).append(content)
        found = []
        for conversation in self.conversations():
            haystack = fold(" ".join([conversation.title, *texts.get(conversation.id, [])]))
            if all(word in haystack for word in words):
                found.append(conversation)
        return found

    def close(self) -> None:
        self.db.close()


def title_from(text: str, limit: int = 60) -> str:
    """A conversation title from its first question: one line, cut at a word."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line or "Cuộc hội thoại mới"
    cut = line[:limit].rsplit(" ", 1)[0]
    return cut + "…"
