"""Spreadsheets: XLSX/XLSM, XLS, ODS and CSV, each sheet a page whose table keeps its cells'
addresses; merged cells, formulas, encodings, and hostile workbooks (issue 25)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.core.documents.sheets_factory import (
    cp1258,
    ods,
    ods_bomb,
    ods_row,
    xlsx_bomb,
    xlsx_with_rows,
)

from troly.core.documents import DocumentError, read_document
from troly.core.documents.limits import SHEET_MAX_ROWS

ROOT = Path(__file__).parents[3]


def report_xlsx(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Biểu 01"
    sheet["A1"] = "BIỂU 01: KẾT QUẢ GIẢI QUYẾT HỒ SƠ"
    sheet.merge_cells("A1:E1")
    for cell, value in {"A3": "STT", "B3": "Đơn vị", "C3": "Kết quả", "E3": "Ghi chú"}.items():
        sheet[cell] = value
    sheet["C4"], sheet["D4"] = "Số hồ sơ tiếp nhận", "Tỷ lệ đúng hạn"
    for merged in ("A3:A4", "B3:B4", "C3:D3", "E3:E4"):
        sheet.merge_cells(merged)
    sheet.append([1, "Xã A", 1245, 0.955, "=C5*2"])  # a formula openpyxl saves without a value
    sheet.append([2, "Xã B", 30, 1, None])
    sheet["C5"].number_format = sheet["C6"].number_format = "#,##0"
    sheet["D5"].number_format = sheet["D6"].number_format = "0.0%"
    other = book.create_sheet("Biểu 02")
    other.append(["Chỉ tiêu", "2024", "2025"])
    other.append(["Cán bộ", 12, 14])
    book.save(path)
    return path


def test_xlsx_each_sheet_a_page_with_cells_cited(tmp_path: Path) -> None:
    document = read_document(report_xlsx(tmp_path / "bao-cao.xlsx"))
    assert document.kind == "xlsx" and len(document.pages) == 2
    first = document.pages[0]
    assert "Biểu 01 | Xã A | STT: 1 (A5) | Kết quả - Số hồ sơ tiếp nhận: 1.245 (C5)" in first.text
    assert "Kết quả - Tỷ lệ đúng hạn: 95,5% (D5)" in first.text
    assert first.text.startswith("BIỂU 01: KẾT QUẢ GIẢI QUYẾT HỒ SƠ\nBiểu 01 — cột: STT | Đơn vị")
    table = first.tables[0]
    row = table.rows[0]
    assert (row.number, row.cells[2], row.address(2)) == (5, "1.245", "C5")
    # The formula-only cell has no saved value: empty, never the formula's text.
    assert row.cells[4:] == () and "C5*2" not in first.text and "Ghi chú:" not in first.text
    assert (
        document.pages[1].text.splitlines()[1] == "Biểu 02 | Cán bộ | 2024: 12 (B2) | 2025: 14 (C2)"
    )


def test_xls_with_merged_cells(tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Biểu 03")
    sheet.write_merge(0, 0, 0, 2, "TỔNG HỢP CÁN BỘ")
    sheet.write_merge(1, 2, 0, 0, "Đơn vị")
    sheet.write_merge(1, 1, 1, 2, "Số lượng")
    sheet.write(2, 1, "Nam")
    sheet.write(2, 2, "Nữ")
    sheet.write(3, 0, "Phòng Nội vụ")
    sheet.write(3, 1, 5)
    sheet.write(3, 2, 0)
    book.save(str(tmp_path / "can-bo.xls"))
    document = read_document(tmp_path / "can-bo.xls")
    assert document.kind == "xls"
    assert document.pages[0].text.splitlines() == [
        "TỔNG HỢP CÁN BỘ",
        "Biểu 03 — cột: Đơn vị | Số lượng - Nam | Số lượng - Nữ",
        "Biểu 03 | Phòng Nội vụ | Số lượng - Nam: 5 (B4) | Số lượng - Nữ: 0 (C4)",
    ]


def test_ods_merged_and_repeated_cells(tmp_path: Path) -> None:
    merged = (
        '<table:table-row><table:table-cell table:number-columns-spanned="2">'
        "<text:p>Đơn vị và kết quả</text:p></table:table-cell>"
        "<table:covered-table-cell/></table:table-row>"
    )
    rows = (
        merged
        + ods_row(["Đơn vị", "Số hồ sơ"])
        + ods_row(["Xã A", "1.245"])
        + ods_row([], repeat=1_048_000)  # what LibreOffice writes below the data
    )
    path = ods(tmp_path / "bieu.ods", {"Biểu 01": rows, "Trống": ods_row([], repeat=1000)})
    document = read_document(path)
    assert document.kind == "ods" and document.warnings == []
    assert document.pages[0].text.splitlines() == [
        "Đơn vị và kết quả",
        "Biểu 01 — cột: Đơn vị | Số hồ sơ",
        "Biểu 01 | Xã A | Số hồ sơ: 1.245 (B3)",
    ]


def test_csv_in_windows_1258_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "so-lieu.csv"
    path.write_bytes(
        cp1258("Đơn vị;Số hồ sơ tiếp nhận\r\nXã Mường Tè;1.245\r\nPhường Đồng Xuân;30\r\n")
    )
    document = read_document(path)
    assert document.pages[0].text.splitlines() == [
        "Bảng so-lieu — cột: Đơn vị | Số hồ sơ tiếp nhận",
        "so-lieu | Xã Mường Tè | Số hồ sơ tiếp nhận: 1.245 (B2)",
        "so-lieu | Phường Đồng Xuân | Số hồ sơ tiếp nhận: 30 (B3)",
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_csv_unicode_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "bang.csv"
    path.write_text('Đơn vị,Tỷ lệ\nXã Ảng Nưa,"95,5%"\n', encoding=encoding)
    assert "bang | Xã Ảng Nưa | Tỷ lệ: 95,5% (B2)" in read_document(path).text


def test_xlsx_and_ods_zip_bombs_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="tệp XLSX giải nén ra quá lớn"):
        read_document(xlsx_bomb(tmp_path / "bom.xlsx"))
    with pytest.raises(DocumentError, match="tệp ODS giải nén ra quá lớn"):
        read_document(ods_bomb(tmp_path / "bom.ods"))


@pytest.mark.timeout(240)
def test_million_row_sheet_read_up_to_the_limit_in_bounded_memory(tmp_path: Path) -> None:
    path = xlsx_with_rows(tmp_path / "dan-cu.xlsx", 1_000_000)
    code = (
        "import json, re, sys; from pathlib import Path;"
        "from troly.core.documents import read_document;"
        "d = read_document(Path(sys.argv[1]));"
        # VmHWM, not ru_maxrss: the latter keeps the forking pytest's size across exec.
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text());"
        "print(json.dumps([d.warnings, d.pages[0].tables[0].rows[-1].number, int(hwm[1])]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "desktop"), "PATH": "/usr/bin:/bin"},
    )
    warnings, last_row, max_rss_kb = json.loads(result.stdout)
    assert warnings == [
        f"Trang tính “Biểu 01”: chỉ đọc {SHEET_MAX_ROWS:,} dòng đầu.".replace(",", ".")
    ]
    assert last_row == SHEET_MAX_ROWS
    assert max_rss_kb < 600 * 1024


def test_xlsx_without_dimension_is_not_parsed_whole_to_open(tmp_path: Path) -> None:
    """openpyxl 3.1.5 parsed a whole sheet lacking <dimension> when the workbook was opened;
    the reader's fix stops at the rows, and must keep working for the pinned version."""
    from openpyxl.worksheet._reader import WorkSheetParser

    from troly.core.documents.sheets import _load_openpyxl

    _load_openpyxl()
    path = xlsx_with_rows(tmp_path / "khong-kich-thuoc.xlsx", 50)
    import zipfile

    with zipfile.ZipFile(path) as book, book.open("xl/worksheets/sheet1.xml") as sheet:
        assert WorkSheetParser(sheet, []).parse_dimensions() is None
    assert read_document(path).pages[0].tables[0].rows[-1].number == 50


@pytest.mark.parametrize("name", ["rong.xlsx", "rong.xls", "rong.ods", "rong.csv", "rong.xlsm"])
def test_empty_spreadsheet_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(DocumentError, match="tệp rỗng"):
        read_document(path)


def test_workbook_with_no_data(tmp_path: Path) -> None:
    import openpyxl

    openpyxl.Workbook().save(tmp_path / "trong.xlsx")
    with pytest.raises(DocumentError, match="bảng tính không có dữ liệu"):
        read_document(tmp_path / "trong.xlsx")


def test_corrupt_xlsx_and_xls(tmp_path: Path) -> None:
    broken = xlsx_with_rows(tmp_path / "hong.xlsx", 3)
    data = broken.read_bytes()
    broken.write_bytes(data[: len(data) // 2])  # a download cut short
    with pytest.raises(DocumentError, match="bị hỏng"):
        read_document(broken)
    fake = tmp_path / "hong.xls"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 20)
    with pytest.raises(DocumentError, match="tệp XLS bị hỏng"):
        read_document(fake)


def test_xls_that_is_really_text_is_read_as_csv(tmp_path: Path) -> None:
    """Web applications export "Excel" files that are tab-separated text named .xls."""
    path = tmp_path / "xuat-du-lieu.xls"
    path.write_text("Đơn vị\tSố hồ sơ\nXã A\t12\n", encoding="utf-8")
    document = read_document(path)
    assert document.kind == "csv"
    assert "xuat-du-lieu | Xã A | Số hồ sơ: 12 (B2)" in document.text
