"""Words of a question that no document of the collection holds, so that the user is told.

A question on a law the user has not indexed still finds passages when the laws share its
other words ("Đơn vị nào có thẩm quyền cấp giấy phép phân loại phim?" finds a licence in
another law), and refusing every question with such a word would refuse good ones too: "con
gái" where the law says "con", an adverb ("luôn"), a name. Measured on ALQAC with three laws
held out (issue 12), "phim" is in none of the other laws and in 6 of the 16 questions on those
laws that the gates let through; "gái" and "luôn" are in two of 170 questions on indexed laws.
So the answer stands, and the user sees which of their words no document uses: a sign that
the answer may be about something else, or that a file is missing from the collection.

Only syllables count, lower case or a sentence's capital: an abbreviation ("BLDS") or a name
("chị Lan") is not a word the documents are expected to use.
"""

from __future__ import annotations

import re

from troly.core.index.store import IndexStore
from troly.core.index.terms import QUESTION_WORDS
from troly.core.tasks.excerpt import STOP_SYLLABLES
from troly.core.text import fold, normalize

_WORD = re.compile(r"[^\W\d_]+")
# Words of a question that a document does not use to state anything: how it asks ("bao lâu",
# "tại sao") and how it addresses the reader ("ạ", "nhé"). Folded.
_ASKING_TEXT = "lâu gì đâu sao vì hỏi ạ nhé nhỉ ơi vậy chứ à ư hả xin vui lòng cho biết"
_ASKING = STOP_SYLLABLES | QUESTION_WORDS | {fold(w) for w in _ASKING_TEXT.split()}
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)$")


def candidate_words(question: str) -> list[str]:
    """The question's content syllables that documents would be expected to use, in order,
    each once, lower case with their accents."""
    text = normalize(question)
    words: dict[str, None] = {}
    for match in _WORD.finditer(text):
        word = match.group(0)
        if fold(word) in _ASKING:
            continue
        if len(word) > 1 and word.isupper():
            continue  # an abbreviation ("BLDS", "UBND")
        if word[0].isupper() and not _starts_sentence(text, match.start()):
            continue  # a name ("chị Lan", "Bộ Văn hóa")
        words[word.lower()] = None
    return list(words)


def _starts_sentence(text: str, position: int) -> bool:
    return bool(_SENTENCE_START.search(text[:position]))


def absent_words(store: IndexStore, question: str, collection: str) -> list[str]:
    """The question's words that no passage of the collection holds (compared folded, as the
    index keeps them: a word typed without its accents is not absent)."""
    words = candidate_words(question)
    df = store.document_frequencies(sorted({fold(w) for w in words}), collection)
    return [w for w in words if df[fold(w)] == 0]
