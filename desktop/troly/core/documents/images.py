"""Photographed or scanned pages (.jpg, .png, .tif; a multi-page TIFF one page per frame),
read by the same OCR as a scanned PDF's pages, under the same pixel budget: PyMuPDF opens an
image as a document of pages, which `ocr.ocr_page` renders and hands to Tesseract."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from troly.core.documents import mupdf, ocr
from troly.core.documents.errors import Cancelled, DocumentError
from troly.core.documents.limits import IMAGE_MAX_PIXELS, OCR_MAX_PAGES
from troly.core.documents.model import Document, Page
from troly.core.documents.sheets import Progress
from troly.core.text import normalize

log = logging.getLogger(__name__)


def read_image(
    path: Path, want_ocr: bool, progress: Progress | None, cancel: threading.Event | None
) -> Document:
    if not want_ocr:
        raise DocumentError(
            path,
            "đây là ảnh; cần bật nhận dạng chữ (OCR) để đọc.",
            "this is an image; OCR must be on to read it.",
        )
    if not ocr.available():
        raise DocumentError(
            path,
            "đây là ảnh, cần nhận dạng chữ (OCR) nhưng máy chưa cài Tesseract và dữ liệu tiếng "
            "Việt; hãy cài gói tesseract-ocr và tesseract-ocr-vie.",
            "this is an image and Vietnamese OCR (Tesseract, vie) is not installed.",
        )
    pymupdf = mupdf.load()
    mupdf.forget_messages()
    try:
        doc = pymupdf.open(path)
    except Exception as exc:  # FileDataError for a truncated or disguised image
        log.info("cannot open image %s: %s", path, exc)
        mupdf.log_messages(path.name)
        raise DocumentError(
            path, "tệp ảnh bị hỏng, không mở được.", "the image is corrupt."
        ) from None
    try:
        return _read_frames(path, doc, progress, cancel)
    finally:
        doc.close()
        mupdf.log_messages(path.name)


def _read_frames(
    path: Path, doc: Any, progress: Progress | None, cancel: threading.Event | None
) -> Document:
    total = min(doc.page_count, OCR_MAX_PAGES)
    pages: list[Page] = []
    warnings: list[str] = []
    failed = 0
    for index in range(total):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        try:
            page = doc.load_page(index)
            _refuse_huge(path, page)
            text = ocr.ocr_page(page)
        except ocr.OcrError as exc:
            log.warning("OCR failed on frame %d of %s: %s", index + 1, path, exc)
            failed += 1
            text = ""
        except DocumentError:
            raise
        except Exception as exc:  # MuPDF raises on an image it cannot decode
            log.info("frame %d of %s unreadable: %s", index + 1, path, exc)
            raise DocumentError(
                path, "tệp ảnh bị hỏng, không đọc được.", "the image is corrupt."
            ) from None
        pages.append(Page(number=index + 1, text=normalize(text), ocr=True))
        if progress is not None:
            progress(index + 1, total)
    if failed:
        warnings.append(f"Nhận dạng chữ (OCR) thất bại ở {failed} trang ảnh.")
    if doc.page_count > total:
        warnings.append(
            f"Chỉ nhận dạng chữ {OCR_MAX_PAGES} trang ảnh đầu; "
            f"{doc.page_count - total} trang còn lại chưa được đọc."
        )
    if not any(page.text for page in pages) and not failed:
        warnings.append("Không nhận dạng được chữ nào trong ảnh.")
    return Document(path=path, kind="image", pages=pages, warnings=warnings)


def _refuse_huge(path: Path, page: Any) -> None:
    """An image of more pixels than a page scan could have is refused before it is decoded:
    a 50,000 x 50,000 PNG of one colour is a few MB on disk and 2.5 GB in memory."""
    for info in page.get_image_info():
        if int(info.get("width", 0)) * int(info.get("height", 0)) > IMAGE_MAX_PIXELS:
            raise DocumentError(
                path,
                "ảnh quá lớn (quá nhiều điểm ảnh) để nhận dạng chữ.",
                "the image has too many pixels to OCR.",
            )
