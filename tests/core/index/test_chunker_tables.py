"""A table is chunked as a table: every passage of it carries the header line, and every row
line says its table, its row label and each figure's column (issue 25)."""

from __future__ import annotations

from pathlib import Path

from troly.core.documents.model import Document, Page
from troly.core.documents.tables import build_table
from troly.core.index.chunker import MAX_SYLLABLES, chunk_document


def report_grid(units: int) -> list[list[str]]:
    grid = [
        ["BIỂU 01: KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"],
        [],
        ["STT", "Đơn vị", "Kết quả", ""],
        ["", "", "Số hồ sơ tiếp nhận", "Tỷ lệ đúng hạn"],
        ["(1)", "(2)", "(3)", "(4)"],
    ]
    grid += [[str(i), f"Xã {i}", f"1.{i:03d}", "95%"] for i in range(1, units + 1)]
    return grid


def sheet(units: int) -> tuple[Document, str]:
    # STT and Đơn vị merged down two rows, Kết quả across two columns.
    merges = [(2, 0, 3, 0), (2, 1, 3, 1), (2, 2, 2, 3)]
    grid = report_grid(units)
    table = build_table("Biểu 01", grid, range(1, len(grid) + 1), merges)
    intro = "Báo cáo kết quả quý I của các xã, " + "tổng hợp từ báo cáo của từng đơn vị " * 5
    text = intro + "\n" + table.render() + "\nNgười lập biểu ký tên."
    page = Page(1, text, tables=(table,))
    return Document(Path("/tmp/bao-cao.xlsx"), "xlsx", [page], title="Báo cáo quý I"), text


def test_table_model_resolves_merges_and_finds_header_rows() -> None:
    document, _ = sheet(3)
    table = document.pages[0].tables[0]
    assert table.title == ("BIỂU 01: KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",)
    assert len(table.header) == 2
    assert table.header[0].cells == ("STT", "Đơn vị", "Kết quả", "Kết quả")
    assert table.header[1].cells[:2] == ("STT", "Đơn vị")  # merged down: repeated
    assert table.columns() == [
        "STT",
        "Đơn vị",
        "Kết quả - Số hồ sơ tiếp nhận",
        "Kết quả - Tỷ lệ đúng hạn",
    ]
    first = table.rows[0]  # the "(1) (2) (3) (4)" numbering row is no data
    assert first.cells == ("1", "Xã 1", "1.001", "95%")
    assert first.number == 6 and first.address(2) == "C6"


def test_every_passage_of_a_long_table_carries_its_header() -> None:
    document, _ = sheet(400)
    chunks = chunk_document(document)
    table_chunks = [c for c in chunks if "| Xã " in c.text]
    assert len(table_chunks) > 3
    # The form's title above the table, then its header line, lead every passage of it.
    lead = (
        "BIỂU 01: KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH\n"
        "Biểu 01 — cột: STT | Đơn vị | Kết quả - Số hồ sơ tiếp nhận | Kết quả - Tỷ lệ đúng hạn\n"
    )
    for chunk in table_chunks:
        assert chunk.text.startswith(lead)
        assert len(chunk.text.split()) <= MAX_SYLLABLES * 1.3
        assert all(line.startswith("Biểu 01 | ") for line in chunk.text.splitlines()[2:])
    rows = [line for c in table_chunks for line in c.text.splitlines()[2:]]
    assert len(rows) == 400  # no row lost, none repeated
    assert "Biểu 01 | Xã 7 | STT: 7 (A12) | Kết quả - Số hồ sơ tiếp nhận: 1.007 (C12)" in rows[6]
    # The text around the table is not mixed into its passages.
    assert any("Báo cáo kết quả quý I" in c.text for c in chunks if c not in table_chunks)
    assert any("Người lập biểu ký tên." in c.text for c in chunks if c not in table_chunks)


def test_a_row_cited_alone_reads_as_a_figure() -> None:
    table = build_table(
        "Biểu 01",
        [["Đơn vị", "Số hồ sơ tiếp nhận"], ["Xã A", "1.245"]],
        range(1, 3),
    )
    assert table.render().splitlines()[-1] == "Biểu 01 | Xã A | Số hồ sơ tiếp nhận: 1.245 (B2)"


def test_table_without_header_names_its_columns_by_letter() -> None:
    table = build_table("Sheet1", [["1", "2"], ["3", "4"]], range(1, 3))
    assert table.header == ()
    assert table.render().splitlines() == [
        "Bảng Sheet1 — cột: Cột A | Cột B",
        "Sheet1 | dòng 1 | Cột A: 1 (A1) | Cột B: 2 (B1)",
        "Sheet1 | dòng 2 | Cột A: 3 (A2) | Cột B: 4 (B2)",
    ]
    chunks = chunk_document(
        Document(Path("/tmp/s.csv"), "csv", [Page(1, table.render(), tables=(table,))])
    )
    assert len(chunks) == 1 and chunks[0].text.startswith("Bảng Sheet1 — cột:")


def test_a_short_caption_above_a_table_leads_it_but_a_paragraph_does_not() -> None:
    table = build_table("Bảng 1", [["Đơn vị", "Số"], ["Xã A", "1"]])
    for before, led in [
        ("Bảng 1. Kết quả quý I/2026", True),
        ("Trong quý, các xã đã " + "tiếp nhận và giải quyết hồ sơ đúng hạn " * 4, False),
    ]:
        page = Page(1, f"{before}\n{table.render()}", tables=(table,))
        chunks = chunk_document(Document(Path("/tmp/a.html"), "html", [page]))
        row = next(c for c in chunks if "Xã A" in c.text)
        assert row.text.startswith(before) == led
        assert len(chunks) == (1 if led else 2)


def test_hostile_merge_fills_nothing_beyond_the_rows_read() -> None:
    grid = [["Đơn vị", "Số"], ["Xã A", "1"]]
    table = build_table("B", grid, range(1, 3), [(0, 0, 1_000_000, 16_000)])
    assert len(table.rows) == 1 and len(table.rows[0].cells) == 2
