"""Hostile PDFs for OCR: a page so large that rendering it at 300 dpi asked 3.6 GB is skipped
with a note, page by page, while the other pages are still read; OCR is bounded by pixels and
by the number of pages."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pymupdf
import pytest

from troly.core.documents import ocr, pdf, read_document
from troly.core.documents.limits import OCR_DPI, OCR_MAX_PIXELS, OCR_MIN_DPI

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
TEXT = "Trang này có lớp chữ bình thường, đọc được mà không cần nhận dạng chữ quang học."


def scanned_page(doc: pymupdf.Document, width: float, height: float) -> None:
    """A page that is only a picture (a tiny grey image stretched over it): OCR is tried."""
    page = doc.new_page(width=width, height=height)
    pixmap = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 2, 2), False)
    pixmap.clear_with(200)
    page.insert_image(page.rect, pixmap=pixmap)


def text_page(doc: pymupdf.Document) -> None:
    page = doc.new_page()
    page.insert_font(fontname="vn", fontfile=str(DEJAVU))
    for i in range(4):
        page.insert_text((60, 72 + 18 * i), TEXT, fontname="vn", fontsize=11)


def huge_page_pdf(path: Path) -> Path:
    doc = pymupdf.open()
    scanned_page(doc, 14_400, 14_400)  # 200 x 200 inches
    text_page(doc)
    doc.save(path, garbage=4, deflate=True)
    doc.close()
    return path


def test_ocr_resolution_is_bounded_by_pixels() -> None:
    doc = pymupdf.open()
    for width, height in ((595, 842), (2384, 3370), (14_400, 14_400)):  # A4, A0, 200 inches
        doc.new_page(width=width, height=height)
    a4, a0, huge = doc[0], doc[1], doc[2]
    assert ocr.ocr_dpi(a4) == OCR_DPI
    dpi = ocr.ocr_dpi(a0)
    assert OCR_MIN_DPI <= dpi < OCR_DPI
    assert (2384 / 72 * dpi) * (3370 / 72 * dpi) <= OCR_MAX_PIXELS
    with pytest.raises(ocr.PageTooLarge):
        ocr.ocr_dpi(huge)


@pytest.mark.skipif(not ocr.available(), reason="Tesseract with Vietnamese data is not installed")
def test_huge_page_is_skipped_and_the_other_page_read(tmp_path: Path) -> None:
    """Read in a process allowed 1.5 GB: the 3.6 GB render used to fail inside MuPDF."""
    path = huge_page_pdf(tmp_path / "kho-lon.pdf")
    script = textwrap.dedent(
        f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (1500 * 1024 * 1024,) * 2)
        from pathlib import Path
        from troly.core.documents import read_document
        document = read_document(Path({str(path)!r}))
        print(repr(document.pages[0].text))
        print(document.pages[1].text.splitlines()[0])
        print(document.warnings)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    first, second, warnings = result.stdout.splitlines()
    assert first == "''"
    assert second == TEXT
    assert "Trang 1 có khổ quá lớn để nhận dạng chữ (OCR)" in warnings


@pytest.mark.skipif(not ocr.available(), reason="Tesseract with Vietnamese data is not installed")
def test_scanned_pages_past_the_limit_are_noted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lower limit stands in for OCR_MAX_PAGES (500 pages would take many minutes)."""
    path = tmp_path / "quet.pdf"
    doc = pymupdf.open()
    for _ in range(3):
        scanned_page(doc, 595, 842)
    text_page(doc)
    doc.save(path)
    doc.close()
    monkeypatch.setattr(pdf, "OCR_MAX_PAGES", 1)
    document = read_document(path)
    assert [page.ocr for page in document.pages] == [True, False, False, False]
    assert TEXT in document.pages[3].text
    assert any(
        "Chỉ nhận dạng chữ (OCR) 1 trang quét đầu tiên; 2 trang" in w for w in document.warnings
    )
