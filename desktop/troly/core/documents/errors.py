"""Errors a document reader raises: each names the file, in Vietnamese and in English."""

from __future__ import annotations

from pathlib import Path

from troly.core.errors import GenerationCancelled, TrolyError


class DocumentError(TrolyError):
    """A file that cannot be read; the message says which file and why."""

    def __init__(self, path: Path, reason_vi: str, reason_en: str) -> None:
        super().__init__(
            f"Không đọc được tệp “{path.name}”: {reason_vi}",
            f"Cannot read “{path.name}”: {reason_en}",
        )
        self.path = path


class Cancelled(GenerationCancelled):
    """The user stopped reading a document. A GenerationCancelled, so one `except` clause in
    a worker catches every kind of Stop."""
