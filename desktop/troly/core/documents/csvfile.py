"""CSV: one table on one page. The encoding is UTF-8 (with or without BOM), UTF-16 (BOM or
the NULs of ASCII text) or, failing UTF-8, Windows-1258, what Vietnamese Excel saves "CSV"
as; the delimiter (comma, semicolon, tab, bar) is sniffed from the first lines."""

from __future__ import annotations

import csv
import io
import threading
import unicodedata
from pathlib import Path

from troly.core.documents.errors import DocumentError
from troly.core.documents.model import Document
from troly.core.documents.sheets import Progress, SheetBudget, sheet_document, sheet_page

_SAMPLE = 64 * 1024
_FIELD_LIMIT = 1024 * 1024  # one field of a megabyte is already no table


def decode(data: bytes) -> str:
    """The text of a file's bytes in the encoding it most likely has (see the module)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    head = data[:_SAMPLE]
    if head.count(0) > len(head) // 4:
        odd_nuls = head[1::2].count(0) > head[0::2].count(0)
        return data.decode("utf-16-le" if odd_nuls else "utf-16-be", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1258", "replace")


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:_SAMPLE], delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def read_csv(path: Path, progress: Progress | None, cancel: threading.Event | None) -> Document:
    try:
        data = path.read_bytes()  # bounded by check_document's size limit for text
    except OSError as exc:
        raise DocumentError(path, f"không mở được tệp ({exc.strerror}).", str(exc)) from None
    # Windows-1258 writes tones as combining marks: compose them as everywhere else.
    text = unicodedata.normalize("NFC", decode(data))
    del data
    budget = SheetBudget(path, cancel)
    csv.field_size_limit(_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    try:
        grid = list(budget.rows(path.stem, reader))
    except csv.Error as exc:
        raise DocumentError(
            path, f"tệp CSV bị hỏng ({exc}).", f"the CSV is malformed ({exc})."
        ) from None
    page = sheet_page(1, path.stem, grid, [])
    if progress is not None:
        progress(1, 1)
    return sheet_document(path, "csv", [page], budget)
