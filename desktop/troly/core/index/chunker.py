"""Splitting documents into passages that follow the structure of Vietnamese legal and
administrative texts: Phần, Chương, Mục, Điều, Khoản, and numbered headings.

A passage is one article (Điều) when it fits the budget; a longer article is split at its
clauses (Khoản), each piece keeping the article's heading line so it still reads, and is found,
as part of that article. Text outside articles (preambles, reports, letters) is cut at numbered
headings and paragraph boundaries. Every passage knows its page(s) and its heading path, e.g.
"Chương II > Mục 1 > Điều 16. Quyền của viên chức".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from troly.core.documents.model import Document
from troly.core.documents.tables import TABLE_HEADER, row_prefixes

# Syllables per passage: about 500-700 model tokens of Vietnamese, so several fit one prompt.
MAX_SYLLABLES = 400
MIN_SYLLABLES = 40  # shorter trailing pieces are merged into the previous one
# No passage is longer than this, whatever its words: 600 syllables of Vietnamese (the most a
# piece reaches by syllables) take about 3,600 characters, so only text without spaces (a 10 MB
# run of characters became one 10 MB passage, and `ask` then took 187 s and 1.2 GB) or an
# endless line of symbols is cut here, at a space when there is one.
MAX_PASSAGE_CHARS = 6000
# An article line longer than this (OCR that lost its line breaks) is not repeated as the lead
# of each clause, and is shortened in the heading path.
MAX_LEAD_CHARS = 500
MAX_CAPTION_WORDS = 40  # the title lines above a table repeated with its header

_LEVELS = ("phan", "chuong", "muc", "dieu")
_HEADINGS = [
    ("phan", re.compile(r"^(PHẦN|Phần)\s+(THỨ\s+|thứ\s+)?[\wÀ-ỹ]+\b", re.UNICODE)),
    ("chuong", re.compile(r"^(CHƯƠNG|Chương)\s+[IVXLC\d]+\b")),
    ("muc", re.compile(r"^(MỤC|Mục)\s+\d+\b")),
    ("dieu", re.compile(r"^Điều\s+\d+[a-zđ]?\s*[.:]")),
]
_KHOAN = re.compile(r"^\d{1,3}\.\s")
_NUMBERED = re.compile(r"^([IVXLC]+|\d{1,2}(\.\d{1,2})*)[.)]\s+\S")
_EVERY_LINE = re.compile("")  # table rows: a passage may end after any row


@dataclass(frozen=True)
class Chunk:
    ordinal: int
    page: int
    page_end: int
    heading: str
    text: str


@dataclass
class _Line:
    text: str
    page: int
    words: int = 0

    def __post_init__(self) -> None:
        self.words = len(self.text.split())


def _lines(document: Document) -> list[_Line]:
    lines: list[_Line] = []
    for page in document.pages:
        for raw in page.text.splitlines():
            text = raw.strip()
            if text:
                lines.append(_Line(text, page.number))
    return lines


def _heading_level(text: str) -> str | None:
    for level, pattern in _HEADINGS:
        if pattern.match(text):
            return level
    return None


def _size(lines: list[_Line]) -> int:
    return sum(line.words for line in lines)


class _Builder:
    def __init__(self) -> None:
        self.chunks: list[Chunk] = []

    def emit(self, heading: str, lines: list[_Line], lead: str = "") -> None:
        if not lines:
            return
        body = "\n".join(line.text for line in lines)
        text = f"{lead}\n{body}" if lead and not body.startswith(lead) else body
        for piece in _bounded(text):
            self.chunks.append(
                Chunk(len(self.chunks), lines[0].page, lines[-1].page, heading, piece)
            )


def _bounded(text: str, limit: int = MAX_PASSAGE_CHARS) -> list[str]:
    """The text in pieces of at most `limit` characters, each cut at the last space or line
    break of its second half, or at the limit itself when it has none."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        stop = start + limit
        cut = max(
            text.rfind(" ", start + limit // 2, stop), text.rfind("\n", start + limit // 2, stop)
        )
        if cut <= start:
            cut = stop
        pieces.append(text[start:cut].strip())
        start = cut
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]


def _split(lines: list[_Line], boundary: re.Pattern[str]) -> list[list[_Line]]:
    """Group lines into pieces at boundary lines, each at most MAX_SYLLABLES when possible."""
    pieces: list[list[_Line]] = []
    current: list[_Line] = []
    size = 0
    for line in lines:
        starts_new = boundary.match(line.text) is not None
        if current and size + line.words > MAX_SYLLABLES and (starts_new or size >= MAX_SYLLABLES):
            pieces.append(current)
            current, size = [], 0
        current.append(line)
        size += line.words
    if current:
        if (
            pieces
            and _size(current) < MIN_SYLLABLES
            and (_size(pieces[-1]) + _size(current) <= MAX_SYLLABLES * 1.25)
        ):
            pieces[-1].extend(current)
        else:
            pieces.append(current)
    # A single line longer than the budget (OCR without line breaks) is cut by words.
    result: list[list[_Line]] = []
    for piece in pieces:
        if len(piece) == 1 and _size(piece) > MAX_SYLLABLES * 1.5:
            words = piece[0].text.split()
            for start in range(0, len(words), MAX_SYLLABLES):
                chunk_words = " ".join(words[start : start + MAX_SYLLABLES])
                result.append([_Line(chunk_words, piece[0].page)])
        else:
            result.append(piece)
    return result


def chunk_document(document: Document) -> list[Chunk]:
    """Passages of a document with their pages and heading paths."""
    builder = _Builder()
    path: dict[str, str] = {}
    title = document.title or document.path.stem
    section: list[_Line] = []
    section_heading = ""
    article_line = ""
    table_header = ""  # the header line of the table being read, repeated in each passage
    table_rows: tuple[str, ...] = ()  # how its row lines start: "Biểu 01 | "

    def flush() -> None:
        if not section:
            return
        if table_header:
            lead = "\n".join(_short(line, MAX_LEAD_CHARS) for line in table_header.split("\n"))
            for piece in _split(section, _EVERY_LINE):
                builder.emit(section_heading or table_rows[0][:-3], piece, lead=lead)
        elif article_line:
            lead = article_line if len(article_line) <= MAX_LEAD_CHARS else ""
            for piece in _split(section, _KHOAN):
                builder.emit(section_heading, piece, lead=lead)
        else:
            for piece in _split(section, _NUMBERED):
                builder.emit(section_heading, piece)

    for line in _lines(document):
        if table_header and line.text.startswith(table_rows):
            section.append(line)
            continue
        table = TABLE_HEADER.match(line.text)
        if table is not None or table_header:
            # A table starts (its rows become passages of their own, each led by the header)
            # or the one being read has ended: what came before is a passage.
            caption = _caption(section) if table is not None and not table_header else []
            del section[len(section) - len(caption) :]
            flush()
            section = [*caption, line] if table is not None else []
            table_header = "\n".join(c.text for c in [*caption, line]) if table else ""
            table_rows = row_prefixes(table.group(1)) if table is not None else ()
            if table is not None:
                continue
        level = _heading_level(line.text)
        if level is None:
            section.append(line)
            continue
        flush()
        section = [line]
        index = _LEVELS.index(level)
        path[level] = _short(line.text, MAX_LEAD_CHARS) if level == "dieu" else _short(line.text)
        for deeper in _LEVELS[index + 1 :]:
            path.pop(deeper, None)
        article_line = line.text if level == "dieu" else ""
        section_heading = " > ".join(path[k] for k in _LEVELS if k in path)
    flush()
    if not builder.chunks:
        return []
    return [
        Chunk(c.ordinal, c.page, c.page_end, c.heading or title, c.text) for c in builder.chunks
    ]


def _caption(lines: list[_Line]) -> list[_Line]:
    """The lines just before a table that name it ("BIỂU 01: KẾT QUẢ … QUÝ I/2026", "Kết quả
    cụ thể như sau:"), kept with its header in every passage of it: one or two short lines,
    never a paragraph of text that happens to precede it."""
    caption: list[_Line] = []
    for line in reversed(lines[-2:]):
        if line.words > MAX_CAPTION_WORDS // 2 or _size([line, *caption]) > MAX_CAPTION_WORDS:
            break
        caption.insert(0, line)
    return caption


def _short(heading: str, limit: int = 80) -> str:
    return heading if len(heading) <= limit else heading[:limit].rsplit(" ", 1)[0] + "…"
