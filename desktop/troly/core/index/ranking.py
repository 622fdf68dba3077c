"""Choosing query terms and re-ranking candidate passages (plain Python, no database).

BM25 as FTS5 computes it (k1 = 1.2, b = 0.75), over the same folded terms, so the first stage
and the re-ranking agree; the re-ranking also sees the common terms the first stage left out,
and rewards exact, accented matches when the query was typed with diacritics.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from troly.core.index.terms import (
    JOINER,
    exact_terms,
    folded_syllables,
    folded_terms,
    has_diacritics,
    syllables,
)

K1 = 1.2
B = 0.75
# First stage: at most this many of the rarest terms go to FTS5, and their posting lists add up
# to at most this share of the collection's passages. FTS5 scores every passage those lists
# hold before it keeps the best 50, so the share is what a search costs: over 100,000 passages
# 0.3 took 181 ms (p50, busy machine) and 0.1 took 103 ms, with the gold article's recall@10
# unchanged (0.371 both; r@1 0.295 and 0.290) among law-text distractors.
FIRST_STAGE_TERMS = 16
FIRST_STAGE_POSTINGS = 0.1
MIN_POSTINGS = 5000  # reading this many costs a few milliseconds: small collections use every term
# How much an exact (accented) match adds, relative to its folded match.
EXACT_BONUS = 0.3


def select_terms(terms: Sequence[str], df: dict[str, int], total: int) -> list[str]:
    """The rarest query terms, for the cheap first stage: taken rarest first while the posting
    lists FTS5 must read stay within a budget, so a question made of fairly common words still
    finds its candidates and a long one does not read half the index."""
    present = sorted((t for t in terms if df.get(t, 0) > 0), key=lambda t: df[t])
    budget = max(FIRST_STAGE_POSTINGS * total, MIN_POSTINGS)
    chosen: list[str] = []
    spent = 0
    for term in present:
        if chosen and (spent + df[term] > budget or len(chosen) >= FIRST_STAGE_TERMS):
            break
        chosen.append(term)
        spent += df[term]
    return chosen


def idf(df: int, total: int) -> float:
    return math.log((total - df + 0.5) / (df + 0.5) + 1.0)


def _bm25(counts: dict[str, int], length: int, weights: dict[str, float], average: float) -> float:
    norm = K1 * (1 - B + B * length / max(average, 1.0))
    score = 0.0
    for term, weight in weights.items():
        tf = counts.get(term, 0)
        if tf:
            score += weight * tf * (K1 + 1) / (tf + norm)
    return score


class _Matcher:
    """Counts the query's terms in a passage. All of the passage's syllables and adjacent pairs
    are counted at C speed (Counter over a list and over its pairs), then only the query's terms
    are looked up: far cheaper than testing each syllable in Python."""

    def __init__(self, terms: Sequence[str]) -> None:
        self.unigrams = [t for t in terms if JOINER not in t]
        self.bigrams: dict[tuple[str, str], str] = {}
        for term in terms:
            if JOINER in term:
                first, _, second = term.partition(JOINER)
                self.bigrams[(first, second)] = term

    def count(self, units: list[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        singles = Counter(units)
        for term in self.unigrams:
            n = singles.get(term)
            if n:
                counts[term] = n
        if self.bigrams:
            pairs = Counter(pairwise(units))
            for pair, term in self.bigrams.items():
                n = pairs.get(pair)
                if n:
                    counts[term] = n
        return counts


def rank_candidates(
    query: str,
    query_terms: Sequence[str],
    df: dict[str, int],
    total: int,
    average_length: float,
    rows: Sequence[Sequence[Any]],
) -> list[tuple[float, Sequence[Any]]]:
    """Candidates (id, path, page, page_end, heading, text, n_terms, ...) with their scores,
    best first."""
    # Every query term counts here (IDF weighs the common ones down): in a collection of one
    # law, "quyền" is in most passages and still the word the question is about.
    weights = {t: idf(df[t], total) for t in query_terms if df.get(t, 0) > 0}
    folded = _Matcher(list(weights))
    exact_weights: dict[str, float] = {}
    if has_diacritics(query):
        folded_of = dict(zip(exact_terms(query), folded_terms(query), strict=False))
        exact_weights = {e: EXACT_BONUS * weights[f] for e, f in folded_of.items() if f in weights}
    exact = _Matcher(list(exact_weights))
    scored = []
    for row in rows:
        # The heading counts twice: "Điều 11. Quyền của viên chức" is about rights.
        passage = f"{row[4]}\n{row[4]}\n{row[5]}"
        length = int(row[6])
        score = _bm25(folded.count(folded_syllables(passage)), length, weights, average_length)
        if exact_weights:
            score += _bm25(
                exact.count(syllables(passage, normalized=True)),
                length,
                exact_weights,
                average_length,
            )
        scored.append((score, row))
    scored.sort(key=lambda pair: -pair[0])
    return scored
