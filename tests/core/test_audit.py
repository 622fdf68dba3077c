"""The audit log: append-only, hash-chained, in the encrypted store; `troly audit`."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import apsw
import pytest

from troly.cli import audit as audit_cli
from troly.cli.common import Parser
from troly.core import audit
from troly.core.audit import AuditLog
from troly.core.config import Paths
from troly.core.vault import forget_database_key, open_encrypted_database


@pytest.fixture
def database(troly_home: Path) -> Iterator[Path]:
    db = Paths.resolve(troly_home).ensure().database_file
    yield db
    audit.configure(None)
    forget_database_key(db)


def filled(db: Path, n: int = 5) -> AuditLog:
    log = AuditLog(open_encrypted_database(db))
    for i in range(n):
        log.append("file_indexed", [f"/docs/{i}.pdf"], {"n": i})
    return log


def run_cli(argv: list[str]) -> int:
    parser = Parser(prog="troly")
    parser.add_argument("--data-dir")
    parser.add_argument("--model")
    audit_cli.register(parser.add_subparsers(dest="command", required=True, parser_class=Parser))
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_chain_verifies_and_is_encrypted(database: Path) -> None:
    log = filled(database)
    entries = list(log.entries())
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    assert entries[0].user and entries[0].time.endswith("Z")
    result = log.verify()
    assert result.ok and result.count == 5 and result.head == entries[-1].hash
    log.db.close()
    assert b"/docs/1.pdf" not in database.read_bytes()


def test_table_refuses_update_and_delete(database: Path) -> None:
    log = filled(database, 2)
    with pytest.raises(apsw.ConstraintError):
        log.db.execute("UPDATE audit_log SET action = 'x' WHERE seq = 1")
    with pytest.raises(apsw.ConstraintError):
        log.db.execute("DELETE FROM audit_log WHERE seq = 1")
    assert log.verify().ok
    log.db.close()


def _drop_guards(db: Any) -> None:
    # Someone with the key can drop the triggers; the chain still shows what they did.
    db.execute("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete")


def test_edit_is_detected(database: Path, capsys: Any) -> None:
    log = filled(database)
    _drop_guards(log.db)
    log.db.execute("UPDATE audit_log SET files = '[\"/docs/other.pdf\"]' WHERE seq = 3")
    result = log.verify()
    assert not result.ok and any("#3" in p and "sửa" in p for p in result.problems)
    log.db.close()
    assert run_cli(["audit", "verify"]) == 1
    assert "#3" in capsys.readouterr().err


def test_recomputed_hash_still_breaks_the_next_link(database: Path) -> None:
    log = filled(database)
    _drop_guards(log.db)
    entry = next(e for e in log.entries() if e.seq == 2)
    forged = audit.AuditEntry(2, entry.time, entry.user, "x", entry.files, {}, entry.prev_hash, "")
    new_hash = audit.chain_hash(entry.prev_hash, forged.body())
    log.db.execute(
        "UPDATE audit_log SET action = 'x', details = '{}', hash = ? WHERE seq = 2", (new_hash,)
    )
    result = log.verify()
    assert not result.ok and any("#3" in p for p in result.problems)
    log.db.close()


def test_deletion_is_detected(database: Path) -> None:
    log = filled(database)
    _drop_guards(log.db)
    log.db.execute("DELETE FROM audit_log WHERE seq = 2")
    result = log.verify()
    assert not result.ok and any("xoá" in p for p in result.problems)
    log.db.close()


def test_reordering_is_detected(database: Path) -> None:
    log = filled(database)
    _drop_guards(log.db)
    rows = {
        r[0]: r[1:]
        for r in log.db.execute("SELECT seq, time, user, action, files, details FROM audit_log")
    }
    for seq, other in ((2, 4), (4, 2)):  # swap the contents of entries 2 and 4
        log.db.execute(
            "UPDATE audit_log SET time=?, user=?, action=?, files=?, details=? WHERE seq=?",
            (*rows[other], seq),
        )
    assert not log.verify().ok
    log.db.close()


def test_record_uses_configured_database_and_never_raises(database: Path) -> None:
    audit.record("question_asked", ["/docs/a.pdf"], collection="vb")  # not configured: no-op
    audit.configure(database)
    audit.record("question_asked", ["/docs/a.pdf"], collection="vb", found=True)
    audit.record("draft_exported", [Path("/out/x.docx")], type="cong-van")
    audit.configure(None)
    log = AuditLog(open_encrypted_database(database))
    entries = list(log.entries())
    assert [e.action for e in entries] == ["question_asked", "draft_exported"]
    assert entries[0].details == {"collection": "vb", "found": True}
    log.db.close()
    audit.configure(Path("/nonexistent-dir/cannot/troly.db"))
    audit.record("x")  # logged, not raised


def test_export_writes_json_lines(database: Path, tmp_path: Path, capsys: Any) -> None:
    filled(database, 3).db.close()
    out = tmp_path / "audit.jsonl"
    assert run_cli(["audit", "export", "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["count"] == 3 and summary["ok"] is True
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [e["seq"] for e in lines] == [1, 2, 3]
    # An inspector can recompute the chain from the export alone.
    prev = audit.GENESIS
    for entry in lines:
        body = {k: entry[k] for k in ("seq", "time", "user", "action", "files", "details")}
        assert entry["prev_hash"] == prev and audit.chain_hash(prev, body) == entry["hash"]
        prev = entry["hash"]
    assert run_cli(["audit", "verify", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["head"] == prev
