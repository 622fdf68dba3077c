"""OCR of scanned PDF pages with Tesseract's Vietnamese model.

The `tesseract` program is preferred over PyMuPDF's built-in OCR (`get_textpage_ocr`): on the
evaluation scans PyMuPDF's text layer drops the space after syllables ending in a toned letter
("vềviệc", "tựdo"), which breaks search, while the program's plain-text output keeps them; run
with one OpenMP thread it was also 2x faster per page here (1.7 s against 3.7 s at 300 dpi).
PyMuPDF's OCR remains the fallback when only the language data is installed.
"""

from __future__ import annotations

import functools
import logging
import math
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from troly.core.documents import mupdf
from troly.core.documents.limits import (
    OCR_DPI,
    OCR_MAX_PIXELS,
    OCR_MIN_DPI,
    OCR_TIMEOUT_SECONDS,
)

log = logging.getLogger(__name__)

LANGUAGE = "vie"
UNAVAILABLE_WARNING = (
    "Không nhận dạng được chữ (OCR) trên trang quét vì máy chưa cài Tesseract hoặc dữ liệu "
    "tiếng Việt (vie); các trang đó không có nội dung để tìm kiếm."
)
_COMMON_TESSDATA = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
    r"C:\Program Files\Tesseract-OCR\tessdata",
)


class OcrError(Exception):
    """OCR of one page failed (timeout, crash); the page is kept without text."""


class PageTooLarge(OcrError):
    """The page is so large that, within the pixel budget, its text would be too small to read."""


def ocr_dpi(page: Any) -> int:
    """The resolution a page is rendered at for OCR: OCR_DPI, or less for a page so large that
    OCR_DPI would pass OCR_MAX_PIXELS. Bounded by pixels, not by page size: a 14,400 pt square
    page asked a 3.6 GB image at 300 dpi. Raises PageTooLarge below OCR_MIN_DPI."""
    inches = abs(page.rect) / (72 * 72)  # width x height in square inches
    dpi = OCR_DPI
    if inches * dpi * dpi > OCR_MAX_PIXELS:
        dpi = int(math.sqrt(OCR_MAX_PIXELS / inches))
    if dpi < OCR_MIN_DPI:
        raise PageTooLarge(f"page of {inches:.0f} square inches would be OCR'd at {dpi} dpi")
    return dpi


def tessdata_dir() -> Path | None:
    """The folder holding vie.traineddata: env TROLY_TESSDATA, then TESSDATA_PREFIX, then what
    `tesseract --list-langs` reports, then the usual install folders."""
    return _tessdata_dir(os.environ.get("TROLY_TESSDATA"), os.environ.get("TESSDATA_PREFIX"))


@functools.lru_cache(maxsize=8)
def _tessdata_dir(override: str | None, prefix: str | None) -> Path | None:
    if override is not None:
        folder = Path(override)
        return folder if (folder / f"{LANGUAGE}.traineddata").is_file() else None
    candidates = [Path(prefix)] if prefix else []
    reported = _reported_tessdata()
    if reported is not None:
        candidates.append(reported)
    candidates += [Path(p) for p in _COMMON_TESSDATA]
    for folder in candidates:
        if (folder / f"{LANGUAGE}.traineddata").is_file():
            return folder
    return None


def tesseract_binary() -> str | None:
    """Path of the `tesseract` program, or None (env TROLY_TESSERACT overrides)."""
    override = os.environ.get("TROLY_TESSERACT")
    if override is not None:
        return override if Path(override).is_file() else None
    return shutil.which("tesseract")


def _reported_tessdata() -> Path | None:
    binary = tesseract_binary()
    if binary is None:
        return None
    try:
        result = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r'"([^"]+)"', result.stdout + result.stderr)
    return Path(match.group(1)) if match else None


def available() -> bool:
    """True when a page can be OCR'd in Vietnamese here."""
    return tessdata_dir() is not None


def ocr_page(page: Any) -> str:
    """Text of a PyMuPDF page read by OCR. Raises OcrError if OCR is unavailable or fails."""
    folder = tessdata_dir()
    if folder is None:
        raise OcrError("Vietnamese OCR data not found")
    dpi = ocr_dpi(page)
    binary = tesseract_binary()
    if binary is not None:
        return _ocr_with_program(page, binary, folder, dpi)
    try:
        textpage = page.get_textpage_ocr(
            language=LANGUAGE, dpi=dpi, full=True, tessdata=str(folder)
        )
        return str(page.get_text(textpage=textpage))
    except Exception as exc:  # PyMuPDF raises bare RuntimeErrors from its OCR device
        raise OcrError(str(exc)) from exc


def _ocr_with_program(page: Any, binary: str, folder: Path, dpi: int) -> str:
    pymupdf = mupdf.load()
    try:
        pixmap = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    except Exception as exc:  # MuPDF raises on a failed allocation; the page is skipped
        raise OcrError(f"cannot render the page: {exc}") from exc
    with tempfile.TemporaryDirectory(prefix="troly-ocr-") as tmp:
        image = Path(tmp) / "page.png"
        pixmap.save(str(image))
        del pixmap  # one page's image at a time
        env = dict(os.environ, OMP_THREAD_LIMIT="1")  # threads slow it down on small PCs
        try:
            result = subprocess.run(
                [binary, str(image), "stdout", "-l", LANGUAGE, "--tessdata-dir", str(folder)],
                capture_output=True,
                timeout=OCR_TIMEOUT_SECONDS,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise OcrError(f"tesseract timed out after {OCR_TIMEOUT_SECONDS} s") from exc
        except OSError as exc:
            raise OcrError(str(exc)) from exc
    if result.returncode != 0:
        raise OcrError(result.stderr.decode("utf-8", "replace")[-500:])
    return result.stdout.decode("utf-8", "replace")
