"""Spreadsheets: .xlsx/.xlsm (openpyxl, read-only, cached values never formulas) and .xls
(xlrd). Each sheet is one page holding one table whose cells keep their addresses, so a figure
is cited as "Biểu 01!C7". ODS is in ods.py and CSV in csvfile.py; all share `SheetBudget`.

A hostile workbook is read up to the limits (rows per sheet, cells per workbook) with a note,
never to its end: openpyxl streams rows, and every row counts its full width, padding too.
"""

from __future__ import annotations

import datetime
import logging
import re
import threading
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from troly.core.documents.docx import check_zip
from troly.core.documents.errors import Cancelled, DocumentError
from troly.core.documents.limits import (
    SHEET_MAX_COLUMNS,
    SHEET_MAX_MERGES,
    SHEET_MAX_ROWS,
    SHEET_MAX_SHARED_STRINGS,
    WORKBOOK_MAX_CELLS,
    XLS_MAX_BYTES,
)
from troly.core.documents.model import Document, Page
from troly.core.documents.tables import Merge, build_table
from troly.core.text import normalize

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
_MERGE = re.compile(
    rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"'
)
_CHUNK = 1024 * 1024


class SheetBudget:
    """Rows and cells read so far, and the notes for what was left unread."""

    def __init__(self, path: Path, cancel: threading.Event | None) -> None:
        self.path = path
        self.cancel = cancel
        self.cells = 0
        self.warnings: list[str] = []

    def rows(self, name: str, rows: Iterable[list[str]]) -> Iterable[list[str]]:
        """The rows of one sheet, cut at the row, column and workbook-cell limits; counts
        every row (an empty one too: a million of them still take time)."""
        for count, cells in enumerate(rows):
            admitted = self.admit(name, count, cells)
            if admitted is None:
                return
            yield admitted

    def admit(self, name: str, count: int, cells: list[str]) -> list[str] | None:
        """Row `count` (0-based) of sheet `name`, cut to the column limit; None once a limit
        is reached (noted). Checks Stop every thousand rows."""
        if count % 1000 == 0 and self.cancel is not None and self.cancel.is_set():
            raise Cancelled()
        if count >= SHEET_MAX_ROWS:
            self.note(f"Trang tính “{name}”: chỉ đọc {SHEET_MAX_ROWS:,} dòng đầu.")
            return None
        if len(cells) > SHEET_MAX_COLUMNS:
            self.note(f"Trang tính “{name}”: chỉ đọc {SHEET_MAX_COLUMNS:,} cột đầu.")
            cells = cells[:SHEET_MAX_COLUMNS]
        self.cells += max(len(cells), 1)
        if self.cells > WORKBOOK_MAX_CELLS:
            self.note(f"Bảng tính quá lớn: chỉ đọc {WORKBOOK_MAX_CELLS:,} ô đầu.")
            return None
        return cells

    @property
    def full(self) -> bool:
        return self.cells > WORKBOOK_MAX_CELLS

    def note(self, text: str) -> None:
        text = text.replace(",", ".")  # Vietnamese groups digits with dots
        if text not in self.warnings:
            self.warnings.append(text)


def sheet_page(number: int, name: str, grid: list[list[str]], merges: list[Merge]) -> Page:
    """One sheet as a page: its table (row i of `grid` is the sheet's row i + 1) and its text."""
    table = build_table(name, grid, range(1, len(grid) + 1), merges)
    return Page(number=number, text=normalize(table.render()), tables=(table,))


def sheet_document(path: Path, kind: str, pages: list[Page], budget: SheetBudget) -> Document:
    if not any(page.text for page in pages):
        raise DocumentError(path, "bảng tính không có dữ liệu.", "the spreadsheet is empty.")
    return Document(path=path, kind=kind, pages=pages, title=path.stem, warnings=budget.warnings)


def read_xlsx(path: Path, progress: Progress | None, cancel: threading.Event | None) -> Document:
    label = "XLSM" if path.suffix.lower() == ".xlsm" else "XLSX"
    check_zip(path, kind=label)
    openpyxl = _load_openpyxl()
    budget = SheetBudget(path, cancel)
    try:
        with zipfile.ZipFile(path) as archive:
            _refuse_huge_strings(path, archive)
            book = openpyxl.load_workbook(
                path, read_only=True, data_only=True, keep_links=False, keep_vba=False
            )
            try:
                pages = _xlsx_pages(archive, book, budget, progress)
            finally:
                book.close()
    except (DocumentError, Cancelled):
        raise
    except Exception as exc:  # openpyxl raises KeyError, ValueError, TypeError on broken parts
        log.info("cannot read %s %s: %r", label, path, exc)
        raise DocumentError(
            path, f"tệp {label} bị hỏng, không mở được.", f"the {label} is corrupt."
        ) from None
    return sheet_document(path, "xlsx", pages, budget)


def _load_openpyxl() -> Any:
    """openpyxl, with its read-only sheets' size check stopping where the rows start. Its own
    check (3.1.5) waits for the end of <sheetData> when a sheet has no <dimension> (which some
    exporters omit), so opening a workbook parsed every row of every such sheet: 15 s for a
    million-row sheet before a single row was read. Pinned version; checked by a test."""
    import openpyxl
    from openpyxl.worksheet import _reader

    if not getattr(_reader.WorkSheetParser.parse_dimensions, "troly", False):
        _reader.WorkSheetParser.parse_dimensions = _parse_dimensions
    return openpyxl


def _parse_dimensions(self: Any) -> Any:
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG, iterparse
    from openpyxl.worksheet.dimensions import SheetDimension

    for _event, element in iterparse(self.source, events=("start",)):
        if element.tag == DIMENSION_TAG:
            try:
                return SheetDimension(ref=element.get("ref")).boundaries
            except (TypeError, ValueError):  # a malformed <dimension> is no broken workbook
                return None
        if element.tag == DATA_TAG:
            return None
    return None


_parse_dimensions.troly = True  # type: ignore[attr-defined]


def _refuse_huge_strings(path: Path, archive: zipfile.ZipFile) -> None:
    """openpyxl loads the shared strings whole, as Python strings (about 10 times the XML)."""
    for info in archive.infolist():
        name = info.filename.lower()
        if name.endswith("sharedstrings.xml") and info.file_size > SHEET_MAX_SHARED_STRINGS:
            raise DocumentError(
                path,
                "bảng tính có quá nhiều chữ (phần sharedStrings quá lớn), đã từ chối đọc.",
                "the workbook's shared strings are too large; refused.",
            )


def _xlsx_pages(
    archive: zipfile.ZipFile, book: Any, budget: SheetBudget, progress: Progress | None
) -> list[Page]:
    pages: list[Page] = []
    sheets = list(book.worksheets)
    for number, sheet in enumerate(sheets, start=1):
        if budget.full:
            budget.note(f"Bảng tính quá lớn: bỏ qua từ trang tính “{sheet.title}”.")
            break
        if not hasattr(sheet, "reset_dimensions"):
            continue  # a chart sheet has no cells
        sheet.reset_dimensions()  # a lying <dimension> would pad every row to its width
        rows = ([_xlsx_text(cell) for cell in row] for row in sheet.iter_rows())
        grid = list(budget.rows(sheet.title, rows))
        merges = _xlsx_merges(archive, getattr(sheet, "_worksheet_path", ""), budget)
        pages.append(sheet_page(number, sheet.title, grid, merges))
        if progress is not None:
            progress(number, len(sheets))
    return pages


def _xlsx_text(cell: Any) -> str:
    value = getattr(cell, "value", None)
    return format_value(value, getattr(cell, "number_format", "General") or "General")


def format_value(value: Any, number_format: str = "General") -> str:
    """A cell's value as an official reads it: "1.245", "95,5%", "07/12/2026"; empty for a
    formula cell with no saved result (never the formula's text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Đúng" if value else "Sai"
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M" if value.time() != datetime.time() else "%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int | float):
        return _number(float(value), number_format)
    return str(value)


def _number(value: float, number_format: str) -> str:
    if "%" in number_format:
        value *= 100
    grouped = "#,##" in number_format or "#.##" in number_format
    decimals = _decimals(number_format) if number_format != "General" else None
    if decimals is None:
        text = f"{value:,.0f}" if value == int(value) else f"{value:,.10g}"
        if "e" in text or not grouped:
            text = str(int(value)) if value == int(value) else f"{value:.10g}"
    else:
        text = f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"
    text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text + ("%" if "%" in number_format else "")


def _decimals(number_format: str) -> int | None:
    match = re.search(r"0\.(0+)", number_format)
    if match:
        return len(match.group(1))
    return 0 if "0" in number_format else None


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def _xlsx_merges(archive: zipfile.ZipFile, part: str, budget: SheetBudget) -> list[Merge]:
    """The sheet's merged ranges, found by scanning its XML bytes (read-only openpyxl does not
    report them); the zip was checked, so the scan reads a bounded number of bytes."""
    if not part:
        return []
    merges: list[Merge] = []
    tail = b""
    with archive.open(part.lstrip("/")) as member:
        while chunk := member.read(_CHUNK):
            data = tail + chunk
            tail = data[-200:]
            if b"mergeCell" not in data:  # nearly every chunk: a fast search, no regex
                continue
            end = 0
            for match in _MERGE.finditer(data):
                first_col, first_row, last_col, last_row = match.groups()
                merges.append(
                    (
                        int(first_row) - 1,
                        _column_index(first_col),
                        int(last_row) - 1,
                        _column_index(last_col),
                    )
                )
                end = match.end()
            tail = data[max(end, len(data) - 200) :]
            if len(merges) > SHEET_MAX_MERGES:
                budget.note("Bảng tính có quá nhiều ô gộp; chỉ xử lý một phần.")
                return merges[:SHEET_MAX_MERGES]
    return merges


def read_xls(path: Path, progress: Progress | None, cancel: threading.Event | None) -> Document:
    """An Excel 97-2003 workbook through xlrd, sheets loaded one at a time."""
    import xlrd

    if path.stat().st_size > XLS_MAX_BYTES:  # xlrd holds a whole sheet as Python objects
        raise DocumentError(
            path,
            "tệp XLS quá lớn để đọc; hãy lưu lại thành .xlsx.",
            "the XLS is too large to read; save it as .xlsx.",
        )
    budget = SheetBudget(path, cancel)
    try:
        # formatting_info: without it xlrd reports no merged cells.
        book = xlrd.open_workbook(str(path), on_demand=True, formatting_info=True)
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, AssertionError, …
        log.info("cannot read XLS %s: %r", path, exc)
        raise DocumentError(
            path,
            "tệp XLS bị hỏng hoặc không phải bảng tính Excel, không mở được.",
            "the XLS is corrupt or not an Excel workbook.",
        ) from None
    pages: list[Page] = []
    try:
        for number in range(1, book.nsheets + 1):
            if budget.full:
                break
            sheet = book.sheet_by_index(number - 1)
            rows = (_xls_row(book, sheet, r) for r in range(sheet.nrows))
            grid = list(budget.rows(sheet.name, rows))
            merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
            pages.append(sheet_page(number, sheet.name, grid, merges[:SHEET_MAX_MERGES]))
            book.unload_sheet(number - 1)
            if progress is not None:
                progress(number, book.nsheets)
    finally:
        book.release_resources()
    return sheet_document(path, "xls", pages, budget)


def _xls_row(book: Any, sheet: Any, row: int) -> list[str]:
    import xlrd

    cells: list[str] = []
    for cell in sheet.row(row)[: SHEET_MAX_COLUMNS + 1]:
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                cells.append(format_value(xlrd.xldate_as_datetime(cell.value, book.datemode)))
            except (ValueError, OverflowError):
                cells.append(str(cell.value))
        elif cell.ctype == xlrd.XL_CELL_ERROR:
            cells.append(xlrd.error_text_from_code.get(cell.value, "#ERR"))
        elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
            cells.append(format_value(bool(cell.value)))
        elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            cells.append("")
        else:
            cells.append(format_value(cell.value))
    return cells
