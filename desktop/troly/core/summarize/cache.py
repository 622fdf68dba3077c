"""Partial summaries kept between runs, so a second run, or one resumed after Cancel, does not
redo finished work. Summaries of the user's documents are sensitive: they live in the encrypted
database, in a table of their own, never in a plaintext cache file."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any, Protocol

SCHEMA = """
CREATE TABLE IF NOT EXISTS summary_cache (
    key TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    created REAL NOT NULL
) WITHOUT ROWID;
"""


def cache_key(**parts: Any) -> str:
    """A stable key from named parts (document hash, section, model sha256, settings, style,
    prompt version, ...)."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class Cache(Protocol):
    def get(self, key: str) -> str | None: ...

    def put(self, key: str, text: str) -> None: ...


class MemoryCache:
    """A cache for one process (used when no database is at hand)."""

    def __init__(self) -> None:
        self.entries: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.entries.get(key)

    def put(self, key: str, text: str) -> None:
        self.entries[key] = text


class SummaryCache:
    """Partial summaries in the encrypted database (an apsw connection)."""

    def __init__(self, connection: Any) -> None:
        self.db = connection
        self.db.execute(SCHEMA)

    @classmethod
    def open(cls, database: Path) -> SummaryCache:
        from troly.core.vault import open_encrypted_database

        return cls(open_encrypted_database(database))

    def get(self, key: str) -> str | None:
        row = self.db.execute("SELECT text FROM summary_cache WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def put(self, key: str, text: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO summary_cache (key, text, created) VALUES (?, ?, ?)",
            (key, text, time.time()),
        )

    def clear(self) -> None:
        self.db.execute("DELETE FROM summary_cache")

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM summary_cache").fetchone()[0])

    def close(self) -> None:
        self.db.close()
