"""The page viewer on real files: the cited page with its passage highlighted, paging, zoom."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ask_documents import LAW_PAGES, rules_docx, scanned_pdf, text_pdf
from PySide6.QtCore import Qt

from troly.ui.page_viewer import PageViewer
from troly.ui.passage_match import highlight_ranges, matched_words, text_highlight_html

PASSAGE = "\n".join(LAW_PAGES[1][1:6])  # Điều 12 as the index cut it


@pytest.fixture
def viewer(qtbot: Any) -> Any:
    widget = PageViewer()
    qtbot.addWidget(widget)
    widget.resize(1180, 860)  # as on a large screen (offscreen's own is 800×600)
    widget.show()
    yield widget
    widget.close()


def test_matching_finds_the_passage_not_phrases_it_shares() -> None:
    passage = "1. Viên chức được nghỉ hằng năm, nghỉ lễ, nghỉ việc riêng theo quy định của luật"
    page = "Theo Điều 12 viên chức được nghỉ hằng năm, nghỉ lễ, nghỉ việc riêng theo quy định."
    words = page.split(" ")
    marks = matched_words(words, passage)
    assert [w for w, m in zip(words, marks, strict=True) if m] == words[3:]
    # A phrase of the passage met elsewhere on the page (an article's title recalled in the
    # article before it) is not highlighted.
    recalled = "thẩm quyền nghỉ hằng năm, nghỉ lễ, nghỉ việc riêng của cán bộ"
    other = recalled.split(" ")
    assert not any(matched_words(other, passage))
    # A passage shorter than a stretch is found whole.
    body, spans = text_highlight_html("A <b> Viên chức được nghỉ hằng năm.", "viên chức được nghỉ")
    assert spans == 1 and "&lt;b&gt;" in body and "background-color" in body


def test_pdf_opens_on_the_cited_page_with_the_passage_highlighted(
    qtbot: Any, viewer: Any, tmp_path: Path, font: Path
) -> None:
    pdf = text_pdf(tmp_path / "luat.pdf", LAW_PAGES, font)
    assert viewer.open_page(pdf, 2, PASSAGE)
    assert viewer.kind == "pdf" and viewer.page == 2 and viewer.page_count == 3
    assert "2" in viewer.page_label.text() and "3" in viewer.page_label.text()
    assert len(viewer.highlights) >= 4  # one rectangle per highlighted line
    # The highlights are on the lines of Điều 12, not on Điều 13 below it.
    import pymupdf

    with pymupdf.open(pdf) as doc:
        (heading,) = doc[1].search_for("Điều 12.")
        (other,) = doc[1].search_for("Điều 13.")
    tops = [r.top() for r in viewer.highlights]
    assert min(tops) <= heading.y0 + 1 and max(tops) < other.y0
    # The image shows them: a yellowish pixel inside the first rectangle.
    pixmap = viewer.image.pixmap()
    # Fitted to the view's width, and readable: at least the page's size in points.
    assert viewer.zoom >= 1.0
    assert pixmap.width() >= 595 * viewer.zoom * pixmap.devicePixelRatio() - 2
    image = pixmap.toImage()
    ratio = viewer.zoom * pixmap.devicePixelRatio()
    first = viewer.highlights[0]
    colour = image.pixelColor(int((first.left() - 1) * ratio), int(first.center().y() * ratio))
    assert colour.blue() < colour.red() - 40, colour.name()
    assert viewer.passage_view.toPlainText() == PASSAGE

    # Next, previous, back to the cited page; other pages have no highlight.
    qtbot.mouseClick(viewer.next_button, Qt.MouseButton.LeftButton)
    assert viewer.page == 3 and not viewer.highlights and not viewer.next_button.isEnabled()
    qtbot.mouseClick(viewer.cited_button, Qt.MouseButton.LeftButton)
    assert viewer.page == 2 and viewer.highlights
    qtbot.mouseClick(viewer.previous_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(viewer.previous_button, Qt.MouseButton.LeftButton)
    assert viewer.page == 1 and not viewer.previous_button.isEnabled()

    width, zoom = viewer.image.pixmap().width(), viewer.zoom
    qtbot.mouseClick(viewer.zoom_in_button, Qt.MouseButton.LeftButton)
    assert viewer.zoom > zoom and viewer.image.pixmap().width() > width
    assert viewer.zoom_label.text() == f"{round(viewer.zoom * 100)}%"
    qtbot.mouseClick(viewer.zoom_out_button, Qt.MouseButton.LeftButton)
    assert viewer.zoom < zoom + 0.3


def test_a_scanned_page_is_shown_with_the_passage_beside_it(
    viewer: Any, tmp_path: Path, font: Path
) -> None:
    pdf = scanned_pdf(tmp_path / "scan.pdf", LAW_PAGES[:2], font)
    assert viewer.open_page(pdf, 2, PASSAGE)
    assert viewer.page == 2 and viewer.highlights == []
    assert not viewer.image.pixmap().isNull()
    assert viewer.passage_view.toPlainText() == PASSAGE
    assert viewer.note.text()  # says why nothing is marked


def test_docx_shows_the_estimated_page_with_the_passage_on_yellow(
    viewer: Any, tmp_path: Path
) -> None:
    docx = rules_docx(tmp_path / "quy-che.docx")
    passage = "Điều 4. Tiếp công dân\nLãnh đạo Sở tiếp công dân định kỳ vào ngày mười lăm"
    assert viewer.open_page(docx, 1, passage, pages_estimated=True)
    assert viewer.kind == "text" and viewer.page == 1
    assert viewer.text_highlights == 1
    assert "background-color" in viewer.page_text.toHtml()
    assert "Sở tổ chức họp giao ban" in viewer.page_text.toPlainText()
    assert "~1" in viewer.page_label.text()


def test_a_missing_file_says_so(viewer: Any, tmp_path: Path) -> None:
    assert not viewer.open_page(tmp_path / "da-xoa.pdf", 1, "x")
    assert viewer.error and viewer.note.text() == viewer.error
    assert not viewer.next_button.isEnabled()


# -- a cited article among articles worded alike (issue 24) -----------------------------------

SHARED = (
    "Cơ quan quản lý viên chức có trách nhiệm hướng dẫn, kiểm tra việc thực hiện quy định "
    "tại Điều này, bảo đảm công khai, minh bạch và đúng thẩm quyền đối với đơn vị số {n}."
)


def article(n: int) -> list[str]:
    """Điều n: a heading and five clauses worded as in every other article but for n."""
    return [f"Điều {n}. Trách nhiệm của đơn vị số {n}"] + [
        f"{k}. " + SHARED.format(n=n) for k in range(1, 6)
    ]


def twelve_articles_docx(path: Path) -> Path:
    """Made by python-docx: no page break recorded, so its pages are estimated."""
    import docx

    document = docx.Document()
    for n in range(1, 13):
        for line in article(n):
            document.add_paragraph(line)
    document.save(str(path))
    return path


def test_the_1_of_article_1_is_not_the_cited_clause() -> None:
    page = "\n".join(article(1) + article(7) + article(8) + article(9))
    passage = "\n".join(article(8)[1:3])  # "1. …" and "2. …" of Điều 8, without its heading
    ranges = highlight_ranges(page, passage)
    start, end = page.index("Điều 8."), page.index("Điều 9.")
    assert ranges and all(start < a < b < end for a, b in ranges)
    assert page[ranges[0][0] :].startswith("1. Cơ quan")
    # The words alone, as the PDF page gives them: none of Điều 1, 7 or 9 is marked.
    words = page.split()
    marks = matched_words(words, passage)
    first, last = len(page[:start].split()), len(page[:end].split())
    assert any(marks) and not any(marks[:first]) and not any(marks[last:])


def test_numbers_and_enumerators_alone_never_place_a_passage() -> None:
    columns = " ".join(f"({n})" for n in range(1, 16))
    passage = f"Bảng tổng hợp số liệu viên chức theo đơn vị {columns}"
    page = f"Bảng kê tài sản {columns} của cơ quan. Bảng tổng hợp số liệu viên chức theo đơn vị"
    words = page.split()
    marks = matched_words(words, passage)
    # The column numbers are shared, word for word, but say nothing of where the passage is.
    assert not any(marks[: words.index("của")])


def test_docx_citation_opens_at_the_cited_article(viewer: Any, tmp_path: Path) -> None:
    from troly.core.documents import read_document
    from troly.core.index.chunker import chunk_document

    docx = twelve_articles_docx(tmp_path / "luat.docx")
    chunk = next(c for c in chunk_document(read_document(docx)) if c.text.startswith("Điều 8."))
    # What the answer cites: the article's heading, then the clauses it quotes.
    passage = "\n".join([article(8)[0], article(8)[2], "…", article(8)[4]])
    assert viewer.open_page(docx, chunk.page, passage, pages_estimated=True)
    assert viewer.kind == "text" and viewer.page == chunk.page != 1
    assert f"~{chunk.page} " in viewer.page_label.text()
    _assert_shows_article_8(viewer)

    # An index made before pages were estimated says page 1: the viewer still finds Điều 8.
    assert viewer.open_page(docx, 1, "\n".join(article(8)[1:3]), pages_estimated=True)
    assert viewer.page == chunk.page and viewer.cited_page == chunk.page
    _assert_shows_article_8(viewer, heading=False)


def _assert_shows_article_8(viewer: Any, heading: bool = True) -> None:
    text = viewer.page_text.toPlainText()
    start = text.index("Điều 8.")
    end = text.index("Điều 9.") if "Điều 9." in text else len(text)
    anchor = viewer.text_anchor
    assert anchor is not None and start <= anchor < end
    assert text[anchor:].startswith("Điều 8." if heading else "1. Cơ quan")
    # The cursor is there, not on the first "1." of the page, and the view shows it.
    cursor = viewer.page_text.textCursor()
    assert cursor.position() == anchor and not cursor.hasSelection()
    viewer.page_text.viewport().update()
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    rect = viewer.page_text.cursorRect()
    assert viewer.page_text.viewport().rect().contains(rect.topLeft())
    assert viewer.text_highlights >= 1


def test_pdf_citation_marks_the_cited_article_not_its_look_alikes(
    viewer: Any, tmp_path: Path, font: Path
) -> None:
    def short(n: int) -> list[str]:
        return [
            f"Điều {n}. Trách nhiệm của đơn vị số {n}",
            "1. Cơ quan quản lý viên chức có trách nhiệm hướng dẫn,",
            f"kiểm tra việc thực hiện quy định đối với đơn vị số {n}.",
            "2. Cơ quan quản lý viên chức bảo đảm công khai, minh bạch",
            f"và đúng thẩm quyền khi kiểm tra đơn vị số {n}.",
        ]

    pdf = text_pdf(tmp_path / "luat.pdf", [short(1) + short(7) + short(8) + short(9)], font)
    passage = "\n".join(short(8)[1:5])
    assert viewer.open_page(pdf, 1, passage)
    import pymupdf

    with pymupdf.open(pdf) as doc:
        (eight,) = doc[0].search_for("Điều 8.")
        (nine,) = doc[0].search_for("Điều 9.")
    tops = [r.top() for r in viewer.highlights]
    assert tops and min(tops) > eight.y0 and max(tops) < nine.y0
