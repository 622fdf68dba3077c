"""TXT and Markdown: encoding detection, legacy Vietnamese conversion, form feeds as pages."""

from __future__ import annotations

import codecs
import threading
from collections.abc import Callable
from pathlib import Path

from troly.core.documents import legacy
from troly.core.documents.errors import Cancelled, DocumentError
from troly.core.documents.limits import MAX_TEXT_BYTES
from troly.core.documents.model import Document, Page
from troly.core.text import normalize

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_plain(
    path: Path,
    kind: str = "txt",
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> Document:
    """Read a text file; pages split at form feeds (numbers estimated)."""
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise DocumentError(
            path,
            f"tệp văn bản quá lớn ({size // (1024 * 1024)} MB, giới hạn "
            f"{MAX_TEXT_BYTES // (1024 * 1024)} MB).",
            f"text file too large ({size // (1024 * 1024)} MB, limit "
            f"{MAX_TEXT_BYTES // (1024 * 1024)} MB).",
        )
    with path.open("rb") as f:
        # Never more than the limit, whatever stat said: a file may grow while it is read.
        data = f.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise DocumentError(
            path,
            f"tệp văn bản quá lớn (hơn {MAX_TEXT_BYTES // (1024 * 1024)} MB).",
            f"text file too large (over {MAX_TEXT_BYTES // (1024 * 1024)} MB).",
        )
    text, warnings = decode(data, path)
    raw_pages = text.split("\f")
    pages: list[Page] = []
    for i, raw in enumerate(raw_pages, start=1):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        pages.append(Page(number=i, text=normalize(raw)))
        if progress is not None:
            progress(i, len(raw_pages))
    title = next((line.lstrip("# ").strip() for line in pages[0].text.splitlines() if line), "")
    return Document(
        path=path,
        kind=kind,
        pages=pages,
        title=title[:200],
        pages_estimated=True,
        warnings=warnings,
    )


def decode(data: bytes, path: Path) -> tuple[str, list[str]]:
    """The text of `data` and any Vietnamese warnings: BOM, UTF-8, UTF-16 without BOM,
    Windows-1258, then Latin-1; TCVN3/VNI converted to Unicode."""
    warnings: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), warnings
    if _utf16_without_bom(data):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return data.decode(encoding, errors="replace"), warnings
    if b"\x00" in data[:4096]:
        raise DocumentError(
            path, "tệp không phải văn bản (có dữ liệu nhị phân).", "not a text file (binary data)."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        found = legacy.detect(text)  # TCVN3/VNI text saved once more as UTF-8
        if found:
            warnings.append(_legacy_warning(found))
            return legacy.convert(text, found), warnings
        return text, warnings
    as_bytes = data.decode("latin-1")  # one character per byte: what the legacy tables expect
    found = legacy.detect(as_bytes)
    if found:
        warnings.append(_legacy_warning(found))
        return legacy.convert(as_bytes, found), warnings
    try:
        return data.decode("cp1258"), warnings  # combining tone marks: normalize() composes
    except UnicodeDecodeError:
        warnings.append(
            "Không nhận ra bảng mã của tệp; đã đọc theo Latin-1, có thể sai dấu tiếng Việt."
        )
        return as_bytes, warnings


def _utf16_without_bom(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) > len(sample) // 2 * 0.3 and min(even, odd) < len(sample) // 2 * 0.05


def _legacy_warning(encoding: str) -> str:
    name = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}[encoding]
    return f"Văn bản dùng bảng mã cũ {name}; đã chuyển sang Unicode."
