"""Errors a document reader raises: each names the file, in Vietnamese and in English."""

from __future__ import annotations

from pathlib import Path

from troly.core.errors import GenerationCancelled, TrolyError


def utf8_name(text: str) -> str:
    """A file name or path that can be stored and printed: on Linux a name that is not UTF-8
    reaches Python with its bad bytes as lone surrogates, which SQLite, JSON and the terminal
    refuse; they are shown as \\xff escapes instead."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a lone surrogate that no byte decoded to
            return text.encode("utf-8", "backslashreplace").decode("utf-8")


class DocumentError(TrolyError):
    """A file that cannot be read; the message says which file and why."""

    def __init__(self, path: Path, reason_vi: str, reason_en: str) -> None:
        super().__init__(
            f"Không đọc được tệp “{utf8_name(path.name)}”: {reason_vi}",
            f"Cannot read “{utf8_name(path.name)}”: {reason_en}",
        )
        self.path = path


class Cancelled(GenerationCancelled):
    """The user stopped reading a document. A GenerationCancelled, so one `except` clause in
    a worker catches every kind of Stop."""
