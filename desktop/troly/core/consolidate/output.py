"""The consolidated table written out: an XLSX (sources as cell comments, flags on a second
sheet) and a báo cáo DOCX by the Decree 30 writer with the table put inside its body."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from troly.core import audit
from troly.core.atomic_write import write_atomically
from troly.core.consolidate.model import Consolidation, Indicator
from troly.core.consolidate.narrative import SECTIONS, Point, body_lines
from troly.core.numbers import format_number
from troly.core.policy import Policy

TABLE_MARK = "[[BẢNG TỔNG HỢP]]"  # where the body says the table goes; replaced by it
TABLE_FONT_PT = 13
TOTAL = "Tổng cộng"


def grid(table: Consolidation) -> list[list[str]]:
    """The table as text, one row per unit and a last row of totals: with 10-30 units and a
    handful of indicators, units down and indicators across fit a portrait A4 page."""
    head = ["TT", "Đơn vị", *(_heading(i) for i in table.indicators)]
    rows = [head]
    for number, unit in enumerate(table.units, 1):
        cells = [_cell(i, unit) for i in table.indicators]
        rows.append([str(number), unit, *cells])
    totals = [_total(i) for i in table.indicators]
    rows.append(["", TOTAL, *totals])
    return rows


def _heading(indicator: Indicator) -> str:
    return indicator.label + (" (%)" if indicator.percent and "%" not in indicator.label else "")


def _cell(indicator: Indicator, unit: str) -> str:
    cell = indicator.cells.get(unit)
    return "" if cell is None else format_number(cell.value)


def _total(indicator: Indicator) -> str:
    return "" if indicator.total is None else format_number(indicator.total)


def write_xlsx(table: Consolidation, path: str | Path, *, policy: Policy) -> Path:
    """The table in sheet "Tổng hợp" (each cell's sources in its comment) and the flags in
    sheet "Kiểm tra"; written atomically, refused when the policy turns export off."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    target = Path(path).expanduser()
    policy.check_export(target)
    book = Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    sheet.append(grid(table)[0])
    for number, unit in enumerate(table.units, 1):
        sheet.append([number, unit])
    sheet.append(["", TOTAL])
    total_row = len(table.units) + 2
    for column, indicator in enumerate(table.indicators, 3):
        # Numbers as numbers, so the official can go on computing in the sheet.
        shown = "0.0#" if indicator.percent else "#,##0"
        for row, unit in enumerate(table.units, 2):
            cell = indicator.cells.get(unit)
            if cell is not None:
                target_cell = sheet.cell(row, column, cell.value)
                target_cell.number_format = shown
                note = "\n".join(f.source.label() for f in cell.figures) or "do người dùng sửa"
                target_cell.comment = Comment(note[:30000], "TroLy")
        if indicator.total is not None:
            sheet.cell(total_row, column, indicator.total).number_format = shown
        if indicator.total_note:
            sheet.cell(total_row, column).comment = Comment(indicator.total_note, "TroLy")
    checks = book.create_sheet("Kiểm tra")
    checks.append(["Loại", "Chỉ tiêu", "Đơn vị", "Nội dung"])
    for flag in table.flags:
        checks.append([flag.kind, table.indicator(flag.indicator).label, flag.unit, flag.message])
    write_atomically(target, book.save)
    audit.record(audit.DRAFT_EXPORTED, [target.resolve()], kind="consolidation-xlsx")
    return target


def report_body(table: Consolidation, points: list[Point]) -> str:
    """The báo cáo's body: the table under section I, then the narrative sections."""
    lines = body_lines(points)
    body = [
        "I. KẾT QUẢ THỰC HIỆN",
        f"Tổng hợp từ báo cáo của {len(table.units)} đơn vị, số liệu như sau:",
        TABLE_MARK,
    ]
    body += lines["ket_qua"]
    for number, section in (("II", "kho_khan"), ("III", "kien_nghi")):
        body.append(f"{number}. {SECTIONS[section]}")
        body += lines[section] or ["- Các đơn vị không nêu nội dung này."]
    return "\n".join(body)


def write_report(
    table: Consolidation,
    points: list[Point],
    values: Mapping[str, str],
    path: str | Path,
    *,
    policy: Policy,
) -> Path:
    """The báo cáo DOCX: laid out by nd30.build_document (the writer has no table element),
    then the table put where the body marks it, in Times New Roman 13 pt with borders."""
    from troly.core.nd30 import DraftFields, build_document, get_type

    target = Path(path).expanduser()
    policy.check_export(target)
    document = build_document(
        get_type("bao-cao"), DraftFields.from_mapping(values), report_body(table, points)
    )
    _insert_table(document, grid(table))
    write_atomically(target, document.save)
    audit.record(audit.DRAFT_EXPORTED, [target.resolve()], type="bao-cao", kind="consolidation")
    return target


def _insert_table(document: Any, rows: list[list[str]]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from troly.core.nd30 import ooxml

    mark = next(p for p in document.paragraphs if p.text.strip() == TABLE_MARK)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            paragraph = table.cell(r, c).paragraphs[0]
            numeric = c >= 2 and r > 0
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
            if r == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            bold = r == 0 or r == len(rows) - 1
            ooxml.add_text(paragraph, value, TABLE_FONT_PT, bold=bold)
    ooxml.keep_rows_whole(table)
    _widths(table, len(rows[0]))
    _repeat_header(table)
    mark._p.addnext(table._tbl)
    mark._p.getparent().remove(mark._p)


def _widths(table: Any, count: int) -> None:
    """The number column narrow, the unit's name wide enough for "Xã Quảng Phú" on one line,
    the figures sharing the rest of the text width (Word would make every column equal)."""
    from docx.shared import Twips

    from troly.core.nd30.spec import TEXT_WIDTH_MM, mm

    first, name = mm(10), mm(38)
    rest = (mm(TEXT_WIDTH_MM) - first - name) // max(count - 2, 1)
    widths = [first, name, *([rest] * (count - 2))]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)  # the grid, which LibreOffice lays out by
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Twips(width)


def _repeat_header(table: Any) -> None:
    """The header row printed again at the top of every page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
