"""The laws a question names ("Theo Luật Du lịch, …"), so that an answer to a question on a law
the user's documents do not hold says so beside it: the answer comes from another law, or from
none (ask.py shows this as a note; whether to answer is the relevance's to decide).

Laws share their words: "Bộ Văn hóa, Thể thao và Du lịch" and "đơn phương chấm dứt hợp đồng"
are in many of them, so the search finds passages on the words of a question about the Luật Du
lịch even when that law is not in the collection, and the relevance gates let some through
(issue 12's abstention questions). When the question itself says which law it asks about and
no passage of the collection names that law, no passage can answer it.

Only a law named the way a citation names one counts: "Bộ luật …" anywhere, or "Luật …" with
its capital after "theo", "của", "tại", "trong" and the like. "Luật sư", "luật định" and a
"Luật này" at the start of a sentence are not law names. A name is its first syllables ("Luật
Du lịch", "Luật Hôn nhân"), stopping at punctuation, a number or a function word, so "Theo Luật
Du lịch về …" and "Luật Du lịch năm 2017" name the same law. An abbreviation ("Luật HN&GĐ",
"BLDS") names nothing this can match, and is left to the other gates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from troly.core.index.store import IndexStore
from troly.core.text import fold, normalize

# Syllables of a name that are enough to tell one law from another in a collection ("hôn
# nhân" of "Hôn nhân và gia đình"), and few enough that a user's shorter form still matches.
NAME_SYLLABLES = 2
# "Bộ luật" in any case, or "Luật" with a capital after a word that introduces a citation.
_CITED = re.compile(
    r"\b(?:(?P<code>[Bb]ộ\s+[Ll]uật)|(?:[Tt]heo|của|tại|trong|thuộc|với|về|[Cc]ăn\s+cứ)\s+Luật)\s+"
    r"(?=(?P<rest>[^\n]{1,80}))"
)
_WORD = re.compile(r"[^\W\d_]+")
# Words that end a name ("Luật Du lịch về …", "… năm 2017"), with their accents: folded, "được"
# would be "Dược".
_AFTER_NAME_TEXT = (
    "về quy thì và năm số là có của đã được này mà khi cho tại theo với trong đối nêu sẽ không "
    "hay hoặc đúng sai"
)
_AFTER_NAME = frozenset(_AFTER_NAME_TEXT.split())
# Words that make "Luật …" something other than a law's name, with their accents ("Luật Giá"
# is a law, "luật gia" a jurist).
_NOT_A_NAME_TEXT = "này sư gia pháp định khác sửa số hiện mới"
_NOT_A_NAME = frozenset(_NOT_A_NAME_TEXT.split())


@dataclass(frozen=True)
class NamedLaw:
    shown: str  # as the question writes it: "Bộ luật Lao động", "Luật Du Lịch"
    phrase: str  # what a passage of that law holds, folded: "luat lao dong"


def named_laws(question: str) -> list[NamedLaw]:
    """The laws a question cites, in order, each once."""
    names: list[NamedLaw] = []
    for match in _CITED.finditer(normalize(question)):
        rest = match.group("rest")
        words: list[str] = []
        for token in rest.split():
            word = _WORD.fullmatch(token.rstrip(',.;:?!)”"'))
            if not word or word.group(0).lower() in _AFTER_NAME:
                break
            words.append(word.group(0))
            if len(words) == NAME_SYLLABLES or token != word.group(0):
                break  # enough syllables, or punctuation ended the name
        if not words or words[0].lower() in _NOT_A_NAME:
            continue
        if len(words[0]) > 1 and words[0].isupper():
            continue  # an abbreviation ("Luật HNGĐ")
        law = "Bộ luật" if match.group("code") else "Luật"
        named = NamedLaw(" ".join([law, *words]), fold(" ".join(["luật", *words])))
        if named.phrase not in {n.phrase for n in names}:
            names.append(named)
    return names


def missing_laws(store: IndexStore, question: str, collection: str) -> list[NamedLaw]:
    """The laws the question names when the collection holds none of them (else none): a
    question that names two laws is answered from the one the user has."""
    named = named_laws(question)
    if any(store.holds_phrase(law.phrase, collection) for law in named):
        return []
    return named


def not_held_message(missing: list[NamedLaw]) -> str:
    """The note beside an answer: which law the documents lack."""
    names = ", ".join(law.shown for law in missing)
    return f"Các tài liệu đã chọn không có {names}."
