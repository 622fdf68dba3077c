"""Choosing among the options of a multiple choice question by what the sources say.

The options of a question on a law are mostly the law's own words, with the wrong ones taken
from elsewhere or changed in a detail. A 1.5B model asked for the letter mostly says "A"
whatever the options (23 of 40 ALQAC answers, where the gold answer is A in 7; issue 12), even
with its bias measured and taken out. So the option the passages state is chosen by its words:

- each option's support is the share of its content terms the best passage holds;
- a question that asks for the exception ("… không thuộc …", "đâu không phải là …") wants the
  option the passages do not state: the least supported;
- "Cả A, B đều đúng" / "Cả 3 phương án trên" is chosen when every option it names is stated;
  "Cả A và B đều sai" when none is.

When no option is stated at all (and none says "none of them"), the passages are not about
the question: it is answered "not found" rather than guessed (on the ALQAC questions, best
option support was at least 0.96 where the gold article was retrieved, and below 0.5 on most
questions whose law was left out).

When two options are stated about equally (within CLEAR_MARGIN), the words cannot tell, and
the model's own calibrated scores choose between those two (ask._decide).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from troly.core.tasks.excerpt import ELLIPSIS, content_terms, split_units
from troly.core.text import fold

# Support at or above this: the passages state the option (an option's terms found nearly all).
STATED = 0.75
# Support below this: the passages do not state it.
NOT_STATED = 0.5
# Scores closer than this are a tie the words cannot break.
CLEAR_MARGIN = 0.05
# An article whose title the question repeats (TITLE_SHARE of a title's content terms, for a
# title of at least TITLE_TERMS) gets this much more support when the source to quote is chosen
# (out of 2: the claim's and the question's): enough to break a near tie, not to outweigh a
# passage that states the claim. On the ALQAC closed questions it raised the quoted source
# being the gold article from 72 to 75 of 86 (train) and from 86 to 88 of 100 (held-out).
TITLE_BONUS = 0.15
TITLE_SHARE = 0.8
TITLE_TERMS = 4
# The longest line read as an article's title line (ask reads the same): a longer one is a
# whole article that a PDF ran onto one line.
TITLE_CHARS = 200
# The longest quote given as the grounds of a verdict or a letter (a Khoản can run long).
QUOTE_CHARS = 320

# Folded. An option naming others: "ca a, b deu dung", "ca 3 phuong an tren", "tat ca …".
_COMBINED = re.compile(r"^\W*(ca|tat ca)\b.*\b(dung|phuong an|dap an|deu)\b")
_NONE_OF = re.compile(r"\b(deu sai|deu khong dung|khong co phuong an nao)\b")
_MARKER = re.compile(r"^\s*(?:\d{1,3}\.|[a-zđ]\)|[-–•+])\s+")
_ARTICLE_TITLE = re.compile(r"^\s*Điều\s+\d+[a-zđ]?\s*[.:]?\s*(\S.*)$")
_LETTERS = re.compile(r"\b([a-h])\b")
# A question asking which option is not in what the law lists. "không được" is left out: the
# law lists what may not be done, and the answer is the listed one.
_EXCEPTION = re.compile(r"\bkhong (phai|thuoc|bao gom|co|nam trong|la)\b")


def support(text: str, evidence: Sequence[str]) -> float:
    """Share of text's content terms (syllables and two-syllable words) that the passage
    holding most of them holds."""
    wanted = content_terms(text)
    if not wanted or not evidence:
        return 0.0
    return max(len(wanted & content_terms(e)) / len(wanted) for e in evidence)


def asks_for_exception(question: str) -> bool:
    """Whether the question asks for the option the law does not list ("… không thuộc …")."""
    folded = fold(question)
    return bool(_EXCEPTION.search(re.sub(r"\bhay khong\b", "", folded)))


def _named(option: str, letters: Sequence[str]) -> list[str] | None:
    """The letters a combined option covers ("Cả A, B đều đúng": A and B; "Cả 3 phương án
    trên": all the others), or None for an ordinary option."""
    folded = fold(option)
    if not _COMBINED.search(folded):
        return None
    named = [m.upper() for m in _LETTERS.findall(folded) if m.upper() in letters]
    return named or list(letters)


def claim(letter: str, question: str, choices: dict[str, str]) -> str:
    """What choosing letter says: its option, or the question for an option naming others."""
    option = choices.get(letter, "")
    return question if not option or _named(option, list(choices)) is not None else option


def scores(question: str, choices: dict[str, str], evidence: Sequence[str]) -> dict[str, float]:
    """A score per letter, higher for the option the passages support as the answer."""
    plain = {k: v for k, v in choices.items() if _named(v, list(choices)) is None}
    stated = {k: support(v, evidence) for k, v in plain.items()}
    exception = asks_for_exception(question)
    result = {k: (1.0 - s) if exception else s for k, s in stated.items()}
    for letter, option in choices.items():
        if letter in plain:
            continue
        named = [n for n in (_named(option, list(plain)) or []) if n in stated]
        if not named:
            result[letter] = 0.0
            continue
        # Above any single option when it holds: each option it names is right too.
        if _NONE_OF.search(fold(option)):
            holds = max(stated[n] for n in named) < NOT_STATED
        else:  # every named option stated (an exception question wants one that is not)
            holds = all(stated[n] >= STATED for n in named) and not exception
        result[letter] = 1.0 + 2 * CLEAR_MARGIN if holds else 0.0
    return result


def any_stated(choices: dict[str, str], evidence: Sequence[str]) -> bool:
    """Whether the passages state one of the options at least in part, or an option says
    that none of the others is right (then stating none of them is an answer)."""
    letters = list(choices)
    for option in choices.values():
        if _named(option, letters) is not None and _NONE_OF.search(fold(option)):
            return True
    plain = [v for v in choices.values() if _named(v, letters) is None]
    return any(support(v, evidence) >= NOT_STATED for v in plain)


def _title(evidence: str) -> str:
    """The article's title in a passage as the checks read it (heading path, then the text):
    "Điều 12. Hoạt động của trường quay" → "Hoạt động của trường quay"; "" when it has none."""
    heading, _, text = evidence.partition("\n")
    first = text.split("\n", 1)[0]
    for line in (first, heading.split(">")[-1]):
        match = _ARTICLE_TITLE.match(line)
        if match and len(line) <= TITLE_CHARS:
            return match.group(1)
    return ""


def names_article(question: str, evidence: str) -> bool:
    """Whether the question repeats the passage's article title (most of a title of a few
    words): "Hoạt động của trường quay bao gồm …" for "Điều 12. Hoạt động của trường quay"."""
    title = content_terms(_title(evidence))
    return len(title) >= TITLE_TERMS and len(title & content_terms(question)) >= TITLE_SHARE * len(
        title
    )


def best_source(claim: str, question: str, evidence: Sequence[str]) -> int:
    """The number (from 1) of the passage that states the claim (a statement, the chosen
    option) best, the question's own words breaking a tie; then the article whose title the
    question repeats (a near tie: the law put the question's subject in that title); the
    earlier passage, ranked higher by the search, on a tie still. The grounds of a verdict or
    a letter quote this one."""

    def held(i: int) -> float:
        title = TITLE_BONUS if names_article(question, evidence[i]) else 0.0
        return support(claim, [evidence[i]]) + support(question, [evidence[i]]) + title

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


def clear_choice(ranked: dict[str, float]) -> tuple[str | None, list[str]]:
    """The letter the scores choose, or None and the letters tied at the top."""
    order = sorted(ranked, key=lambda k: -ranked[k])
    if not order:
        return None, []
    top = [k for k in order if ranked[order[0]] - ranked[k] < CLEAR_MARGIN]
    return (order[0], top) if len(top) == 1 else (None, top)
