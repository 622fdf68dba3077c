"""HTML pages (.html/.htm, a web page or a portal's saved notice): text in reading order, and
tables kept as tables (colspan/rowspan resolved); scripts, styles and forms dropped. The
charset is the one the page declares in a <meta>, else sniffed like a CSV's (UTF-8, UTF-16,
Windows-1258)."""

from __future__ import annotations

import codecs
import logging
import re
import threading
import unicodedata
from pathlib import Path
from typing import Any

from troly.core.documents.csvfile import decode
from troly.core.documents.errors import Cancelled, DocumentError
from troly.core.documents.limits import SHEET_MAX_COLUMNS
from troly.core.documents.model import Document, Page
from troly.core.documents.sheets import Progress, SheetBudget
from troly.core.documents.tables import Merge, Table, build_table
from troly.core.text import normalize

log = logging.getLogger(__name__)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{1,40})""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_DROP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "button"}
_DROP |= {"select", "textarea"}
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"}
_BLOCKS |= {"header", "footer", "blockquote", "pre", "dd", "dt", "caption", "hr", "address"}
_MAX_SPAN = 1000  # as browsers: a colspan of a million is read as 1000
_MAX_TAKEN = 1_000_000  # slots held by spanning cells, at most: a table of huge spans is cut


def read_html(path: Path, progress: Progress | None, cancel: threading.Event | None) -> Document:
    import lxml.html

    try:
        data = path.read_bytes()  # bounded by check_document's limit for text files
    except OSError as exc:
        raise DocumentError(path, f"không mở được tệp ({exc.strerror}).", str(exc)) from None
    # Windows-1258 writes tones as combining marks: compose them as everywhere else.
    text = unicodedata.normalize("NFC", _XML_DECLARATION.sub("", _decode(data)))
    del data
    if not text.strip():
        raise DocumentError(path, "trang HTML không có nội dung.", "the HTML page is empty.")
    try:
        # huge_tree: a page nested deeper than 256 elements (Word's "save as web page" comes
        # near) was cut there, losing the rest; libxml2 still stops at 2048.
        parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True)
        root = lxml.html.document_fromstring(text, parser=parser)
    except Exception as exc:  # lxml's ParserError for a page with no element at all
        log.info("cannot parse HTML %s: %r", path, exc)
        raise DocumentError(
            path, "trang HTML không có nội dung.", "the HTML page is empty."
        ) from None
    title = " ".join((root.findtext(".//title") or "").split())
    budget = SheetBudget(path, cancel)
    reader = _Reader(budget)
    body = normalize(reader.read(root))
    if not body:
        raise DocumentError(path, "trang HTML không có nội dung.", "the HTML page is empty.")
    if progress is not None:
        progress(1, 1)
    page = Page(number=1, text=body, tables=tuple(reader.tables))
    return Document(
        path=path,
        kind="html",
        pages=[page],
        title=title[:200],
        pages_estimated=True,
        warnings=budget.warnings,
    )


def _decode(data: bytes) -> str:
    match = _META_CHARSET.search(data[:4096])
    if match and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = match.group(1).decode("ascii")
        try:
            codecs.lookup(name)
            return data.decode(name, "replace")
        except LookupError:
            pass
    return decode(data)


class _Reader:
    """Walks the tree without recursion (a page nested 100,000 deep is no error)."""

    def __init__(self, budget: SheetBudget) -> None:
        self.budget = budget
        self.tables: list[Table] = []
        self.parts: list[str] = []

    def read(self, root: Any) -> str:
        from lxml import etree

        walk = etree.iterwalk(root, events=("start", "end"))
        for count, (event, element) in enumerate(walk):
            cancel = self.budget.cancel
            if count % 10_000 == 0 and cancel is not None and cancel.is_set():
                raise Cancelled()
            tag = element.tag if isinstance(element.tag, str) else ""
            if event == "start":
                if tag in _DROP or not tag:
                    walk.skip_subtree()
                    continue
                if tag in _BLOCKS:
                    self.parts.append("\n")
                if tag == "table":
                    self._table(element)
                    walk.skip_subtree()
                    continue
                if element.text:
                    self.parts.append(element.text)
            else:
                if tag in _BLOCKS or tag == "table":
                    self.parts.append("\n")
                if element.tail and element is not root:
                    self.parts.append(element.tail)
        return "".join(self.parts)

    def _table(self, table: Any) -> None:
        name = " ".join((table.findtext("caption") or "").split())
        grid, merges = _grid(table, self.budget, name or f"Bảng {len(self.tables) + 1}")
        if not any(any(row) for row in grid):
            return
        built = build_table(name or f"Bảng {len(self.tables) + 1}", grid, None, merges)
        self.tables.append(built)
        self.parts.append("\n" + built.render() + "\n")


def _grid(table: Any, budget: SheetBudget, name: str) -> tuple[list[list[str]], list[Merge]]:
    """The table's cells by position, each spanning cell's text at its top-left slot and its
    span recorded as a merge; a nested table's text stays inside its cell."""
    grid: list[list[str]] = []
    merges: list[Merge] = []
    taken: set[tuple[int, int]] = set()
    rows = (tr for tr in table.iter("tr") if _owner(tr) is table)
    for r, tr in enumerate(rows):
        cells: list[str] = []
        column = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, column) in taken:
                column += 1
            across = _span(cell.get("colspan"))
            down = _span(cell.get("rowspan"))
            text = " ".join(cell.text_content().split())
            cells.extend([""] * (column + 1 - len(cells)))
            cells[column] = text
            if across > 1 or down > 1:
                merges.append((r, column, r + down - 1, column + across - 1))
                if len(taken) < _MAX_TAKEN:
                    taken.update((r + i, column + j) for i in range(down) for j in range(across))
            column += across
            if column > SHEET_MAX_COLUMNS:
                break
        admitted = budget.admit(name, r, cells)
        if admitted is None:
            break
        grid.append(admitted)
    return grid, merges


def _owner(tr: Any) -> Any:
    parent = tr.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), _MAX_SPAN))
    except ValueError:
        return 1
