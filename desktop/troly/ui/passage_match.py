"""Finding a cited passage among a page's words, for the viewer to highlight it.

Words are matched as runs of a few folded words, so a reflowed line or another tone-mark
placement still matches. No Qt beyond a rectangle type: the functions are plain and tested
on their own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QRectF

from troly.core.text import fold

# A run of this many consecutive words shared with the passage counts as part of it: long
# enough that a common phrase elsewhere on the page is not highlighted by chance.
RUN = 4
LONG_STRETCH = 12
HIGHLIGHT_CSS = "#fff176"
WORD = re.compile(r"\S+")


# A passage's stretches found apart on a page are one citation when the page has them in the
# passage's order, no further apart than in the passage plus this many words: the clauses the
# answer did not quote, left out of the passage between two that it did.
SKIPPED_WORDS = 600


@dataclass(frozen=True)
class _Stretch:
    """Consecutive page words (start..end, in keyed words) that the passage has in the same
    order, from one of its words `ats` on (a passage may say a phrase twice)."""

    start: int
    end: int
    ats: frozenset[int]

    @property
    def size(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class _Placement:
    """Where a passage is on a page: the stretches that are part of it, and how sure."""

    stretches: list[_Stretch]
    heading: bool  # placed by the heading of the passage's article ("Điều 8. …")
    longest: int  # words in its longest stretch


def word_key(word: str) -> str:
    """A word as the matching compares it: folded, without punctuation."""
    return re.sub(r"[^\w]+", "", fold(word))


def _weak(key: str) -> bool:
    """A number, an enumerator ("1.", "a)", "đ)") or a one-letter word: it says nothing of
    where on the page a passage is."""
    return key.isdigit() or len(key) <= 1


def matched_words(words: list[str], passage: str) -> list[bool]:
    """For each word of a page, whether it belongs to the passage.

    A page word is part of it when it lies in a stretch of consecutive words that the passage
    has in the same order (chained runs of RUN words), and the stretch is long enough
    (LONG_STRETCH words, or the whole passage when shorter) not to be a phrase that merely
    recurs, such as an article's title repeated in the article before it; or when the stretch
    opens with the heading of an article the passage is from ("Điều 8. Quyền …"). One stretch
    places the passage, that heading or else the longest; another counts only where it
    agrees with that place (in the passage's order, beside it, no other article between), so
    that a clause of Điều 1 worded as one of Điều 8 is not marked when Điều 8 is cited."""
    indexed = [(i, k) for i, k in ((i, word_key(w)) for i, w in enumerate(words)) if k]
    marks = [False] * len(words)
    for stretch in _place([k for _, k in indexed], passage).stretches:
        for k in range(stretch.start, stretch.end):
            marks[indexed[k][0]] = True
    return marks


def match_strength(words: list[str], passage: str) -> tuple[int, bool]:
    """How surely a page holds the passage, for choosing among pages: its longest stretch of
    the passage's words, then whether its article's heading is there; (0, False) when it is
    not there. Not the heading first: a long article's later clauses, cited under its
    heading, are on a page after it."""
    placement = _place([k for k in (word_key(w) for w in words) if k], passage)
    return placement.longest, placement.heading


def _place(keys: list[str], passage: str) -> _Placement:
    passage_keys = [k for k in (word_key(w) for w in passage.split()) if k]
    own = _articles(passage_keys)
    shortest = min(LONG_STRETCH, len(passage_keys))
    strong = min(RUN, sum(1 for k in passage_keys if not _weak(k)))
    found: list[_Stretch] = []
    headings: list[_Stretch] = []
    for s in _stretches(keys, passage_keys):
        if _opens_article(keys, s, own):
            headings.append(s)
            found.append(s)
        elif s.size >= shortest and sum(1 for k in keys[s.start : s.end] if not _weak(k)) >= strong:
            found.append(s)
    if not found:
        return _Placement([], False, 0)
    anchor = max(headings or found, key=lambda s: (s.size, -s.start))
    others = _other_articles(keys, own)
    kept = [s for s in found if _agrees(s, anchor, others)]
    return _Placement(kept, bool(headings), max(s.size for s in found))


def _articles(keys: list[str]) -> set[str]:
    """The numbers of the articles a text names ("Điều 8" → "8")."""
    return {b for a, b in pairwise(keys) if a == "dieu" and b[:1].isdigit()}


def _opens_article(keys: list[str], stretch: _Stretch, own: set[str]) -> bool:
    """Whether a stretch begins with "Điều N" for an article N of the passage."""
    return keys[stretch.start] == "dieu" and keys[stretch.start + 1] in own


def _stretches(keys: list[str], passage_keys: list[str]) -> list[_Stretch]:
    """The page's stretches of consecutive words that the passage has in the same order."""
    positions: dict[tuple[str, ...], set[int]] = {}
    for i in range(len(passage_keys) - RUN + 1):
        positions.setdefault(tuple(passage_keys[i : i + RUN]), set()).add(i)
    found: list[_Stretch] = []
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
        found.append(_Stretch(start, end + RUN, frozenset(p - (end - start) for p in at)))
        start = end + 1
    return found


def _other_articles(keys: list[str], own: set[str]) -> list[int]:
    """Where the page names an article ("Điều 9") that the passage does not: the passage
    does not reach across it."""
    return [
        i
        for i, (a, b) in enumerate(pairwise(keys))
        if a == "dieu" and b[:1].isdigit() and b not in own
    ]


def _agrees(stretch: _Stretch, anchor: _Stretch, other_articles: list[int]) -> bool:
    """Whether a stretch lies where the anchor says the passage is: past the anchor's part
    of the passage on the side the page has it (not a second saying of the same clause), no
    further from it than the passage has it plus the words a quote may skip, and with no
    other article between them."""
    if stretch == anchor:
        return True
    low, high = sorted((stretch.start, anchor.start))
    if any(low < i < high for i in other_articles):
        return False
    for at in stretch.ats:
        for anchor_at in anchor.ats:
            if stretch.start > anchor.start:
                gap_page, gap_passage = stretch.start - anchor.end, at - (anchor_at + anchor.size)
            else:
                gap_page, gap_passage = anchor.start - stretch.end, anchor_at - (at + stretch.size)
            # Runs overlap by RUN - 1 words where a chain broke on one word.
            if gap_passage >= -RUN and gap_page <= max(gap_passage, 0) + SKIPPED_WORDS:
                return True
    return False


def merge_rects(rects: Iterable[tuple[tuple[int, int], QRectF]]) -> list[QRectF]:
    """One rectangle per line of highlighted words (grouped by PyMuPDF's block and line)."""
    lines: dict[tuple[int, int], QRectF] = {}
    for line, rect in rects:
        lines[line] = lines[line].united(rect) if line in lines else rect
    return list(lines.values())


def highlight_ranges(text: str, passage: str) -> list[tuple[int, int]]:
    """Where the passage is in a page's text: (start, end) character ranges, in order."""
    spans = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]
    marks = matched_words([s[2] for s in spans], passage)
    ranges: list[tuple[int, int]] = []
    for (start, end, _), marked in zip(spans, marks, strict=True):
        if not marked:
            continue
        # Words separated only by white space join one highlighted range.
        if ranges and not text[ranges[-1][1] : start].strip():
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
    return ranges


def highlight_html(text: str, ranges: list[tuple[int, int]]) -> str:
    """The page text as HTML with the ranges on yellow; a character of the text keeps its
    position in the QTextDocument made of it (a line end becomes one line separator)."""
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
    return f'<div style="white-space:pre-wrap">{body}</div>'


def text_highlight_html(text: str, passage: str) -> tuple[str, int]:
    """The page text as HTML with the passage's words on yellow; and how many spans."""
    ranges = highlight_ranges(text, passage)
    return highlight_html(text, ranges), len(ranges)
