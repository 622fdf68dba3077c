"""Splitting documents into sections that each fit one partial-summary prompt.

Sections follow the chunker's structure (Chương, Mục, Điều, numbered headings): consecutive
passages are grouped up to the token budget, and a new chapter always starts a new section so
that the by-chapter style can regroup them. A passage too long for the budget on its own is cut
at its end, measured with the model's tokenizer.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

from troly.core.documents.model import Document
from troly.core.index.chunker import chunk_document
from troly.core.summarize.extract import document_frequencies, extract
from troly.core.summarize.model import Passage, Section

CountTokens = Callable[[str], int]
_NUMBERED_HEADING = re.compile(r"^([IVX]+|[A-Z])\.\s+\S|^\d{1,2}\.\s+[A-ZĐÀ-Ỹ][^.]{0,80}$")


def document_hash(document: Document) -> str:
    return hashlib.sha256(document.text.encode("utf-8")).hexdigest()


def fit_text(text: str, budget: int, count: CountTokens) -> str:
    """The longest beginning of text (cut at a word) that counts at most `budget` tokens."""
    tokens = count(text)
    while tokens > budget and text:
        keep = max(1, int(len(text) * budget / tokens * 0.95))
        text = text[:keep].rsplit(" ", 1)[0] if " " in text[:keep] else text[:keep]
        tokens = count(text)
    return text


def _heading(chunk_heading: str, text: str, title: str) -> str:
    """The chunk's heading path; for texts without articles, its first numbered heading."""
    if chunk_heading and chunk_heading != title:
        return chunk_heading
    for line in text.splitlines()[:12]:
        line = line.strip()
        if _NUMBERED_HEADING.match(line):
            return line if len(line) <= 80 else line[:80].rsplit(" ", 1)[0] + "…"
    return chunk_heading or title


def _chapter(heading: str) -> str:
    top = heading.split(" > ")[0]
    return top if top.split(" ")[0].lower() in ("chương", "phần") else ""


def split_sections(
    documents: Sequence[Document],
    count: CountTokens,
    budget: int,
    extractive: bool = False,
    ratio: float = 0.5,
) -> list[Section]:
    """Sections of every document, in order, each of at most `budget` tokens of text."""
    sections: list[Section] = []
    for document in documents:
        doc_hash = document_hash(document)
        title = document.title or document.path.stem
        chunks = chunk_document(document)
        df, n = document_frequencies([c.text for c in chunks]) if extractive else (None, 0)
        current: list[Passage] = []
        texts: list[str] = []
        used = 0

        def flush(document: Document = document, doc_hash: str = doc_hash) -> None:
            nonlocal current, texts, used
            if current:
                sections.append(
                    Section(
                        tag=f"S{len(sections) + 1}",
                        file=str(document.path.resolve()),
                        doc_hash=doc_hash,
                        passages=tuple(current),
                        text="\n\n".join(texts),
                        pages_estimated=document.pages_estimated,
                    )
                )
            current, texts, used = [], [], 0

        for chunk in chunks:
            heading = _heading(chunk.heading, chunk.text, title)
            text = extract(chunk.text, df, n, ratio) if df is not None else chunk.text
            cost = count(text) + 2
            if cost > budget:
                text = fit_text(text, budget - 2, count)
                cost = count(text) + 2
            new_chapter = bool(current) and _chapter(heading) != _chapter(current[-1].heading)
            if current and (used + cost > budget or new_chapter):
                flush()
            current.append(Passage(chunk.page, chunk.page_end, heading, chunk.text))
            texts.append(text)
            used += cost
        flush()
    return sections
