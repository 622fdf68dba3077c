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
from troly.core.documents.model import Document, Page
from troly.core.documents.sniff import sniff

Progress = Callable[[int, int], None]

__all__ = ["Cancelled", "Document", "DocumentError", "Page", "Progress", "read_document"]


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
    read (missing, empty, corrupt, password-protected, unsupported, too large, zip bomb)."""
    path = Path(path)
    kind = sniff(path)
    if kind == "pdf":
        from troly.core.documents.pdf import read_pdf

        return read_pdf(path, ocr=ocr, progress=progress, cancel=cancel)
    if kind == "docx":
        from troly.core.documents.docx import read_docx

        return read_docx(path, progress=progress, cancel=cancel)
    from troly.core.documents.plain import read_plain

    return read_plain(path, kind=kind, progress=progress, cancel=cancel)
