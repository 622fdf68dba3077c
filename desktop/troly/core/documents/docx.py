"""DOCX through python-docx: body paragraphs and tables in document order, headers, footers,
footnotes; legacy-font runs (.VnTime, VNI-Times) converted; pages split where Word recorded a
page break."""

from __future__ import annotations

import logging
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from troly.core.documents import legacy
from troly.core.documents.errors import Cancelled, DocumentError
from troly.core.documents.limits import (
    DOCX_MAX_MEMBERS,
    DOCX_MAX_RATIO,
    DOCX_MAX_UNCOMPRESSED,
    DOCX_RATIO_FLOOR,
)
from troly.core.documents.model import Document, Page
from troly.core.text import normalize

log = logging.getLogger(__name__)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PAGE_BREAK = "\f"
_CHUNK = 1024 * 1024
_BREAK_RUN = re.compile(r"\f(?:\s*\f)+")


def read_docx(
    path: Path,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> Document:
    """Read a DOCX after checking it is not a zip bomb; page numbers are estimated."""
    check_zip(path)
    import docx as python_docx

    try:
        package = python_docx.Document(str(path))
    except Exception as exc:  # python-docx raises KeyError, PackageNotFoundError, XML errors
        log.info("cannot open DOCX %s: %s", path, exc)
        raise DocumentError(
            path,
            "tệp DOCX bị hỏng hoặc thiếu thành phần, không mở được.",
            "the DOCX is corrupt or missing parts.",
        ) from None
    if cancel is not None and cancel.is_set():
        raise Cancelled()
    reader = _Reader(package)
    body = reader.block_text(package.element.body)
    header = "\n".join(reader.headers_footers("header"))
    footer = "\n".join(reader.headers_footers("footer") + reader.footnotes())
    # Word records an explicit break and, on the next page, a rendered break too: one page.
    raw_pages = _BREAK_RUN.sub(_PAGE_BREAK, body).split(_PAGE_BREAK)
    if header:
        raw_pages[0] = header + "\n\n" + raw_pages[0]
    if footer:
        raw_pages[-1] = raw_pages[-1] + "\n\n" + footer
    pages: list[Page] = []
    for i, raw in enumerate(raw_pages, start=1):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        pages.append(Page(number=i, text=normalize(raw)))
        if progress is not None:
            progress(i, len(raw_pages))
    warnings = []
    if reader.legacy_runs:
        warnings.append("Văn bản dùng phông chữ bảng mã cũ (TCVN3/VNI); đã chuyển sang Unicode.")
    title = str(package.core_properties.title or "").strip()
    return Document(
        path=path,
        kind="docx",
        pages=pages,
        title=title[:200],
        pages_estimated=True,
        warnings=warnings,
    )


def check_zip(path: Path) -> None:
    """Refuse a DOCX whose decompressed size would pass the limits: first by the sizes the zip
    declares, then by actually inflating each member with a running cap (declared sizes lie)."""
    bomb = DocumentError(
        path,
        "tệp DOCX giải nén ra quá lớn (nghi là “bom nén”), đã từ chối đọc.",
        "the DOCX decompresses to too much data (zip bomb); refused.",
    )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > DOCX_MAX_MEMBERS:
                raise bomb
            if sum(info.file_size for info in infos) > DOCX_MAX_UNCOMPRESSED:
                raise bomb
            for info in infos:
                if info.file_size > DOCX_RATIO_FLOOR and info.file_size > DOCX_MAX_RATIO * max(
                    info.compress_size, 1
                ):
                    raise bomb
            total = 0
            for info in infos:
                with archive.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        total += len(chunk)
                        if total > DOCX_MAX_UNCOMPRESSED:
                            raise bomb
    except DocumentError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        log.info("bad DOCX zip %s: %s", path, exc)
        raise DocumentError(
            path, "tệp DOCX bị hỏng (tệp nén lỗi).", "the DOCX is corrupt (bad zip)."
        ) from None
    except NotImplementedError:
        raise DocumentError(
            path, "tệp DOCX dùng kiểu nén không hỗ trợ.", "unsupported zip compression."
        ) from None


class _Reader:
    """Walks WordprocessingML: text in order, legacy fonts decoded per run."""

    def __init__(self, package: Any) -> None:
        self.package = package
        self.legacy_runs = 0
        self._style_fonts = _style_fonts(package)

    def block_text(self, container: Any) -> str:
        """Paragraphs and tables of a body, cell, header or footnote, in document order."""
        parts: list[str] = []
        for child in container.iterchildren():
            tag = child.tag
            if tag == f"{_W}p":
                parts.append(self.paragraph_text(child))
            elif tag == f"{_W}tbl":
                parts.append(self.table_text(child))
            elif tag in (f"{_W}sdt", f"{_W}customXml"):
                content = child.find(f"{_W}sdtContent")
                parts.append(self.block_text(content if content is not None else child))
        return "\n".join(parts)

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

    def headers_footers(self, kind: str) -> list[str]:
        """Each distinct header (or footer) once, however many sections link to it."""
        seen: set[str] = set()
        texts: list[str] = []
        for section in self.package.sections:
            for attr in (kind, f"first_page_{kind}", f"even_page_{kind}"):
                try:
                    part = getattr(section, attr)
                    if part.is_linked_to_previous:
                        continue
                    element = part._element
                except Exception:  # a header the section declares but the package lacks
                    continue
                text = self.block_text(element).replace(_PAGE_BREAK, "\n").strip()
                if text and text not in seen:
                    seen.add(text)
                    texts.append(text)
        return texts

    def footnotes(self) -> list[str]:
        """Footnote texts, read from the footnotes part if the document has one."""
        from lxml import etree

        texts: list[str] = []
        for rel in self.package.part.rels.values():
            if rel.is_external or not rel.reltype.endswith("/footnotes"):
                continue
            root = etree.fromstring(rel.target_part.blob)
            for note in root.iterchildren(f"{_W}footnote"):
                if note.get(f"{_W}type") in ("separator", "continuationSeparator"):
                    continue
                text = self.block_text(note).replace(_PAGE_BREAK, " ").strip()
                if text:
                    texts.append(text)
        return texts


def _continues_vertical_merge(cell: Any) -> bool:
    props = cell.find(f"{_W}tcPr")
    merge = props.find(f"{_W}vMerge") if props is not None else None
    return merge is not None and merge.get(f"{_W}val") in (None, "continue")


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


def _style_fonts(package: Any) -> dict[str, str | None]:
    """Font per paragraph style id (following based-on), "" for the document default."""
    fonts: dict[str, str | None] = {}
    try:
        styles_element = package.styles.element
    except Exception:
        return fonts
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


def _iter_text(element: Any) -> Iterator[str]:  # pragma: no cover - debugging aid
    for node in element.iter(f"{_W}t"):
        yield node.text or ""
