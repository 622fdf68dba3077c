"""Any DOCX as a flat list of paragraphs with their place (body or table cell) and formats,
for the checker."""

from __future__ import annotations

import contextlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from troly.core.nd30.styles import ParaFormat, RunFormat, StyleResolver

_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_VML = "urn:schemas-microsoft-com:vml"


@dataclass
class Para:
    """One paragraph of the document as the checker sees it."""

    index: int  # order in the document, from 1
    element: Any
    text: str
    fmt: ParaFormat
    runs: list[RunFormat]  # of the runs that hold visible text
    table: int | None = None  # which top-level table, from 1
    cell: tuple[int, int] | None = None  # (row, column) in that table
    cell_width: int | None = None  # twips, when the cell says
    drawing_widths: list[int] = field(default_factory=list)  # line or shape widths, twips

    @property
    def where(self) -> str:
        if self.table is None:
            return f"đoạn {self.index}"
        row, col = self.cell or (0, 0)
        return f"bảng {self.table}, dòng {row + 1}, cột {col + 1} (đoạn {self.index})"

    @property
    def size(self) -> float | None:
        sizes = [r.size for r in self.runs if r.size is not None]
        return max(sizes) if sizes else None

    def all(self, attr: str) -> bool:
        return bool(self.runs) and all(getattr(r, attr) for r in self.runs)

    def any(self, attr: str) -> bool:
        return any(getattr(r, attr) for r in self.runs)

    @property
    def underlined(self) -> bool:
        for r in self.element.iter(qn("w:r")):
            rpr = r.find(qn("w:rPr"))
            u = rpr.find(qn("w:u")) if rpr is not None else None
            if u is not None and u.get(qn("w:val")) not in ("none", None):
                return True
        return False


def _text(p: Any) -> str:
    text = Paragraph(p, None).text  # type: ignore[arg-type]  # no story part needed for text
    return unicodedata.normalize("NFC", text).replace("\u00a0", " ").strip()


def _drawing_widths(p: Any) -> list[int]:
    widths: list[int] = []
    for extent in p.iter(f"{_WP}extent"):
        try:
            widths.append(round(int(extent.get("cx", "0")) / 635))  # EMU to twips
        except ValueError:
            continue
    # A VML line: present, its length not measured.
    widths += [-1 for _ in p.iter(f"{{{_VML}}}line")]
    return widths


def _cell_width(tc: Any, grid: list[int], col: int) -> int | None:
    tcpr = tc.find(qn("w:tcPr"))
    width = tcpr.find(qn("w:tcW")) if tcpr is not None else None
    if width is not None and width.get(qn("w:type")) in ("dxa", None):
        try:
            value = int(width.get(qn("w:w"), "0"))
            if value > 0:
                return value
        except ValueError:
            pass
    span = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
    count = int(span.get(qn("w:val"), "1")) if span is not None else 1
    if col + count <= len(grid):
        return sum(grid[col : col + count])
    return None


def _cell_margins(tbl: Any) -> int:
    tblpr = tbl.find(qn("w:tblPr"))
    margins = tblpr.find(qn("w:tblCellMar")) if tblpr is not None else None
    if margins is None:
        return 2 * 108  # Word's default padding, 0.19 cm each side
    total = 0
    for edge in ("left", "right", "start", "end"):
        found = margins.find(qn(f"w:{edge}"))
        if found is not None:
            with contextlib.suppress(ValueError):
                total += int(found.get(qn("w:w"), "0"))
    return total


class DocumentReader:
    """Walks the body in order, into tables (nested ones too), collecting Para records."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.styles = StyleResolver(document)
        self.paras: list[Para] = []
        self._table_count = 0
        self._walk(document.element.body, None, None, None, None)

    def _add(
        self,
        p: Any,
        table: int | None,
        cell: tuple[int, int] | None,
        width: int | None,
        table_style: str | None,
    ) -> None:
        runs = []
        for r in p.iter(qn("w:r")):
            visible = "".join(t.text or "" for t in r.iter(qn("w:t")))
            if visible.strip():
                runs.append(self.styles.run_format(p, r, table_style))
        self.paras.append(
            Para(
                index=len(self.paras) + 1,
                element=p,
                text=_text(p),
                fmt=self.styles.para_format(p, table_style),
                runs=runs,
                table=table,
                cell=cell,
                cell_width=width,
                drawing_widths=_drawing_widths(p),
            )
        )

    def _walk(
        self,
        parent: Any,
        table: int | None,
        cell: tuple[int, int] | None,
        width: int | None,
        table_style: str | None,
    ) -> None:
        for child in parent:
            if child.tag == qn("w:p"):
                self._add(child, table, cell, width, table_style)
            elif child.tag == qn("w:tbl"):
                self._walk_table(child, table)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self._walk(content, table, cell, width, table_style)

    def _walk_table(self, tbl: Any, outer: int | None) -> None:
        if outer is None:
            self._table_count += 1
        number = outer if outer is not None else self._table_count
        grid = []
        for col in tbl.iter(qn("w:gridCol")):
            try:
                grid.append(int(col.get(qn("w:w"), "0")))
            except ValueError:
                grid.append(0)
        tblpr = tbl.find(qn("w:tblPr"))
        style = tblpr.find(qn("w:tblStyle")) if tblpr is not None else None
        style_id = style.get(qn("w:val")) if style is not None else self.styles.default_table_style
        padding = _cell_margins(tbl)
        for row_index, tr in enumerate(tbl.findall(qn("w:tr"))):
            col = 0
            for tc in tr.findall(qn("w:tc")):
                width = _cell_width(tc, grid, col)
                inner = width - padding if width is not None else None
                self._walk(tc, number, (row_index, col), inner, style_id)
                tcpr = tc.find(qn("w:tcPr"))
                span = tcpr.find(qn("w:gridSpan")) if tcpr is not None else None
                col += int(span.get(qn("w:val"), "1")) if span is not None else 1
