"""The terms a passage is indexed under and a query is matched with.

Vietnamese words are runs of syllables ("ma túy", "cai nghiện bắt buộc"), so single syllables
alone match too loosely. A passage is indexed under its folded syllables and folded syllable
bigrams ("ma_tuy"): folded so that a query typed without diacritics, or a page whose OCR lost
some, still matches. Measured on the ALQAC development set (clean articles, BM25), bigrams lift
recall@5 from 0.86 (folded syllables) or 0.89 (exact syllables) to 0.93.

Exact (accented) terms are not indexed; the re-ranking step compares them on the few candidate
passages, so that a query typed with diacritics ranks exact matches first.
"""

from __future__ import annotations

from itertools import pairwise

from troly.core.words import JOINER, Query, analyse, folded_syllables, has_diacritics, syllables

__all__ = [
    "JOINER",
    "exact_terms",
    "folded_syllables",
    "folded_terms",
    "has_diacritics",
    "query_terms",
    "syllables",
    "with_bigrams",
]

# A "syllable" longer than this is not a word (the longest Vietnamese syllable has 7 letters;
# a long number, code or foreign word stays well under it) but a run without spaces: a hash, a
# base64 blob, a 10 MB line of one letter. It is not indexed, so no term grows without bound.
MAX_TERM_CHARS = 64


def _words(units: list[str]) -> list[str]:
    if max(map(len, units), default=0) <= MAX_TERM_CHARS:  # nearly always: no list rebuilt
        return units
    return [unit for unit in units if len(unit) <= MAX_TERM_CHARS]


def with_bigrams(units: list[str]) -> list[str]:
    return units + list(map(JOINER.join, pairwise(units)))  # joined in C: indexing's hot loop


def folded_terms(text: str, normalized: bool = False) -> list[str]:
    """Folded syllables and bigrams: what the index holds for a passage."""
    return with_bigrams(_words(folded_syllables(text, normalized)))


def exact_terms(text: str, normalized: bool = False) -> list[str]:
    """Syllables and bigrams with their diacritics, for ranking exact matches first."""
    return with_bigrams(_words(syllables(text, normalized)))


def query_terms(query: str | Query) -> list[str]:
    """A query's folded terms without its question and grammar words (words.Query)."""
    return (query if isinstance(query, Query) else analyse(query)).search_terms
