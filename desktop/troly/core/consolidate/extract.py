"""Figures a unit's report states: rows of its tables and numbers in its sentences."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from troly.core.consolidate import labels, sentences
from troly.core.consolidate.model import Figure, Source
from troly.core.documents.model import Document, Page
from troly.core.documents.tables import Row, Table, build_table, column_letter
from troly.core.numbers import parse_cell
from troly.core.text import fold

# The column of a unit's own figure for the period, when a table has several ("Kế hoạch |
# Thực hiện | Cùng kỳ"): the first whose header says one of these.
_VALUE_HEADERS = ("thuc hien", "ket qua", "ky nay", "so lieu", "gia tri", "so luong")
_OTHER_HEADERS = ("ke hoach", "cung ky", "so sanh", "ky truoc", "stt", "ghi chu")


def figures(document: Document, unit: str) -> list[Figure]:
    """Every figure of the document, from its tables first and then its sentences."""
    found: list[Figure] = []
    for page in document.pages:
        tables, prose = _tables_and_prose(page)
        for index, table in enumerate(tables, 1):
            found.extend(table_figures(table, index, unit, str(document.path), page.number))
        for sentence in (
            s for line in sentences.logical_lines(prose) for s in sentences.split(line)
        ):
            found.extend(sentences.figures(sentence, unit, str(document.path), page.number))
    return found


def prose(document: Document) -> list[str]:
    """Each page's text without its tables: what the narrative is drawn from."""
    return [_tables_and_prose(page)[1] for page in document.pages]


def _tables_and_prose(page: Page) -> tuple[Sequence[Table], str]:
    """The page's tables, and its text without their rendering. A reader that keeps no
    structured tables (DOCX before issue 25) renders a row as "a | b | c": such runs of lines
    are read back into tables here."""
    if page.tables:
        rendered = {line for table in page.tables for line in table.render().splitlines()}
        prose = "\n".join(line for line in page.text.splitlines() if line not in rendered)
        return page.tables, prose
    tables: list[Table] = []
    prose_lines: list[str] = []
    grid: list[list[str]] = []
    for line in [*page.text.splitlines(), ""]:
        if line.count(" | ") >= 1:
            grid.append([cell.strip() for cell in line.split(" | ")])
            continue
        if grid:
            tables.append(build_table(f"bảng {len(tables) + 1}", grid))
            grid = []
        prose_lines.append(line)
    return tables, "\n".join(prose_lines)


def table_figures(table: Table, index: int, unit: str, file: str, page: int) -> list[Figure]:
    columns = table.columns()
    value_column = _value_column(columns)
    out: list[Figure] = []
    for position, row in enumerate(table.rows, 1):
        label_at = table.label_column(row)
        if label_at < 0:
            continue
        label = row.cells[label_at]
        if not labels.tokens(label):
            continue  # "Tổng cộng", "Cộng": a sum of the rows above, not an indicator
        for column, percent_cell in _values(row, label_at, value_column):
            value, percent = percent_cell
            where = _address(table, row, column, position)
            percent = percent or labels.is_rate(label) or _unit_is_percent(row, label_at)
            out.append(Figure(unit, label, value, percent, "table", Source(file, page, where)))
            break  # one figure per row: the period's value
    return out


def _value_column(columns: list[str]) -> int | None:
    folded = [fold(c) for c in columns]
    for index, header in enumerate(folded):
        if any(h in header for h in _VALUE_HEADERS) and not any(
            h in header for h in _OTHER_HEADERS
        ):
            return index
    return None


def _values(
    row: Row, label_at: int, preferred: int | None
) -> Iterator[tuple[int, tuple[Decimal, bool]]]:
    order = list(range(label_at + 1, len(row.cells)))
    if preferred is not None and preferred in order:
        order = [preferred]
    for column in order:
        parsed = parse_cell(row.cells[column])
        if parsed is not None:
            yield column, parsed


def _unit_is_percent(row: Row, label_at: int) -> bool:
    return any(cell.strip() == "%" for cell in row.cells[label_at + 1 :])


def _address(table: Table, row: Row, column: int, position: int) -> str:
    address = row.address(column)
    if address:
        return f"{table.name}!{address}"
    return f"{table.name}, dòng {position}, cột {column_letter(column)}"


def unit_name(document: Document) -> str:
    """The reporting unit as its report's header names it ("UBND XÃ AN BÌNH" -> "Xã An
    Bình"), or the file's name when no header line says it."""
    for page in document.pages[:1]:
        for line in page.text.splitlines()[:25]:
            line = " ".join(line.split())
            match = _UNIT.match(line)
            if match and line == line.upper():
                return match.group(1).title()
    return document.path.stem


_UNIT = re.compile(
    r"^(?:UBND\s+|ỦY BAN NHÂN DÂN\s+|BÁO CÁO CỦA\s+)?"
    r"((?:XÃ|PHƯỜNG|THỊ TRẤN|PHÒNG|SỞ|TRUNG TÂM)\s+[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ0-9 \-]{1,60})$"
)
