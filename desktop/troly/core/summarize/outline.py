"""A document's outline from its own structure, found by code before any model call.

The chunker already gives every passage its heading path ("Chương II > Mục 1 > Điều 7. Vị trí
việc làm"); the outline lists each heading once, in order, with its page. A chapter's name is on
the line after "Chương II" in laws and decrees, so it is read from the passage's text.

The parts are what every summary must cover: the Chương (or the Phần when there is no Chương);
a text with neither, like the ALQAC laws that list their Điều only, is covered section by
section (each section is a run of consecutive Điều), named by its first and last Điều.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from troly.core.summarize.model import OutlineItem, Passage, Section

_TOP = ("phần", "chương")
_ARTICLE = re.compile(r"^Điều\s+(\d+[a-zđ]?)", re.IGNORECASE)
_CHAPTER_LINE = re.compile(r"^(PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục)\s+\S+\s*$")


@dataclass(frozen=True)
class Part:
    """One unit of coverage: a Chương, a Phần, or (without them) one section."""

    key: str
    title: str
    tags: tuple[str, ...]  # the sections it spans
    required: bool = True  # False for the preamble before the first chapter


def _kind(head: str) -> str:
    return head.split(" ")[0].lower() if head else ""


def _named(head: str, passage: Passage) -> str:
    """ "Chương II" with the name the next line gives it: "Chương II. Tuyển dụng viên chức"."""
    if not _CHAPTER_LINE.match(head):
        return head
    lines = [line.strip() for line in passage.text.splitlines() if line.strip()]
    for i, line in enumerate(lines[:-1]):
        if line == head:
            name = lines[i + 1]
            if name.isupper() and not _ARTICLE.match(name) and len(name) <= 120:
                return f"{head}. {name[:1]}{name[1:].lower()}"
    return head


def _top_kind(sections: Sequence[Section]) -> str:
    """ "chương" when the file has chapters, else "phần" when it has parts, else ""."""
    kinds = {_kind(p.heading.split(" > ")[0]) for s in sections for p in s.passages}
    kinds |= {_kind(h) for s in sections for p in s.passages for h in p.heading.split(" > ")}
    return next((k for k in reversed(_TOP) if k in kinds), "")


def _articles(section: Section) -> list[str]:
    found: list[str] = []
    for passage in section.passages:
        last = passage.heading.split(" > ")[-1]
        match = _ARTICLE.match(last)
        if match and match.group(0) not in found:
            found.append(match.group(0))
    return found


def section_title(section: Section) -> str:
    """ "Điều 1 – Điều 15" for a run of articles; else the section's first heading."""
    articles = _articles(section)
    if len(articles) > 1:
        return f"{articles[0]} – {articles[-1]}"
    if articles:
        return articles[0]
    return section.headings[0] if section.headings else Path(section.file).name


def _by_file(sections: Sequence[Section]) -> dict[str, list[Section]]:
    files: dict[str, list[Section]] = {}
    for section in sections:
        files.setdefault(section.file, []).append(section)
    return files


def _part_head(passage: Passage, top: str) -> str:
    """The heading path down to the file's top kind: "Phần thứ nhất > Chương I"."""
    path = passage.heading.split(" > ")
    for depth, head in enumerate(path):
        if _kind(head) == top:
            return " > ".join(path[: depth + 1])
    return ""


def _key(file: str, top: str, section: Section, passage: Passage) -> str:
    if not top:
        return f"{file}#{section.tag}"
    return f"{file}#{_part_head(passage, top)}"  # "" before the first chapter: the preamble


def _tops(sections: Sequence[Section]) -> dict[str, str]:
    return {file: _top_kind(members) for file, members in _by_file(sections).items()}


def part_key(tops: dict[str, str], section: Section, passage: Passage) -> str:
    """The key of the part a passage belongs to (tops: each file's top kind, see `parts`)."""
    return _key(section.file, tops.get(section.file, ""), section, passage)


def parts(sections: Sequence[Section]) -> list[Part]:
    """The parts every summary must cover, in document order."""
    tops = _tops(sections)
    found: dict[str, tuple[str, list[str]]] = {}
    for section in sections:
        top = tops[section.file]
        for passage in section.passages:
            key = _key(section.file, top, section, passage)
            head = key.split("#", 1)[1] if top else ""
            default = section_title(section) if not top else head or Path(section.file).stem
            title, tags = found.setdefault(key, (default, []))
            if section.tag not in tags:
                tags.append(section.tag)
            if head and title == head:
                found[key] = (_named(head.split(" > ")[-1], passage), tags)
    return [
        Part(key, title, tuple(tags), required=not (tops[key.split("#")[0]] and key.endswith("#")))
        for key, (title, tags) in found.items()
    ]


def passage_parts(sections: Sequence[Section]) -> dict[tuple[str, int], str]:
    """(section tag, passage index) -> the key of its part."""
    tops = _tops(sections)
    return {(s.tag, i): part_key(tops, s, p) for s in sections for i, p in enumerate(s.passages)}


def build_outline(sections: Sequence[Section]) -> list[OutlineItem]:
    """Each part, then every heading below it (Mục, Điều), once, in order, with its page."""
    tops = _tops(sections)
    titles = {p.key: p.title for p in parts(sections)}
    items: list[OutlineItem] = []
    seen: set[str] = set()
    for section in sections:
        top = tops[section.file]
        for passage in section.passages:
            key = _key(section.file, top, section, passage)
            if key not in seen:
                seen.add(key)
                items.append(
                    OutlineItem(0, titles[key], section.file, passage.page, key, section.tag)
                )
            path = passage.heading.split(" > ")
            below = key.split("#", 1)[1].count(" > ") + 1 if top and "#" in key else 0
            if top and key.endswith("#"):
                below = 0
            for depth in range(below, len(path)):
                head = path[depth]
                head_key = f"{section.file}#{' > '.join(path[: depth + 1])}"
                wanted = _ARTICLE.match(head) or _kind(head) in ("mục", "chương")
                if head_key in seen or not wanted:
                    continue
                seen.add(head_key)
                level = depth - below + 1
                text = _named(head, passage)
                items.append(OutlineItem(level, text, section.file, passage.page, key, section.tag))
    return items
