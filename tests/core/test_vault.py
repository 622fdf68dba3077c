"""The encrypted store against a real Secret Service (gnome-keyring under dbus-run-session)."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from troly.core.errors import KeyringUnavailableError, StoreError
from troly.core.history import HistoryStore, title_from
from troly.core.vault import forget_database_key, open_encrypted_database

CANARY = "MẬT-canary-7f3a9c-văn-bản-mật"


def test_history_is_encrypted_at_rest(tmp_path: Path) -> None:
    db = tmp_path / "troly.db"
    store = HistoryStore(open_encrypted_database(db))
    conv = store.create_conversation("Hỏi về " + CANARY)
    store.add_message(conv.id, "user", CANARY)
    store.add_message(conv.id, "assistant", "Trả lời " + CANARY)
    store.close()
    for path in tmp_path.iterdir():  # the database, its WAL and shm files
        raw = path.read_bytes()
        assert CANARY.encode("utf-8") not in raw, path
        assert b"SQLite format 3" not in raw[:16]
    reopened = HistoryStore(open_encrypted_database(db))
    assert [m.content for m in reopened.messages(conv.id)] == [CANARY, "Trả lời " + CANARY]
    reopened.close()
    forget_database_key(db)


def test_no_keyring_is_a_clear_error_and_no_plaintext(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(KeyringUnavailableError) as err:
            open_encrypted_database(tmp_path / "troly.db")
    finally:
        keyring.set_keyring(previous)
    assert "keyring" in err.value.message_vi
    assert not (tmp_path / "troly.db").exists()


def test_lost_key_leaves_the_database_untouched(tmp_path: Path) -> None:
    db = tmp_path / "troly.db"
    store = HistoryStore(open_encrypted_database(db))
    store.create_conversation("x")
    store.close()
    before = db.read_bytes()
    forget_database_key(db)
    with pytest.raises(StoreError) as err:
        open_encrypted_database(db)
    assert "không còn trong keyring" in err.value.message_vi
    assert db.read_bytes() == before


def test_wrong_key_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "troly.db"
    HistoryStore(open_encrypted_database(db)).close()
    from troly.core.vault import KEYRING_SERVICE, _account_for

    keyring.set_password(KEYRING_SERVICE, _account_for(db), "00" * 32)
    with pytest.raises(StoreError) as err:
        open_encrypted_database(db)
    assert "không khớp" in err.value.message_vi
    forget_database_key(db)


def test_conversation_crud(tmp_path: Path) -> None:
    db = tmp_path / "troly.db"
    store = HistoryStore(open_encrypted_database(db))
    a = store.create_conversation("Một")
    b = store.create_conversation("Hai")
    store.add_message(a.id, "user", "câu hỏi")
    assert store.conversations()[0].id == a.id  # most recently updated first
    store.rename(b.id, "Hai (sửa)")
    assert store.get(b.id).title == "Hai (sửa)"
    store.delete(a.id)
    assert store.get(a.id) is None
    assert store.messages(a.id) == []  # messages go with their conversation
    store.close()
    forget_database_key(db)


def test_title_from_question() -> None:
    assert title_from("  Quy định   về\nnghỉ phép ") == "Quy định về nghỉ phép"
    long = "Xin hỏi " + "rất " * 40 + "dài"
    assert len(title_from(long)) <= 61
    assert title_from(long).endswith("…")
