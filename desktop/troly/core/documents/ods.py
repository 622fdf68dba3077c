"""OpenDocument spreadsheets (.ods): content.xml streamed with lxml, one row at a time, after
the same zip-bomb guard as DOCX. Cells are read as displayed (their text:p), merged cells
(number-columns/rows-spanned) resolved, repeated rows and cells expanded only within limits.
"""

from __future__ import annotations

import logging
import threading
import zipfile
from pathlib import Path
from typing import Any

from troly.core.documents.docx import check_zip
from troly.core.documents.errors import Cancelled, DocumentError
from troly.core.documents.limits import SHEET_MAX_COLUMNS, SHEET_MAX_MERGES
from troly.core.documents.model import Document, Page
from troly.core.documents.sheets import Progress, SheetBudget, sheet_document, sheet_page
from troly.core.documents.tables import Merge

log = logging.getLogger(__name__)
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")


def read_ods(path: Path, progress: Progress | None, cancel: threading.Event | None) -> Document:
    check_zip(path, kind="ODS")
    from lxml import etree

    budget = SheetBudget(path, cancel)
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            events = etree.iterparse(
                content,
                events=("start", "end"),
                tag=(f"{_TABLE}table", f"{_TABLE}table-row"),
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
            )
            pages = _Sheets(budget).read(events, progress)
    except (DocumentError, Cancelled):
        raise
    except Exception as exc:  # KeyError (no content.xml), XMLSyntaxError, BadZipFile
        log.info("cannot read ODS %s: %r", path, exc)
        raise DocumentError(
            path, "tệp ODS bị hỏng, không mở được.", "the ODS is corrupt."
        ) from None
    return sheet_document(path, "ods", pages, budget)


class _Sheets:
    def __init__(self, budget: SheetBudget) -> None:
        self.budget = budget
        self.pages: list[Page] = []

    def read(self, events: Any, progress: Progress | None) -> list[Page]:
        grid: list[list[str]] = []
        merges: list[Merge] = []
        name, blank, stopped = "", 0, False
        for event, element in events:
            if element.tag == f"{_TABLE}table":
                if event == "start":
                    name, grid, merges, blank = element.get(f"{_TABLE}name", ""), [], [], 0
                    stopped = self.budget.full
                else:
                    if not stopped or grid:
                        number = len(self.pages) + 1
                        self.pages.append(sheet_page(number, name, grid, merges))
                        if progress is not None:
                            progress(number, number)  # the number of sheets is not known ahead
                    element.clear()
                continue
            if event != "end":
                continue
            if not stopped:
                cells, spans = _row(element, len(grid) + blank)
                repeat = int(element.get(f"{_TABLE}number-rows-repeated", "1") or 1)
                if not any(cells):
                    blank += repeat  # trailing empty rows (often a million) cost nothing
                else:
                    stopped = self._add(name, grid, blank, cells, min(repeat, 1000))
                    blank = 0
                    merges.extend(spans[: max(0, SHEET_MAX_MERGES - len(merges))])
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
        return self.pages

    def _add(self, name: str, grid: list[list[str]], blank: int, cells: list[str], n: int) -> bool:
        """Append `blank` empty rows then `n` copies of the row; True once a limit is reached."""
        for _ in range(blank):
            if self.budget.admit(name, len(grid), []) is None:
                return True
            grid.append([])
        for _ in range(n):
            admitted = self.budget.admit(name, len(grid), list(cells))
            if admitted is None:
                return True
            grid.append(admitted)
        return False


def _row(row: Any, index: int) -> tuple[list[str], list[Merge]]:
    cells: list[str] = []
    merges: list[Merge] = []
    for cell in row:
        if cell.tag not in _CELLS:
            continue
        text = "\n".join("".join(p.itertext()) for p in cell.iter(f"{_TEXT}p"))
        repeat = int(cell.get(f"{_TABLE}number-columns-repeated", "1") or 1)
        across = int(cell.get(f"{_TABLE}number-columns-spanned", "1") or 1)
        down = int(cell.get(f"{_TABLE}number-rows-spanned", "1") or 1)
        if text and (across > 1 or down > 1):
            column = len(cells)
            merges.append((index, column, index + down - 1, column + across - 1))
        # Repeated empty cells at a row's end (LibreOffice writes 1,000+) are not expanded.
        room = SHEET_MAX_COLUMNS + 1 - len(cells)
        cells.extend([text] * min(repeat, room))
        if len(cells) > SHEET_MAX_COLUMNS:
            break
    while cells and not cells[-1]:
        cells.pop()
    return cells, merges
