"""The grounds of a closed answer: which passage states a claim (a true/false statement, the
option chosen) best, and the clause of it to quote, in the law's own words.

The verdict or the letter is the model's (ask._decide); this only chooses what to quote under
it, by the share of the claim's content terms a passage or a clause holds (words.py), the
question's own words breaking a tie.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from troly.core.tasks.excerpt import ELLIPSIS, split_units
from troly.core.text import fold
from troly.core.words import content_terms

# The longest quote given as the grounds of a verdict or a letter (a Khoản can run long).
QUOTE_CHARS = 320

# Folded. An option naming others: "ca a, b deu dung", "ca 3 phuong an tren", "tat ca …".
_COMBINED = re.compile(r"^\W*(ca|tat ca)\b.*\b(dung|phuong an|dap an|deu)\b")
_MARKER = re.compile(r"^\s*(?:\d{1,3}\.|[a-zđ]\)|[-–•+])\s+")
_LETTERS = re.compile(r"\b([a-h])\b")


def support(text: str, evidence: Sequence[str]) -> float:
    """Share of text's content terms (syllables and two-syllable words) that the passage
    holding most of them holds."""
    wanted = content_terms(text)
    if not wanted or not evidence:
        return 0.0
    return max(len(wanted & content_terms(e)) / len(wanted) for e in evidence)


def named_letters(option: str, letters: Sequence[str]) -> list[str] | None:
    """The letters a combined option covers ("Cả A, B đều đúng": A and B; "Cả 3 phương án
    trên": all the others), or None for an ordinary option."""
    folded = fold(option)
    if not _COMBINED.search(folded):
        return None
    named = [m.upper() for m in _LETTERS.findall(folded) if m.upper() in letters]
    return named or list(letters)


def claim(letter: str, question: str, choices: dict[str, str]) -> str:
    """What choosing letter says: its option; for an option naming others, the options it
    names ("nghỉ phép năm; nghỉ ốm"); the question when there is no option."""
    option = choices.get(letter, "")
    named = named_letters(option, list(choices)) if option else None
    if named is None:
        return option or question
    others = [choices[n].rstrip(" .;") for n in named if n != letter]
    return "; ".join(others) or question


def best_source(claim: str, question: str, evidence: Sequence[str]) -> int:
    """The number (from 1) of the passage that states the claim (a statement, the chosen
    option) best, the question's own words breaking a tie; the earlier passage, ranked higher
    by the search, on a tie still. The grounds of a verdict or a letter quote this one."""

    def held(i: int) -> float:
        return support(claim, [evidence[i]]) + support(question, [evidence[i]])

    return 1 + max(range(len(evidence)), key=lambda i: (held(i), -i)) if evidence else 1


def clause(claim: str, question: str, passage: str) -> str:
    """The clause of the passage (a Khoản, a point, a sentence; not the article's title) that
    states the claim best, the question's words breaking a tie, without its "2." or "a)"."""
    units = [u for u in split_units(passage) if not re.match(r"^\s*Điều\s+\d+", u)]
    units = units or split_units(passage)
    if not units:
        return ""

    def held(u: str) -> float:
        return support(claim, [u]) + support(question, [u]) / 2

    return _MARKER.sub("", max(units, key=held)).strip().rstrip(";,")


def quote(claim: str, question: str, passage: str) -> str:
    """The clause that states the claim best (clause()): the grounds of a verdict or a letter
    in the law's own words. Cut at a word within QUOTE_CHARS."""
    # Without its "2." or "a)": the number would read as a sentence of its own.
    best = clause(claim, question, passage)
    if len(best) > QUOTE_CHARS:
        best = best[:QUOTE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + " " + ELLIPSIS
    return best
