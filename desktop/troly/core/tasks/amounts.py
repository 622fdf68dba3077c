"""Numbers and what they count: "12.460 hồ sơ", "9,7%", "15 ngày".

The answer check uses them to tell a figure copied from the wrong line ("3.240 hồ sơ" where
the source says "3.240 cuộc gọi"), and the excerpt to keep the clause that gives the amount a
question asks for ("… bao nhiêu hồ sơ?").
"""

from __future__ import annotations

import re

from troly.core.text import fold

# A number (not part of "87/BC" or "10/01/2025") and the word written straight after it,
# looked ahead at so that it can be the word before the next number ("ngày 14 tháng 10").
_QUANTITY = re.compile(
    r"(?:([^\W\d_]+)[ \t]+)?(?<![\w.,/])(\d+(?:[.,]\d+)*)(?![\w/])(?=[ \t]*(%|[^\W\d_]+))"
)
# A number after these names an article, a year or a date, not an amount: what follows it
# ("Điều 107 quy định", "năm 2026 để") is the sentence going on, not a unit.
_NOT_AN_AMOUNT = {
    "điều",
    "khoản",
    "điểm",
    "chương",
    "mục",
    "phần",
    "số",
    "năm",
    "ngày",
    "tháng",
    "quý",
}
# How a question asks for an amount, and the word after it that says of what.
_ASKS_AMOUNT = re.compile(r"\b(?:bao nhiêu|mấy|bao lâu)\b[ \t]*([^\W\d_]+)?", re.I)


def quantities_in(text: str) -> dict[str, set[str]]:
    """What each number counts in text: {"3240": {"cuộc"}, "9,7": {"%"}}; numbers without
    leading zeros, the first word after them lowercased."""
    found: dict[str, set[str]] = {}
    for before, number, unit in _QUANTITY.findall(text):
        if before.lower() in _NOT_AN_AMOUNT:
            continue
        key = ",".join(p.lstrip("0") or "0" for p in re.split(r"[.,]", number))
        found.setdefault(key, set()).add(unit.lower())
    return found


def asked_amount(question: str) -> str | None:
    """None when the question asks for no amount; else the folded word naming what is counted
    ("… bao nhiêu hồ sơ?" → "ho"), or "" when it does not say."""
    match = _ASKS_AMOUNT.search(question)
    if match is None:
        return None
    return fold(match.group(1) or "")


def counts(text: str, what: str) -> bool:
    """Whether text gives an amount, of what (a folded word) when what is not empty."""
    units = {fold(u) for found in quantities_in(text).values() for u in found}
    return bool(units) and (not what or what in units)
