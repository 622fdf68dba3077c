"""Vietnamese words as TroLy compares them: syllables, their folded forms, and the words that
say how a question asks rather than what it is about. One module, so that search, excerpts,
the answer check and the question's analysis agree on what a content word is.

A syllable is compared with a word list in the form the question was typed in: with its
accents when the question has any, folded when it has none. Folded, "mấy" (how many) would be
"máy" (machine), "cơ" of "cơ quan" would be "có" (has) and "ma" of "ma túy" would be "mà"
(but); typed with accents they stay apart. A question typed without any accents can only be
compared folded, and then "co quan" loses its "co" as a question word, which its bigram
"co_quan" still carries.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from troly.core.text import fold, normalize

JOINER = "_"  # inside a two-syllable term, as the index keeps it: "ma_tuy"
_SYLLABLE = re.compile(r"[^\W_]+")

# How a question asks and whom it addresses: "có … không", "là gì", "bao nhiêu", "bao lâu",
# "mấy", "đúng hay sai", "cho mình hỏi … ạ", "tôi muốn biết". Never what it is about.
_QUESTION_TEXT = (
    "có không là gì nào những các được bao nhiêu lâu mấy hay đúng sai thế ai đâu sao vì hỏi "
    "ạ nhé nhỉ ơi vậy chứ à ư hả xin vui lòng biết tôi mình tớ bạn muốn luôn"
)
# Grammar words that occur in nearly every sentence: "của", "và", "thì", "với".
_GRAMMAR_TEXT = "của và thì mà với cho khi nếu này đó ra"
# More words that tell no passage from another, left out only where clauses are matched.
_FUNCTION_TEXT = (
    "như trong theo sau đây trên dưới một hoặc bị phải đã sẽ đang từ về tại do bởi để vào lên "
    "cả đều nhất"
)
# Words every law and every quiz on one repeats ("quy định", "trường hợp", "phương án"): they
# tell no clause from another.
_LEGAL_TEXT = "quy định luật người trường hợp điều khoản điểm việc chọn câu trả lời phương án"
# Question words whose folded form is also a content word ("tôi"/"tối đa", "mình"/"chứng
# minh", "bạn"/"ban hành", "mấy"/"máy", "mà"/"ma túy", "có"/"cơ quan", "muốn"/"muộn"): in a
# question typed without accents they are kept as terms, where BM25 weighs them down if they
# only ask, rather than lose the word they may be.
_FOLD_AMBIGUOUS_TEXT = "tôi mình bạn mấy lâu vậy nhé nhỉ muốn mà có"

QUESTION_WORDS = frozenset(_QUESTION_TEXT.split())
GRAMMAR_WORDS = frozenset(_GRAMMAR_TEXT.split())
LEGAL_WORDS = frozenset(_LEGAL_TEXT.split())
# Left out of a query sent to the index, and of the terms a clause is matched on.
SEARCH_STOP = QUESTION_WORDS | GRAMMAR_WORDS
MATCH_STOP = SEARCH_STOP | frozenset(_FUNCTION_TEXT.split()) | LEGAL_WORDS
_AMBIGUOUS = frozenset(fold(w) for w in _FOLD_AMBIGUOUS_TEXT.split())


def _folded(words: frozenset[str], keep_ambiguous: bool) -> frozenset[str]:
    folded = frozenset(fold(w) for w in words)
    return folded - _AMBIGUOUS if keep_ambiguous else folded


_FOLDED = {
    (words, keep): _folded(words, keep)
    for words in (SEARCH_STOP, MATCH_STOP)
    for keep in (True, False)
}


def syllables(text: str, normalized: bool = False) -> list[str]:
    """Lower-cased syllables and numbers. Passages are normalized when read; queries are not."""
    return _SYLLABLE.findall((text if normalized else normalize(text)).lower())


def folded_syllables(text: str, normalized: bool = True) -> list[str]:
    # Folding the whole text at once is far cheaper than folding syllable by syllable.
    return _SYLLABLE.findall(fold(text if normalized else normalize(text)))


def has_diacritics(text: str) -> bool:
    """Whether any Vietnamese diacritics were typed (then words are compared with them)."""
    return fold(text) != text.lower()


def stop_mask(
    spoken: list[str],
    accented: bool,
    stop: frozenset[str] = MATCH_STOP,
    keep_ambiguous: bool = True,
) -> list[bool]:
    """For each lower-case syllable, whether it is a word of `stop`: compared with its accents
    when the text has them, folded when it has none (then a folded form that may be a content
    word is kept, unless keep_ambiguous is False)."""
    if accented:
        return [s in stop for s in spoken]
    folded = _FOLDED.get((stop, keep_ambiguous)) or _folded(stop, keep_ambiguous)
    return [fold(s) in folded for s in spoken]


def terms_of(units: list[str], stopped: list[bool]) -> set[str]:
    """Folded content syllables, and the bigrams of adjacent syllables not both stop words."""
    words = {u for u, s in zip(units, stopped, strict=True) if not s}
    bigrams = {
        f"{a}{JOINER}{b}"
        for (a, b), (sa, sb) in zip(pairwise(units), pairwise(stopped), strict=True)
        if not (sa and sb)
    }
    return words | bigrams


def content_terms(text: str) -> set[str]:
    """Folded content syllables and syllable bigrams of a text (a passage, a clause, an
    option or an answer's sentence)."""
    spoken = syllables(text)
    return terms_of([fold(s) for s in spoken], stop_mask(spoken, has_diacritics(text)))


@dataclass(frozen=True)
class Query:
    """A question's words, analysed once: its syllables as typed and folded, and which of
    them carry content. Search, excerpts and the answer's checks all read this one."""

    text: str  # normalized
    accented: bool
    spoken: tuple[str, ...]  # lower case, with the accents typed
    folded: tuple[str, ...]
    _search_stop: tuple[bool, ...] = field(repr=False, default=())
    _match_stop: tuple[bool, ...] = field(repr=False, default=())

    @cached_property
    def search_terms(self) -> list[str]:
        """What the index is asked for: folded syllables and bigrams, without the question's
        asking and grammar words nor the bigrams they are part of ("chuc_co" of "viên chức
        có"), each once; every term when nothing else is left."""
        units, stop = self.folded, self._search_stop
        keep = [u for u, s in zip(units, stop, strict=True) if not s]
        bigrams = [
            f"{a}{JOINER}{b}"
            for (a, b), (sa, sb) in zip(pairwise(units), pairwise(stop), strict=True)
            if not sa and not sb
        ]
        every = list(units) + [f"{a}{JOINER}{b}" for a, b in pairwise(units)]
        return list(dict.fromkeys(keep + bigrams)) or list(dict.fromkeys(every))

    @cached_property
    def content_terms(self) -> set[str]:
        """Folded content syllables and bigrams, as content_terms() gives for a passage."""
        return terms_of(list(self.folded), list(self._match_stop))

    @property
    def content_words(self) -> list[str]:
        """The syllables that carry content, as typed, in order."""
        return [w for w, s in zip(self.spoken, self._match_stop, strict=True) if not s]


def analyse(text: str) -> Query:
    """The words of a question or a search query."""
    normalized = normalize(text).strip()
    spoken = syllables(normalized, normalized=True)
    accented = has_diacritics(normalized)
    return Query(
        normalized,
        accented,
        tuple(spoken),
        tuple(fold(s) for s in spoken),
        tuple(stop_mask(spoken, accented, SEARCH_STOP)),
        tuple(stop_mask(spoken, accented, MATCH_STOP)),
    )


def restore_accents(query: Query, texts: list[str], longest: int = 3) -> str:
    """A question typed without accents, written with the accents its words have in `texts`
    (the passages its words found): each run of up to `longest` syllables takes the accented
    form those passages use most for it, longest runs first, so "thoi gian thu viec toi da"
    becomes "thời gian thử việc tối đa" where a passage says so. A syllable they do not hold
    stays as typed. Search by meaning reads this: the embedding model learnt Vietnamese with
    its accents, and without them a question's vector says little of what it asks."""
    forms: dict[tuple[str, ...], Counter[tuple[str, ...]]] = {}
    for text in texts:
        spoken = syllables(text, normalized=True)
        folded = [fold(s) for s in spoken]
        for n in range(1, longest + 1):
            for i in range(len(folded) - n + 1):
                key = tuple(folded[i : i + n])
                forms.setdefault(key, Counter())[tuple(spoken[i : i + n])] += 1
    out: list[str] = []
    i = 0
    while i < len(query.folded):
        for n in range(min(longest, len(query.folded) - i), 0, -1):
            seen = forms.get(tuple(query.folded[i : i + n]))
            if seen:
                out.extend(seen.most_common(1)[0][0])
                i += n
                break
        else:
            out.append(query.spoken[i])
            i += 1
    return " ".join(out)
