"""Conversation history on the real encrypted store: how a reply ended is kept with it, an
older database is migrated in place, search folds tone marks, a reply can be removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from troly.core.history import SCHEMA_VERSION, HistoryStore
from troly.core.session import Session
from troly.core.vault import open_encrypted_database


def test_a_stopped_reply_is_still_stopped_when_read_back(troly_home: Path) -> None:
    store = Session(troly_home).open_history()
    conversation = store.create_conversation("Mùa thu")
    store.add_message(conversation.id, "user", "Viết một bài văn dài.")
    reply = store.add_message(conversation.id, "assistant", "Mùa thu Hà Nội", "cancelled")
    store.close()

    again = Session(troly_home).open_history()
    try:
        messages = again.messages(conversation.id)
        assert [(m.role, m.finish) for m in messages] == [("user", ""), ("assistant", "cancelled")]
        assert messages[-1].id == reply.id
        with pytest.raises(ValueError):
            again.add_message(conversation.id, "assistant", "x", "maybe")
        again.delete_message(reply.id)
        assert [m.role for m in again.messages(conversation.id)] == ["user"]
    finally:
        again.close()


def test_a_version_1_database_gains_the_finish_column(troly_home: Path) -> None:
    paths = Session(troly_home).paths
    db = open_encrypted_database(paths.database_file)
    # The version 1 schema, as TroLy 0.x wrote it.
    db.execute(
        "CREATE TABLE conversation (id INTEGER PRIMARY KEY, title TEXT NOT NULL, "
        "created REAL NOT NULL, updated REAL NOT NULL);"
        "CREATE TABLE message (id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL "
        "REFERENCES conversation(id) ON DELETE CASCADE, role TEXT NOT NULL, "
        "content TEXT NOT NULL, created REAL NOT NULL);"
        "INSERT INTO conversation VALUES (1, 'Cũ', 1.0, 1.0);"
        "INSERT INTO message VALUES (1, 1, 'user', 'câu hỏi cũ', 1.0);"
    )
    db.pragma("user_version", 1)
    store = HistoryStore(db)
    try:
        assert db.pragma("user_version") == SCHEMA_VERSION == 3
        (old,) = store.messages(1)
        assert (old.content, old.finish) == ("câu hỏi cũ", "")
        store.add_message(1, "assistant", "trả lời", "length")
        assert store.messages(1)[-1].finish == "length"
    finally:
        store.close()


def test_search_matches_titles_and_messages_without_tone_marks(troly_home: Path) -> None:
    store = Session(troly_home).open_history()
    try:
        a = store.create_conversation("Công văn số 12")
        store.add_message(a.id, "user", "Tóm tắt công văn.")
        b = store.create_conversation("Kế hoạch năm 2025")
        store.add_message(b.id, "assistant", "Báo cáo quý III gửi Sở Nội vụ.")
        assert [c.id for c in store.search("cong van")] == [a.id]
        assert [c.id for c in store.search("SỞ NỘI VỤ")] == [b.id]
        assert [c.id for c in store.search("bao cao quy")] == [b.id]
        assert store.search("không có ở đâu") == []
        assert [c.id for c in store.search("  ")] == [b.id, a.id]
    finally:
        store.close()


def test_questions_asked_of_documents_are_kept_per_collection(troly_home: Path) -> None:
    store = Session(troly_home).open_history()
    first = store.add_question("Luật", "Nghỉ phép năm mấy ngày?", '{"raw": "12 ngày [1]."}')
    store.add_question("Luật", "Tuổi nghỉ hưu?", "{}", "cancelled")
    store.add_question("Báo cáo", "Xã nào thấp nhất?", "{}")
    with pytest.raises(ValueError):
        store.add_question("Luật", "?", "{}", "maybe")
    store.close()

    again = Session(troly_home).open_history()
    try:
        kept = again.questions("Luật")
        assert [(q.question, q.finish) for q in kept] == [
            ("Tuổi nghỉ hưu?", "cancelled"),
            ("Nghỉ phép năm mấy ngày?", ""),
        ]
        assert kept[-1].record == '{"raw": "12 ngày [1]."}'
        assert [q.question for q in again.questions("Báo cáo")] == ["Xã nào thấp nhất?"]
        again.delete_question(first.id)
        assert [q.question for q in again.questions("Luật")] == ["Tuổi nghỉ hưu?"]
    finally:
        again.close()


def test_a_version_2_database_gains_the_questions_table(troly_home: Path) -> None:
    paths = Session(troly_home).paths
    db = open_encrypted_database(paths.database_file)
    db.execute(
        "CREATE TABLE conversation (id INTEGER PRIMARY KEY, title TEXT NOT NULL, "
        "created REAL NOT NULL, updated REAL NOT NULL);"
        "CREATE TABLE message (id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL "
        "REFERENCES conversation(id) ON DELETE CASCADE, role TEXT NOT NULL, "
        "content TEXT NOT NULL, created REAL NOT NULL, finish TEXT NOT NULL DEFAULT '');"
        "INSERT INTO conversation VALUES (1, 'Cũ', 1.0, 1.0);"
    )
    db.pragma("user_version", 2)
    store = HistoryStore(db)
    try:
        assert db.pragma("user_version") == 3
        assert store.get(1) is not None and store.questions("Luật") == []
        store.add_question("Luật", "Câu hỏi?", "{}")
        assert len(store.questions("Luật")) == 1
    finally:
        store.close()
