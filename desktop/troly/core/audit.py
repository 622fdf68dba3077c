"""The audit log: who did what, when, with which files; never what the documents say.

Entries live in the encrypted database, in an append-only table (triggers refuse UPDATE and
DELETE) and each is chained to the previous one: `hash = sha256(prev_hash + canonical JSON of
the entry)`, the entry including its sequence number. `verify()` recomputes the chain, so an
edited, deleted or reordered entry shows. Removing the newest entries leaves a valid shorter
chain: an inspector compares the count and head hash with an earlier export (docs/SECURITY.md).

`record()` is what the rest of the core calls. It never raises: an action is not undone because
it could not be audited (the failure is logged).
"""

from __future__ import annotations

import atexit
import contextlib
import getpass
import hashlib
import json
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

GENESIS = "0" * 64

# The actions other modules record (free-form names are allowed, these are the documented ones).
MODEL_LOADED = "model_loaded"
FILE_INDEXED = "file_indexed"
FILE_INDEX_FAILED = "file_index_failed"
FILE_REMOVED = "file_removed"
QUESTION_ASKED = "question_asked"
SUMMARY = "summary"
DRAFT_EXPORTED = "draft_exported"
POLICY_REFUSED = "policy_refused"
NETWORK_REFUSED = "network_refused"
HISTORY_PURGED = "history_purged"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_log (
    seq INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    files TEXT NOT NULL,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

Scalar = str | int | float | bool | None


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    time: str
    user: str
    action: str
    files: tuple[str, ...]
    details: dict[str, Scalar]
    prev_hash: str
    hash: str

    def body(self) -> dict[str, Any]:
        """What the hash covers."""
        return {
            "seq": self.seq,
            "time": self.time,
            "user": self.user,
            "action": self.action,
            "files": list(self.files),
            "details": self.details,
        }

    def as_json(self) -> dict[str, Any]:
        return {**self.body(), "prev_hash": self.prev_hash, "hash": self.hash}


@dataclass
class VerifyResult:
    ok: bool
    count: int
    head: str
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "count": self.count, "head": self.head, "problems": self.problems}


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def chain_hash(prev_hash: str, body: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(body)).encode("utf-8")).hexdigest()


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (services, containers)
        return "?"


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class AuditLog:
    """The audit table on an open (encrypted) apsw connection."""

    def __init__(self, connection: Any) -> None:
        self.db = connection
        with self.db:
            self.db.execute(_SCHEMA)

    def append(
        self,
        action: str,
        files: Iterable[str | Path] = (),
        details: dict[str, Scalar] | None = None,
    ) -> AuditEntry:
        """Add one entry at the end of the chain (atomically, even with other processes)."""
        names = tuple(str(f) for f in files)
        clean = {str(k): v for k, v in (details or {}).items()}
        own_transaction = not self.db.in_transaction
        # IMMEDIATE: reading the head and writing after it must not interleave with another
        # process doing the same, or two entries would claim the same predecessor.
        self.db.execute("BEGIN IMMEDIATE" if own_transaction else "SAVEPOINT audit_append")
        try:
            row = self.db.execute(
                "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
            entry = AuditEntry(seq, _now(), os_user(), action, names, clean, prev, "")
            digest = chain_hash(prev, entry.body())
            self.db.execute(
                "INSERT INTO audit_log(seq, time, user, action, files, details, prev_hash, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    seq,
                    entry.time,
                    entry.user,
                    action,
                    canonical(list(names)),
                    canonical(clean),
                    prev,
                    digest,
                ),
            )
        except BaseException:
            self.db.execute("ROLLBACK" if own_transaction else "ROLLBACK TO audit_append")
            if not own_transaction:
                self.db.execute("RELEASE audit_append")
            raise
        self.db.execute("COMMIT" if own_transaction else "RELEASE audit_append")
        return AuditEntry(seq, entry.time, entry.user, action, names, clean, prev, digest)

    def entries(self) -> Iterator[AuditEntry]:
        """Every entry in the order stored (by sequence number)."""
        rows = self.db.execute(
            "SELECT seq, time, user, action, files, details, prev_hash, hash FROM audit_log "
            "ORDER BY rowid"
        )
        for seq, when, user, action, files, details, prev, digest in rows:
            try:
                names = tuple(json.loads(files))
                info = json.loads(details)
            except ValueError:
                names, info = (f"<hỏng: {files!r}>",), {"corrupt": details}
            yield AuditEntry(seq, when, user, action, names, info, prev, digest)

    def verify(self) -> VerifyResult:
        """Recompute the chain; every break is a problem (Vietnamese)."""
        problems: list[str] = []
        prev = GENESIS
        count = 0
        for entry in self.entries():
            count += 1
            if entry.seq != count:
                problems.append(
                    f"mục #{entry.seq}: đứng ở vị trí {count} (có mục bị xoá hoặc đảo thứ tự)"
                )
            if entry.prev_hash != prev:
                problems.append(f"mục #{entry.seq}: không nối với mục trước (bị xoá hoặc đảo)")
            if chain_hash(entry.prev_hash, entry.body()) != entry.hash:
                problems.append(f"mục #{entry.seq}: nội dung đã bị sửa (mã băm không khớp)")
            prev = entry.hash
        return VerifyResult(not problems, count, prev, problems)

    def export(self, out: Path) -> int:
        """Write every entry as one JSON line; returns how many."""
        out = Path(out).expanduser()
        out.parent.mkdir(parents=True, exist_ok=True)
        count = 0
        with out.open("w", encoding="utf-8") as handle:
            for entry in self.entries():
                handle.write(canonical(entry.as_json()) + "\n")
                count += 1
        return count


# -- the process's log ------------------------------------------------------------------------

_lock = threading.RLock()
_database: Path | None = None
_log: AuditLog | None = None
_busy = threading.local()


def configure(database: Path | None) -> None:
    """Where `record()` writes when no connection is given (the session sets this at start)."""
    global _database, _log
    with _lock:
        if _database != database and _log is not None:
            _close()
        _database = database


def _close() -> None:
    global _log
    with _lock:
        if _log is not None:
            with contextlib.suppress(Exception):  # closing at exit: nothing useful to do
                _log.db.close()
            _log = None


atexit.register(_close)


def open_log(database: Path) -> AuditLog:
    """The audit log of an encrypted database (its own connection)."""
    from troly.core.vault import open_encrypted_database

    connection = open_encrypted_database(database)
    connection.setbusytimeout(5000)
    return AuditLog(connection)


def record(
    action: str,
    files: Iterable[str | Path] = (),
    connection: Any = None,
    **details: Scalar,
) -> None:
    """Audit an action. Never raises; does nothing when no database is configured.

    `files` are paths (never their content); `details` are small scalar facts (a collection
    name, a model hash, a count), never document text, prompts or questions."""
    if getattr(_busy, "active", False):
        return  # recording must not record itself (netguard refusals inside keyring, ...)
    _busy.active = True
    try:
        names = [str(f) for f in files]
        if connection is not None:
            AuditLog(connection).append(action, names, details)
            return
        with _lock:
            global _log
            if _database is None:
                return
            if _log is None:
                _log = open_log(_database)
            _log.append(action, names, details)
    except Exception as exc:
        log.warning("Could not write the audit entry %s: %s", action, exc)
    finally:
        _busy.active = False
