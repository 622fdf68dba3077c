"""The narrative of the report, built by code from the units' own sentences: results,
difficulties and proposals, each point citing the units that wrote it, and no sentence kept
whose numbers the table does not show."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from troly.core.consolidate import sentences
from troly.core.numbers import numbers_in
from troly.core.text import fold

SECTIONS = {
    "ket_qua": "KẾT QUẢ NỔI BẬT",
    "kho_khan": "KHÓ KHĂN, VƯỚNG MẮC",
    "kien_nghi": "KIẾN NGHỊ, ĐỀ XUẤT",
}
# Folded cue words: a heading with them opens the section; a sentence with them belongs to it.
_HEADING_CUES = {
    "ket_qua": ("ket qua noi bat", "ket qua dat duoc", "ket qua thuc hien", "ket qua"),
    "kho_khan": ("kho khan", "vuong mac", "han che", "ton tai"),
    "kien_nghi": ("kien nghi", "de xuat", "phuong huong"),
}
_SENTENCE_CUES = {
    "kho_khan": ("kho khan", "vuong mac", "han che", "con cham", "chua dap ung"),
    "kien_nghi": ("kien nghi", "de nghi", "de xuat"),
    "ket_qua": ("noi bat", "hoan thanh", "dat va vuot"),
}
_HEADING = re.compile(r"^(?:[IVX]+\.|\d+\.|[a-zđ]\))?\s*(.{3,80})$")
_NUMBERED = re.compile(r"^(?:[IVX]+|\d+)\.\s")
SIMILAR = 0.5  # word-set overlap at which two units' sentences make one point
MAX_POINTS = 8


@dataclass
class Point:
    section: str
    text: str
    units: list[str] = field(default_factory=list)


def build(texts: Mapping[str, Iterable[str]], allowed: set[Decimal]) -> tuple[list[Point], int]:
    """Points per section from each unit's prose (`texts`: unit -> its pages' prose), and how
    many sentences were left out because a number in them is not in the table (`allowed`)."""
    points: list[Point] = []
    dropped = 0
    for unit, pages in texts.items():
        for section, sentence in _classified(pages):
            if any(n not in allowed for n in numbers_in(sentence)):
                dropped += 1
                continue
            _join(points, section, sentence, unit)
    # One unit's own figures are in the table already; a figure several units state alike
    # ("tỷ lệ … đạt 99,7%") says something across them, and stays.
    points = [p for p in points if len(p.units) > 1 or not numbers_in(p.text)]
    ranked: list[Point] = []
    for section in SECTIONS:
        mine = [p for p in points if p.section == section]
        mine.sort(key=lambda p: -len(p.units))  # stable: first-seen order among equals
        ranked.extend(mine[:MAX_POINTS])
    return ranked, dropped


def _classified(pages: Iterable[str]) -> Iterable[tuple[str, str]]:
    """(section, sentence) for the sentences under a cue heading or holding a cue word."""
    current = ""
    for text in pages:
        for line in sentences.logical_lines(text):
            heading = _heading_section(line)
            if heading is not None:
                current = heading
                continue
            if _NUMBERED.match(line.strip()):
                current = ""  # another numbered heading: no longer in a section of ours
            for sentence in sentences.split(line):
                section = _cue_section(sentence) or current
                if section and len(sentence.split()) >= 5:
                    yield section, sentence.lstrip("-–•+ ").strip()


def _heading_section(line: str) -> str | None:
    text = line.strip()
    match = _HEADING.match(text)
    if not match or len(text.split()) > 10 or text.endswith("."):
        return None
    folded = fold(match.group(1))
    for section, cues in _HEADING_CUES.items():
        if any(folded.startswith(cue) or f" {cue}" in folded for cue in cues):
            return section
    return None


def _cue_section(sentence: str) -> str:
    folded = fold(sentence)
    for section in ("kien_nghi", "kho_khan", "ket_qua"):
        if any(cue in folded for cue in _SENTENCE_CUES[section]):
            return section
    return ""


def _join(points: list[Point], section: str, sentence: str, unit: str) -> None:
    words = _words(sentence)
    for point in points:
        if (
            point.section == section
            and numbers_in(point.text) == numbers_in(sentence)  # a point's figures are its units'
            and _overlap(words, _words(point.text)) >= SIMILAR
        ):
            if unit not in point.units:
                point.units.append(unit)
            return
    points.append(Point(section, sentence, [unit]))


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", fold(text)))


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def body_lines(points: list[Point]) -> dict[str, list[str]]:
    """Each section's points as lines for the report body: "- text (Xã A, Xã B)."."""
    out: dict[str, list[str]] = {section: [] for section in SECTIONS}
    for point in points:
        text = point.text.rstrip(".;: ")
        out[point.section].append(f"- {text} ({', '.join(point.units)}).")
    return out
