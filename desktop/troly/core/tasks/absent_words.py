"""Words of a question that no document of the collection holds: shown beside the answer as
a sign that it may be about something the user's documents never mention ("phim" in a folder
without the Luật Điện ảnh), or that a word was mistyped. It is a note, never a refusal: the
relevance of the passages found decides whether the question is answered (ask.py).

A pair of syllables is often no word at all: "nguyện vọng học xa gia đình" holds "vọng học"
and "xa gia", which no document holds either. So a two-syllable term counts only when:
- it is inside one clause (no punctuation between) and holds no question or grammar word
  (words.py), number, name or abbreviation;
- it does not straddle two words the documents know: "vọng học" shares "vọng" with "nguyện
  vọng", which they hold, and is the end of one word and the start of the next;
- the best passage holds neither of its syllables: a passage on the question's subject
  holds "xa" and "gia" where the pair is only two words side by side.

Only syllables count, lower case or a sentence's capital: an abbreviation ("BLDS") or a name
("chị Lan") is not a word the documents are expected to use. Question words are compared as
words.py compares them: with their accents when the question has any, so "mấy" is not "máy";
folded when it has none, so "bao lau" asks "bao lâu" and "lau" is not a word to look up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from troly.core.index.store import IndexStore
from troly.core.text import fold, normalize
from troly.core.words import (
    JOINER,
    MATCH_STOP,
    folded_syllables,
    frame_span,
    has_diacritics,
    stop_mask,
    syllables,
)

_WORD = re.compile(r"[^\W\d_]+")
# Where a clause ends: two words on either side of one are not one term.
_CLAUSE_END = re.compile(r"[^\w\s]+|\n")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)$")


def candidate_words(question: str) -> list[str]:
    """The question's content syllables that documents would be expected to use, in order,
    each once, lower case with their accents."""
    words: dict[str, None] = {}
    for clause in _clauses(question):
        for word in clause:
            if word is not None:
                words[word] = None
    return list(words)


def _clauses(question: str) -> list[list[str | None]]:
    """The question's syllables clause by clause, lower case; None in place of a syllable that
    is no candidate (a function word, a number, a name, an abbreviation)."""
    text = normalize(question)
    accented = has_diacritics(text)
    # The polite frame ("Cho em hỏi, … vậy ạ?") is how the user asks, not a word to look up.
    first, last = frame_span(syllables(text, normalized=True))
    seen = 0
    clauses: list[list[str | None]] = []
    start = 0
    for end in [m.start() for m in _CLAUSE_END.finditer(text)] + [len(text)]:
        clause: list[str | None] = []
        for match in re.finditer(r"[^\W_]+", text[start:end]):
            word = match.group(0)
            asked = first <= seen < last
            seen += 1
            candidate = asked and _is_candidate(text, start + match.start(), word, accented)
            clause.append(word.lower() if candidate else None)
        clauses.append(clause)
        start = end
    return clauses


def _is_candidate(text: str, position: int, word: str, accented: bool) -> bool:
    if (
        not _WORD.fullmatch(word)
        or stop_mask([word.lower()], accented, MATCH_STOP, keep_ambiguous=False)[0]
    ):
        return False
    if len(word) > 1 and word.isupper():
        return False  # an abbreviation ("BLDS", "UBND")
    # A capital inside a sentence starts a name ("chị Lan", "Bộ Văn hóa").
    return not word[0].isupper() or bool(_SENTENCE_START.search(text[:position]))


@dataclass(frozen=True)
class Term:
    """A two-syllable term of a question, with the candidate syllables beside it in its clause
    ("" at a clause's edge or beside a function word)."""

    first: str
    second: str
    before: str = ""
    after: str = ""

    @property
    def text(self) -> str:
        return f"{self.first} {self.second}"


def candidate_terms(question: str) -> list[Term]:
    """The question's two-syllable terms inside one clause, in order, each once, lower case."""
    terms: dict[str, Term] = {}
    for clause in _clauses(question):
        for i, (a, b) in enumerate(pairwise(clause)):
            if a is None or b is None:
                continue
            before = clause[i - 1] if i > 0 else None
            after = clause[i + 2] if i + 2 < len(clause) else None
            term = Term(a, b, before or "", after or "")
            terms.setdefault(term.text, term)
    return list(terms.values())


def absent_words(store: IndexStore, question: str, collection: str, passage: str = "") -> list[str]:
    """The question's words and two-syllable terms that no passage of the collection holds
    (compared folded, as the index keeps them: a word typed without its accents is not
    absent). passage: the best one found; a term counts only where it holds neither of the
    term's syllables (see the module's docstring)."""
    words = candidate_words(question)
    terms = candidate_terms(question)
    wanted = {fold(w) for w in words}
    for t in terms:
        wanted |= {_key(t.first, t.second), _key(t.before, t.first), _key(t.second, t.after)}
    df = store.document_frequencies(sorted(wanted - {""}), collection)
    absent = [w for w in words if df[fold(w)] == 0]
    said = {fold(w) for w in absent}
    have = set(folded_syllables(passage, normalized=False))
    for t in terms:
        parts = {fold(t.first), fold(t.second)}
        if df[_key(t.first, t.second)] or parts & have or parts & said:
            continue  # a known term, one the passage speaks of, or an absent word said already
        if df.get(_key(t.before, t.first), 0) or df.get(_key(t.second, t.after), 0):
            continue  # the end of one known word and the start of the next ("vọng học")
        absent.append(t.text)
    return absent


def _key(a: str, b: str) -> str:
    """A two-syllable term as the index keeps it ("dien_anh"); "" when a syllable is missing."""
    return f"{fold(a)}{JOINER}{fold(b)}" if a and b else ""


def not_held_message(absent: list[str]) -> str:
    """The note beside an answer: which of the question's words no document holds."""
    words = ", ".join(f"“{w}”" for w in absent)
    return f"Không tài liệu nào trong bộ có từ {words}: câu trả lời có thể không đúng điều bạn hỏi."
