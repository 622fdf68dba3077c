"""OCR speed on a real scan, and that the text it reads is the law's own."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import pytest

from conftest import report
from troly.core.documents import ocr, read_document
from troly.core.text import fold

EVAL = Path(__file__).parents[2] / "../shared/eval/alqac2023"
SCAN = EVAL / "docs/luat-cu-tru-scan.pdf"


@pytest.mark.skipif(not SCAN.exists(), reason=f"scan not found at {SCAN}")
@pytest.mark.skipif(not ocr.available(), reason="Tesseract with Vietnamese data not installed")
def test_bench_ocr() -> None:
    import pymupdf

    out = Path(tempfile.mkdtemp()) / "first5.pdf"
    with pymupdf.open(SCAN) as src, pymupdf.open() as part:
        part.insert_pdf(src, from_page=0, to_page=4)
        part.save(out)
    start = time.perf_counter()
    doc = read_document(out)
    elapsed = time.perf_counter() - start
    assert doc.ocr_pages == 5

    gold = json.loads((EVAL / "gold.json").read_text(encoding="utf-8"))
    articles = next(law["articles"] for law in gold.values() if law["file"] == SCAN.name)
    text = fold(" ".join(doc.text.split()))
    present = [n for n in articles if f"dieu {n}." in text]
    exact = [n for n in present if fold(" ".join(articles[n].split())) in text]
    words = fold(" ".join(articles[n] for n in present)).split()
    word_recall = sum(1 for w in words if w in set(text.split())) / max(len(words), 1)
    report(
        "ocr",
        pages_per_second=5 / elapsed,
        headings_on_pages=len(present),
        headings_exact=len(exact),
        heading_word_recall=word_recall,
    )
    # Same-run ratios: the OCR'd pages must carry the gold headings of the articles they hold.
    assert present[:1] == ["1"] and len(present) >= 3
    assert len(exact) / len(present) >= 0.8
    assert word_recall >= 0.95
