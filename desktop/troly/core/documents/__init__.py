"""Readers that turn a user's file into a Document of normalized pages.

`read_document` looks at the file's first bytes, not only its extension, and dispatches to the
PDF (with OCR for scanned pages), DOCX or plain-text reader. Every failure a user can meet is a
DocumentError naming the file; Stop raises Cancelled.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from troly.core.documents.errors import Cancelled, DocumentError
from troly.core.documents.limits import MAX_FILE_BYTES, MAX_TEXT_BYTES
from troly.core.documents.model import Document, Page
from troly.core.documents.sniff import sniff

Progress = Callable[[int, int], None]

__all__ = [
    "Cancelled",
    "Document",
    "DocumentError",
    "Page",
    "Progress",
    "check_document",
    "read_document",
]


def check_document(path: Path) -> str:
    """The kind of a file TroLy may read ("pdf", "docx", "txt", "md"), checked cheaply before
    it is read or hashed: a regular file (never a pipe or device, which would block), not
    empty, of a supported kind, within the size limit for that kind. Reads only the first
    bytes (and a zip's directory); DocumentError otherwise."""
    kind = sniff(path)
    size = path.stat().st_size
    limit = MAX_TEXT_BYTES if kind in ("txt", "md") else MAX_FILE_BYTES
    if size > limit:
        raise too_large(path, size, limit)
    return kind


def too_large(path: Path, size: int, limit: int) -> DocumentError:
    return DocumentError(
        path,
        f"tệp quá lớn ({_size(size)}, giới hạn {_size(limit)}).",
        f"the file is too large ({_size(size)}, limit {_size(limit)}).",
    )


def _size(size: int) -> str:
    """ "50 MB", "2 GB", "1.024 GB", "1,5 GB": the way Vietnamese writes numbers."""
    value, unit = (size / 2**30, "GB") if size >= 2**30 else (size / 2**20, "MB")
    text = f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{text.removesuffix(',0')} {unit}"


def read_document(
    path: Path,
    ocr: bool = True,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Document:
    """Read a PDF, DOCX, TXT or MD file into pages of normalized text.

    `ocr`: OCR PDF pages that have no usable text layer (Tesseract, Vietnamese model).
    `progress(done_pages, total_pages)` is called after each page; `cancel` is checked before
    each page and raises Cancelled once set. Raises DocumentError for a file that cannot be
    read (missing, empty, corrupt, password-protected, unsupported, too large, zip bomb,
    a pipe or device)."""
    path = Path(path)
    kind = check_document(path)
    if kind == "pdf":
        from troly.core.documents.pdf import read_pdf

        return read_pdf(path, ocr=ocr, progress=progress, cancel=cancel)
    if kind == "docx":
        from troly.core.documents.docx import read_docx

        return read_docx(path, progress=progress, cancel=cancel)
    from troly.core.documents.plain import read_plain

    return read_plain(path, kind=kind, progress=progress, cancel=cancel)
