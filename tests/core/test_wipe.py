"""History retention and `troly wipe`."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path
from typing import Any

import keyring
import pytest

from troly.cli import wipe as wipe_cli
from troly.cli.common import Parser
from troly.core import policy
from troly.core.config import Paths, Settings, save_settings
from troly.core.history import HistoryStore
from troly.core.retention import purge_history, wipe
from troly.core.vault import KEYRING_SERVICE, _account_for, open_encrypted_database


@pytest.fixture(autouse=True)
def isolated_policy(machine_policy: Path) -> Path:
    return machine_policy  # conftest's: an empty policy the tests write into


def conversation_ages(db_file: Path, ages_days: list[float]) -> None:
    store = HistoryStore(open_encrypted_database(db_file))
    now = time.time()
    for age in ages_days:
        conv = store.create_conversation(f"{age} ngày")
        store.add_message(conv.id, "user", "câu hỏi")
        then = now - age * 86400
        store.db.execute(
            "UPDATE message SET created = ? WHERE conversation_id = ?", (then, conv.id)
        )
        store.db.execute(
            "UPDATE conversation SET updated = ?, created = ? WHERE id = ?", (then, then, conv.id)
        )
    store.close()


def test_purge_keeps_only_the_retention_period(troly_home: Path) -> None:
    db_file = Paths.resolve(troly_home).ensure().database_file
    conversation_ages(db_file, [1, 10, 40])
    store = HistoryStore(open_encrypted_database(db_file))
    assert purge_history(store.db, policy.Policy(history_retention_days=30)) == 1
    assert sorted(c.title for c in store.conversations()) == ["1 ngày", "10 ngày"]
    assert purge_history(store.db, policy.Policy()) == 0  # no limit: nothing goes
    store.close()


def test_questions_asked_of_documents_follow_the_retention_period(troly_home: Path) -> None:
    store = HistoryStore(open_encrypted_database(Paths.resolve(troly_home).ensure().database_file))
    old = store.add_question("Luật", "Câu hỏi cũ?", "{}")
    store.add_question("Luật", "Câu hỏi mới?", "{}")
    store.db.execute(
        "UPDATE asked SET created = ? WHERE id = ?", (time.time() - 40 * 86400, old.id)
    )
    assert purge_history(store.db, policy.Policy(history_retention_days=30)) == 1
    assert [q.question for q in store.questions("Luật")] == ["Câu hỏi mới?"]
    assert purge_history(store.db, policy.Policy(history_enabled=False)) == 1
    assert store.questions("Luật") == []
    store.close()


def test_purged_at_session_start(troly_home: Path, isolated_policy: Path) -> None:
    from troly.core.session import Session

    db_file = Paths.resolve(troly_home).ensure().database_file
    conversation_ages(db_file, [2, 100])
    isolated_policy.write_text(json.dumps({"history_retention_days": 7}), encoding="utf-8")
    session = Session()
    titles = [c.title for c in session.open_history().conversations()]
    assert titles == ["2 ngày"]


def test_history_off_deletes_existing_history_at_start(
    troly_home: Path, isolated_policy: Path
) -> None:
    from troly.core.session import Session

    db_file = Paths.resolve(troly_home).ensure().database_file
    conversation_ages(db_file, [0, 3])
    isolated_policy.write_text(json.dumps({"history_enabled": False}), encoding="utf-8")
    Session()
    isolated_policy.unlink()
    assert HistoryStore(open_encrypted_database(db_file)).conversations() == []


def populate(troly_home: Path) -> Paths:
    paths = Paths.resolve(troly_home).ensure()
    store = HistoryStore(open_encrypted_database(paths.database_file))
    store.create_conversation("bí mật")
    store.close()
    assert Path(str(paths.database_file) + "-wal").exists() or paths.database_file.exists()
    save_settings(paths, Settings(language="en"))
    (paths.cache / "model-hashes.json").write_text("{}", encoding="utf-8")
    (paths.logs / "troly.log").write_text("log", encoding="utf-8")
    (paths.config / "drafting-memory.json").write_text("{}", encoding="utf-8")
    (paths.models / "keep.gguf").write_bytes(b"GGUF")
    return paths


def test_wipe_removes_everything_but_models(troly_home: Path) -> None:
    paths = populate(troly_home)
    account = _account_for(paths.database_file)
    assert keyring.get_password(KEYRING_SERVICE, account)
    report = wipe(paths)
    assert report.key_forgotten and not report.failed
    assert keyring.get_password(KEYRING_SERVICE, account) is None
    left = sorted(p.relative_to(troly_home).as_posix() for p in troly_home.rglob("*"))
    assert left == ["cache", "config", "logs", "models", "models/keep.gguf"]


def run_cli(argv: list[str]) -> int:
    parser = Parser(prog="troly")
    parser.add_argument("--data-dir")
    parser.add_argument("--model")
    wipe_cli.register(parser.add_subparsers(dest="command", required=True, parser_class=Parser))
    args = parser.parse_args(argv)
    return int(args.func(args))


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_cli_wipe_needs_yes_without_a_terminal(
    troly_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    paths = populate(troly_home)
    monkeypatch.setattr("sys.stdin", io.StringIO("XOA\n"))
    assert run_cli(["wipe"]) == 2
    assert "--yes" in capsys.readouterr().err
    assert paths.settings_file.exists()
    monkeypatch.setattr("sys.stdin", FakeTty("không\n"))
    assert run_cli(["wipe"]) == 1  # not confirmed
    assert paths.settings_file.exists()
    monkeypatch.setattr("sys.stdin", FakeTty("XOA\n"))
    assert run_cli(["wipe"]) == 0
    assert not paths.settings_file.exists() and not paths.database_file.exists()


def test_cli_wipe_yes(troly_home: Path, capsys: Any) -> None:
    paths = populate(troly_home)
    assert run_cli(["wipe", "--yes", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert str(paths.database_file) in report["removed"] and report["key_forgotten"]
