"""The body text as paragraphs, each of the kind Phụ lục I, Mục II.6 formats its own way."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "dieu", "heading", "heading_title", "section"]

_HEADING_RE = re.compile(r"^(Phần|Chương|Mục|Tiểu mục)\s+([IVXLC]+|\d+)\.?$")
_DIEU_RE = re.compile(r"^(Điều\s+\d+\.)\s*(.*)$")
_SECTION_RE = re.compile(r"^[IVXLC]+\.\s+\S")
_MARKDOWN_RE = re.compile(r"(\*\*|__|^#+\s*|^\s*[*•]\s+)")
END_MARK = "./."


@dataclass(frozen=True)
class BodyParagraph:
    """One paragraph of the body: its text, its kind and, for an Điều, the bold lead."""

    text: str
    kind: Kind = "text"
    lead: str = ""  # printed bold before the text (the "Điều 1." of a long article)


def clean_line(line: str) -> str:
    """A line without the Markdown a model likes to add, with single spaces."""
    line = _MARKDOWN_RE.sub("", line.strip())
    line = re.sub(r"^\s*[*•]\s+", "- ", line)
    return " ".join(line.split())


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def parse_body(text: str) -> list[BodyParagraph]:
    """Paragraphs of a body typed one per line, with the end mark "./." after the last one."""
    lines = [clean_line(line) for line in text.replace("\r", "").split("\n")]
    lines = [line for line in lines if line]
    out: list[BodyParagraph] = []
    after_heading = False
    for line in lines:
        dieu = _DIEU_RE.match(line)
        if _HEADING_RE.match(line):
            out.append(BodyParagraph(line, "heading"))
            after_heading = True
            continue
        if after_heading and _is_upper(line):
            out.append(BodyParagraph(line, "heading_title"))
        elif dieu:
            rest = dieu.group(2)
            # A short article title is bold as a whole; a long article has only "Điều 1." bold.
            if len(rest.split()) <= 12 and not rest.endswith((".", ";", ":")):
                out.append(BodyParagraph(line, "dieu"))
            else:
                out.append(BodyParagraph(rest, "text", lead=dieu.group(1)))
        elif _SECTION_RE.match(line) and _is_upper(line):
            out.append(BodyParagraph(line, "section"))
        else:
            out.append(BodyParagraph(line))
        after_heading = False
    if out:
        last = out[-1]
        if not last.text.endswith(END_MARK):
            text = last.text.rstrip(";:, ")
            tail = "/." if text.endswith(".") else END_MARK
            out[-1] = BodyParagraph(text + tail, last.kind, last.lead)
    return out
