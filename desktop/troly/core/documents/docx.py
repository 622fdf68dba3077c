"""DOCX: body paragraphs and tables in document order, headers, footers, footnotes;
legacy-font runs (.VnTime, VNI-Times) converted; pages split where Word recorded a page break,
and, in a file Word never laid out (no rendered page breaks), into estimated A4 pages.

A table of the body is kept as a table (tables.py): a grid of its cell texts, merges from
gridSpan and vMerge, named by its caption ("Biểu 01") or "Bảng N", in `Page.tables` and
rendered in the page text where it sits. A layout table (the heading block of "CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM", the signature block, one row) stays as "a | b" lines.

Every open of a user's DOCX goes through `check_zip` first (member count, uncompressed size by
declaration and by the bytes actually inflated, and, for the object model, well-formed XML and
a paragraph count). The reader then streams each part with lxml's iterparse, keeping the text
and dropping each block's XML once read: python-docx's whole tree took 2.76 GB for a 49 MB file.
check-format needs python-docx's object model, and gets it from `open_object_model`.
"""

from __future__ import annotations

import logging
import math
import posixpath
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from troly.core.documents import legacy
from troly.core.documents.errors import Cancelled, DocumentError
from troly.core.documents.limits import (
    DOCX_MAX_MEMBERS,
    DOCX_MAX_UNCOMPRESSED,
    DOCX_OBJECT_MODEL_MAX_PARAGRAPHS,
    DOCX_OBJECT_MODEL_MAX_XML,
    SHEET_MAX_COLUMNS,
    SHEET_MAX_ROWS,
    WORKBOOK_MAX_CELLS,
)
from troly.core.documents.model import Document, Page
from troly.core.documents.tables import Merge, Table, build_table, caption
from troly.core.text import normalize

log = logging.getLogger(__name__)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_PAGE_BREAK = "\f"
_CHUNK = 1024 * 1024
_BREAK_RUN = re.compile(r"\f(?:\s*\f)+")
_BLOCKS = (f"{_W}p", f"{_W}tbl", f"{_W}sdt", f"{_W}customXml")
# Parts read whole (styles, core properties) are small in any real document; a larger one is
# skipped rather than loaded as a tree.
_SMALL_PART = 16 * 1024 * 1024
_CANCEL_EVERY = 1000  # blocks between checks of Stop while streaming the body
# An A4 page in the Decree 30 layout (Times New Roman 13-14 pt, margins 20-25 mm top and
# bottom, 30-35 mm left, 15-20 mm right, single spacing, 6 pt after a paragraph) holds about 46
# lines of about 80 characters, a paragraph's gap being 0.4 of a line. Measured by laying out
# the six ALQAC law DOCX files in Liberation Serif (Times's metrics): 2,610 characters a page
# at 13 pt, 2,340 at 14 pt; this model gives 2,430, and the ALQAC law PDFs (A4) hold 2,600.
_PAGE_LINES = 46
_LINE_CHARS = 80
_PARAGRAPH_GAP = 0.4
# The paragraph just above a table that names it: "Biểu 01", "Bảng 2: Kết quả …". A caption
# this short names the table itself (its rows then say which table they are); a longer one
# gives the table its number as a name and stays above it as its title line.
_CAPTION = re.compile(r"^(biểu|bảng)\s+(?:số\s+)?([0-9]{1,3}[a-z]?|[IVXLC]{1,6})\b", re.I)
_SHORT_CAPTION = 60
_MAX_CAPTION = 300
# The heading and signature blocks of an official document are laid out in a table: they are
# not data, and stay as lines of text.
_LAYOUT = re.compile(r"cộng hòa xã hội chủ nghĩa|độc lập\s*-\s*tự do|nơi nhận", re.I)


def read_docx(
    path: Path,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> Document:
    """Read a DOCX after checking it is not a zip bomb; page numbers are estimated."""
    check_zip(path)
    try:
        with zipfile.ZipFile(path) as archive:
            package = _Package(path, archive)
            reader = _Reader(package.style_fonts())
            body = package.body_text(reader, cancel)
            header = "\n".join(package.headers_footers(reader, "header"))
            footer = "\n".join(
                package.headers_footers(reader, "footer") + package.footnotes(reader)
            )
            title = package.title()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        log.info("cannot read DOCX %s: %s", path, exc)
        raise DocumentError(
            path, "tệp DOCX bị hỏng (tệp nén lỗi).", "the DOCX is corrupt (bad zip)."
        ) from None
    # Word records an explicit break and, on the next page, a rendered break too: one page.
    raw_pages = _BREAK_RUN.sub(_PAGE_BREAK, body).split(_PAGE_BREAK)
    del body
    if not reader.rendered_breaks:
        # Never laid out by Word (made by a program, or saved without rendering): keep the
        # explicit breaks, and cut what lies between them into pages of an A4 page's length.
        raw_pages = _estimated_pages(raw_pages)
    if header:
        raw_pages[0] = header + "\n\n" + raw_pages[0]
    if footer:
        raw_pages[-1] = raw_pages[-1] + "\n\n" + footer
    pages: list[Page] = []
    for i in range(len(raw_pages)):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        pages.append(Page(number=i + 1, text=normalize(raw_pages[i])))
        raw_pages[i] = ""  # keep one copy of the text, not two
        if progress is not None:
            progress(i + 1, len(raw_pages))
    pages = _place_tables(pages, reader.tables)
    warnings = []
    if reader.legacy_runs:
        warnings.append("Văn bản dùng phông chữ bảng mã cũ (TCVN3/VNI); đã chuyển sang Unicode.")
    warnings.extend(reader.table_notes)
    return Document(
        path=path,
        kind="docx",
        pages=pages,
        title=title[:200],
        pages_estimated=True,
        warnings=warnings,
    )


def table_name(above: str, number: int) -> tuple[str, str, bool]:
    """A table's name and title line from the line above it, and whether that line is its
    caption: "Biểu 01" names it; "Bảng 2: Kết quả giải quyết hồ sơ của các xã năm 2025" makes
    it "Bảng 2" with that title; any other line leaves it "Bảng {number}"."""
    line = above.strip()
    match = _CAPTION.match(line) if "\n" not in line and "\f" not in line else None
    if match is None or len(line) > _MAX_CAPTION:
        return f"Bảng {number}", "", False
    line = " ".join(line.split())
    if len(line) <= _SHORT_CAPTION:
        return line, "", True
    return f"{match.group(1).capitalize()} {match.group(2)}", line, True


def _place_tables(pages: list[Page], tables: list[Table]) -> list[Page]:
    """Each table on the page where its header line is, searched in document order (the
    tables are in the text in the order they were read)."""
    if not tables:
        return pages
    found: list[list[Table]] = [[] for _ in pages]
    index, offset = 0, 0
    for table in tables:
        line = normalize(f"{caption(table.name)} — cột: " + " | ".join(table.columns()))
        for at in range(index, len(pages)):
            position = pages[at].text.find(line, offset if at == index else 0)
            if position >= 0:
                index, offset = at, position + len(line)
                break
        found[index].append(table)  # not found (normalizing changed it): where the last was
    return [replace(page, tables=tuple(found[i])) for i, page in enumerate(pages)]


def _estimated_pages(segments: list[str]) -> list[str]:
    """Each segment (text between explicit page breaks) cut at paragraph ends into pages of
    about an A4 page; the segments are emptied as they are cut, to hold the text once."""
    pages: list[str] = []
    for i, segment in enumerate(segments):
        segments[i] = ""
        pages.extend(_cut_pages(segment))
    return pages


def _cut_pages(text: str) -> list[str]:
    """Pages of whole paragraphs (a paragraph goes where at least half of it fits, as Word
    would end the page in its middle); a paragraph longer than a page is cut at spaces."""
    pages: list[str] = []
    current: list[str] = []
    used = 0.0  # lines of the current page
    for paragraph in _paragraphs(text, _PAGE_LINES * _LINE_CHARS):
        lines = max(1, math.ceil(len(paragraph) / _LINE_CHARS))
        if current and used + lines / 2 > _PAGE_LINES:
            pages.append("\n".join(current))
            current, used = [], 0.0
        current.append(paragraph)
        used += lines + _PARAGRAPH_GAP
    pages.append("\n".join(current))
    return pages


def _paragraphs(text: str, longest: int) -> Iterator[str]:
    """The lines of a text; one longer than `longest` characters in pieces cut at a space."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        while end - start > longest:
            cut = text.rfind(" ", start + longest // 2, start + longest)
            cut = start + longest if cut < 0 else cut
            yield text[start:cut]
            start = cut + 1 if text[cut : cut + 1] == " " else cut
        yield text[start:end]
        start = end + 1


def open_object_model(path: Path) -> Any:
    """python-docx's Document of a user's DOCX (for check-format), once `check_zip` has
    found it within the bounds an object model can hold."""
    check_zip(path, object_model=True)
    import docx as python_docx

    try:
        return python_docx.Document(str(path))
    except Exception as exc:  # python-docx raises KeyError, PackageNotFoundError, ValueError
        log.info("cannot open DOCX %s: %s", path, exc)
        raise DocumentError(
            path,
            "tệp DOCX bị hỏng hoặc thiếu thành phần, không mở được.",
            "the DOCX is corrupt or missing parts.",
        ) from None


def check_zip(path: Path, object_model: bool = False, kind: str = "DOCX") -> None:
    """Refuse a DOCX whose decompressed size would pass the limits: first by the sizes the zip
    declares, then by actually inflating each member with a running cap (declared sizes lie).
    For `object_model` (python-docx loads every part as a tree), also refuse more XML or more
    paragraphs than such a tree holds in reasonable memory, and malformed XML. The same guard
    protects the other zip formats (XLSX, ODS): `kind` is the format the messages name, the
    one the user knows the file as."""
    bomb = DocumentError(
        path,
        f"tệp {kind} giải nén ra quá lớn (nghi là “bom nén”), đã từ chối đọc.",
        f"the {kind} decompresses to too much data (zip bomb); refused.",
    )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > DOCX_MAX_MEMBERS:
                raise bomb
            if sum(info.file_size for info in infos) > DOCX_MAX_UNCOMPRESSED:
                raise bomb
            if object_model and _xml_size(infos) > DOCX_OBJECT_MODEL_MAX_XML:
                raise _too_big_to_check(path)
            total = 0
            for info in infos:
                check = _XmlCheck(path, info.filename) if object_model and _is_xml(info) else None
                with archive.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        total += len(chunk)
                        if total > DOCX_MAX_UNCOMPRESSED:
                            raise bomb
                        if check is not None:
                            check.feed(chunk)
                if check is not None and check.close() > DOCX_OBJECT_MODEL_MAX_PARAGRAPHS:
                    raise _too_big_to_check(path)
    except DocumentError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        log.info("bad %s zip %s: %s", kind, path, exc)
        raise DocumentError(
            path, f"tệp {kind} bị hỏng (tệp nén lỗi).", f"the {kind} is corrupt (bad zip)."
        ) from None
    except NotImplementedError:
        raise DocumentError(
            path,
            f"tệp {kind} dùng kiểu nén không hỗ trợ.",
            f"the {kind} uses an unsupported zip compression.",
        ) from None


def _is_xml(info: zipfile.ZipInfo) -> bool:
    return info.filename.lower().endswith((".xml", ".rels"))


def _xml_size(infos: list[zipfile.ZipInfo]) -> int:
    return sum(info.file_size for info in infos if _is_xml(info))


def _too_big_to_check(path: Path) -> DocumentError:
    return DocumentError(
        path,
        "văn bản quá lớn để kiểm tra thể thức (quá nhiều nội dung cho một văn bản hành chính).",
        "the document is too large for a format check.",
    )


def _corrupt_xml(path: Path, part: str, exc: Exception) -> DocumentError:
    log.info("malformed XML in %s, part %s: %s", path, part, exc)
    return DocumentError(
        path,
        f"tệp DOCX bị hỏng: phần “{part}” không phải XML hợp lệ.",
        f"the DOCX is corrupt: part “{part}” is not well-formed XML.",
    )


def _secure_parser_options() -> dict[str, Any]:
    """No entities expanded, no DTD or network fetched: a DOCX needs none of them."""
    return {"resolve_entities": False, "no_network": True, "load_dtd": False}


class _ParagraphCount:
    """An lxml parser target that only counts paragraphs: no tree is built."""

    def __init__(self) -> None:
        self.paragraphs = 0

    def start(self, tag: str, attrib: Any) -> None:
        if tag == f"{_W}p":
            self.paragraphs += 1

    def close(self) -> int:
        return self.paragraphs


class _XmlCheck:
    """Feeds one zip member to a tree-less parser: well-formed XML or a DocumentError."""

    def __init__(self, path: Path, part: str) -> None:
        from lxml import etree

        self.path, self.part = path, part
        self.parser = etree.XMLParser(target=_ParagraphCount(), **_secure_parser_options())

    def feed(self, chunk: bytes) -> None:
        try:
            self.parser.feed(chunk)
        except Exception as exc:  # lxml's XMLSyntaxError
            raise _corrupt_xml(self.path, self.part, exc) from None

    def close(self) -> int:
        """Paragraphs in the part."""
        try:
            return int(self.parser.close())
        except Exception as exc:
            raise _corrupt_xml(self.path, self.part, exc) from None


class _Rel:
    """One internal relationship of a part: its type, the part it names, its id."""

    def __init__(self, kind: str, target: str, rel_id: str) -> None:
        self.kind, self.target, self.id = kind, target, rel_id


class _Package:
    """The parts of an open DOCX, found by their relationships as Word and python-docx do."""

    def __init__(self, path: Path, archive: zipfile.ZipFile) -> None:
        self.path = path
        self.archive = archive
        self.names = set(archive.namelist())
        package_rels = self.rels("")
        self.main = next(
            (r.target for r in package_rels if r.kind.endswith("/officeDocument")),
            "word/document.xml",
        )
        self.core = next(
            (r.target for r in package_rels if r.kind.endswith("/core-properties")), ""
        )
        self.main_rels = self.rels(self.main)
        # Per section, in document order: header/footer references by kind and type.
        self.sections: list[dict[tuple[str, str], str]] = []

    def rels(self, part: str) -> list[_Rel]:
        """A part's internal relationships ("" for the package's own)."""
        folder, name = posixpath.split(part)
        root = self._small_tree(posixpath.join(folder, "_rels", f"{name}.rels"))
        if root is None:
            return []
        found = []
        for rel in root.iterchildren(f"{_RELS}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            joined = (
                target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            )
            found.append(
                _Rel(rel.get("Type") or "", posixpath.normpath(joined), rel.get("Id") or "")
            )
        return found

    def _open(self, part: str) -> IO[bytes] | None:
        return self.archive.open(part) if part in self.names else None

    def _small_tree(self, part: str) -> Any:
        """The whole tree of a small part (relationships, styles, properties), or None when
        the part is missing or too large to be one of those."""
        if part not in self.names or self.archive.getinfo(part).file_size > _SMALL_PART:
            return None
        from lxml import etree

        parser = etree.XMLParser(**_secure_parser_options())
        try:
            return etree.fromstring(self.archive.read(part), parser)
        except etree.XMLSyntaxError as exc:
            raise _corrupt_xml(self.path, part, exc) from None

    def _blocks(self, part: str, parent: str, children: tuple[str, ...]) -> Iterator[Any]:
        """The `children` of each `parent` element of a part, one at a time, streamed: each
        is dropped from the tree once the caller has read it, so memory holds one block."""
        stream = self._open(part)
        if stream is None:
            raise DocumentError(
                self.path,
                f"tệp DOCX bị hỏng: thiếu phần “{part}”.",
                f"the DOCX is corrupt: part “{part}” is missing.",
            )
        from lxml import etree

        with stream:
            events = etree.iterparse(
                stream, events=("end",), tag=children, **_secure_parser_options()
            )
            try:
                for _, element in events:
                    holder = element.getparent()
                    if holder is None or holder.tag != parent:
                        continue  # a block nested in a table or control: read with its holder
                    yield element
                    element.clear()
                    while element.getprevious() is not None:
                        del holder[0]
            except etree.XMLSyntaxError as exc:
                raise _corrupt_xml(self.path, part, exc) from None

    def body_text(self, reader: _Reader, cancel: threading.Event | None) -> str:
        """The main document's body, block by block; records each section's references."""
        parts: list[str] = []
        section_tags = (*_BLOCKS, f"{_W}sectPr")
        previous = ""  # the tag of the block before this one
        for count, block in enumerate(self._blocks(self.main, f"{_W}body", section_tags)):
            if cancel is not None and count % _CANCEL_EVERY == 0 and cancel.is_set():
                raise Cancelled()
            if block.tag == f"{_W}sectPr":
                self._add_section(block)
                continue
            if block.tag == f"{_W}tbl":
                above = parts[-1] if parts and previous == f"{_W}p" else ""
                text, took_caption = reader.body_table(block, above)
                if took_caption:
                    parts.pop()  # the caption is now the table's name or title line
                parts.append(text)
                previous = block.tag
                continue
            previous = block.tag
            parts.append(reader.block_part(block))
            if block.tag == f"{_W}p":
                inner = block.find(f"{_W}pPr/{_W}sectPr")
                if inner is not None:
                    self._add_section(inner)
        return "\n".join(parts)

    def _add_section(self, sect_pr: Any) -> None:
        refs: dict[tuple[str, str], str] = {}
        for kind in ("header", "footer"):
            for ref in sect_pr.iterchildren(f"{_W}{kind}Reference"):
                refs.setdefault((kind, ref.get(f"{_W}type") or ""), ref.get(f"{_R}id") or "")
        self.sections.append(refs)

    def headers_footers(self, reader: _Reader, kind: str) -> list[str]:
        """Each distinct header (or footer) once, however many sections link to it."""
        targets = {rel.id: rel.target for rel in self.main_rels}
        seen: set[str] = set()
        texts: list[str] = []
        for refs in self.sections:
            for type_ in ("default", "first", "even"):
                rel_id = refs.get((kind, type_))
                if rel_id is None or targets.get(rel_id) not in self.names:
                    continue  # linked to the previous section, or a part the package lacks
                root = "hdr" if kind == "header" else "ftr"
                blocks = self._blocks(targets[rel_id], f"{_W}{root}", _BLOCKS)
                text = "\n".join(reader.block_part(b) for b in blocks)
                text = text.replace(_PAGE_BREAK, "\n").strip()
                if text and text not in seen:
                    seen.add(text)
                    texts.append(text)
        return texts

    def footnotes(self, reader: _Reader) -> list[str]:
        """Footnote texts, read from the footnotes part if the document has one."""
        texts: list[str] = []
        for rel in self.main_rels:
            if not rel.kind.endswith("/footnotes") or rel.target not in self.names:
                continue
            for note in self._blocks(rel.target, f"{_W}footnotes", (f"{_W}footnote",)):
                if note.get(f"{_W}type") in ("separator", "continuationSeparator"):
                    continue
                text = reader.block_text(note).replace(_PAGE_BREAK, " ").strip()
                if text:
                    texts.append(text)
        return texts

    def style_fonts(self) -> dict[str, str | None]:
        styles = next((r.target for r in self.main_rels if r.kind.endswith("/styles")), "")
        root = self._small_tree(styles) if styles else None
        return _style_fonts(root) if root is not None else {}

    def title(self) -> str:
        root = self._small_tree(self.core) if self.core else None
        found = root.find(_DC_TITLE) if root is not None else None
        return (found.text or "").strip() if found is not None else ""


class _Reader:
    """Walks WordprocessingML: text in order, legacy fonts decoded per run."""

    def __init__(self, style_fonts: dict[str, str | None]) -> None:
        self.legacy_runs = 0
        self.rendered_breaks = 0  # page ends Word recorded where it laid the pages out
        self._style_fonts = style_fonts
        self.tables: list[Table] = []  # the body's tables, in document order
        self.table_notes: list[str] = []  # what was cut, for the document's warnings
        self._table_cells = 0  # cells read into tables so far, for WORKBOOK_MAX_CELLS

    def block_text(self, container: Any) -> str:
        """Paragraphs and tables of a body, cell, header or footnote, in document order."""
        parts: list[str] = []
        for child in container.iterchildren(*_BLOCKS):
            parts.append(self.block_part(child))
        return "\n".join(parts)

    def block_part(self, block: Any) -> str:
        """The text of one paragraph, table or content control (one of _BLOCKS)."""
        if block.tag == f"{_W}p":
            return self.paragraph_text(block)
        if block.tag == f"{_W}tbl":
            return self.table_text(block)
        content = block.find(f"{_W}sdtContent")
        return self.block_text(content if content is not None else block)

    def body_table(self, table: Any, above: str) -> tuple[str, bool]:
        """A table of the body: its rendering as a Table (and the table kept), or "a | b"
        lines for a layout table. Also says whether `above` (the paragraph before it) was
        taken as its caption."""
        grid, merges, rest = self._grid(table)
        if not any(any(cells) for cells in grid) or _is_layout(grid):
            return self.table_text(table), False
        name, title, took = self._table_name(above)
        built = build_table(name, grid, None, merges)
        if title:
            built = replace(built, title=(title, *built.title))
        self.tables.append(built)
        text = built.render()
        if rest:  # rows past the limits: kept as text, so nothing of the file is lost
            text += "\n" + "\n".join(" | ".join(cells) for cells in rest)
            rows = f"{len(grid):,}".replace(",", ".")  # Vietnamese groups digits with dots
            self.table_notes.append(
                f"Bảng “{name}” quá lớn: chỉ giữ dạng bảng cho {rows} dòng đầu, "
                "phần còn lại đọc như văn bản."
            )
        return text, took

    def _table_name(self, above: str) -> tuple[str, str, bool]:
        """The table's name, a title line, and whether the paragraph above is its caption."""
        return table_name(above, len(self.tables) + 1)

    def _grid(self, table: Any) -> tuple[list[list[str]], list[Merge], list[list[str]]]:
        """The cell texts by grid column (gridBefore and gridSpan honoured), the merges
        (gridSpan across, vMerge down), and the rows past the table limits as plain cells."""
        grid: list[list[str]] = []
        rest: list[list[str]] = []
        merges = _Merges()
        # The table's columns as its grid declares them: a cell spans no further (a hostile
        # gridSpan of a billion is the rest of the row).
        width = _grid_width(table)
        for row in table.iterchildren(f"{_W}tr"):
            r = len(grid)
            cells = [""] * min(_grid_before(row), SHEET_MAX_COLUMNS)
            for cell in row.iterchildren(f"{_W}tc"):
                column = len(cells)
                span = max(1, min(_grid_span(cell), width - column))
                text = normalize(" ".join(self.block_text(cell).split()))
                if _continues_vertical_merge(cell) and merges.extend(r, column):
                    text = ""  # Word shows the merged cell's text, given in its first row
                elif span > 1 or _starts_vertical_merge(cell):
                    merges.start(r, column, span, _starts_vertical_merge(cell))
                cells.append(text)
                cells.extend([""] * min(span - 1, SHEET_MAX_COLUMNS))
            merges.end_row(r)
            if rest or not self._admit(cells, r):
                rest.append([c for c in cells if c])
                continue
            grid.append(cells[:SHEET_MAX_COLUMNS])
        return grid, merges.done(), rest

    def _admit(self, cells: list[str], row: int) -> bool:
        """Whether a row still fits the table limits (rows per table, cells per document)."""
        self._table_cells += max(1, min(len(cells), SHEET_MAX_COLUMNS))
        return row < SHEET_MAX_ROWS and self._table_cells <= WORKBOOK_MAX_CELLS

    def table_text(self, table: Any) -> str:
        rows: list[str] = []
        for row in table.iterchildren(f"{_W}tr"):
            cells: list[str] = []
            for cell in row.iterchildren(f"{_W}tc"):
                if _continues_vertical_merge(cell):
                    continue  # the merged cell's text was given in the row where it starts
                text = self.block_text(cell).replace(_PAGE_BREAK, "\n")
                cells.append(" ".join(text.split()))
            rows.append(" | ".join(cells))
        return "\n".join(rows)

    def paragraph_text(self, paragraph: Any) -> str:
        style_font = self._paragraph_font(paragraph)
        out: list[str] = []
        for run in paragraph.iter(f"{_W}r"):
            if _inside_deletion(run, paragraph):
                continue
            font = _run_font(run) or style_font
            out.append(self._run_text(run, font))
        return "".join(out)

    def _run_text(self, run: Any, font: str | None) -> str:
        pieces: list[str] = []
        for node in run.iterchildren():
            tag = node.tag
            if tag == f"{_W}t":
                pieces.append(node.text or "")
            elif tag == f"{_W}tab":
                pieces.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                is_page = node.get(f"{_W}type") == "page"
                pieces.append(_PAGE_BREAK if is_page else "\n")
            elif tag == f"{_W}lastRenderedPageBreak":
                self.rendered_breaks += 1
                pieces.append(_PAGE_BREAK)
            elif tag == f"{_W}noBreakHyphen":
                pieces.append("-")
        text = "".join(pieces)
        encoding = _legacy_encoding(font)
        if encoding and text:
            self.legacy_runs += 1
            upper = encoding == "tcvn3" and font is not None and font.rstrip().endswith("H")
            text = legacy.convert(text, encoding, upper=upper)
        return text

    def _paragraph_font(self, paragraph: Any) -> str | None:
        props = paragraph.find(f"{_W}pPr")
        style = props.find(f"{_W}pStyle") if props is not None else None
        style_id = style.get(f"{_W}val") if style is not None else None
        return self._style_fonts.get(style_id or "", self._style_fonts.get("", None))


def _continues_vertical_merge(cell: Any) -> bool:
    props = cell.find(f"{_W}tcPr")
    merge = props.find(f"{_W}vMerge") if props is not None else None
    return merge is not None and merge.get(f"{_W}val") in (None, "continue")


def _starts_vertical_merge(cell: Any) -> bool:
    return cell.find(f"{_W}tcPr/{_W}vMerge[@{_W}val='restart']") is not None


def _grid_span(cell: Any) -> int:
    return _number(cell.find(f"{_W}tcPr/{_W}gridSpan"))


def _grid_width(table: Any) -> int:
    """The columns of the table's grid (w:tblGrid), within the column limit."""
    grid = table.find(f"{_W}tblGrid")
    count = sum(1 for _ in grid.iterchildren(f"{_W}gridCol")) if grid is not None else 0
    return min(count, SHEET_MAX_COLUMNS) if count else SHEET_MAX_COLUMNS


def _grid_before(row: Any) -> int:
    """Grid columns skipped before a row's first cell (a row that starts further right)."""
    return _number(row.find(f"{_W}trPr/{_W}gridBefore"), 0)


def _number(element: Any, default: int = 1) -> int:
    """An element's w:val as a count, within the column limit (a hostile 10**9 is not a
    billion empty cells)."""
    try:
        value = int(element.get(f"{_W}val")) if element is not None else default
    except (TypeError, ValueError):
        return default
    return max(default, min(value, SHEET_MAX_COLUMNS))


class _Merges:
    """The merged cells of one table: each starts at a cell with gridSpan > 1 or vMerge
    "restart", and grows down while the rows below continue it in the same column."""

    def __init__(self) -> None:
        self._open: dict[int, list[int]] = {}  # first column -> [row0, col0, row1, col1]
        self._done: list[Merge] = []
        self._continued: set[int] = set()

    def start(self, row: int, column: int, span: int, down: bool) -> None:
        merge = [row, column, row, column + span - 1]
        if down:
            self._close(column)
            self._open[column] = merge
            self._continued.add(column)
        else:
            self._done.append((merge[0], merge[1], merge[2], merge[3]))

    def extend(self, row: int, column: int) -> bool:
        """A vMerge continuation at `column`: True when a merge above it is open there."""
        merge = self._open.get(column)
        if merge is None:
            return False
        merge[2] = row
        self._continued.add(column)
        return True

    def end_row(self, row: int) -> None:
        """Close the merges this row did not continue."""
        for column in [c for c in self._open if c not in self._continued]:
            self._close(column)
        self._continued.clear()

    def _close(self, column: int) -> None:
        merge = self._open.pop(column, None)
        if merge is not None:
            self._done.append((merge[0], merge[1], merge[2], merge[3]))

    def done(self) -> list[Merge]:
        for column in list(self._open):
            self._close(column)
        return self._done


def _is_layout(grid: list[list[str]]) -> bool:
    """A table that lays out text rather than holding data: one row, or the heading or
    signature block of an official document."""
    filled = [cells for cells in grid if any(cells)]
    return len(filled) < 2 or any(_LAYOUT.search(c) for cells in filled[:4] for c in cells)


def _inside_deletion(run: Any, stop: Any) -> bool:
    parent = run.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in (f"{_W}del", f"{_W}moveFrom"):
            return True
        parent = parent.getparent()
    return False


def _run_font(run: Any) -> str | None:
    props = run.find(f"{_W}rPr")
    fonts = props.find(f"{_W}rFonts") if props is not None else None
    if fonts is None:
        return None
    return fonts.get(f"{_W}ascii") or fonts.get(f"{_W}hAnsi")


def _legacy_encoding(font: str | None) -> str | None:
    if not font:
        return None
    name = font.strip().lower()
    if name.startswith(".vn"):
        return "tcvn3"
    if name.startswith("vni-") or name.startswith("vni "):
        return "vni"
    return None


def _style_fonts(styles_element: Any) -> dict[str, str | None]:
    """Font per paragraph style id (following based-on), "" for the document default."""
    fonts: dict[str, str | None] = {}
    defaults = styles_element.find(f"{_W}docDefaults")
    default_font = None
    if defaults is not None:
        fonts_el = defaults.find(f"{_W}rPrDefault/{_W}rPr/{_W}rFonts")
        if fonts_el is not None:
            default_font = fonts_el.get(f"{_W}ascii") or fonts_el.get(f"{_W}hAnsi")
    fonts[""] = default_font
    by_id = {s.get(f"{_W}styleId"): s for s in styles_element.iterchildren(f"{_W}style")}

    def resolve(style_id: str, depth: int = 0) -> str | None:
        style = by_id.get(style_id)
        if style is None or depth > 20:
            return default_font
        fonts_el = style.find(f"{_W}rPr/{_W}rFonts")
        if fonts_el is not None:
            font = fonts_el.get(f"{_W}ascii") or fonts_el.get(f"{_W}hAnsi")
            if font:
                return font
        based = style.find(f"{_W}basedOn")
        if based is not None:
            return resolve(based.get(f"{_W}val") or "", depth + 1)
        return default_font

    for style_id in by_id:
        if style_id:
            fonts[style_id] = resolve(style_id)
    return fonts
