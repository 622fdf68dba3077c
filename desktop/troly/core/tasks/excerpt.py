"""Cutting a retrieved passage down to the parts that answer the question.

A whole article (Điều) is often 500-1,000 tokens, and a small model on a 2-core PC reads a
prompt at 20-50 tokens/s: five whole articles cost a minute before the first word. Most of an
article is beside the point. The passage is split into its units (Khoản "1.", điểm "a)", and
sentences inside long ones), each unit is scored by the question's content words it holds,
and the best units are kept in their original order within a token budget, with the article's
heading line and "…" where text was left out. The heading path stays in the source label.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from troly.core.tasks.amounts import asked_amount, counts
from troly.core.words import Query, analyse, content_terms

ELLIPSIS = "…"
_KHOAN = re.compile(r"^\s*(\d{1,3}\.|[a-zđ]\)|[-–•+])\s")
_ARTICLE = re.compile(r"^\s*Điều\s+\d+[a-zđ]?\s*[.:]")
# A colon ends a sentence only before a capital or a list item: "tiếp nhận: 12.460 hồ sơ" is
# one statement, and cut there the figure would be left out of the clause that names it.
_SENTENCE_END = re.compile(
    r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ0-9“\"(])|(?<=:)\s+(?=[A-ZĐÀ-Ỹ“\"(]|\d{1,3}\.\s|[a-zđ]\)\s)"
)
# A unit's score is multiplied by this when the question asks for an amount and the unit
# gives one, and by it again when the unit counts what the question counts ("hồ sơ"): a
# boost, so that an amount in a clause beside the point still ranks below the point.
AMOUNT_WEIGHT = 1.25


@dataclass(frozen=True)
class Unit:
    index: int
    text: str
    score: float


def split_units(text: str) -> list[str]:
    """Lines that start a Khoản, điểm or list item begin a unit; continuation lines join it;
    a unit longer than a few sentences is split at its sentences."""
    blocks: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if blocks and not _KHOAN.match(line) and not _ARTICLE.match(line):
            blocks[-1] = f"{blocks[-1]} {line}"
        else:
            blocks.append(line)
    pieces: list[str] = []
    for block in blocks:
        if len(block) > 400:
            pieces.extend(s.strip() for s in _SENTENCE_END.split(block) if s.strip())
        else:
            pieces.append(block)
    return pieces


def excerpt(
    text: str,
    query: str | Query,
    budget_tokens: int,
    count_tokens: Callable[[str], int],
) -> str:
    """The passage cut to the units that best match the query, within budget_tokens."""
    if count_tokens(text) <= budget_tokens:
        return text
    units = split_units(text)
    if not units:
        return text
    q = query if isinstance(query, Query) else analyse(query)
    wanted = q.content_terms
    amount = asked_amount(q.text)
    heading = units[0] if _ARTICLE.match(units[0]) else ""
    body = units[1:] if heading else units
    scored = []
    for i, piece in enumerate(body):
        have = content_terms(piece)
        # Bigrams weigh double: "cai nghiện bắt buộc" matched as a phrase says more than its
        # syllables scattered over a clause.
        score = sum(2.0 if "_" in t else 1.0 for t in wanted & have)
        # "… bao nhiêu hồ sơ?": the clause that gives a number of them is the answer; without
        # this a letterhead that repeats the question's words wins over the figure.
        if amount is not None and counts(piece, ""):
            score *= AMOUNT_WEIGHT * (AMOUNT_WEIGHT if amount and counts(piece, amount) else 1)
        scored.append(Unit(i, piece, score))
    used = count_tokens(heading) if heading else 0
    kept: list[Unit] = []
    for unit in sorted(scored, key=lambda u: (-u.score, u.index)):
        if unit.score <= 0 and kept:
            break
        cost = count_tokens(unit.text) + 1
        if used + cost > budget_tokens:
            if kept:
                continue  # a shorter, lower unit may still fit
            # The best unit alone is too long: keep its beginning.
            chars = max(80, len(unit.text) * max(budget_tokens - used, 16) // max(cost, 1))
            unit = Unit(unit.index, unit.text[:chars].rstrip() + " " + ELLIPSIS, unit.score)
            cost = count_tokens(unit.text)
        kept.append(unit)
        used += cost
    kept.sort(key=lambda u: u.index)
    lines = [heading] if heading else []
    previous = -1
    for unit in kept:
        if unit.index != previous + 1:
            lines.append(ELLIPSIS)
        lines.append(unit.text)
        previous = unit.index
    if previous != len(body) - 1:
        lines.append(ELLIPSIS)
    return "\n".join(lines)
