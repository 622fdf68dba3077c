"""Whether a question asks for a figure computed over a table, and which computation.

Read from the question's form, typed with or without accents (everything is compared folded):
an aggregate ("tổng", "trung bình"), an extreme ("… nào … thấp nhất"), a difference ("tăng bao
nhiêu so với kỳ trước") or a count over a threshold ("bao nhiêu xã đạt trên 90%"). Which table,
column and rows the figure is computed on is decided against the table itself
(table_compute.py); the form alone never answers anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from troly.core.numbers import parse_cell
from troly.core.text import fold, normalize

Operation = Literal["sum", "average", "max", "min", "difference", "count"]

_SUM = re.compile(r"\b(tong|cong lai|gop lai)\b")
_AVERAGE = re.compile(r"\b(trung binh|binh quan)\b")
_MAX = re.compile(r"\b(cao|nhieu|lon|tot)\s+nhat\b|\bdan dau\b")
# "ít nhất 90%" is a threshold ("at least"), not the smallest.
_MIN = re.compile(r"\b(thap|it|nho|kem)\s+nhat\b(?!\s*(?:muc\s+)?\d)")
_DIFFERENCE = re.compile(r"\b(tang|giam|chenh lech|chenh)\b|\bso voi\b")
_HOW_MANY = re.compile(r"\b(bao nhieu|may|nhung|so luong|nao)\b")
_BASE = re.compile(r"\bso voi\b(.*)$")
# A comparison and its figure: "trên 90%", "từ 95 % trở lên", "không quá 10", "đạt 90%".
# Longer phrases first: the alternation takes the first that matches at a position.
_COMPARISONS = {
    "khong vuot qua": "<=",
    "khong qua": "<=",
    "toi da": "<=",
    "khong it hon": ">=",
    "khong duoi": ">=",
    "it nhat": ">=",
    "toi thieu": ">=",
    "vuot qua": ">",
    "lon hon": ">",
    "cao hon": ">",
    "nhieu hon": ">",
    "thap hon": "<",
    "nho hon": "<",
    "it hon": "<",
    "tren": ">",
    "vuot": ">",
    "hon": ">",
    "duoi": "<",
    "dat": ">=",
    "tu": ">=",
}
_THRESHOLD = re.compile(
    r"\b(" + "|".join(_COMPARISONS) + r")\s+(?:muc\s+)?(\d+(?:[.,]\d+)*)\s*(%|phan tram)?"
    r"(?:\s+(tro len|tro xuong))?"
)
_SHOWN = {">": "trên {}", ">=": "từ {} trở lên", "<": "dưới {}", "<=": "không quá {}"}
# "tỉ lệ" and "tỷ lệ", "kì" and "kỳ": one spelling each once folded.
_Y_FOR_I = re.compile(r"\b([tklmhs])y\b")


@dataclass(frozen=True)
class Threshold:
    comparison: str  # ">", ">=", "<", "<="
    value: Decimal
    percent: bool

    def holds(self, value: Decimal) -> bool:
        return {
            ">": value > self.value,
            ">=": value >= self.value,
            "<": value < self.value,
            "<=": value <= self.value,
        }[self.comparison]

    def shown(self, figure: str) -> str:
        """The condition in words, with the figure as the answer writes it: "trên 90%"."""
        return _SHOWN[self.comparison].format(figure)


@dataclass(frozen=True)
class FigureQuestion:
    operation: Operation
    folded: str  # the question folded, "tỉ" spelled "tỷ" (see `folded`)
    threshold: Threshold | None = None

    @property
    def words(self) -> list[str]:
        return self.folded.split()

    def base_words(self) -> list[str]:
        """A difference's base, the words after "so với" ("kỳ trước"); none when unsaid."""
        match = _BASE.search(self.folded)
        return match.group(1).split() if match else []

    def current_words(self) -> list[str]:
        """The words before "so với": the measure and the period compared."""
        match = _BASE.search(self.folded)
        return self.folded[: match.start()].split() if match else self.words


def folded(text: str) -> str:
    """Text compared by its letters alone: folded, punctuation as spaces, one spelling of
    "tỉ"/"tỷ" ("ti"), "%" kept as a word."""
    text = fold(normalize(text)).replace("%", " % ")
    text = re.sub(r"[^\w%.,]+|(?<!\d)[.,]|[.,](?!\d)", " ", text)
    return " ".join(_Y_FOR_I.sub(r"\1i", text).split())


def figure_question(text: str) -> FigureQuestion | None:
    """The computation a question asks for, or None when it asks for none of them."""
    q = folded(text)
    threshold = _threshold(q)
    if threshold is not None and _HOW_MANY.search(q):
        return FigureQuestion("count", q, threshold)
    highest, lowest = _MAX.search(q), _MIN.search(q)
    if highest or lowest:
        if highest and lowest:
            return None
        return FigureQuestion("max" if highest else "min", q)
    if _DIFFERENCE.search(q):
        return FigureQuestion("difference", q)
    if _AVERAGE.search(q):
        return FigureQuestion("average", q)
    if _SUM.search(q):
        return FigureQuestion("sum", q)
    return None


def _threshold(q: str) -> Threshold | None:
    match = _THRESHOLD.search(q)
    if match is None:
        return None
    word, number, percent, direction = match.groups()
    parsed = parse_cell(number)
    if parsed is None:
        return None
    comparison = _COMPARISONS[word]
    if direction:
        comparison = ">=" if direction == "tro len" else "<="
    return Threshold(comparison, parsed[0], bool(percent))
