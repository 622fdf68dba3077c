"""Readers that turn a user's file into a Document of normalized pages.

`read_document` looks at the file's first bytes, not only its extension, and dispatches to the
PDF (with OCR for scanned pages), DOCX, spreadsheet (XLSX, XLS, ODS, CSV), HTML, image (OCR),
converted (DOC, RTF, ODT through LibreOffice) or plain-text reader. Every failure a user can
meet is a DocumentError naming the file; Stop raises Cancelled.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from pathlib import Path

from troly.core.documents.errors import Cancelled, DocumentError
from troly.core.documents.limits import MAX_FILE_BYTES, MAX_TEXT_BYTES, XLS_MAX_BYTES
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


# Readers imported on first use: openpyxl alone takes a quarter of a second to import.
_READERS = {
    "xlsx": ("sheets", "read_xlsx"),
    "xls": ("sheets", "read_xls"),
    "ods": ("ods", "read_ods"),
    "csv": ("csvfile", "read_csv"),
    "html": ("html", "read_html"),
}


def check_document(path: Path) -> str:
    """The kind of a file TroLy may read ("pdf", "docx", "xlsx", "csv", "image", …, see
    `sniff`), checked cheaply before
    it is read or hashed: a regular file (never a pipe or device, which would block), not
    empty, of a supported kind, within the size limit for that kind. Reads only the first
    bytes (and a zip's directory); DocumentError otherwise."""
    kind = sniff(path)
    size = path.stat().st_size
    limit = _LIMITS.get(kind, MAX_FILE_BYTES)
    if size > limit:
        raise too_large(path, size, limit)
    return kind


# Text formats are decoded whole in memory; xlrd holds a whole sheet as objects.
_LIMITS = {"txt": MAX_TEXT_BYTES, "md": MAX_TEXT_BYTES, "csv": MAX_TEXT_BYTES}
_LIMITS |= {"html": MAX_TEXT_BYTES, "rtf": MAX_TEXT_BYTES, "xls": XLS_MAX_BYTES}


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
    """Read a document, spreadsheet, web page or image into pages of normalized text (a sheet
    is a page; its table is also kept as rows of cells in `Page.tables`).

    `ocr`: OCR images and PDF pages that have no usable text layer (Tesseract, Vietnamese model).
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
    if kind in _READERS:
        module, function = _READERS[kind]
        reader = getattr(importlib.import_module(f"troly.core.documents.{module}"), function)
        return reader(path, progress, cancel)
    if kind in ("doc", "rtf", "odt"):
        from troly.core.documents.convert import read_converted

        return read_converted(path, kind, progress, cancel)
    if kind == "image":
        from troly.core.documents.images import read_image

        return read_image(path, ocr, progress, cancel)
    from troly.core.documents.plain import read_plain

    return read_plain(path, kind=kind, progress=progress, cancel=cancel)
