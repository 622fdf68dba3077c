"""A figure computed on a table's rows: the column the question names (its words against the
header cells, folded, best overlap), the rows it names (or every data row, total rows such as
"Tổng cộng" left out), each cell parsed as Vietnamese reports write numbers, the arithmetic in
Decimal. None whenever the column is not clear: the caller then answers the usual way.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from troly.core.documents.tables import Row, Table, column_letter
from troly.core.numbers import parse_cell
from troly.core.tasks.table_question import FigureQuestion, Operation, Threshold, folded

# A column is numeric when at least this share of its filled data cells are numbers.
NUMERIC_SHARE = 0.6
_TOTAL = re.compile(
    r"^(tong( cong| so)?|cong(?! dong)|toan (huyen|tinh|thanh pho|quan|xa|nganh|don vi)"
    r"|ca (nuoc|tinh|huyen|nam))\b"
)
_ORDINAL_HEADER = re.compile(r"^(s?tt|so tt|so thu tu)$")
# A column that is itself a change ("Tăng/giảm", "So sánh (%)") is not one of the two compared.
_CHANGE = re.compile(r"\b(tang|giam|chenh|so sanh)\b")
_CURRENT = re.compile(r"\b(nay|thuc hien|bao cao|hien tai)\b")
_PREVIOUS = re.compile(r"\b(truoc|cung ky)\b")


@dataclass(frozen=True)
class Cell:
    row: str  # the row's label: "Xã An Bình"
    text: str  # the cell as the table writes it: "1.245"
    value: Decimal
    address: str  # "Biểu 01!C7"; "Bảng 2, hàng 4, cột C" where the format numbers no rows
    line: str  # the row as the index renders it, to find the passage that holds it


@dataclass
class Result:
    operation: Operation
    table: Table
    column: str  # the header of the column computed on
    percent: bool  # its figures are rates
    unit: str  # what a row is: "xã", "phòng", "đơn vị"
    value: Decimal
    cells: list[Cell]  # every cell the figure was computed from
    picked: list[Cell] = field(default_factory=list)  # the rows the answer names
    total: Cell | None = None  # a sum: the table's own total row, checked against it
    threshold: Threshold | None = None
    base_column: str = ""  # a difference: the column compared against, its cells and sum
    base_cells: list[Cell] = field(default_factory=list)
    base: Decimal = Decimal(0)
    current: Decimal = Decimal(0)

    @property
    def rate(self) -> bool:
        """Whether the figure itself is a rate (a count of rates is a count)."""
        return self.percent and self.operation != "count"


@dataclass(frozen=True)
class _Column:
    index: int
    label: str
    words: frozenset[str]
    percent: bool


def compute(question: FigureQuestion, table: Table) -> Result | None:
    """The figure the question asks for, computed on the table; None when the table does not
    say clearly which column (or rows) it is."""
    labels = table.columns()
    rows = [(row, _label(table, row)) for row in table.rows]
    rows = [(row, label) for row, label in rows if label]
    columns = _numeric_columns(table, labels, rows)
    if not columns or not rows:
        return None
    named = _named_rows(question.folded, rows)
    used = named or [(row, label) for row, label in rows if not _TOTAL.match(folded(label))]
    unit = _unit(table, [label for _, label in rows])
    if question.operation == "difference":
        return _difference(question, table, labels, columns, used, unit, bool(named))
    if question.operation == "count":
        wanted = question.threshold.percent if question.threshold else None
        columns = [c for c in columns if wanted is None or c.percent == wanted] or columns
    column = _best(columns, question.words)
    if column is None:
        return None
    cells = _cells(table, column.index, labels, used)
    if not cells:
        return None
    result = Result(
        question.operation, table, column.label, column.percent, unit, Decimal(0), cells
    )
    return _aggregate(result, question, table, labels, rows, named)


def _aggregate(
    result: Result,
    question: FigureQuestion,
    table: Table,
    labels: list[str],
    rows: list[tuple[Row, str]],
    named: list[tuple[Row, str]],
) -> Result | None:
    values = [c.value for c in result.cells]
    if result.operation == "sum":
        if result.percent and len(values) > 1:
            return None  # rates do not add up
        result.value = sum(values, Decimal(0))
        if not named:
            totals = [(r, label) for r, label in rows if _TOTAL.match(folded(label))]
            index = labels.index(result.column)
            found = _cells(table, index, labels, totals)
            result.total = found[0] if found else None
    elif result.operation == "average":
        result.value = sum(values, Decimal(0)) / len(values)
    elif result.operation in ("max", "min"):
        if len(values) < 2:
            return None
        result.value = max(values) if result.operation == "max" else min(values)
        result.picked = [c for c in result.cells if c.value == result.value]
    elif result.operation == "count":
        threshold = question.threshold
        assert threshold is not None
        result.threshold = threshold
        result.picked = [c for c in result.cells if threshold.holds(c.value)]
        result.value = Decimal(len(result.picked))
    return result


def _difference(
    question: FigureQuestion,
    table: Table,
    labels: list[str],
    columns: list[_Column],
    used: list[tuple[Row, str]],
    unit: str,
    named: bool,
) -> Result | None:
    """Two columns compared ("Kỳ này" against "Kỳ trước" or "Cùng kỳ"), over the rows named
    or the sum of every data row."""
    columns = [c for c in columns if not _CHANGE.search(folded(c.label))]
    after, before = question.base_words(), question.current_words()
    if after:
        base = _best(columns, after + after + before, need_overlap=True)
    else:
        previous = [c for c in columns if _PREVIOUS.search(folded(c.label))]
        base = _best(previous, before)
    if base is None:
        return None
    others = [c for c in columns if c.index != base.index]
    scores = {c.index: _current_score(c, before, base) for c in others}
    best = max(scores.values(), default=0)
    current = [c for c in others if scores[c.index] == best]
    if best <= 0 or len(current) != 1:
        return None
    now = current[0]
    if (now.percent or base.percent) and len(used) > 1 and not named:
        return None  # rates of several rows cannot be summed to one
    both = {c.line for c in _cells(table, base.index, labels, used)}
    cells = [c for c in _cells(table, now.index, labels, used) if c.line in both]
    kept = {c.line for c in cells}
    base_cells = [c for c in _cells(table, base.index, labels, used) if c.line in kept]
    if not cells or (now.percent and len(cells) > 1):
        return None
    result = Result("difference", table, now.label, now.percent, unit, Decimal(0), cells)
    result.base_column, result.base_cells = base.label, base_cells
    result.current = sum((c.value for c in cells), Decimal(0))
    result.base = sum((c.value for c in base_cells), Decimal(0))
    result.value = result.current - result.base
    return result


def _current_score(column: _Column, before: list[str], base: _Column) -> int:
    """How well a column is the one compared with the base: the question's words before
    "so với", the measure it shares with the base ("Tiếp nhận - Kỳ này"), a word of the
    current period ("này", "thực hiện")."""
    words = set(before)
    score = 2 * len(column.words & words) + len(column.words & base.words)
    return score + (1 if _CURRENT.search(folded(column.label)) else 0)


def _best(columns: list[_Column], words: list[str], need_overlap: bool = False) -> _Column | None:
    """The column whose header shares the most of the words; None on a tie, or when no header
    shares any word and there is more than one column to choose from."""
    if not columns:
        return None
    counts = Counter(words)
    scored = sorted(
        (
            (sum(counts[w] for w in c.words), len(set(words) & c.words) / len(c.words), c)
            for c in columns
        ),
        key=lambda s: (-s[0], -s[1], s[2].index),
    )
    top = scored[0]
    if top[0] == 0 and (need_overlap or len(columns) > 1):
        return None
    # Two headers the question names as much: only one the question names whole ("Số hồ sơ"
    # against "Số hồ sơ trả kết quả") is clearly meant.
    if len(scored) > 1 and scored[1][0] == top[0] and (top[1] < 1 or scored[1][1] == 1):
        return None
    return top[2]


def _numeric_columns(table: Table, labels: list[str], rows: list[tuple[Row, str]]) -> list[_Column]:
    found = []
    label_columns = {table.label_column(r) for r, _ in rows}
    for index, label in enumerate(labels):
        if index in label_columns:
            continue
        texts = [r.cells[index] for r, _ in rows if index < len(r.cells) and r.cells[index]]
        parsed = [p for p in (parse_cell(t) for t in texts) if p is not None]
        if not parsed or len(parsed) < NUMERIC_SHARE * len(texts):
            continue
        words = folded(label)
        if _ORDINAL_HEADER.match(words):  # "STT": 1, 2, 3 numbers rows, it counts nothing
            continue
        percent = sum(p[1] for p in parsed) * 2 > len(parsed) or bool(
            re.search(r"%|\bti le\b", words)
        )
        found.append(_Column(index, label, frozenset(words.split()), percent))
    return found


def _label(table: Table, row: Row) -> str:
    column = table.label_column(row)
    return row.cells[column] if column >= 0 else ""


def _named_rows(question: str, rows: list[tuple[Row, str]]) -> list[tuple[Row, str]]:
    """The rows the question names, by their whole label or by what sets it apart from the
    others ("An Bình" of "Xã An Bình", where most labels start with "Xã")."""
    labels = [folded(label) for _, label in rows]
    firsts = Counter(label.split()[0] for label in labels if label)
    common = {word for word, n in firsts.items() if n * 2 >= len(labels) and len(labels) > 1}
    named = []
    for (row, label), key in zip(rows, labels, strict=True):
        own = " ".join(key.split()[1:]) if key.split()[:1] and key.split()[0] in common else ""
        keys = [key] + ([own] if len(own) >= 4 else [])
        if any(re.search(rf"(?<!\w){re.escape(k)}(?!\w)", question) for k in keys if k):
            named.append((row, label))
    return named


def _unit(table: Table, labels: list[str]) -> str:
    """What one row is, for the answer's wording: the first word most labels share ("Xã An
    Bình", "Xã Tân Phú": "xã"), else the label column's short header, else "đơn vị"."""
    firsts = Counter(label.split()[0] for label in labels if label.split())
    if firsts:
        word, n = firsts.most_common(1)[0]
        if n * 2 >= len(labels) and len(labels) > 1 and word.isalpha():
            return word.lower()
    if table.rows:
        column = table.label_column(table.rows[0])
        header = table.columns()[column] if column >= 0 else ""
        if header and len(header.split()) <= 2 and not header.startswith("Cột "):
            return header.lower()
    return "đơn vị"


def _cells(table: Table, index: int, labels: list[str], rows: list[tuple[Row, str]]) -> list[Cell]:
    cells = []
    # Where each row is in the table, for a format that numbers no rows (read once per call).
    order = {} if all(r.number for r, _ in rows) else {id(r): i for i, r in enumerate(table.rows)}
    for row, label in rows:
        text = row.cells[index] if index < len(row.cells) else ""
        parsed = parse_cell(text) if text else None
        if parsed is None:
            continue
        address = _address(table, row, index, order.get(id(row), 0))
        cells.append(Cell(label, text, parsed[0], address, table.render_row(row, labels)))
    return cells


def _address(table: Table, row: Row, index: int, position: int) -> str:
    """ "Biểu 01!C7" for a sheet; for a table of a document, which numbers no rows, its
    caption's "Biểu 02" (not the title after the colon), the row counted from the table's
    top and the column's letter."""
    if row.number:
        return f"{table.name}!{row.address(index)}"
    name = table.name.split(":")[0].strip() or table.name
    return f"{name}, hàng {len(table.header) + position + 1}, cột {column_letter(index)}"
