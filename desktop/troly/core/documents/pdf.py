"""PDF pages through PyMuPDF, one at a time; pages without a usable text layer are OCR'd.

Ruled tables are kept as tables (tables.py): PyMuPDF's table finder reads their cells, merged
cells are resolved, and the table's rendering takes the place of its loose words in the page
text. The finder costs about 70 ms a page, thirty times the page's text, so it runs only on a
page whose drawings hold the horizontal and vertical rules a ruled table is drawn with; those
come with the page's text (MuPDF collects the vectors in the same pass, at no measurable cost),
where asking for the drawings apart took half again the text's time.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from troly.core.documents import legacy, mupdf, ocr
from troly.core.documents.docx import table_name
from troly.core.documents.errors import Cancelled, DocumentError
from troly.core.documents.limits import MIN_TEXT_CHARS, OCR_MAX_PAGES, WORKBOOK_MAX_CELLS
from troly.core.documents.model import Document, Page
from troly.core.documents.tables import Merge, Table, build_table
from troly.core.text import normalize

log = logging.getLogger(__name__)

# PyMuPDF's table finder keeps the page's characters in module globals: one page at a time.
_FINDER_LOCK = threading.Lock()
_MIN_HORIZONTAL_RULES = 3  # a header row and one row of data: three rules across
_MIN_VERTICAL_RULES = 2
_THIN = 3.0  # points: a rectangle thinner than this is drawn as a rule
# A page of more strokes is a drawing (a map, a chart), not a table: the finder would take
# seconds on it. A ruled table of 500 cells drawn cell by cell has about 2,000.
_MAX_STROKES = 20_000
_TABLE_SECONDS = 60.0  # spent finding tables in one document, at most


def read_pdf(
    path: Path,
    ocr: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> Document:
    """Read a PDF page by page (bounded memory); OCR scanned pages when `ocr` is set."""
    pymupdf = mupdf.load()
    mupdf.forget_messages()
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises FileDataError/RuntimeError for broken files
        log.info("cannot open PDF %s: %s", path, exc)
        mupdf.log_messages(path.name)
        raise DocumentError(
            path, "tệp PDF bị hỏng, không mở được.", "the PDF is corrupt and cannot be opened."
        ) from None
    try:
        if doc.needs_pass:
            raise DocumentError(
                path,
                "tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi thêm lại.",
                "the PDF is password-protected; remove the password and add it again.",
            )
        document = _read_pages(path, doc, ocr, progress, cancel)
        if doc.is_repaired:
            return _repaired(document)
        return document
    finally:
        doc.close()
        mupdf.log_messages(path.name)


def _repaired(document: Document) -> Document:
    """A PDF MuPDF had to rebuild (a truncated download, a copy cut short): its pages past the
    damage are often empty. With no text at all it is damaged, not a document without text."""
    if not any(page.text.strip() for page in document.pages):
        raise DocumentError(
            document.path,
            "tệp PDF bị hỏng hoặc không đầy đủ: không đọc được chữ nào.",
            "the PDF is damaged or incomplete: no text could be read.",
        )
    warning = "Tệp PDF bị hỏng hoặc không đầy đủ; đã đọc phần còn đọc được, có thể thiếu nội dung."
    return replace(document, warnings=[warning, *document.warnings])


def _read_pages(
    path: Path,
    doc: Any,
    want_ocr: bool,
    progress: Callable[[int, int], None] | None,
    cancel: threading.Event | None,
) -> Document:
    total = doc.page_count
    pages: list[Page] = []
    warnings: list[str] = []
    skipped_scans = 0
    ocr_unavailable = False
    ocr_failed = 0
    ocr_done = 0
    too_large: list[int] = []
    past_ocr_limit = 0
    legacy_found: set[str] = set()
    finder = _TableFinder()
    for index in range(total):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        try:
            page = doc.load_page(index)
            # The same text as page.get_text("text"), with the page's strokes kept alongside.
            textpage = page.get_textpage(flags=_text_flags())
            raw = textpage.extractText()
        except Exception as exc:
            log.info("page %d of %s unreadable: %s", index + 1, path, exc)
            raise DocumentError(
                path,
                f"trang {index + 1} của tệp PDF bị hỏng.",
                f"page {index + 1} of the PDF is corrupt.",
            ) from None
        is_ocr = False
        tables: tuple[Table, ...] = ()
        if needs_ocr(page, raw):
            raw = ""
            if not want_ocr:
                skipped_scans += 1
            elif not ocr.available():
                ocr_unavailable = True
            elif ocr_done >= OCR_MAX_PAGES:
                past_ocr_limit += 1
            else:
                try:
                    ocr_done += 1
                    raw = ocr.ocr_page(page)
                    is_ocr = True
                except ocr.PageTooLarge as exc:
                    log.info("page %d of %s not OCR'd: %s", index + 1, path, exc)
                    too_large.append(index + 1)
                except ocr.OcrError as exc:
                    log.warning("OCR failed on page %d of %s: %s", index + 1, path, exc)
                    ocr_failed += 1
        else:
            found = legacy.detect(raw)
            if found:
                legacy_found.add(found)
                raw = legacy.convert(raw, found)
            else:
                raw, tables = finder.read(page, textpage, raw)
        del page, textpage  # release the page (and any image it decoded) before the next one
        pages.append(Page(number=index + 1, text=normalize(raw), ocr=is_ocr, tables=tables))
        if progress is not None:
            progress(index + 1, total)
    if ocr_unavailable:
        warnings.append(ocr.UNAVAILABLE_WARNING)
    if skipped_scans:
        warnings.append(f"{skipped_scans} trang là ảnh quét, chưa nhận dạng chữ (OCR đang tắt).")
    if ocr_failed:
        warnings.append(f"Nhận dạng chữ (OCR) thất bại ở {ocr_failed} trang.")
    if too_large:
        numbers = ", ".join(map(str, too_large[:10])) + (", …" if len(too_large) > 10 else "")
        warnings.append(
            f"Trang {numbers} có khổ quá lớn để nhận dạng chữ (OCR); đã bỏ qua, các trang khác "
            "vẫn được đọc."
        )
    if past_ocr_limit:
        warnings.append(
            f"Chỉ nhận dạng chữ (OCR) {OCR_MAX_PAGES} trang quét đầu tiên; {past_ocr_limit} "
            "trang quét còn lại chưa được đọc."
        )
    for found in sorted(legacy_found):
        warnings.append(f"Một số trang dùng bảng mã cũ {found.upper()}; đã chuyển sang Unicode.")
    warnings.extend(finder.notes)
    title = str((doc.metadata or {}).get("title") or "").strip()
    return Document(path=path, kind="pdf", pages=pages, title=title[:200], warnings=warnings)


def needs_ocr(page: Any, text: str) -> bool:
    """True when the page's text layer is missing or unusable and the page shows images: little
    or no text over a picture, text that is mostly undecodable glyphs, or a page-size picture
    with only a stamp or signature line of text on it."""
    meaningful = sum(map(str.isalnum, text))  # map over a C method: fast on long pages
    if meaningful >= MIN_TEXT_CHARS and not _garbage(text) and meaningful >= 200:
        return False
    images = page.get_image_info()
    if not images:
        return False
    if meaningful < MIN_TEXT_CHARS or _garbage(text):
        return True
    area = abs(page.rect)
    covered = sum(abs(page.rect & _rect(info["bbox"])) for info in images)
    return area > 0 and covered / area >= 0.8


def _rect(bbox: Any) -> Any:
    return mupdf.load().Rect(bbox)


# U+FFFD, and the categories Co (private use), Cc (controls, whitespace aside) and Cs.
_UNMAPPED = re.compile(
    "[\ufffd\ue000-\uf8ff\U000f0000-\U0010ffff\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]"
)


def _garbage(text: str) -> bool:
    """Glyphs without a Unicode mapping come out as U+FFFD, private-use or control codes."""
    if _UNMAPPED.search(text) is None:  # nearly every page: one scan, no list built
        return False
    visible = len(text) - sum(map(str.isspace, text))
    return visible > 0 and len(_UNMAPPED.findall(text)) / visible > 0.1


class _TableFinder:
    """Finds the ruled tables of a document's pages, within the document's budget of cells
    (as a workbook's) and of time."""

    def __init__(self) -> None:
        self.count = 0  # tables kept so far: the next unnamed one is "Bảng {count + 1}"
        self.cells = 0
        self.seconds = 0.0
        self.notes: list[str] = []

    def read(self, page: Any, textpage: Any, raw: str) -> tuple[str, tuple[Table, ...]]:
        """The page's text with each table's rendering in place of its words, and its tables;
        the text as read (`raw`) when the page has none."""
        if not ruled(textpage):
            return raw, ()
        if self.seconds > _TABLE_SECONDS:
            self._note("Tệp PDF dài: chỉ nhận dạng bảng ở các trang đầu.")
            return raw, ()
        start = time.monotonic()
        try:
            found = self._find(page)
        except Exception as exc:  # a damaged page's drawings: its text is still read
            log.info("table finder failed on a page: %r", exc)
            found = []
        finally:
            self.seconds += time.monotonic() - start
        if not found:
            return raw, ()
        text, tables = _text_with_tables(textpage, found, self.count)
        self.count += len(tables)
        return text, tables

    def _find(self, page: Any) -> list[tuple[tuple[float, ...], list[list[str]], list[Merge]]]:
        """Each table's box, cell texts by grid position and merges."""
        with _FINDER_LOCK:
            finder = page.find_tables()
            if finder is None:  # PyMuPDF caught an error in it
                return []
            found = []
            for table in finder.tables:
                grid, merges = _grid(table)
                cells = sum(len(cells) for cells in grid)
                if self.cells + cells > WORKBOOK_MAX_CELLS:
                    limit = f"{WORKBOOK_MAX_CELLS:,}".replace(",", ".")  # 1.000.000
                    self._note(
                        f"Tệp PDF có quá nhiều bảng: chỉ giữ dạng bảng cho {limit} ô đầu, "
                        "phần còn lại đọc như văn bản."
                    )
                    break
                if any(any(row) for row in grid):
                    self.cells += cells
                    found.append((tuple(table.bbox), grid, merges))
            return found

    def _note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def _text_flags() -> int:
    pymupdf = mupdf.load()
    return int(pymupdf.TEXTFLAGS_TEXT | pymupdf.TEXT_COLLECT_VECTORS)


def ruled(textpage: Any) -> bool:
    """Whether the page's strokes (its vector blocks) hold the rules of a table: three across
    and two down at least, a thin box being one rule and a larger box two of each."""
    across = down = strokes = 0
    for x0, y0, x1, y1 in _vectors(textpage):
        strokes += 1
        if strokes > _MAX_STROKES:
            return False
        width, height = x1 - x0, y1 - y0
        if width < _THIN and height < _THIN:
            continue  # a dot, a bullet
        box = height >= _THIN and width >= _THIN
        across += 2 if box else int(height < _THIN)
        down += 2 if box else int(width < _THIN)
    return across >= _MIN_HORIZONTAL_RULES and down >= _MIN_VERTICAL_RULES


def _vectors(textpage: Any) -> Iterator[tuple[float, float, float, float]]:
    """The boxes of the page's vector blocks, read from MuPDF's own structure: the public
    extractBLOCKS builds every text block's string too, and cost 10% of a law's reading."""
    kind = mupdf.load().mupdf.FZ_STEXT_BLOCK_VECTOR
    for block in textpage.this:
        if block.m_internal.type == kind:
            box = block.m_internal.bbox
            yield box.x0, box.y0, box.x1, box.y1


def _grid(table: Any) -> tuple[list[list[str]], list[Merge]]:
    """A found table's cell texts by grid position, each merged cell's text at its top-left
    slot (PyMuPDF gives None for the slots it covers) and its extent as a merge."""
    rows = table.rows
    texts = table.extract()
    columns = sorted({cell[0] for row in rows for cell in row.cells if cell})
    tops = [min(cell[1] for cell in row.cells if cell) for row in rows]
    grid: list[list[str]] = []
    merges: list[Merge] = []
    for r, row in enumerate(rows):
        cells = [""] * len(columns)
        for c, box in enumerate(row.cells):
            if box is None or c >= len(columns):
                continue
            cells[c] = " ".join((texts[r][c] or "").split())
            # The slots the cell's box reaches over: its columns and rows.
            last_column = max((i for i, x in enumerate(columns) if x < box[2] - 1), default=c)
            last_column = max(last_column, c)
            last_row = max(max((i for i, y in enumerate(tops) if y < box[3] - 1), default=r), r)
            if last_row > r or last_column > c:
                merges.append((r, c, last_row, last_column))
        grid.append(cells)
    return grid, merges


def _text_with_tables(
    textpage: Any, found: list[tuple[tuple[float, ...], list[list[str]], list[Merge]]], count: int
) -> tuple[str, tuple[Table, ...]]:
    """The page's text lines in the order PyMuPDF reads them, the lines inside a table's box
    replaced by the table's rendering where its first line was; a caption line just above a
    table ("Biểu 01", "Bảng 2: …") names it."""
    boxes = [box for box, _, _ in found]
    lines: list[str] = []
    tables: list[Table | None] = [None] * len(found)
    for block in textpage.extractDICT()["blocks"]:
        for line in block.get("lines", ()):
            text = "".join(span["text"] for span in line["spans"])
            at = _table_at(boxes, line["bbox"])
            if at < 0:
                lines.append(text)
                continue
            if tables[at] is not None:
                continue  # the table is already in the text
            _, grid, merges = found[at]
            above = lines[-1] if lines else ""
            name, title, took = table_name(above, count + 1)
            if took:
                lines.pop()
            table = build_table(name, grid, None, merges)
            if title:
                table = replace(table, title=(title, *table.title))
            tables[at] = table
            count += 1
            lines.append(table.render())
    kept = tuple(t for t in tables if t is not None)
    return "\n".join(lines), kept


def _table_at(boxes: list[tuple[float, ...]], bbox: Any) -> int:
    """The table whose box (a point of slack around it) holds the line's middle, or -1."""
    x, y = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        if x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1:
            return i
    return -1
