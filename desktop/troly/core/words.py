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

import math
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
    """The words of a question or a search query. A polite frame ("Cho em hỏi, … vậy ạ?") is
    neither searched for nor matched: "em" of "cho em hỏi" is not the "em" of "trẻ em"."""
    normalized = normalize(text).strip()
    spoken = syllables(normalized, normalized=True)
    accented = has_diacritics(normalized)
    start, end = frame_span(spoken)
    framed = [not start <= i < end for i in range(len(spoken))]

    def mask(stop: frozenset[str]) -> tuple[bool, ...]:
        return tuple(s or f for s, f in zip(stop_mask(spoken, accented, stop), framed, strict=True))

    return Query(
        normalized,
        accented,
        tuple(spoken),
        tuple(fold(s) for s in spoken),
        mask(SEARCH_STOP),
        mask(MATCH_STOP),
    )


# How people ask, with its accents: laws seldom say "bao nhiêu", "bao lâu" or "tôi có thể",
# so a question's own words are counted from here as well as from the passages. Each phrase is
# a sentence of its own: no pair of words is made across two of them.
_ASKING_PHRASES = (
    "bao nhiêu",
    "bao lâu",
    "bao giờ",
    "khi nào",
    "ở đâu",
    "là ai",
    "ai có",
    "như thế nào",
    "thế nào",
    "là gì",
    "làm gì",
    "làm sao",
    "vì sao",
    "tại sao",
    "có được không",
    "có phải không",
    "hay không",
    "được không",
    "có bị",
    "có thể",
    "tôi có thể",
    "tôi có",
    "tôi muốn",
    "tôi được",
    "mình có",
    "mình được",
    "cho tôi hỏi",
    "cho mình hỏi",
    "bao nhiêu tuổi",
    "bao nhiêu ngày",
    "bao nhiêu tháng",
    "bao nhiêu năm",
    "bao nhiêu tiền",
    "mấy ngày",
    "mấy năm",
    "mấy lần",
)
_SMOOTHING = 2.0  # how much a pair never seen borrows from how common the word is alone
# How a question is framed when typed as said to a colleague: "Cho em hỏi, … ạ?", "Xin hỏi …",
# "… vậy ạ", "… với ạ". The words that ask ("bao nhiêu", "có … không") are not among them.
# Read by meaning, the frame only pulls a question towards other polite questions.
_OPENINGS = tuple(  # compared folded: a question typed without accents has the same frame
    fold(o).split()
    for o in (
        "anh chị cho em hỏi",
        "anh chị cho hỏi",
        "cho em hỏi",
        "cho mình hỏi",
        "cho tôi hỏi",
        "cho tớ hỏi",
        "cho hỏi",
        "xin hỏi",
        "xin cho biết",
        "làm ơn cho biết",
        "em muốn hỏi",
        "tôi muốn hỏi",
        "mình muốn hỏi",
        "em hỏi chút",
        "hỏi chút",
    )
)
_CLOSINGS = frozenset(fold(w) for w in ["ạ", "vậy", "nhé", "nhỉ", "với", "ha", "hả"])


class _Bigrams:
    """How often each word, and each pair of adjacent words, occurs in some texts: the
    passages a question's words found and how people ask (_ASKING_PHRASES)."""

    def __init__(self, texts: list[str]) -> None:
        self.alone: Counter[str] = Counter()
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.forms: dict[str, set[str]] = {}  # folded syllable: the accented forms seen
        for text in [*texts, *_ASKING_PHRASES]:
            words = syllables(text, normalized=True)
            self.alone.update(words)
            self.pairs.update(pairwise(words))
            for word in words:
                self.forms.setdefault(fold(word), set()).add(word)
        self.total = sum(self.alone.values()) + 1

    def unigram(self, word: str) -> float:
        return (self.alone[word] + 0.1) / self.total

    def step(self, previous: str, word: str) -> float:
        """log P(word | previous), smoothed by how common the word is alone."""
        pair = self.pairs[(previous, word)] + _SMOOTHING * self.unigram(word)
        return math.log(pair / (self.alone[previous] + _SMOOTHING))


def restore_accents(query: Query, texts: list[str]) -> list[str]:
    """A question typed without accents, written with the accents its words most likely have,
    read from `texts` (the passages its words found) and from how people ask
    (_ASKING_PHRASES). Search by meaning reads this: the embedding model learnt Vietnamese
    with its accents, and without them a question's vector says little of what it asks.

    Each syllable may be any accented form of it those texts hold; the forms chosen are the
    sequence most likely under a model of word pairs (a bigram model, smoothed by how common
    each word is alone), found by Viterbi. So "bao nhieu" is "bao nhiêu", not the laws'
    frequent "bảo" and "nhiều"; "hop dong thu viec" is "hợp đồng thử việc" where a passage
    says so. A syllable no text holds stays as typed."""
    model = _Bigrams(texts)
    # best[word] = (log-probability of the best sequence ending in word, that sequence)
    best: dict[str, tuple[float, list[str]]] = {}
    for typed, folded in zip(query.spoken, query.folded, strict=True):
        candidates = sorted(model.forms.get(folded, ())) or [typed]
        if not best:
            best = {w: (math.log(model.unigram(w)), [w]) for w in candidates}
            continue
        best = {
            w: max(
                ((score + model.step(prev, w), [*seq, w]) for prev, (score, seq) in best.items()),
                key=lambda item: item[0],
            )
            for w in candidates
        }
    if not best:
        return list(query.spoken)
    return max(best.values(), key=lambda item: item[0])[1]


def with_accents(query: Query, texts: list[str]) -> str:
    """A question (analysed) typed without accents, written out with the accents its words
    most likely have in `texts` (restore_accents), its case and punctuation kept: "nghi phep nam bao
    nhieu ngay?" -> "nghỉ phép năm bao nhiêu ngày?". Shown to the model, which otherwise
    copies the unaccented words into its answer. A question typed with accents is returned
    as it is."""
    if query.accented:
        return query.text
    restored = restore_accents(query, texts)
    found = list(_SYLLABLE.finditer(query.text))
    if len(found) != len(restored):
        return query.text  # a letter whose lower case is longer: keep what was typed

    def cased(typed: str, word: str) -> str:
        if len(typed) > 1 and typed.isupper():
            return word.upper()
        return word[:1].upper() + word[1:] if typed[:1].isupper() else word

    out, at = [], 0
    for match, word in zip(found, restored, strict=True):
        out += [query.text[at : match.start()], cased(match.group(), word)]
        at = match.end()
    return "".join([*out, query.text[at:]])


def mend_slips(query: Query, texts: list[str]) -> list[str]:
    """A question typed with accents, with a slip of a tone mark mended ("lấy lài" for "lấy
    lãi", "thời hạng" for "thời hạn" is no slip of the tone and stays): a syllable that neither
    `texts` nor how people ask ever write is replaced by the form of the same letters that
    makes a pair of words the texts do write with a neighbour. A word the texts lack that
    pairs with nothing there ("trẻ em" where no passage speaks of children) is kept."""
    model = _Bigrams(texts)
    words = list(query.spoken)
    for i, typed in enumerate(words):
        if model.alone[typed] or not typed.isalpha():
            continue
        before = words[i - 1] if i else ""
        after = words[i + 1] if i + 1 < len(words) else ""

        def pairs_made(form: str, before: str = before, after: str = after) -> int:
            return model.pairs[(before, form)] + model.pairs[(form, after)]

        forms = sorted(model.forms.get(fold(typed), ()), key=pairs_made, reverse=True)
        if forms and pairs_made(forms[0]) > 0:
            words[i] = forms[0]
    return words


def frame_span(words: list[str]) -> tuple[int, int]:
    """Where the question is, within a polite opening ("Cho em hỏi,") and closing ("… vậy
    ạ"): (start, end) of the words between them; compared folded, so a question typed without
    accents has its frame found too. A question that is nothing but its frame is all question."""
    folded = [fold(w) for w in words]
    start, end = 0, len(words)
    for opening in _OPENINGS:
        if folded[: len(opening)] == opening:
            start = len(opening)
            break
    while end > start and folded[end - 1] in _CLOSINGS:
        end -= 1
    return (start, end) if end > start else (0, len(words))


def without_frame(words: list[str]) -> list[str]:
    """The question without its polite opening and closing (frame_span)."""
    start, end = frame_span(words)
    return words[start:end]


def mended(query: Query, texts: list[str]) -> Query:
    """The question with a slipped tone mark mended from `texts` (mend_slips), analysed again
    so that a slipped grammar word ("thĩ" for "thì") is no longer searched for; the question
    itself when it has no slip or was typed without accents."""
    if not query.accented:
        return query
    words = mend_slips(query, texts)
    return query if words == list(query.spoken) else analyse(" ".join(words))


def text_for_meaning(query: Query, texts: list[str]) -> str:
    """The question as search by meaning should read it: without its polite frame, its
    accents restored when it was typed without any, a slipped tone mark mended; the question
    as typed when none of this changes a word."""
    if query.accented:
        words = without_frame(mend_slips(query, texts))
        return query.text if words == list(query.spoken) else " ".join(words)
    return " ".join(without_frame(restore_accents(query, texts)))
