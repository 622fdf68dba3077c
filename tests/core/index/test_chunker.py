from __future__ import annotations

from pathlib import Path

from troly.core.documents.model import Document, Page
from troly.core.index.chunker import MAX_SYLLABLES, chunk_document

LAW = [
    Page(
        1,
        "LUẬT VIÊN CHỨC\nCăn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\n"
        "Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n"
        "Luật này quy định về viên chức.",
    ),
    Page(
        2,
        "Điều 2. Viên chức\nViên chức là công dân Việt Nam được tuyển dụng.\n"
        "Chương II\nQUYỀN, NGHĨA VỤ CỦA VIÊN CHỨC\nMục 1\nQUYỀN CỦA VIÊN CHỨC\n"
        "Điều 11. Quyền của viên chức về hoạt động nghề nghiệp\n1. Được pháp luật bảo vệ.",
    ),
]


def document(pages: list[Page]) -> Document:
    return Document(path=Path("/tmp/luat.pdf"), kind="pdf", pages=pages, title="Luật Viên chức")


def test_one_passage_per_article_with_heading_path_and_page() -> None:
    chunks = chunk_document(document(LAW))
    headings = [c.heading for c in chunks]
    assert headings[0] == "Luật Viên chức"  # the preamble, under the document's title
    assert "Chương I > Điều 1. Phạm vi điều chỉnh" in headings
    article_11 = next(
        c
        for c in chunks
        if c.heading.endswith("Điều 11. Quyền của viên chức về hoạt động nghề nghiệp")
    )
    assert article_11.heading.startswith("Chương II > Mục 1 > ")
    assert article_11.page == 2
    assert article_11.text.startswith("Điều 11.")
    article_1 = next(c for c in chunks if "Điều 1." in c.heading)
    assert article_1.page == 1 and "Luật này quy định về viên chức." in article_1.text


def test_long_article_is_split_at_clauses_and_keeps_its_heading() -> None:
    clauses = "\n".join(f"{i}. " + "quy định về chế độ làm việc " * 30 for i in range(1, 9))
    chunks = chunk_document(document([Page(5, f"Điều 7. Chế độ làm việc\n{clauses}")]))
    assert len(chunks) > 2
    for chunk in chunks:
        assert chunk.heading == "Điều 7. Chế độ làm việc"
        assert chunk.text.startswith("Điều 7. Chế độ làm việc")  # every piece reads as Điều 7
        assert len(chunk.text.split()) <= MAX_SYLLABLES * 1.3
    body = "\n".join(c.text for c in chunks)
    for i in range(1, 9):
        assert f"\n{i}. quy định" in body  # no clause lost


def test_text_without_structure_is_cut_by_size() -> None:
    words = " ".join(["báo cáo kết quả công tác"] * 500)
    chunks = chunk_document(document([Page(1, words)]))
    assert len(chunks) >= 3
    assert sum(len(c.text.split()) for c in chunks) == len(words.split())


def test_empty_document_has_no_passages() -> None:
    assert chunk_document(document([Page(1, "")])) == []


def test_clause_number_is_not_an_article() -> None:
    pages = [Page(1, "Điều 3. Giải thích từ ngữ\n1. Điều kiện là ...\n2. Điều 5 của Luật này")]
    chunks = chunk_document(document(pages))
    assert len(chunks) == 1
