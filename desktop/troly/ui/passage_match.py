"""Finding a cited passage among a page's words, for the viewer to highlight it.

Words are matched as runs of a few folded words, so a reflowed line or another tone-mark
placement still matches. No Qt beyond a rectangle type: the functions are plain and tested
on their own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from PySide6.QtCore import QRectF

from troly.core.text import fold

# A run of this many consecutive words shared with the passage counts as part of it: long
# enough that a common phrase elsewhere on the page is not highlighted by chance.
RUN = 4
LONG_STRETCH = 12
HIGHLIGHT_CSS = "#fff176"
WORD = re.compile(r"\S+")


def word_key(word: str) -> str:
    """A word as the matching compares it: folded, without punctuation."""
    return re.sub(r"[^\w]+", "", fold(word))


def matched_words(words: list[str], passage: str) -> list[bool]:
    """For each word of a page, whether it belongs to the passage.

    A page word is part of it when it lies in a stretch of consecutive words that the passage
    has in the same order (chained runs of RUN words), and the stretch is long enough
    (LONG_STRETCH words, or the whole passage when shorter) not to be a phrase that merely
    recurs, such as an article's title repeated in the article before it."""
    passage_keys = [k for k in (word_key(w) for w in passage.split()) if k]
    positions: dict[tuple[str, ...], set[int]] = {}
    for i in range(len(passage_keys) - RUN + 1):
        positions.setdefault(tuple(passage_keys[i : i + RUN]), set()).add(i)
    marks = [False] * len(words)
    indexed = [(i, k) for i, k in ((i, word_key(w)) for i, w in enumerate(words)) if k]
    keys = [k for _, k in indexed]
    shortest = min(LONG_STRETCH, len(passage_keys))
    start = 0
    while start <= len(keys) - RUN:
        at = positions.get(tuple(keys[start : start + RUN]))
        if not at:
            start += 1
            continue
        # Follow the chain while the next run is the passage's next run too.
        end = start
        while end + 1 <= len(keys) - RUN:
            following = positions.get(tuple(keys[end + 1 : end + 1 + RUN]), set())
            chained = {p + 1 for p in at} & following
            if not chained:
                break
            at = chained
            end += 1
        covered = end - start + RUN
        if covered >= shortest:
            for k in range(start, end + RUN):
                marks[indexed[k][0]] = True
        start = end + 1
    return marks


def merge_rects(rects: Iterable[tuple[tuple[int, int], QRectF]]) -> list[QRectF]:
    """One rectangle per line of highlighted words (grouped by PyMuPDF's block and line)."""
    lines: dict[tuple[int, int], QRectF] = {}
    for line, rect in rects:
        lines[line] = lines[line].united(rect) if line in lines else rect
    return list(lines.values())


def text_highlight_html(text: str, passage: str) -> tuple[str, int]:
    """The page text as HTML with the passage's words on yellow; and how many spans."""
    spans = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    marks = matched_words([s[2] for s in spans], passage)
    ranges: list[list[int]] = []
    for (start, end, _), marked in zip(spans, marks, strict=True):
        if not marked:
            continue
        # Words separated only by white space join one highlighted range.
        if ranges and not text[ranges[-1][1] : start].strip():
            ranges[-1][1] = end
        else:
            ranges.append([start, end])
    out: list[str] = []
    at = 0
    for start, end in ranges:
        out.append(html.escape(text[at:start]))
        out.append(
            f'<span style="background-color:{HIGHLIGHT_CSS}">{html.escape(text[start:end])}</span>'
        )
        at = end
    out.append(html.escape(text[at:]))
    body = "".join(out).replace("\n", "<br>")
    return f'<div style="white-space:pre-wrap">{body}</div>', len(ranges)
