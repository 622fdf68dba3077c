"""Keeping history only as long as the policy says, and wiping everything on request.

`purge_history` deletes conversations and messages older than the retention period (all of them
when history is turned off). `wipe` removes the user's whole TroLy state: the encrypted database
(and its -wal/-shm files), caches, logs, settings and remembered fields, leftover OCR temp
folders, and the database key in the OS keyring. Model files are not user data and stay.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from troly.core.config import Paths
from troly.core.policy import Policy

log = logging.getLogger(__name__)

DAY = 86400.0
DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def _has_table(db: Any, name: str) -> bool:
    row = db.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return bool(row and row[0])


def _has_history_tables(db: Any) -> bool:
    return _has_table(db, "conversation") and _has_table(db, "message")


def purge_history(db: Any, policy: Policy, now: float | None = None) -> int:
    """Delete history the policy says must not be kept; returns how many messages went."""
    if policy.history_enabled and policy.history_retention_days is None:
        return 0
    if not _has_history_tables(db):
        return 0
    now = time.time() if now is None else now
    if policy.history_enabled:
        cutoff = now - (policy.history_retention_days or 0) * DAY
    else:
        cutoff = float("inf")  # history off: nothing is kept
    with db:
        before = db.execute("SELECT count(*) FROM message").fetchone()[0]
        db.execute("DELETE FROM message WHERE created < ?", (cutoff,))
        db.execute(
            "DELETE FROM conversation WHERE updated < ? AND id NOT IN "
            "(SELECT conversation_id FROM message)",
            (cutoff,),
        )
        after = db.execute("SELECT count(*) FROM message").fetchone()[0]
        if _has_table(db, "asked"):  # questions asked of documents are history too
            before += db.execute("SELECT count(*) FROM asked").fetchone()[0]
            db.execute("DELETE FROM asked WHERE created < ?", (cutoff,))
            after += db.execute("SELECT count(*) FROM asked").fetchone()[0]
    removed = int(before - after)
    if removed:
        log.info("Purged %d history messages older than the retention period", removed)
        from troly.core import audit

        audit.record(audit.HISTORY_PURGED, connection=db, messages=removed)
    return removed


def purge_at_start(paths: Paths, policy: Policy) -> int:
    """The start-up purge: only when the policy limits history and a database exists."""
    if policy.history_enabled and policy.history_retention_days is None:
        return 0
    if not paths.database_file.exists():
        return 0
    from troly.core.errors import TrolyError
    from troly.core.vault import open_encrypted_database

    try:
        db = open_encrypted_database(paths.database_file)
    except TrolyError as exc:
        log.warning("History retention could not run at start: %s", exc.message_en)
        return 0
    try:
        db.setbusytimeout(5000)
        return purge_history(db, policy)
    finally:
        db.close()


@dataclass
class WipeReport:
    removed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    key_forgotten: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"removed": self.removed, "failed": self.failed, "key_forgotten": self.key_forgotten}


def _close_log_files(folder: Path) -> None:
    # Open log files cannot be deleted on Windows, and would be recreated on the next line.
    root = logging.getLogger()
    for handler in list(root.handlers):
        name = getattr(handler, "baseFilename", None)
        if name and Path(name).resolve().is_relative_to(folder.resolve()):
            root.removeHandler(handler)
            handler.close()


def _remove(path: Path, report: WipeReport) -> None:
    if not path.exists() and not path.is_symlink():
        return
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
        report.removed.append(str(path))
    except OSError as exc:
        log.warning("Could not remove %s: %s", path, exc)
        report.failed.append(str(path))


def wipe(paths: Paths, forget_key: bool = True) -> WipeReport:
    """Remove every piece of the user's TroLy data (not the model files). Close stores first."""
    from troly.core import audit

    audit.configure(None)  # closes the audit connection
    report = WipeReport()
    database = paths.database_file
    for suffix in DATABASE_SUFFIXES:
        _remove(database.with_name(database.name + suffix), report)
    _close_log_files(paths.logs)
    for folder in (paths.cache, paths.logs, paths.config):
        if folder.is_dir():
            for child in folder.iterdir():
                _remove(child, report)
    # Leftovers of an OCR run that was killed (the reader deletes its own when it finishes).
    for leftover in Path(tempfile.gettempdir()).glob("troly-ocr-*"):
        _remove(leftover, report)
    if forget_key:
        from troly.core.vault import forget_database_key

        try:
            forget_database_key(database)
            report.key_forgotten = True
        except Exception as exc:  # keyring errors come in many classes
            log.warning("Could not delete the database key from the keyring: %s", exc)
    with contextlib.suppress(OSError):
        paths.data.chmod(0o700)
    return report
