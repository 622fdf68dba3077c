"""PDF pages through PyMuPDF, one at a time; pages without a usable text layer are OCR'd."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from troly.core.documents import legacy, mupdf, ocr
from troly.core.documents.errors import Cancelled, DocumentError
from troly.core.documents.limits import MIN_TEXT_CHARS, OCR_MAX_PAGES
from troly.core.documents.model import Document, Page
from troly.core.text import normalize

log = logging.getLogger(__name__)


def read_pdf(
    path: Path,
    ocr: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> Document:
    """Read a PDF page by page (bounded memory); OCR scanned pages when `ocr` is set."""
    pymupdf = mupdf.load()
    mupdf.forget_messages()
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises FileDataError/RuntimeError for broken files
        log.info("cannot open PDF %s: %s", path, exc)
        mupdf.log_messages(path.name)
        raise DocumentError(
            path, "tệp PDF bị hỏng, không mở được.", "the PDF is corrupt and cannot be opened."
        ) from None
    try:
        if doc.needs_pass:
            raise DocumentError(
                path,
                "tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi thêm lại.",
                "the PDF is password-protected; remove the password and add it again.",
            )
        document = _read_pages(path, doc, ocr, progress, cancel)
        if doc.is_repaired:
            return _repaired(document)
        return document
    finally:
        doc.close()
        mupdf.log_messages(path.name)


def _repaired(document: Document) -> Document:
    """A PDF MuPDF had to rebuild (a truncated download, a copy cut short): its pages past the
    damage are often empty. With no text at all it is damaged, not a document without text."""
    if not any(page.text.strip() for page in document.pages):
        raise DocumentError(
            document.path,
            "tệp PDF bị hỏng hoặc không đầy đủ: không đọc được chữ nào.",
            "the PDF is damaged or incomplete: no text could be read.",
        )
    warning = "Tệp PDF bị hỏng hoặc không đầy đủ; đã đọc phần còn đọc được, có thể thiếu nội dung."
    return replace(document, warnings=[warning, *document.warnings])


def _read_pages(
    path: Path,
    doc: Any,
    want_ocr: bool,
    progress: Callable[[int, int], None] | None,
    cancel: threading.Event | None,
) -> Document:
    total = doc.page_count
    pages: list[Page] = []
    warnings: list[str] = []
    skipped_scans = 0
    ocr_unavailable = False
    ocr_failed = 0
    ocr_done = 0
    too_large: list[int] = []
    past_ocr_limit = 0
    legacy_found: set[str] = set()
    for index in range(total):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        try:
            page = doc.load_page(index)
            raw = page.get_text("text")
        except Exception as exc:
            log.info("page %d of %s unreadable: %s", index + 1, path, exc)
            raise DocumentError(
                path,
                f"trang {index + 1} của tệp PDF bị hỏng.",
                f"page {index + 1} of the PDF is corrupt.",
            ) from None
        is_ocr = False
        if needs_ocr(page, raw):
            raw = ""
            if not want_ocr:
                skipped_scans += 1
            elif not ocr.available():
                ocr_unavailable = True
            elif ocr_done >= OCR_MAX_PAGES:
                past_ocr_limit += 1
            else:
                try:
                    ocr_done += 1
                    raw = ocr.ocr_page(page)
                    is_ocr = True
                except ocr.PageTooLarge as exc:
                    log.info("page %d of %s not OCR'd: %s", index + 1, path, exc)
                    too_large.append(index + 1)
                except ocr.OcrError as exc:
                    log.warning("OCR failed on page %d of %s: %s", index + 1, path, exc)
                    ocr_failed += 1
        else:
            found = legacy.detect(raw)
            if found:
                legacy_found.add(found)
                raw = legacy.convert(raw, found)
        del page  # release the page (and any image it decoded) before the next one
        pages.append(Page(number=index + 1, text=normalize(raw), ocr=is_ocr))
        if progress is not None:
            progress(index + 1, total)
    if ocr_unavailable:
        warnings.append(ocr.UNAVAILABLE_WARNING)
    if skipped_scans:
        warnings.append(f"{skipped_scans} trang là ảnh quét, chưa nhận dạng chữ (OCR đang tắt).")
    if ocr_failed:
        warnings.append(f"Nhận dạng chữ (OCR) thất bại ở {ocr_failed} trang.")
    if too_large:
        numbers = ", ".join(map(str, too_large[:10])) + (", …" if len(too_large) > 10 else "")
        warnings.append(
            f"Trang {numbers} có khổ quá lớn để nhận dạng chữ (OCR); đã bỏ qua, các trang khác "
            "vẫn được đọc."
        )
    if past_ocr_limit:
        warnings.append(
            f"Chỉ nhận dạng chữ (OCR) {OCR_MAX_PAGES} trang quét đầu tiên; {past_ocr_limit} "
            "trang quét còn lại chưa được đọc."
        )
    for found in sorted(legacy_found):
        warnings.append(f"Một số trang dùng bảng mã cũ {found.upper()}; đã chuyển sang Unicode.")
    title = str((doc.metadata or {}).get("title") or "").strip()
    return Document(path=path, kind="pdf", pages=pages, title=title[:200], warnings=warnings)


def needs_ocr(page: Any, text: str) -> bool:
    """True when the page's text layer is missing or unusable and the page shows images: little
    or no text over a picture, text that is mostly undecodable glyphs, or a page-size picture
    with only a stamp or signature line of text on it."""
    meaningful = sum(map(str.isalnum, text))  # map over a C method: fast on long pages
    if meaningful >= MIN_TEXT_CHARS and not _garbage(text) and meaningful >= 200:
        return False
    images = page.get_image_info()
    if not images:
        return False
    if meaningful < MIN_TEXT_CHARS or _garbage(text):
        return True
    area = abs(page.rect)
    covered = sum(abs(page.rect & _rect(info["bbox"])) for info in images)
    return area > 0 and covered / area >= 0.8


def _rect(bbox: Any) -> Any:
    return mupdf.load().Rect(bbox)


# U+FFFD, and the categories Co (private use), Cc (controls, whitespace aside) and Cs.
_UNMAPPED = re.compile(
    "[\ufffd\ue000-\uf8ff\U000f0000-\U0010ffff\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]"
)


def _garbage(text: str) -> bool:
    """Glyphs without a Unicode mapping come out as U+FFFD, private-use or control codes."""
    if _UNMAPPED.search(text) is None:  # nearly every page: one scan, no list built
        return False
    visible = len(text) - sum(map(str.isspace, text))
    return visible > 0 and len(_UNMAPPED.findall(text)) / visible > 0.1
