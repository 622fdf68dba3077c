"""A ruled table in a PDF is read as a table (issue 25): PyMuPDF's table finder gives its
cells, merged cells are resolved, and the table's rendering replaces its loose words in the
page text; a page without a ruled table reads exactly as before."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pymupdf
import pytest

from troly.core.documents.pdf import read_pdf, ruled
from troly.core.text import normalize

Merge = tuple[int, int, int, int]
REPORT = [
    ["STT", "Đơn vị", "Kết quả", None],
    [None, None, "Số hồ sơ", "Tỷ lệ đúng hạn"],
    ["1", "Xã An Bình", "1.245", "95%"],
    ["2", "Xã Hòa Lạc", "870", "91%"],
]
# STT and Đơn vị merged down two rows, Kết quả across two columns.
REPORT_MERGES = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 3)]


def draw_table(
    page: pymupdf.Page,
    rows: Sequence[Sequence[str | None]],
    widths: Sequence[float],
    merges: Sequence[Merge] = (),
    top: float = 120,
) -> float:
    """Draw a ruled table as a word processor prints one: a rule along every cell edge that
    is not inside a merged cell, the text inside. Returns the table's bottom."""
    xs = [72.0]
    for width in widths:
        xs.append(xs[-1] + width)
    ys = [top + 22 * i for i in range(len(rows) + 1)]
    inside: dict[tuple[int, int], Merge] = {}
    for merge in merges:
        for r in range(merge[0], merge[2] + 1):
            for c in range(merge[1], merge[3] + 1):
                inside[(r, c)] = merge
    for r in range(len(rows)):
        for c in range(len(widths)):
            merge = inside.get((r, c))
            if merge is None or merge[0] == r:
                page.draw_line((xs[c], ys[r]), (xs[c + 1], ys[r]), width=0.7)
            if merge is None or merge[1] == c:
                page.draw_line((xs[c], ys[r]), (xs[c], ys[r + 1]), width=0.7)
        page.draw_line((xs[-1], ys[r]), (xs[-1], ys[r + 1]), width=0.7)
    page.draw_line((xs[0], ys[-1]), (xs[-1], ys[-1]), width=0.7)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                page.insert_text((xs[c] + 3, ys[r] + 15), text, fontname="vn", fontsize=9)
    return ys[-1]


def report_pdf(path: Path, font: Path, caption: str = "Biểu 01") -> Path:
    document = pymupdf.open()
    page = document.new_page()
    page.insert_font(fontname="vn", fontfile=str(font))
    page.insert_text((72, 80), "Kết quả giải quyết hồ sơ của các xã:", fontname="vn", fontsize=11)
    page.insert_text((72, 105), caption, fontname="vn", fontsize=11)
    bottom = draw_table(page, REPORT, [40, 120, 90, 100], REPORT_MERGES)
    page.insert_text((72, bottom + 30), "Người lập biểu", fontname="vn", fontsize=11)
    document.save(path)
    return path


def test_a_ruled_table_is_read_as_a_table_in_place_of_its_words(
    tmp_path: Path, font: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (page,) = read_pdf(report_pdf(tmp_path / "bao-cao.pdf", font)).pages
    (table,) = page.tables
    assert table.name == "Biểu 01"
    assert [row.cells for row in table.header] == [
        ("STT", "Đơn vị", "Kết quả", "Kết quả"),
        ("STT", "Đơn vị", "Số hồ sơ", "Tỷ lệ đúng hạn"),
    ]
    assert [row.cells for row in table.rows] == [
        ("1", "Xã An Bình", "1.245", "95%"),
        ("2", "Xã Hòa Lạc", "870", "91%"),
    ]
    assert page.text.splitlines() == [
        "Kết quả giải quyết hồ sơ của các xã:",
        "Biểu 01 — cột: STT | Đơn vị | Kết quả - Số hồ sơ | Kết quả - Tỷ lệ đúng hạn",
        "Biểu 01 | Xã An Bình | STT: 1 | Kết quả - Số hồ sơ: 1.245 | Kết quả - Tỷ lệ đúng hạn: 95%",
        "Biểu 01 | Xã Hòa Lạc | STT: 2 | Kết quả - Số hồ sơ: 870 | Kết quả - Tỷ lệ đúng hạn: 91%",
        "Người lập biểu",
    ]
    # PyMuPDF's table finder advertises another package on stdout: `--json` must stay clean.
    assert "pymupdf_layout" not in capsys.readouterr().out


def test_tables_without_a_caption_are_numbered_through_the_document(
    tmp_path: Path, font: Path
) -> None:
    document = pymupdf.open()
    for _ in range(2):
        page = document.new_page()
        page.insert_font(fontname="vn", fontfile=str(font))
        page.insert_text((72, 80), "Tình hình chung của các đơn vị.", fontname="vn", fontsize=11)
        draw_table(page, [["Đơn vị", "Số hồ sơ"], ["Xã A", "12"], ["Xã B", "30"]], [120, 90])
    document.save(tmp_path / "vb.pdf")
    pages = read_pdf(tmp_path / "vb.pdf").pages
    assert [[t.name for t in page.tables] for page in pages] == [["Bảng 1"], ["Bảng 2"]]
    assert "Bảng 2 | Xã B | Số hồ sơ: 30" in pages[1].text


def test_a_page_without_a_ruled_table_reads_as_before(tmp_path: Path, font: Path) -> None:
    document = pymupdf.open()
    page = document.new_page()
    page.insert_font(fontname="vn", fontfile=str(font))
    lines = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    lines += [f"Điều {n}. Cơ quan, tổ chức thực hiện nhiệm vụ thứ {n}." for n in range(1, 6)]
    for i, line in enumerate(lines):
        page.insert_text((72, 80 + 20 * i), line, fontname="vn", fontsize=11)
    page.draw_line((200, 105), (330, 105), width=0.7)  # the rule under the motto: no table
    document.save(tmp_path / "vb.pdf")
    (read,) = read_pdf(tmp_path / "vb.pdf").pages
    with pymupdf.open(tmp_path / "vb.pdf") as reopened:
        assert read.text == normalize(reopened[0].get_text("text"))
        assert not ruled(reopened[0].get_textpage(flags=pymupdf.TEXT_COLLECT_VECTORS))
    assert read.tables == ()
    assert read.text.splitlines() == lines
