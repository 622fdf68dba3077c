"""Text without spaces cannot make a passage, a heading or an index term grow without bound: a
10 MB unbroken word used to become one 10 MB passage, and `ask` then took 187 s and 1.2 GB."""

from __future__ import annotations

from pathlib import Path

from troly.core.documents.model import Document, Page
from troly.core.index.chunker import MAX_LEAD_CHARS, MAX_PASSAGE_CHARS, chunk_document
from troly.core.index.store import IndexStore
from troly.core.index.sync import sync_collection
from troly.core.index.terms import MAX_TERM_CHARS, exact_terms, folded_terms

WORD = 10_000_000


def document(*pages: str) -> Document:
    return Document(
        path=Path("vb.txt"),
        kind="txt",
        pages=[Page(number=i, text=text) for i, text in enumerate(pages, start=1)],
    )


def test_an_unbroken_word_is_cut_at_the_budget() -> None:
    chunks = chunk_document(document("Mở đầu văn bản.\n" + "a" * WORD + "\nKết thúc."))
    assert max(len(c.text) for c in chunks) <= MAX_PASSAGE_CHARS
    assert sum(c.text.count("a") for c in chunks) >= WORD  # nothing lost, only cut
    assert "Kết thúc." in chunks[-1].text


def test_a_long_line_is_cut_at_a_space_when_it_has_one() -> None:
    words = " ".join(["quyếtđịnh"] * 350)  # past half the budget, too few words to be cut
    chunks = chunk_document(document(words + " " + "x" * (MAX_PASSAGE_CHARS * 3)))
    assert max(len(c.text) for c in chunks) <= MAX_PASSAGE_CHARS
    assert chunks[0].text == words  # cut at the last space, not inside a word


def test_a_huge_article_line_bounds_heading_and_passages() -> None:
    text = "Điều 1. " + "b" * 200_000 + "\n1. Khoản một.\n2. Khoản hai."
    chunks = chunk_document(document(text))
    assert max(len(c.text) for c in chunks) <= MAX_PASSAGE_CHARS
    assert all(len(c.heading) <= MAX_LEAD_CHARS + 1 for c in chunks)
    assert sum(len(c.text) for c in chunks) < 210_000  # the line is not repeated per clause


def test_overlong_runs_are_not_index_terms() -> None:
    text = "Quyết định số 12 " + "z" * 5000 + " có hiệu lực"
    for terms in (folded_terms(text), exact_terms(text)):
        assert max(map(len, terms)) <= 2 * MAX_TERM_CHARS + 1
        assert all("z" * (MAX_TERM_CHARS + 1) not in term for term in terms)
    assert "hieu_luc" in folded_terms(text)


def test_indexing_a_ten_megabyte_word_keeps_every_passage_bounded(
    store: IndexStore, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "mot-tu.txt").write_text(
        "Điều 1. Phạm vi\n" + "a" * WORD + "\nĐiều 2. Hiệu lực thi hành\n", encoding="utf-8"
    )
    report = sync_collection(store, "vb", [folder])
    assert [r.status for r in report.results] == ["indexed"]
    longest = store.db.execute("SELECT max(length(text)) FROM chunk").fetchone()[0]
    assert longest <= MAX_PASSAGE_CHARS
    hits = store.search("hiệu lực thi hành", "vb", 3)
    assert hits and "Điều 2" in hits[0].heading
