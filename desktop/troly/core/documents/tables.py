"""Tables kept as tables: rows of cells with their header rows, merged cells resolved, and a
text rendering in which every row line says its table, its row label and each figure's column,
so a passage cited alone still reads "Biểu 01 | Xã A | Số hồ sơ tiếp nhận: 1.245 (C7)".

The rendering starts with one header line, "Bảng Biểu 01 — cột: Đơn vị | Số hồ sơ …", which
the chunker recognizes (TABLE_HEADER) and repeats at the head of every passage of the table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# The rendered header line; the chunker keys on it (see `row_prefixes`).
TABLE_HEADER = re.compile(r"^(.{1,300}?) — cột: ")
MAX_HEADER_ROWS = 3
_NUMBER = re.compile(r"^[-+]?\(?[\d.,\s]+\)?%?$")
_YEAR = re.compile(r"^(19|20)\d\d$")  # "Chỉ tiêu | 2024 | 2025": a header of years
_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,3})\)?$")

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based)


@dataclass(frozen=True)
class Row:
    """One row: `cells[i]` is the value of column i (column A is 0), "" when empty; `number`
    is the row's own number in its sheet (1-based), 0 when the format has none (HTML)."""

    cells: tuple[str, ...]
    number: int = 0

    def address(self, column: int) -> str:
        """The cell's address ("C7"), or "" when the format numbers no rows."""
        return f"{column_letter(column)}{self.number}" if self.number else ""


@dataclass(frozen=True)
class Table:
    name: str  # the sheet's name or the table's caption: "Biểu 01"
    header: tuple[Row, ...]
    rows: tuple[Row, ...]
    title: tuple[str, ...] = ()  # lines above the table (a form's title rows)

    def columns(self) -> list[str]:
        """One label per column: its header cells top to bottom, repeats dropped ("Kết quả -
        Đúng hạn"); the column's letter when the header says nothing."""
        width = max((len(row.cells) for row in (*self.header, *self.rows)), default=0)
        labels = []
        for column in range(width):
            parts: list[str] = []
            for row in self.header:
                value = row.cells[column] if column < len(row.cells) else ""
                if value and value not in parts:
                    parts.append(value)
            labels.append(" - ".join(parts) or f"Cột {column_letter(column)}")
        return labels

    def label_column(self, row: Row) -> int:
        """The column that names a row: its first cell that is not a number (an STT column
        of 1, 2, 3 is passed over); -1 when every cell is a number."""
        for column, value in enumerate(row.cells):
            if value and not _NUMBER.match(value):
                return column
        return -1

    def render(self) -> str:
        """The table as text for the index: title lines, the header line, one line per row."""
        columns = self.columns()
        lines = list(self.title)
        if not self.header and not self.rows:
            return "\n".join(lines)
        lines.append(f"{caption(self.name)} — cột: " + " | ".join(columns))
        for row in self.rows:
            lines.append(self.render_row(row, columns))
        return "\n".join(lines)

    def render_row(self, row: Row, columns: Sequence[str]) -> str:
        label = self.label_column(row)
        parts = [self.name, row.cells[label] if label >= 0 else f"dòng {row.number or '?'}"]
        for column, value in enumerate(row.cells):
            if not value or column == label:
                continue
            address = row.address(column)
            parts.append(f"{columns[column]}: {value}" + (f" ({address})" if address else ""))
        return " | ".join(parts)


def caption(name: str) -> str:
    """How the header line names a table: "Biểu 01", "Bảng 2", or "Bảng Sheet1"."""
    return name if name.lower().startswith(("bảng", "biểu")) else f"Bảng {name}"


def row_prefixes(header_caption: str) -> tuple[str, ...]:
    """How the row lines of the table whose header line names it `header_caption` start."""
    prefixes = [f"{header_caption} | "]
    if header_caption.startswith("Bảng "):
        prefixes.append(f"{header_caption[5:]} | ")
    return tuple(prefixes)


def column_letter(column: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def resolve_merges(grid: list[list[str]], merges: Sequence[Merge]) -> None:
    """Repeat each merged cell's value in every cell it spans, within the rows and columns
    actually read (a hostile merge over a million rows fills nothing beyond them)."""
    widest = max((len(cells) for cells in grid), default=0)
    for first_row, first_col, last_row, last_col in merges:
        if first_row >= len(grid) or first_col >= len(grid[first_row]):
            continue
        value = grid[first_row][first_col]
        if not value:
            continue
        width = min(last_col + 1, widest)
        for r in range(first_row, min(last_row, len(grid) - 1) + 1):
            cells = grid[r]
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            for c in range(first_col, width):
                if not cells[c]:
                    cells[c] = value


def build_table(
    name: str,
    grid: list[list[str]],
    numbers: Sequence[int] | None = None,
    merges: Sequence[Merge] = (),
) -> Table:
    """A Table from rows of cell texts (`numbers[i]` the sheet's number of row i): merged cells
    resolved, empty rows dropped, title rows above the header and the header rows found."""
    resolve_merges(grid, merges)
    kept = [i for i, cells in enumerate(grid) if any(cells)]
    rows = [Row(tuple(_trim(grid[i])), numbers[i] if numbers else 0) for i in kept]
    # A form's title rows above its first row of several values: one value each, in one cell
    # or merged across the table's width (a one-column list has none).
    wide = next((i for i, row in enumerate(rows[:10]) if len(set(_texts(row))) > 1), 0)
    title = [_texts(row)[0] for row in rows[:wide]]
    del rows[:wide], kept[:wide]
    # Rows reached by a cell merged down from the row above them, by their index in the grid.
    merged_down = {r for r0, _, r1, _ in merges for r in range(r0 + 1, min(r1, r0 + 9) + 1)}
    count = _header_count(rows, [kept[i] in merged_down for i in range(len(rows))])
    body = rows[count:]
    if body and _is_column_numbering(body[0]):  # "(1) (2) (3)" under an official form's header
        body = body[1:]
    return Table(name, tuple(rows[:count]), tuple(body), tuple(title))


def _trim(cells: list[str]) -> list[str]:
    cells = [c.strip() for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _texts(row: Row) -> list[str]:
    return [c for c in row.cells if c]


def _header_count(rows: list[Row], merged_down: list[bool]) -> int:
    """How many of the first rows are the header: the first row when it is mostly words, and
    the rows below it while they are all words and belong to a grouped header (a cell merged
    across columns or down rows)."""
    if len(rows) < 2:
        return 0
    texts = _texts(rows[0])
    numbers = sum(1 for c in texts if _NUMBER.match(c) and not _YEAR.match(c))
    if len(texts) < 2 or numbers * 2 >= len(texts):
        return 0
    count = 1
    while count < min(MAX_HEADER_ROWS, len(rows) - 1):
        below = rows[count]
        if not _texts(below) or any(_NUMBER.match(c) for c in _texts(below)):
            break
        if not (_grouped(rows[count - 1]) or merged_down[count]):
            break
        count += 1
    return count


def _grouped(row: Row) -> bool:
    """Two neighbouring cells with one value: a header cell merged across columns."""
    cells = row.cells
    return any(cells[i] and cells[i] == cells[i + 1] for i in range(len(cells) - 1))


def _is_column_numbering(row: Row) -> bool:
    values = [_COLUMN_NUMBER.match(c) for c in row.cells if c]
    if len(values) < 3 or not all(values):
        return False
    numbers = [int(m.group(1)) for m in values if m]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))
