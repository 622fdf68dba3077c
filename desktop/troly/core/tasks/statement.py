"""Finding the detail of a true/false statement that its source contradicts.

A false statement on a law is mostly the law's own words with one detail changed: a "không"
put in or taken out, a number's unit changed, "kể cả" where the law says "trừ", "chỉ" added, a
defined term cut short ("Ly hôn là …" for the law's "Ly hôn giả tạo là …"), another body of
the state made responsible. A 1.5B model reading the two side by side still calls most such
statements true (10 of the 16 it got wrong on the ALQAC true/false questions; issue 12),
because nearly every word matches. These checks look for exactly those changes between the
statement and the clause that states it best, and say "Sai." only on finding one; finding none
decides nothing unless the clause states the statement nearly word for word (then "Đúng.").
Everything else is left to the model.
"""

from __future__ import annotations

import re

from troly.core.index.terms import syllables
from troly.core.tasks import options
from troly.core.tasks.amounts import quantities_in
from troly.core.text import fold

# A statement the clause holds this much of (its content terms), with no detail contradicted,
# says what the clause says.
VERBATIM = 0.9
# A clause must state the statement at least this much before its "không" is compared with
# the statement's: a negation in a clause about something else says nothing.
SAME_CLAUSE = 0.7

# Folded syllables between a negation and what it negates: "không cần phải được lập" negates
# "lập thành".
_MODAL = {"can", "nhat", "thiet", "phai", "duoc", "phep", "bat", "buoc", "nen", "the"}
# What negates in a source: "không", "chưa", "cấm" (a prohibition is "không được").
_SOURCE_NEGATION = {"khong", "chua", "cam", "chang"}
_NEGATION_REACH = 4  # syllables before a phrase that a source's negation covers
_ONLY = re.compile(
    r"(?<!địa )\b(chỉ|duy nhất)\b(?!\s+(?:định|đạo|tiêu|số|thị|dẫn|rõ|ra|huy|được\s+là))",
    re.IGNORECASE,
)
_INCLUDING = re.compile(r"\bkể cả\b", re.IGNORECASE)
_EXCEPT = re.compile(r"\btrừ\b", re.IGNORECASE)
# A body of the state that a law makes responsible, with the words that name which one ("Bộ
# Giáo dục", not "Bộ luật").
_BODY = re.compile(
    r"\b(?:Chính phủ|Quốc hội|Thủ tướng|Ủy ban nhân dân|Hội đồng nhân dân|Tòa án|Viện kiểm sát"
    r"|Kiểm toán nhà nước|(?:Bộ trưởng )?Bộ(?! luật)(?:\s+[^\W\d_]+){0,2})",
)
_DEFINITION = re.compile(r"^\W*(.{3,60}?)\s+là\s+")


def _words(text: str) -> list[str]:
    return [fold(s) for s in syllables(text)]


def _negated_phrases(words: list[str]) -> list[list[str]]:
    """The two syllables each "không" of a statement negates, past its modal words
    ("không nhất thiết phải giúp học sinh" → ["giup", "hoc"]); "hay không" asks, not negates."""
    phrases = []
    for i, word in enumerate(words):
        if word != "khong" or (i > 0 and words[i - 1] == "hay"):
            continue
        j = i + 1
        while j < len(words) and words[j] in _MODAL:
            j += 1
        if len(words[j : j + 2]) == 2:
            phrases.append(words[j : j + 2])
    return phrases


def _occurrences(phrase: list[str], words: list[str]) -> list[bool]:
    """For each place the phrase occurs in words: whether a negation comes just before it."""
    found = []
    for k in range(len(words) - len(phrase) + 1):
        if words[k : k + len(phrase)] == phrase:
            found.append(any(w in _SOURCE_NEGATION for w in words[max(0, k - _NEGATION_REACH) : k]))
    return found


def _negation_added(statement: str, clause: str, passage: str) -> bool:
    """The statement negates what the clause states, and the passage negates it nowhere."""
    said, clause_words, passage_words = _words(statement), _words(clause), _words(passage)
    for phrase in _negated_phrases(said):
        in_clause = _occurrences(phrase, clause_words)
        if in_clause and not any(in_clause) and not any(_occurrences(phrase, passage_words)):
            return True
    return False


def _negation_dropped(statement: str, clause: str) -> bool:
    """The clause negates what the statement states without a negation: "không được cung
    cấp" against "có thể tự do cung cấp"."""
    said, clause_words = _words(statement), _words(clause)
    for phrase in _negated_phrases(clause_words):
        in_statement = _occurrences(phrase, said)
        if in_statement and not any(in_statement):
            return True
    return False


def _quantity_changed(statement: str, passage: str) -> bool:
    """A number the statement gives that the passage gives for nothing it counts: "02 lần"
    where the passage has "02 năm" and "nhiều lần"; a number the passage lacks."""
    said = quantities_in(passage)
    given = quantities_in(statement)
    return any(units - said.get(number, set()) for number, units in given.items())


def _only_added(statement: str, clause: str) -> bool:
    """The statement restricts ("chỉ", "duy nhất") where the clause does not."""
    return any(m.group(1).lower() not in clause.lower() for m in _ONLY.finditer(statement))


def _exception_reversed(statement: str, clause: str) -> bool:
    """The statement says "kể cả …" (including) where the clause says "trừ …" (except)."""
    return bool(
        _INCLUDING.search(statement) and _EXCEPT.search(clause) and not _INCLUDING.search(clause)
    )


def _body_changed(statement: str, clause: str) -> bool:
    """The statement gives a body of the state ("Bộ Giáo dục và Đào tạo …") that the clause
    does not name, where the clause names another ("Chính phủ quy định …"): who acts is the
    detail changed."""
    said = _BODY.search(statement)
    if said is None:
        return False
    named = fold(said.group(0))
    if named in fold(clause):
        return False
    return any(fold(m.group(0)) != named for m in _BODY.finditer(clause))


def _term_cut(statement: str, clause: str) -> bool:
    """The statement defines a shorter term than the clause does, with the clause's own
    definition: "Ly hôn là việc lợi dụng ly hôn …" for "Ly hôn giả tạo là việc …"."""
    said, stated = _DEFINITION.match(statement), _DEFINITION.match(clause)
    if not said or not stated:
        return False
    term, defined = fold(said.group(1)).strip(' "“”'), fold(stated.group(1)).strip(' "“”')
    if term == defined or term not in defined:
        return False
    return options.support(statement[said.end() :], [clause[stated.end() :]]) >= options.STATED


def contradiction(statement: str, clause: str, passage: str) -> str | None:
    """The kind of detail the clause (options.clause: without its "2." or "a)"), within its
    passage, contradicts; None when none is."""
    checks = (
        ("quantity", lambda: _quantity_changed(statement, passage)),
        ("only", lambda: _only_added(statement, clause)),
        ("including", lambda: _exception_reversed(statement, clause)),
        ("term", lambda: _term_cut(statement, clause)),
        ("body", lambda: _body_changed(statement, clause)),
    )
    for name, found in checks:
        if found():
            return name
    if options.support(statement, [clause]) >= SAME_CLAUSE:
        if _negation_added(statement, clause, passage):
            return "negation added"
        if _negation_dropped(statement, clause):
            return "negation dropped"
    return None


def verdict(statement: str, clause: str, passage: str) -> str | None:
    """ "Sai." when the clause contradicts a detail of the statement, "Đúng." when it states
    the statement nearly word for word, None when the words cannot tell."""
    if contradiction(statement, clause, passage) is not None:
        return "Sai."
    if options.support(statement, [clause]) >= VERBATIM:
        return "Đúng."
    return None
