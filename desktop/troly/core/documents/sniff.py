"""Which reader a file needs, from its first bytes rather than its name."""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from pathlib import Path

from troly.core.documents.errors import DocumentError, utf8_name

_TEXT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".text": "txt", ".csv": "csv"}
_TEXT_SUFFIXES |= {".html": "html", ".htm": "html"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*")
_OLE_KINDS = {".xls": "xls", ".xlt": "xls", ".doc": "doc", ".dot": "doc"}
_ODF = {
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.text": "odt",
}
SUPPORTED_NAMES = "PDF, DOCX, DOC, ODT, RTF, XLSX, XLS, ODS, CSV, HTML, ảnh JPG/PNG/TIFF, TXT, MD"


def sniff(path: Path) -> str:
    """ "pdf", "docx", "doc", "odt", "rtf", "xlsx", "xls", "ods", "csv", "html", "image", "txt"
    or "md"; DocumentError for a missing, empty, unsupported or
    non-regular file (checked before the file is opened)."""
    size = regular_file(path).st_size
    try:
        with path.open("rb") as f:
            head = f.read(2048)
    except FileNotFoundError:
        raise DocumentError(path, "không tìm thấy tệp.", "file not found.") from None
    except OSError as exc:
        raise DocumentError(path, f"không mở được tệp ({exc.strerror}).", str(exc)) from None
    if size == 0:
        raise DocumentError(path, "tệp rỗng (0 byte).", "the file is empty (0 bytes).")
    suffix = path.suffix.lower()
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path, suffix)
    if head.startswith(_OLE):
        return _ole_kind(path, suffix)
    if head.startswith(_IMAGES):
        return "image"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if suffix == ".pdf":
        raise DocumentError(
            path, "tệp không phải PDF hợp lệ (hỏng hoặc sai định dạng).", "not a valid PDF."
        )
    if suffix in _OLE_KINDS:
        # Many ".doc"/".xls" files downloaded from portals are really web pages or text.
        if _looks_like_text(head):  # or a table exported as text under Excel's name
            if _looks_like_html(head):
                return "html"
            return "csv" if _OLE_KINDS[suffix] == "xls" else "txt"
        name = "Word" if _OLE_KINDS[suffix] == "doc" else "Excel"
        raise DocumentError(
            path,
            f"tệp không phải tệp {name} {suffix} hợp lệ (hỏng hoặc sai định dạng).",
            f"not a valid {name} {suffix} file (corrupt or mislabelled).",
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
        return "html" if _looks_like_html(head) else "txt"
    raise DocumentError(
        path,
        f"định dạng “{suffix or 'không có đuôi'}” chưa được hỗ trợ (chỉ {SUPPORTED_NAMES}).",
        f"unsupported file type “{suffix}”.",
    )


def _ole_kind(path: Path, suffix: str) -> str:
    """An OLE compound file (Word 97-2003, Excel 97-2003, PowerPoint, Outlook…) by its name:
    its first bytes are the same for all of them."""
    if suffix in _OLE_KINDS:
        return _OLE_KINDS[suffix]
    raise DocumentError(
        path,
        f"tệp Office đời cũ “{suffix or 'không có đuôi'}” chưa được hỗ trợ "
        f"(chỉ {SUPPORTED_NAMES}).",
        f"legacy Office file “{suffix}” is not supported.",
    )


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html"))


def regular_file(path: Path) -> os.stat_result:
    """The stat of a regular file with a UTF-8 name, before anything opens it: opening a named
    pipe waits for a writer (forever, and Ctrl-C does not stop it) and a device such as
    /dev/zero never ends. DocumentError otherwise."""
    if utf8_name(path.name) != path.name:
        raise DocumentError(
            path,
            "tên tệp không phải UTF-8, hãy đổi tên tệp.",
            "the file name is not UTF-8; rename the file.",
        )
    if utf8_name(str(path)) != str(path):
        raise DocumentError(
            path,
            "tên thư mục chứa tệp không phải UTF-8, hãy đổi tên thư mục.",
            "a folder name in the path is not UTF-8; rename the folder.",
        )
    try:
        info = path.stat()  # follows symbolic links: what would be opened
    except FileNotFoundError:
        raise DocumentError(path, "không tìm thấy tệp.", "file not found.") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DocumentError(
                path,
                "đường dẫn là một vòng liên kết tượng trưng (symlink trỏ vòng về chính nó).",
                "the path is a symbolic link loop.",
            ) from None
        raise DocumentError(path, f"không mở được tệp ({exc.strerror}).", str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise DocumentError(path, "đây là thư mục, không phải tệp.", "this is a folder.")
    if not stat.S_ISREG(info.st_mode):
        raise DocumentError(
            path,
            "không phải tệp thông thường (ống dẫn, thiết bị hay socket); chỉ đọc được tệp "
            f"{SUPPORTED_NAMES} thật.",
            "not a regular file (a pipe, device or socket).",
        )
    return info


def _zip_kind(path: Path, suffix: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise DocumentError(path, "tệp nén bị hỏng.", "the zip container is corrupt.") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        try:
            with zipfile.ZipFile(path) as archive:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            mimetype = ""
        if mimetype in _ODF:
            return _ODF[mimetype]
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
        "tệp nén này không phải văn bản hay bảng tính đọc được (DOCX, XLSX, ODT, ODS).",
        "this zip file is not a DOCX, XLSX, ODT or ODS.",
    )


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if head.count(0) > len(head) // 4:  # UTF-16 without BOM: every other byte is NUL
        return head[0::2].count(0) > len(head) // 3 or head[1::2].count(0) > len(head) // 3
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls <= len(head) // 100
