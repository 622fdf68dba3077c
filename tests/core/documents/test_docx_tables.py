"""A DOCX table is read as a table (issue 25): a grid of its cells with gridSpan and vMerge
resolved, named by its caption, kept in Page.tables and rendered where it sits in the text."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK

from troly.core.documents import docx as docx_reader
from troly.core.documents import read_document
from troly.core.index.chunker import chunk_document

INTRO = (
    "Thực hiện Kế hoạch số 15/KH-UBND, Ủy ban nhân dân huyện báo cáo kết quả giải quyết thủ tục "
    "hành chính của các xã trong quý I năm 2026 như sau."
)  # a paragraph, not a caption: the chunker does not repeat it with the table
HEADER = "Biểu 01 — cột: STT | Đơn vị | Kết quả - Số hồ sơ tiếp nhận | Kết quả - Tỷ lệ đúng hạn"


def report_docx(path: Path, units: int = 3, caption: str = "Biểu 01") -> Path:
    """A unit's report: a paragraph, the caption, a table whose STT and Đơn vị cells are merged
    down two rows and whose "Kết quả" is merged across two columns, a closing paragraph."""
    document = docx.Document()
    document.add_paragraph(INTRO)
    document.add_paragraph(caption)
    table = document.add_table(rows=2 + units, cols=4)
    table.style = "Table Grid"
    for column, text in enumerate(["STT", "Đơn vị", "Kết quả"]):
        table.cell(0, column).text = text
    table.cell(1, 2).text = "Số hồ sơ tiếp nhận"
    table.cell(1, 3).text = "Tỷ lệ đúng hạn"
    table.cell(0, 0).merge(table.cell(1, 0))  # vMerge
    table.cell(0, 1).merge(table.cell(1, 1))
    table.cell(0, 2).merge(table.cell(0, 3))  # gridSpan
    for i in range(1, units + 1):
        row = table.rows[i + 1].cells
        row[0].text, row[1].text, row[2].text, row[3].text = str(i), f"Xã {i}", f"1.{i:03d}", "95%"
    document.add_paragraph("Người lập biểu ký tên.")
    document.save(path)
    return path


def test_a_merged_table_is_read_as_a_table_where_it_sits(tmp_path: Path) -> None:
    document = read_document(report_docx(tmp_path / "bao-cao.docx"))
    (page,) = document.pages
    (table,) = page.tables
    assert table.name == "Biểu 01"
    assert table.header[0].cells == ("STT", "Đơn vị", "Kết quả", "Kết quả")  # across: repeated
    assert table.header[1].cells == ("STT", "Đơn vị", "Số hồ sơ tiếp nhận", "Tỷ lệ đúng hạn")
    assert [row.cells for row in table.rows] == [
        ("1", "Xã 1", "1.001", "95%"),
        ("2", "Xã 2", "1.002", "95%"),
        ("3", "Xã 3", "1.003", "95%"),
    ]
    lines = page.text.splitlines()
    # The caption became the table's name: it is not repeated as a line of its own.
    assert lines == [
        INTRO,
        HEADER,
        "Biểu 01 | Xã 1 | STT: 1 | Kết quả - Số hồ sơ tiếp nhận: 1.001 | "
        "Kết quả - Tỷ lệ đúng hạn: 95%",
        "Biểu 01 | Xã 2 | STT: 2 | Kết quả - Số hồ sơ tiếp nhận: 1.002 | "
        "Kết quả - Tỷ lệ đúng hạn: 95%",
        "Biểu 01 | Xã 3 | STT: 3 | Kết quả - Số hồ sơ tiếp nhận: 1.003 | "
        "Kết quả - Tỷ lệ đúng hạn: 95%",
        "Người lập biểu ký tên.",
    ]


def test_a_vertical_merge_in_the_data_repeats_its_value(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for column, text in enumerate(["Đơn vị", "Chỉ tiêu", "Số liệu"]):
        table.cell(0, column).text = text
    merged = table.cell(1, 0).merge(table.cell(2, 0))
    merged.text = "Xã An Bình"
    table.cell(1, 1).text, table.cell(1, 2).text = "Hồ sơ tiếp nhận", "1.245"
    table.cell(2, 1).text, table.cell(2, 2).text = "Hồ sơ đúng hạn", "1.180"
    document.save(tmp_path / "vb.docx")
    (page,) = read_document(tmp_path / "vb.docx").pages
    (table_read,) = page.tables
    assert table_read.name == "Bảng 1"  # no caption above it
    assert [row.cells for row in table_read.rows] == [
        ("Xã An Bình", "Hồ sơ tiếp nhận", "1.245"),
        ("Xã An Bình", "Hồ sơ đúng hạn", "1.180"),
    ]
    assert "Bảng 1 | Xã An Bình | Chỉ tiêu: Hồ sơ đúng hạn | Số liệu: 1.180" in page.text


def test_a_long_caption_names_the_table_by_its_number_and_is_its_title(tmp_path: Path) -> None:
    caption = "Bảng 2: Kết quả giải quyết hồ sơ thủ tục hành chính của các xã trong quý I năm 2026"
    (page,) = read_document(report_docx(tmp_path / "vb.docx", caption=caption)).pages
    (table,) = page.tables
    assert (table.name, table.title) == ("Bảng 2", (caption,))
    assert page.text.count(caption) == 1
    assert f"{caption}\nBảng 2 — cột: STT | Đơn vị" in page.text
    assert "\nBảng 2 | Xã 1 | STT: 1 |" in page.text


def test_layout_tables_of_an_official_document_stay_lines(tmp_path: Path) -> None:
    document = docx.Document()
    heading = document.add_table(rows=2, cols=2)
    heading.cell(0, 0).text = "ỦY BAN NHÂN DÂN XÃ AN BÌNH"
    heading.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    heading.cell(1, 0).text = "Số: 12/BC-UBND"
    heading.cell(1, 1).text = "An Bình, ngày 5 tháng 4 năm 2026"
    document.add_paragraph("BÁO CÁO")
    signature = document.add_table(rows=1, cols=2)
    signature.cell(0, 0).text = "Nơi nhận: UBND huyện"
    signature.cell(0, 1).text = "CHỦ TỊCH"
    document.save(tmp_path / "vb.docx")
    (page,) = read_document(tmp_path / "vb.docx").pages
    assert page.tables == ()
    assert page.text.splitlines() == [
        "ỦY BAN NHÂN DÂN XÃ AN BÌNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 12/BC-UBND | An Bình, ngày 5 tháng 4 năm 2026",
        "BÁO CÁO",
        "Nơi nhận: UBND huyện | CHỦ TỊCH",
    ]


def test_each_table_is_kept_with_the_page_it_is_on(tmp_path: Path) -> None:
    document = docx.Document()
    for number in (1, 2):
        if number == 2:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_paragraph(f"Biểu 0{number}")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Đơn vị", "Số hồ sơ"
        table.cell(1, 0).text, table.cell(1, 1).text = f"Xã {number}", f"{number}00"
    document.save(tmp_path / "vb.docx")
    pages = read_document(tmp_path / "vb.docx").pages
    assert [[t.name for t in page.tables] for page in pages] == [["Biểu 01"], ["Biểu 02"]]
    assert "Biểu 02 | Xã 2 | Số hồ sơ: 200" in pages[1].text


def test_a_table_past_the_row_limit_is_cut_with_a_note_and_nothing_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A limit of 100,000 rows is reached by a file of several MB: a small limit shows the same.
    monkeypatch.setattr(docx_reader, "SHEET_MAX_ROWS", 4)
    document = read_document(report_docx(tmp_path / "vb.docx", units=6))
    (page,) = document.pages
    (table,) = page.tables
    assert [row.cells[1] for row in table.rows] == ["Xã 1", "Xã 2"]  # 2 header rows + 2
    assert "5 | Xã 5 | 1.005 | 95%" in page.text  # the rest kept as plain lines
    assert document.warnings == [
        "Bảng “Biểu 01” quá lớn: chỉ giữ dạng bảng cho 4 dòng đầu, phần còn lại đọc như văn bản."
    ]


def test_a_hostile_grid_span_does_not_make_a_huge_row(tmp_path: Path) -> None:
    path = report_docx(tmp_path / "vb.docx")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    body = parts["word/document.xml"].decode()
    assert 'w:gridSpan w:val="2"' in body
    parts["word/document.xml"] = body.replace(
        'w:gridSpan w:val="2"', 'w:gridSpan w:val="999999999"'
    ).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    (page,) = read_document(path).pages
    (table,) = page.tables
    assert max(len(row.cells) for row in (*table.header, *table.rows)) <= 1000
    assert "Xã 3" in page.text


def test_every_passage_of_a_long_docx_table_carries_its_header(tmp_path: Path) -> None:
    document = read_document(report_docx(tmp_path / "vb.docx", units=300))
    chunks = chunk_document(document)
    table_chunks = [c for c in chunks if "| Xã " in c.text]
    assert len(table_chunks) > 3
    for chunk in table_chunks:
        assert chunk.text.startswith(HEADER + "\n")
        assert all(line.startswith("Biểu 01 | ") for line in chunk.text.splitlines()[1:])
    rows = [line for c in table_chunks for line in c.text.splitlines()[1:]]
    assert len(rows) == 300  # no row lost, none repeated
    assert rows[6].startswith("Biểu 01 | Xã 7 | STT: 7 | Kết quả - Số hồ sơ tiếp nhận: 1.007")
    assert any("Người lập biểu ký tên." in c.text for c in chunks if c not in table_chunks)
