"""DOCX pages: estimated A4 pages where Word recorded none, Word's own breaks where it did."""

from __future__ import annotations

from pathlib import Path

from troly.core.documents import read_document
from troly.core.index.chunker import chunk_document

CLAUSE = (
    "Cơ quan quản lý viên chức có trách nhiệm hướng dẫn, kiểm tra việc thực hiện quy định "
    "tại Điều này, bảo đảm công khai, minh bạch và đúng thẩm quyền đối với đơn vị số {n}."
)


def article_lines(n: int) -> list[str]:
    """Điều n: a heading and five clauses, about 900 characters."""
    return [f"Điều {n}. Trách nhiệm của đơn vị số {n}"] + [
        f"{k}. " + CLAUSE.format(n=n) for k in range(1, 6)
    ]


def law_docx(path: Path, articles: int = 12, page_break_every: int = 0) -> Path:
    """A law of `articles` articles made by python-docx: Word never laid it out, so it has no
    rendered page breaks; explicit ones after every `page_break_every` articles."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    for n in range(1, articles + 1):
        for line in article_lines(n):
            document.add_paragraph(line)
        if page_break_every and n % page_break_every == 0 and n < articles:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.save(str(path))
    return path


def test_a_docx_without_page_breaks_is_cut_into_a4_pages(tmp_path: Path) -> None:
    doc = read_document(law_docx(tmp_path / "luat.docx"))
    assert doc.pages_estimated
    # 12 articles of ~900 characters: about 11,000 characters, four to five A4 pages.
    assert 4 <= len(doc.pages) <= 6, [len(p.text) for p in doc.pages]
    assert [p.number for p in doc.pages] == list(range(1, len(doc.pages) + 1))
    assert all(1500 < len(p.text) < 3700 for p in doc.pages[:-1])
    # Cut at paragraph ends: every line of every article is on one page, whole, in order.
    lines = [line for page in doc.pages for line in page.text.split("\n")]
    assert lines == [line for n in range(1, 13) for line in article_lines(n)]
    # The index then places Điều 8 on its page, not on page 1.
    chunk = next(c for c in chunk_document(doc) if "Điều 8." in c.text)
    assert chunk.page > 1 and "Điều 8. Trách nhiệm" in doc.pages[chunk.page - 1].text


def test_explicit_page_breaks_are_kept(tmp_path: Path) -> None:
    doc = read_document(law_docx(tmp_path / "luat.docx", articles=6, page_break_every=2))
    assert [p.text.split(".")[0] for p in doc.pages] == ["Điều 1", "Điều 3", "Điều 5"]
    assert "Điều 2." in doc.pages[0].text and "Điều 3." not in doc.pages[0].text


def test_between_explicit_breaks_a_long_stretch_is_still_cut(tmp_path: Path) -> None:
    doc = read_document(law_docx(tmp_path / "luat.docx", articles=12, page_break_every=9))
    starts = [p.text.split(".")[0] for p in doc.pages]
    assert "Điều 10" in starts  # the break before Điều 10 stays a page end
    assert len(doc.pages) >= 5


def test_pages_word_rendered_are_kept_as_they_are(tmp_path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement

    path = law_docx(tmp_path / "luat.docx")
    document = docx.Document(str(path))
    # Word laid it out once: one rendered page break, before Điều 11.
    heading = next(p for p in document.paragraphs if p.text.startswith("Điều 11."))
    heading.runs[0]._r.insert(0, OxmlElement("w:lastRenderedPageBreak"))
    document.save(str(path))
    doc = read_document(path)
    assert len(doc.pages) == 2
    assert doc.pages[1].text.startswith("Điều 11.") and "Điều 10." in doc.pages[0].text


def test_a_paragraph_longer_than_a_page_is_cut_at_spaces(tmp_path: Path) -> None:
    import docx

    words = [f"từ{n}" for n in range(2000)]
    path = tmp_path / "dai.docx"
    document = docx.Document()
    document.add_paragraph(" ".join(words))
    document.save(str(path))
    doc = read_document(path)
    assert len(doc.pages) >= 3
    assert " ".join(p.text for p in doc.pages).split() == words
