"""Which reader a file needs, from its first bytes rather than its name."""

from __future__ import annotations

import zipfile
from pathlib import Path

from troly.core.documents.errors import DocumentError

_TEXT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".text": "txt"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(path: Path) -> str:
    """ "pdf", "docx", "txt" or "md"; DocumentError for a missing, empty or unsupported file."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(2048)
    except FileNotFoundError:
        raise DocumentError(path, "không tìm thấy tệp.", "file not found.") from None
    except OSError as exc:
        raise DocumentError(path, f"không mở được tệp ({exc.strerror}).", str(exc)) from None
    if path.is_dir():
        raise DocumentError(path, "đây là thư mục, không phải tệp.", "this is a folder.")
    if size == 0:
        raise DocumentError(path, "tệp rỗng (0 byte).", "the file is empty (0 bytes).")
    suffix = path.suffix.lower()
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path, suffix)
    if head.startswith(_OLE):
        raise DocumentError(
            path,
            "đây là tệp Word/Excel đời cũ (.doc/.xls), chưa hỗ trợ; hãy lưu lại thành .docx.",
            "legacy Word/Excel file (.doc/.xls) is not supported; save it as .docx.",
        )
    if suffix == ".pdf":
        raise DocumentError(
            path, "tệp không phải PDF hợp lệ (hỏng hoặc sai định dạng).", "not a valid PDF."
        )
    if suffix == ".docx":
        raise DocumentError(
            path,
            "tệp không phải DOCX hợp lệ (không phải tệp nén ZIP).",
            "not a valid DOCX (not a zip).",
        )
    if suffix in _TEXT_SUFFIXES:
        return _TEXT_SUFFIXES[suffix]
    if _looks_like_text(head):
        return "txt"
    raise DocumentError(
        path,
        f"định dạng “{suffix or 'không có đuôi'}” chưa được hỗ trợ (chỉ PDF, DOCX, TXT, MD).",
        f"unsupported file type “{suffix}” (PDF, DOCX, TXT, MD only).",
    )


def _zip_kind(path: Path, suffix: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise DocumentError(path, "tệp nén bị hỏng.", "the zip container is corrupt.") from None
    if "word/document.xml" in names:
        return "docx"
    if suffix == ".docx" or (
        "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)
    ):
        raise DocumentError(
            path,
            "tệp DOCX thiếu phần nội dung (word/document.xml).",
            "the DOCX has no main part (word/document.xml).",
        )
    raise DocumentError(
        path,
        "tệp nén này không phải DOCX (chỉ hỗ trợ PDF, DOCX, TXT, MD).",
        "this zip file is not a DOCX (PDF, DOCX, TXT, MD only).",
    )


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if head.count(0) > len(head) // 4:  # UTF-16 without BOM: every other byte is NUL
        return head[0::2].count(0) > len(head) // 3 or head[1::2].count(0) > len(head) // 3
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(head) // 100
