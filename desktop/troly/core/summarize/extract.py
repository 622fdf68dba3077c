"""The extractive pre-pass: keep a passage's salient sentences so the model reads less.

A sentence scores by the rarity of its words across the document (tf-idf over passages), with a
bonus for figures and dates, which summaries must not lose. Headings and first sentences are
always kept, so the model still knows what the passage is about.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from troly.core.index.terms import syllables
from troly.core.text import fold

_SENTENCE = re.compile(r"(?<=[.;:!?])\s+(?=[A-ZĐÀ-Ỹ0-9\-–•])|\n+")
_FIGURE = re.compile(r"\d")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def _terms(text: str) -> list[str]:
    return [fold(s) for s in syllables(text) if len(s) > 1]


def document_frequencies(texts: Sequence[str]) -> tuple[Counter[str], int]:
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(_terms(text)))
    return df, len(texts)


def extract(text: str, df: Counter[str], n_docs: int, ratio: float = 0.5) -> str:
    """The passage cut to about `ratio` of its words, salient sentences kept in their order."""
    parts = sentences(text)
    total = sum(len(p.split()) for p in parts)
    if len(parts) <= 2 or total < 60:
        return text
    scores: list[float] = []
    for index, sentence in enumerate(parts):
        terms = _terms(sentence)
        if not terms:
            scores.append(0.0)
            continue
        counts = Counter(terms)
        weight = sum(c * math.log((1 + n_docs) / (1 + df.get(t, 0))) for t, c in counts.items())
        score = weight / math.sqrt(len(terms))
        if _FIGURE.search(sentence):
            score *= 1.5
        if index == 0:
            score = math.inf  # the heading or the opening line
        scores.append(score)
    order = sorted(range(len(parts)), key=lambda i: -scores[i])
    keep: set[int] = set()
    words = 0
    for i in order:
        if words >= total * ratio:
            break
        keep.add(i)
        words += len(parts[i].split())
    return "\n".join(parts[i] for i in sorted(keep))
