"""Checking every sentence of an answer against the sources it was given.

A small model cites readily and not always rightly: it puts [2] after a figure that is in [1],
or writes a sentence none of the passages says. After the answer is generated, each sentence
is matched to the passages by its content words, numbers and dates:

- cited to a passage that supports it: kept as it is;
- cited to one that does not, while another does: re-pointed to that one, marked corrected;
- a number the passage gives for something else ("3.240 hồ sơ" where it says "3.240 cuộc
  gọi") is not support;
- supported by no passage: marked unsupported ("chưa có căn cứ"), its citation dropped;
- a citation number that names no source is removed.

A sentence that is only a verdict ("Đúng.", "B.") claims nothing by itself and is not checked.
An answer with no words besides citation marks is no answer at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from troly.core.tasks.amounts import quantities_in
from troly.core.words import content_terms

CITATION = re.compile(r"\[(\d{1,2}(?:\s*[,;–-]\s*\d{1,2})*)\]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")
# Marks that open a piece, as a run the model may join with commas: "[1], [2], [3]".
_LEADING_MARKS = re.compile(
    r"^((?:\s*(?:[,;]|và)?\s*\[\d{1,2}(?:\s*[,;–-]\s*\d{1,2})*\])+)[\s,;]*", re.I
)
_COMMA_RUN = re.compile(r",(?:\s*,)+")
_MARKS_JOINED = re.compile(r"\]\s*(?:,|;|và|hoặc)\s*\[", re.I)
_VERDICT_ONLY = re.compile(r"^\W*(đúng|sai|[a-h])\W*$", re.I)
# Share of a sentence's content terms a passage must hold to support it.
SUPPORT_THRESHOLD = 0.5


@dataclass
class Claim:
    """One sentence of the answer and what the check found."""

    text: str  # the sentence without its citation marks
    cited: list[int]  # what the model cited
    citations: list[int] = field(default_factory=list)  # after the check
    supported: bool | None = None  # None: nothing to check (a verdict, a heading)
    corrected: bool = False
    support: float = 0.0  # share of the sentence's terms found in its best source

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "citations": self.citations,
            "cited_by_model": self.cited,
            "supported": self.supported,
            "corrected": self.corrected,
        }

    def rendered(self) -> str:
        marks = "".join(f"[{n}]" for n in self.citations)
        return f"{self.text} {marks}".rstrip() if marks else self.text


@dataclass
class Check:
    claims: list[Claim]
    invalid_citations: list[int]  # numbers that named no source (removed)

    @property
    def has_content(self) -> bool:
        """False for an answer made only of citation marks and punctuation."""
        return any(re.search(r"[^\W\d_]", c.text) for c in self.claims)

    @property
    def has_statement(self) -> bool:
        """True when some sentence says more than a verdict or a letter ("Đúng.", "B.")."""
        return any(
            re.search(r"[^\W\d_]", c.text) and not _VERDICT_ONLY.match(c.text) for c in self.claims
        )

    @property
    def corrected(self) -> list[Claim]:
        return [c for c in self.claims if c.corrected]

    @property
    def unsupported(self) -> list[Claim]:
        return [c for c in self.claims if c.supported is False]

    def text(self) -> str:
        return " ".join(c.rendered() for c in self.claims if c.text or c.citations)

    def cited_numbers(self) -> list[int]:
        seen: list[int] = []
        for claim in self.claims:
            seen += [n for n in claim.citations if n not in seen]
        return seen


def numbers_in(text: str) -> set[str]:
    """Numbers and dates as digit strings without leading zeros ("05" and "5" are one)."""
    found = set()
    for raw in _NUMBER.findall(text):
        for part in re.split(r"[.,]", raw):
            if part:
                found.add(part.lstrip("0") or "0")
    return found


def miscounts(sentence: str, source_text: str) -> bool:
    """True when the sentence gives a number a unit the source never gives it, while the
    source does give it another: "đã tiếp nhận 3.240 hồ sơ" against "3.240 cuộc gọi"."""
    said = quantities_in(source_text)
    for number, units in quantities_in(sentence).items():
        if said.get(number) and not units & said[number]:
            return True
    return False


def _parse_marks(marks: str) -> list[int]:
    numbers: list[int] = []
    for group in CITATION.findall(marks):
        numbers += [int(n) for n in re.split(r"\s*[,;–-]\s*", group) if n]
    return numbers


def split_claims(answer: str) -> list[tuple[str, list[int]]]:
    """Sentences with the citation numbers written in or right after them."""
    pieces = [p for p in _SENTENCE.split(answer.strip()) if p.strip()]
    sentences: list[tuple[str, list[int]]] = []
    for piece in pieces:
        lead = _LEADING_MARKS.match(piece)
        if lead and sentences:  # "… 50%. [1]": the marks belong to the sentence before
            text, cited = sentences[-1]
            sentences[-1] = (text, cited + _parse_marks(lead.group(1)))
            piece = piece[lead.end() :]
        if not piece.strip():
            continue
        cited = _parse_marks(piece)
        # "[1], [2] và [3]" is one group of marks: taken out, it leaves no ", và".
        text = CITATION.sub("", _MARKS_JOINED.sub("][", piece))
        text = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(text.split())).strip()
        text = _COMMA_RUN.sub(",", text)
        sentences.append((text, cited))
    return sentences


def support(sentence: str, source_text: str) -> float:
    """How well a source backs a sentence: the share of its content terms (syllables and
    bigrams, folded) the source holds, and 0 when it holds not all of its numbers or counts
    one of them as something else."""
    numbers = numbers_in(sentence)
    if numbers and not numbers <= numbers_in(source_text):
        return 0.0
    if numbers and miscounts(sentence, source_text):
        return 0.0
    wanted = content_terms(sentence)
    if not wanted:
        return 0.0
    have = content_terms(source_text)
    return len(wanted & have) / len(wanted)


def check_answer(
    answer: str, sources: Sequence[str], threshold: float = SUPPORT_THRESHOLD
) -> Check:
    """Match each sentence of answer to sources (their texts, numbered from 1)."""
    valid = range(1, len(sources) + 1)
    invalid: list[int] = []
    claims: list[Claim] = []
    for text, cited in split_claims(answer):
        invalid += [n for n in cited if n not in valid]
        cited_ok = [n for n in dict.fromkeys(cited) if n in valid]
        claim = Claim(text=text, cited=cited, citations=list(cited_ok))
        terms = content_terms(text)
        if not terms or _VERDICT_ONLY.match(text):
            claims.append(claim)  # a verdict or a bare mark: nothing to check
            continue
        scores = [support(text, s) for s in sources]
        own = [n for n in cited_ok if scores[n - 1] >= threshold]
        best = max(valid, key=lambda n: scores[n - 1]) if sources else 0
        if own:
            claim.supported, claim.citations = True, own
            claim.support = max(scores[n - 1] for n in own)
        elif sources and scores[best - 1] >= threshold:
            claim.supported, claim.citations = True, [best]
            claim.support = scores[best - 1]
            claim.corrected = bool(cited_ok) and cited_ok != [best]
        else:
            claim.supported, claim.citations = False, []
            claim.support = max(scores) if scores else 0.0
        claims.append(claim)
    return Check(claims, invalid)
