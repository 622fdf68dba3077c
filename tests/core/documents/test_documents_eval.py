"""The real evaluation files: every article heading of the text files must come out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from troly.core.documents import ocr, read_document
from troly.core.text import normalize


def _gold(eval_dir: Path) -> list[tuple[Path, dict[str, str]]]:
    gold = json.loads((eval_dir / "gold.json").read_text(encoding="utf-8"))
    return [(eval_dir / "docs" / law["file"], law["articles"]) for law in gold.values()]


def _flat(text: str) -> str:
    return " ".join(normalize(text).split())


def test_all_headings_of_text_files(eval_dir: Path) -> None:
    files = [(p, a) for p, a in _gold(eval_dir) if "-scan" not in p.name]
    assert len(files) == 15
    for path, articles in files:
        doc = read_document(path, ocr=False)
        assert doc.ocr_pages == 0 and not doc.warnings, (path.name, doc.warnings)
        text = _flat(doc.text)
        missing = [n for n, heading in articles.items() if _flat(heading) not in text]
        assert not missing, (path.name, missing[:10])


@pytest.mark.slow
@pytest.mark.skipif(not ocr.available(), reason="Tesseract with Vietnamese data not installed")
def test_scans_first_pages(eval_dir: Path) -> None:
    import pymupdf

    for path, articles in _gold(eval_dir):
        if "-scan" not in path.name:
            continue
        first3 = path.parent / f"_first3-{path.name}"
        out = Path(pytest.importorskip("tempfile").mkdtemp()) / first3.name
        with pymupdf.open(path) as src, pymupdf.open() as part:
            part.insert_pdf(src, from_page=0, to_page=2)
            part.save(out)
        doc = read_document(out)
        assert doc.ocr_pages == 3
        text = _flat(doc.text)
        # Headings whose article starts on these pages: the ones found in order from "Điều 1."
        on_pages = [n for n in articles if f"Điều {n}." in text]
        found_full = [n for n in on_pages if _flat(articles[n]) in text]
        print(f"\n{path.name}: first 3 pages, {len(found_full)}/{len(on_pages)} headings exact")
        assert on_pages and on_pages[0] == "1"
        assert len(found_full) / len(on_pages) >= 0.8
