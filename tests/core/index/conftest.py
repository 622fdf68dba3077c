from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from troly.core.index.store import IndexStore
from troly.core.vault import forget_database_key, open_encrypted_database

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[IndexStore]:
    db = tmp_path / "index.db"
    index = IndexStore(open_encrypted_database(db))
    yield index
    index.db.close()
    forget_database_key(db)


def law_pdf(path: Path, articles: list[tuple[int, str, str]], per_page: int = 2) -> Path:
    """A text PDF of a small law: "Điều N. Title" and a clause per article, a few per page."""
    import pymupdf

    doc = pymupdf.open()
    for start in range(0, len(articles), per_page):
        page = doc.new_page()
        page.insert_font(fontname="vn", fontfile=str(DEJAVU))
        y = 72.0
        for number, title, body in articles[start : start + per_page]:
            for line in (f"Điều {number}. {title}", f"1. {body}"):
                page.insert_text((60, y), line, fontname="vn", fontsize=11)
                y += 18
            y += 12
    doc.save(path)
    doc.close()
    return path
