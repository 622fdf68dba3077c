"""Answering a question from the user's own documents, with numbered citations.

Retrieve the best passages, put as many as fit the context into a prompt with numbers, stream
the answer, and map [1], [2] back to file, page and heading. When no passage is relevant enough,
say so instead of letting the model guess.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from troly.core import audit
from troly.core.engine.base import ChatMessage, Engine, GenerationParams, GenerationStats
from troly.core.index.store import Hit, IndexStore
from troly.core.index.terms import syllables
from troly.core.text import fold

NOT_FOUND = "Không tìm thấy thông tin này trong tài liệu."

SYSTEM_PROMPT = (
    "Bạn là trợ lý pháp lý của cơ quan nhà nước. Chỉ trả lời dựa trên các nguồn được đánh số "
    "bên dưới. Sau mỗi ý, ghi số nguồn trong ngoặc vuông, ví dụ [1] hoặc [2]. Nếu các nguồn "
    f"không có thông tin, trả lời đúng câu: “{NOT_FOUND}” Trả lời bằng tiếng Việt, ngắn gọn."
)

# A passage must share at least this share of the question's content syllables to count.
MIN_COVERAGE = 0.25
# Tokens kept free for the answer, and the most a single passage may take of the prompt.
ANSWER_TOKENS = 384
_CITATION = re.compile(r"\[(\d{1,2})\]")
# Question words that carry no content ("là gì", "đúng hay sai", ...), compared folded.
_QUESTION_WORDS = {
    fold(w)
    for w in [
        "là",
        "gì",
        "có",
        "không",
        "được",
        "hay",
        "đúng",
        "sai",
        "nào",
        "bao",
        "nhiêu",
        "thế",
        "nào",
        "như",
        "thế",
        "ai",
        "những",
        "các",
        "của",
        "và",
        "thì",
        "mà",
        "trong",
        "với",
        "cho",
        "khi",
        "nếu",
        "theo",
        "quy",
        "định",
        "luật",
    ]
}


@dataclass(frozen=True)
class Source:
    number: int
    file: str
    page: int
    heading: str
    text: str
    pages_estimated: bool

    def label(self) -> str:
        page = f"trang ~{self.page}" if self.pages_estimated else f"trang {self.page}"
        return f"{Path(self.file).name}, {page}, {self.heading}"

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "file": self.file,
            "page": self.page,
            "heading": self.heading,
            "text": self.text,
        }


@dataclass
class Answer:
    question: str
    sources: list[Source]
    text: str = ""
    found: bool = True
    stats: GenerationStats = field(default_factory=GenerationStats)

    @property
    def cited(self) -> list[Source]:
        """The sources the answer cites; all of them when the model cited none by number."""
        numbers = {int(n) for n in _CITATION.findall(self.text)}
        cited = [s for s in self.sources if s.number in numbers]
        return cited or list(self.sources)

    def as_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "found": self.found,
            "citations": [s.as_json() for s in self.cited] if self.found else [],
            "sources": [s.as_json() for s in self.sources],
        }


def coverage(question: str, passage: str) -> float:
    """Share of the question's content syllables that occur in the passage (folded)."""
    wanted = {fold(s) for s in syllables(question)} - _QUESTION_WORDS
    if not wanted:
        return 0.0
    have = {fold(s) for s in syllables(passage)}
    return len(wanted & have) / len(wanted)


def relevant_passages(
    store: IndexStore, question: str, collection: str, top_k: int = 5
) -> list[Hit]:
    """The retrieved passages worth showing the model, or none when nothing is relevant."""
    hits = store.search(question, collection, top_k)
    if not hits or coverage(question, f"{hits[0].heading}\n{hits[0].text}") < MIN_COVERAGE:
        return []
    return hits


def build_prompt(
    engine: Engine, question: str, hits: list[Hit], max_answer: int = ANSWER_TOKENS
) -> tuple[list[ChatMessage], list[Source]]:
    """Messages with as many numbered passages as fit the context, best first."""
    budget = engine.n_ctx - max_answer - engine.count_tokens(SYSTEM_PROMPT + question) - 64
    sources: list[Source] = []
    blocks: list[str] = []
    for hit in hits:
        number = len(sources) + 1
        header = f"[{number}] {Path(hit.file).name} — trang {hit.page} — {hit.heading}\n"
        text = hit.text
        cost = engine.count_tokens(header + text)
        if cost > budget:
            if budget < 80 or sources:  # not worth a sliver; keep what already fits
                break
            # The best passage alone is too long: keep its beginning.
            text = text[: max(200, len(text) * budget // max(cost, 1))]
            cost = engine.count_tokens(header + text)
        budget -= cost
        blocks.append(header + text)
        sources.append(Source(number, hit.file, hit.page, hit.heading, text, hit.pages_estimated))
    user = "Nguồn:\n\n" + "\n\n".join(blocks) + f"\n\nCâu hỏi: {question}\nTrả lời:"
    return [ChatMessage("system", SYSTEM_PROMPT), ChatMessage("user", user)], sources


def ask(
    engine: Engine,
    store: IndexStore,
    question: str,
    collection: str,
    cancel: threading.Event | None = None,
    top_k: int = 5,
    max_tokens: int = ANSWER_TOKENS,
    temperature: float = 0.2,
) -> tuple[Answer, Iterator[str]]:
    """Start answering: the Answer (sources known at once) and the stream of its text.

    The Answer's text is filled in as the stream is consumed."""
    hits = relevant_passages(store, question, collection, top_k)
    # Which files the answer draws on, never the question's text.
    audit.record(
        audit.QUESTION_ASKED,
        sorted({h.file for h in hits}),
        connection=store.db,
        collection=collection,
        found=bool(hits),
    )
    if not hits:
        answer = Answer(question, [], NOT_FOUND, found=False)
        return answer, iter([NOT_FOUND])
    messages, sources = build_prompt(engine, question, hits, max_tokens)
    answer = Answer(question, sources)
    params = GenerationParams(temperature=temperature, top_p=0.9, max_tokens=max_tokens)
    stream = engine.stream_chat(messages, params, cancel)
    answer.stats = stream.stats

    def pieces() -> Iterator[str]:
        for piece in stream:
            answer.text += piece
            yield piece
        answer.text = answer.text.strip()

    return answer, pieces()
