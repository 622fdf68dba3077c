"""Answering a question from the user's own documents, with numbered citations.

One path for every engine and every way of typing a question: the question is analysed once
(words.py), the passages found by words and by meaning (store.search), each cut to the
clauses that match the question (excerpt.py), and kept when the best of these is about the
question by its similarity (about_question, MIN_SIMILARITY), a measure that does not depend
on which words the user chose. They are put into a small prompt with numbers after a system
prompt that never changes (its KV cache is reused); the model is told the shape the question
needs (question.py) and answers; a true/false answer is the verdict the model scores highest,
once its bias is taken out, and a multiple choice answer the option it judges truest, each
option judged by itself (first-token scores, where the engine gives them). Every sentence is
then checked against the passages (grounding.py) and [1], [2] mapped back to file, page and
heading; the clause that grounds the answer is quoted after it. When no passage is about the
question, the answer says so instead of letting the model guess. A law the question names and
the documents lack, or a word none of them holds, is said beside the answer as a note.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from troly.core import audit
from troly.core.engine.base import (
    ChatMessage,
    Engine,
    GenerationParams,
    GenerationStats,
    can_score,
)
from troly.core.errors import ScoresUnavailable
from troly.core.index.store import Hit, IndexStore
from troly.core.index.vectors import passage_text
from troly.core.tasks import absent_words, named_law, options
from troly.core.tasks.echo import without_echo
from troly.core.tasks.excerpt import excerpt
from troly.core.tasks.grounding import Check, check_answer
from troly.core.tasks.question import (
    VERDICTS,
    Kind,
    Question,
    answer_choice,
    answer_verdict,
    parse_question,
)
from troly.core.text import fold
from troly.core.words import content_terms, text_for_meaning, with_accents

NOT_FOUND = "Không tìm thấy thông tin này trong tài liệu."
# Said after the model's "not found" when the passages shown are about the question (their
# similarity passed MIN_SIMILARITY), before the clause closest to it: the law's own words, for
# the user to read (nearest_clause).
NEAREST = "Đoạn gần nhất với câu hỏi, trong nguồn"
NO_ANSWER = (
    "Mô hình không đưa ra được câu trả lời từ các nguồn (chỉ có số nguồn, không có nội dung). "
    "Hãy xem các nguồn bên dưới hoặc hỏi lại cụ thể hơn."
)

# The stable part of every prompt comes first and never changes between questions, so the KV
# cache of the previous question serves it (LlamaEngine reuses the cached prefix): only the
# passages and the question are read anew. The shape each kind of question needs is said at
# the end of the user turn (question.prompt_block), where a small model heeds it.
SYSTEM_PROMPT = (
    "Bạn là trợ lý pháp lý của cơ quan nhà nước Việt Nam. Chỉ trả lời dựa trên các nguồn được "
    "đánh số [1], [2]… trong câu hỏi, không dùng hiểu biết riêng. Sau mỗi ý, ghi số nguồn nêu "
    "ý đó trong ngoặc vuông, ví dụ [1]. Con số, thời hạn, tên cơ quan phải chép đúng như "
    "nguồn. Nếu các nguồn không nói về điều được hỏi, trả lời đúng một câu: "
    f"“{NOT_FOUND}” Trả lời bằng tiếng Việt, ngắn gọn, nhiều nhất ba câu."
)
# No word here on the opening "Đúng." or "B.": the shape is said only where it applies (the
# end of the user turn). Seen with the 1.5B model when it was said here: an open question
# ("… bao nhiêu hồ sơ?") answered "Đúng. [1], [2], [3]".

# The cosine similarity to the question (multilingual-e5-small, vectors.py) of the best
# passage shown (about_question) at or above which the passages are taken to be about the
# question. Chosen over the ALQAC text laws with the questions written for this
# (tests/eval/everyday.json, asked as written, without accents and spoken), on each passage's
# own vector: at 0.86, 6% of the answerable ones fell below it, and 70-80% of those on laws
# left out of the collection (10 questions). Kept when the measure moved to what the prompt
# shows (2.8% and 68%; about_question). The quiz statements of train.json score higher on
# every passage, so fewer of its left-out ones fall below it, and the model's own "not found"
# is left to catch the rest. e5's similarities are compressed (0.80-0.95): a passage on
# another subject of the same law scores about 0.85. The model's own first-token judgment of
# relevance ("Có"/"Không" over the same passages) was measured too, and separates worse
# (area under the curve 0.80 against 0.92).
MIN_SIMILARITY = 0.86
# Tokens kept for the answer: a verdict or a letter and a sentence or two of reasons need far
# fewer than an open answer (and each token costs ~0.15 s on a 2-core PC).
ANSWER_TOKENS = 384
SHORT_ANSWER_TOKENS = 80
# A verdict or a letter, the option's words, one sentence of grounds: then the answer is done,
# and every further token only costs time (the model tends to restate the sources).
# An open answer: the figure or the condition in one or two sentences; its clause is quoted
# after it (options.quote), so a third sentence would only restate the sources.
SHORT_ANSWER_SENTENCES = {"true_false": 2, "choice": 3, "open": 2}
_SENTENCE_END = re.compile(r"[.!?](?:\s*\[\d{1,2}\])*(?=\s|$)")
# What the passages may take of the prompt: the best one more, the others their best clauses.
# Five passages, not three: in the everyday questions the gold article is among the first five
# hits far more often than among the first three (0.79 against 0.63), and a clause of it is
# enough for the model to find it. Measured with the default model on the everyday questions
# as written (python -m tests.eval --everyday-only --forms written --laws text): short answers
# right 0.35 -> 0.44, citing the gold article 0.58 -> 0.63, for 1.3 s more to the first token
# (median 8.0 -> 9.3 s on 2 cores; about 320 tokens of passages, issue 12 kept it near 10 s).
PASSAGE_TOKENS = (120, 70, 50, 40, 40)
PASSAGES_MAX = 5
# Share of content terms two passages must share (Jaccard) to count as one text twice.
DUPLICATE_OVERLAP = 0.8
# Decide true/false and multiple choice answers by the model's calibrated first-token scores
# where the engine gives them (see _decide).
CALIBRATE = True
_CITATION = re.compile(r"\[(\d{1,2})\]")
_DANGLING_MARK = re.compile(r"[\s,]*\[\d{0,2}$")
_ARTICLE_LINE = re.compile(r"^\s*Điều\s+\d+[a-zđ]?\s*[.:]")
# The longest line read as an article's title line: a longer one is a whole article that a
# PDF ran onto one line.
TITLE_CHARS = 200


@dataclass(frozen=True)
class Source:
    number: int
    file: str
    page: int
    heading: str
    text: str  # what the prompt showed: the passage cut to the clauses that match
    pages_estimated: bool
    passage: str = ""  # the whole passage, which the answer's sentences are checked against

    def label(self) -> str:
        page = f"trang ~{self.page}" if self.pages_estimated else f"trang {self.page}"
        return f"{Path(self.file).name}, {page}, {self.heading}"

    def evidence(self) -> str:
        return f"{self.heading}\n{self.passage or self.text}"

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
    kind: Kind = "open"
    raw_text: str = ""  # what the model wrote, before the check
    check: Check | None = None
    verdict: str | None = None  # "Đúng"/"Sai" for a true/false question
    choice: str | None = None  # the letter, for a multiple choice question
    # Said beside the answer: the laws the question names that the documents lack
    # (named_law) and its words that no document holds (absent_words).
    missing_laws: list[str] = field(default_factory=list)
    absent_words: list[str] = field(default_factory=list)
    # A figure computed from a table (table_answer.py): the cells it used; its text is built
    # by code from them, so the sentence check has nothing to re-point.
    table: dict[str, Any] | None = None

    @property
    def notes(self) -> list[str]:
        """What the user should know beside the answer, in Vietnamese."""
        notes = []
        if self.missing_laws:
            notes.append(f"Các tài liệu đã chọn không có {', '.join(self.missing_laws)}.")
        if self.absent_words:
            notes.append(absent_words.not_held_message(self.absent_words))
        return notes

    @property
    def answered(self) -> bool:
        """False when the model gave no answer with content (only citation marks, or only a
        verdict or a letter to an open question)."""
        if self.check is None:
            return True
        return self.check.has_statement if self.kind == "open" else self.check.has_content

    @property
    def cited(self) -> list[Source]:
        """The sources the answer cites; all of them when the model cited none by number."""
        if self.check is not None:
            numbers = set(self.check.cited_numbers())
        else:
            numbers = {int(n) for n in _CITATION.findall(self.text)}
        cited = [s for s in self.sources if s.number in numbers]
        return cited or list(self.sources)

    def finish(self) -> None:
        """Check the generated text against the sources: re-point wrong citations, mark what
        no source supports, drop numbers that name no source (see grounding.py)."""
        self.raw_text = self.text.strip()
        if not self.found or self.table is not None:
            return
        # An open answer without the question or the instruction the model wrote back, nor a
        # label ("Câu trả lời: Không tìm thấy …" is the model's "not found").
        # Nor a mark cut short when the answer was ended ("… [9").
        written = _DANGLING_MARK.sub("", self.raw_text)
        body = without_echo(written, self.question) if self.kind == "open" else written
        if says_not_found(body):
            # With the clause closest to the question after it (nearest_clause): that clause
            # ("[n]: “…”") is the answer's content, checked as any; the model's words and
            # ours are kept before it.
            _, marker, clause = body.partition(NEAREST)
            if not marker:
                self.found, self.text = False, NOT_FOUND
                return
            self.check = check_answer(clause, [s.evidence() for s in self.sources])
            self.text = f"{NOT_FOUND}\n{NEAREST}{self.check.text()}"
            return
        self.check = check_answer(body, [s.evidence() for s in self.sources])
        # An open question needs a statement: a bare "Đúng." or "B." answers nothing asked.
        said = self.check.has_statement if self.kind == "open" else self.check.has_content
        self.text = self.check.text() if said else NO_ANSWER

    def to_record(self) -> dict[str, Any]:
        """What history keeps: enough to show the answer again, checked the same way."""
        return {
            "question": self.question,
            "kind": self.kind,
            "raw": self.raw_text or self.text,
            "found": self.found,
            "verdict": self.verdict,
            "choice": self.choice,
            "missing_laws": self.missing_laws,
            "absent_words": self.absent_words,
            "sources": [asdict(s) for s in self.sources],
            "table": self.table,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Answer:
        """The answer history kept, its check run again on the stored sources (the check is
        deterministic, so it reads as it did)."""
        answer = cls(
            question=str(record["question"]),
            sources=[Source(**s) for s in record.get("sources", [])],
            text=str(record.get("raw", "")),
            found=bool(record.get("found", True)),
            kind=record.get("kind", "open"),
            verdict=record.get("verdict"),
            choice=record.get("choice"),
            missing_laws=list(record.get("missing_laws", [])),
            absent_words=list(record.get("absent_words", [])),
            table=record.get("table"),
        )
        answer.finish()
        if not answer.found:
            answer.text = NOT_FOUND
        return answer

    def as_json(self) -> dict[str, Any]:
        check = self.check
        return {
            "question": self.question,
            "kind": self.kind,
            "answer": self.text,
            "found": self.found,
            "answered": self.found and self.answered,
            "verdict": self.verdict,
            "choice": self.choice,
            "missing_laws": self.missing_laws,
            "absent_words": self.absent_words,
            "notes": self.notes,
            "raw_answer": self.raw_text,
            "table": self.table,
            "claims": [c.as_json() for c in check.claims] if check else [],
            "supported": (not check.unsupported) if check else None,
            "invalid_citations": check.invalid_citations if check else [],
            "citations": [s.as_json() for s in self.cited] if self.found else [],
            "sources": [s.as_json() for s in self.sources],
            "stats": {
                "prompt_tokens": self.stats.prompt_tokens,
                "reused_prompt_tokens": self.stats.reused_prompt_tokens,
                "generated_tokens": self.stats.generated_tokens,
                "first_token_seconds": round(self.stats.first_token_seconds, 3),
                "seconds": round(self.stats.seconds, 3),
            },
        }


def found_passages(
    store: IndexStore, question: str | Question, collection: str, top_k: int = 5
) -> list[Hit]:
    """The passages found for the question, without those that repeat an earlier one. Whether
    any is about the question is judged on what the prompt shows of them (about_question)."""
    q = question if isinstance(question, Question) else parse_question(question)
    return distinct(store.search(q.words, collection, top_k))


def about_question(
    store: IndexStore, question: Question, hits: list[Hit], sources: list[Source]
) -> float | None:
    """How close the passages come to being about the question: the best cosine similarity of
    the question, read as search by meaning reads it, to what the prompt shows of a passage
    (its clauses that match the question, under its heading). None without an embedding model:
    the model's own "not found" is then the only judge.

    What the prompt shows, not the passage's own vector: that one is of its heading and first
    words, and the clause that answers is often further on. Measured on our everyday questions
    (python -m tests.eval.relevance, 48 answerable and 10 on left-out laws, in three forms):
    at MIN_SIMILARITY, answerable ones refused 6.2% -> 2.8%, left-out ones refused 0.71 -> 0.68;
    the area under the curve 0.922 -> 0.945. It costs one embedding of the few passages shown."""
    similarities = shown_similarities(store, question, hits, sources)
    return max(similarities) if similarities else None


def shown_similarities(
    store: IndexStore, question: Question, hits: list[Hit], sources: list[Source]
) -> list[float] | None:
    """The cosine similarity of the question to what the prompt shows of each source, in
    their order (about_question); None without an embedding model."""
    embedder = store.embedder
    if embedder is None or not sources:
        return None
    asked = embedder.query(text_for_meaning(question.words, [h.text for h in hits]))
    shown = embedder.passages([passage_text(s.heading, s.text) for s in sources])
    return [float(x) for x in shown @ asked]


def _evidence(hit: Hit) -> str:
    """A hit as the checks read it: its heading path, then its text (as Source.evidence)."""
    return f"{hit.heading}\n{hit.text}"


def distinct(hits: list[Hit]) -> list[Hit]:
    """Hits without the passages that repeat an earlier one (the same text kept as PDF and
    DOCX, a copy in another folder): the prompt has room for three passages, and a second
    copy would take the place of one that adds something."""
    kept: list[tuple[Hit, set[str]]] = []
    for hit in hits:
        terms = content_terms(hit.text)
        if not any(_overlap(terms, seen) >= DUPLICATE_OVERLAP for _, seen in kept):
            kept.append((hit, terms))
    return [hit for hit, _ in kept]


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _title_and_body(hit: Hit) -> tuple[str, str]:
    """The passage's label for the prompt (file, heading path, the article's whole title line)
    and its text without that title line, which would otherwise be read twice."""
    lines = hit.text.split("\n", 1)
    path = [p.strip() for p in hit.heading.split(">") if p.strip()]
    body = hit.text
    # A title line, not a whole article run together on one line (some PDFs have no breaks).
    if lines and _ARTICLE_LINE.match(lines[0]) and len(lines[0]) <= TITLE_CHARS:
        if path and _ARTICLE_LINE.match(path[-1]):
            path = path[:-1]
        path.append(lines[0].strip())
        body = lines[1] if len(lines) > 1 else ""
    return " > ".join([Path(hit.file).stem, *path]), body


def build_prompt(
    engine: Engine,
    question: str | Question,
    hits: list[Hit],
    max_answer: int = ANSWER_TOKENS,
) -> tuple[list[ChatMessage], list[Source]]:
    """The stable system prompt, then the numbered passages (each cut to its clauses that
    match the question, best first) and the question with the shape its answer must take.
    Never more than the context holds."""
    q = question if isinstance(question, Question) else parse_question(question)
    query = q.match_words
    tail = q.prompt_block()
    budget = engine.n_ctx - max_answer - engine.count_tokens(SYSTEM_PROMPT + tail) - 64
    sources: list[Source] = []
    blocks: list[str] = []
    for i, hit in enumerate(hits[:PASSAGES_MAX]):
        number = len(sources) + 1
        title, body = _title_and_body(hit)
        header = f"[{number}] {title}\n"
        share = PASSAGE_TOKENS[min(i, len(PASSAGE_TOKENS) - 1)]
        allowed = min(share, budget - engine.count_tokens(header))
        if allowed < 40:  # not worth a sliver; keep what already fits
            break
        text = excerpt(body, query, allowed, engine.count_tokens) if body else ""
        budget -= engine.count_tokens(header + text)
        blocks.append(header + text)
        sources.append(
            Source(number, hit.file, hit.page, hit.heading, text, hit.pages_estimated, hit.text)
        )
    user = "Nguồn:\n" + "\n\n".join(blocks) + f"\n\n{tail}"
    return [ChatMessage("system", SYSTEM_PROMPT), ChatMessage("user", user)], sources


class _StopOrCancel(threading.Event):
    """An event set by us or by the caller's `cancel`: the engine polls `is_set()` while it
    reads the prompt (llama.cpp's abort callback), before any token could be checked."""

    def __init__(self, cancel: threading.Event | None) -> None:
        super().__init__()
        self.cancel = cancel

    def is_set(self) -> bool:
        return super().is_set() or (self.cancel is not None and self.cancel.is_set())


def _retold(messages: list[ChatMessage], q: Question, block: str) -> list[ChatMessage] | None:
    """The prompt with the question's block at its end (q.prompt_block()) replaced by another
    over the same passages, which the KV cache then serves; None when it does not end so."""
    user = messages[-1].content
    tail = q.prompt_block()
    if not user.endswith(tail):
        return None
    return [*messages[:-1], ChatMessage("user", user[: -len(tail)] + block)]


def _waited(readings: list[GenerationStats]) -> GenerationStats:
    """The stats of an answer decided by several prompt readings: the user waits for all of
    them before the first word; the rest is the last reading's."""
    total = replace(readings[-1])
    total.first_token_seconds = total.seconds = sum(r.seconds for r in readings)
    total.prompt_threads = max(r.prompt_threads for r in readings)
    return total


def _decide(
    engine: Engine, q: Question, messages: list[ChatMessage]
) -> tuple[str, GenerationStats] | None:
    """For a true/false question, with an engine that gives first-token scores: the verdict
    ("Đúng." or "Sai.") the model scores highest once its bias is taken out (contextual
    calibration, Zhao et al. 2021: the scores for a content-free statement over the same
    passages are subtracted). A 1.5B model otherwise answers "Đúng" to nearly every statement.
    None: generate the whole answer (the prompt asks for the same opening)."""
    if q.kind != "true_false" or not CALIBRATE or not can_score(engine):
        return None
    labels = list(VERDICTS)
    neutral = _retold(messages, q, Question("N/A", "true_false").prompt_block())
    if neutral is None:
        return None
    try:
        # The neutral prompt first, so that the real one is what the KV cache holds afterwards
        # and the answer's grounds are generated without reading it again.
        base, neutral_stats = engine.first_token_logprobs(neutral, labels)  # type: ignore[attr-defined]
        scores, stats = engine.first_token_logprobs(messages, labels)  # type: ignore[attr-defined]
    except ScoresUnavailable:
        return None  # a server that gives no scores: the model writes its answer
    calibrated = [s - b for s, b in zip(scores, base, strict=True)]
    best = max(range(len(labels)), key=lambda i: calibrated[i])
    return f"{labels[best]}.", _waited([neutral_stats, stats])


def _choose(
    engine: Engine, q: Question, messages: list[ChatMessage], stop: threading.Event
) -> tuple[str, GenerationStats] | None:
    """For a multiple choice question, with an engine that gives first-token scores: each
    option judged by itself over the same passages, as a true/false statement is ("Đúng" or
    "Sai", Question.option_block), and the letter of the one the model holds truest (the
    highest Đúng-over-Sai score). An option naming others ("Cả A, B đều đúng", "Cả 3 phương án
    trên") is judged as the options it names, all said at once ("Tất cả các ý sau đều đúng:
    …; …"): held truer than each of them alone when each is true, and less true when one is
    not. The passages are read once: each further option reads only its own lines after the
    cached prefix. None: no scores, or Stop pressed."""
    if not CALIBRATE or not can_score(engine) or not q.choices:
        return None
    judgments: dict[str, float] = {}
    readings: list[GenerationStats] = []
    try:
        for letter in q.choices:
            asked = _retold(messages, q, q.option_block(_said(q, letter)))
            if asked is None or stop.is_set():
                return None
            scores, stats = engine.first_token_logprobs(asked, list(VERDICTS))  # type: ignore[attr-defined]
            judgments[letter] = scores[0] - scores[1]
            readings.append(stats)
    except ScoresUnavailable:
        return None
    return f"{max(q.choices, key=lambda letter: judgments[letter])}.", _waited(readings)


def _said(q: Question, letter: str) -> str:
    """What choosing letter says, in words the model can judge: its option, or for an option
    naming others, the options it names, all at once."""
    option = q.choices[letter]
    if options.named_letters(option, list(q.choices)) is None:
        return option
    return "Tất cả các ý sau đều đúng: " + options.claim(letter, q.text, q.choices)


def _runaway(text: str, sources: int) -> bool:
    """Whether the model has begun citing sources it was never given ("[1], [2], … [6]" of
    five): seen with the 1.5B model as a run of marks that fills every token left, so the
    answer is ended there (the check then drops the numbers that name no source)."""
    return any(int(n) > sources for n in _CITATION.findall(text))


def says_not_found(text: str) -> bool:
    """Whether an answer is the model's "not found" (NOT_FOUND, however it ends)."""
    return fold(text.strip()).startswith(fold(NOT_FOUND).rstrip("."))


def _complete(text: str, kind: Kind, question: str = "") -> bool:
    """A short answer has its sentences (a blank line also ends it); an open answer's are
    counted after the question it may have written back first ("Câu hỏi: …?" then a blank
    line is no answer yet)."""
    body = text.strip()
    if kind == "open" and question:
        body = without_echo(text, question)
        if body and text.rstrip(" ").endswith("\n\n"):
            body += "\n\n"  # the blank line that ends it, which without_echo trims
    wanted = SHORT_ANSWER_SENTENCES.get(kind)
    return wanted is not None and (len(_SENTENCE_END.findall(body)) >= wanted or "\n\n" in body)


def ask(
    engine: Engine,
    store: IndexStore,
    question: str,
    collection: str,
    cancel: threading.Event | None = None,
    top_k: int = 5,
    max_tokens: int | None = None,
    temperature: float = 0.0,
    choices: dict[str, str] | None = None,
    kind: Kind | None = None,
) -> tuple[Answer, Iterator[str]]:
    """Start answering: the Answer (sources known at once) and the stream of its text.

    The Answer's text is filled in as the stream is consumed; when the stream ends it is
    checked against the sources (Answer.finish), and its final text may differ from the
    streamed one (citations re-pointed, unsupported sentences without a citation). choices:
    the options of a multiple choice question, when they are not written in the question;
    kind: the kind of question when the caller knows it (question.parse_question)."""
    q = parse_question(question, choices, kind)
    # A figure over a table ("tổng …", "… nào thấp nhất") is computed, not generated.
    from troly.core.tasks.table_answer import answer_from_tables

    computed = answer_from_tables(engine, store, q, collection, cancel, top_k)
    if computed is not None:
        return computed
    # Retrieval by the question alone: options would pull in passages on each wrong option;
    # they only choose the clauses kept of each passage.
    hits = found_passages(store, q, collection, top_k)
    if max_tokens is None:
        max_tokens = ANSWER_TOKENS if q.kind == "open" else SHORT_ANSWER_TOKENS
    # Typed without accents, the question is shown to the model with the accents its words
    # have in the passages: read without them, the model copies "may nam" into its answer.
    shown = q
    if hits and not q.words.accented:
        shown = Question(with_accents(q.words, [h.text for h in hits]), q.kind, q.choices)
    messages, sources = build_prompt(engine, shown, hits, max_tokens) if hits else ([], [])
    similarities = shown_similarities(store, q, hits, sources)
    if similarities is not None and max(similarities) < MIN_SIMILARITY:
        hits = []
    # The source closest in meaning, quoted if the model finds no answer in passages that
    # are about the question; none without an embedding model.
    nearest = 1 + similarities.index(max(similarities)) if similarities else None
    # Which files the answer draws on, never the question's text.
    audit.record(
        audit.QUESTION_ASKED,
        sorted({h.file for h in hits}),
        connection=store.db,
        collection=collection,
        found=bool(hits),
    )
    if not hits:
        answer = Answer(question, [], NOT_FOUND, found=False, kind=q.kind)
        answer.raw_text = NOT_FOUND
        _add_notes(answer, store, q, collection, "")
        return answer, iter([NOT_FOUND])
    answer = Answer(question, sources, kind=q.kind)
    _add_notes(answer, store, q, collection, _evidence(hits[0]))
    # Greedy: the same question over the same documents gets the same answer, and a small
    # model's sampled tokens stray from the sources first.
    params = GenerationParams(
        temperature=temperature,
        top_p=1.0,
        top_k=1 if temperature == 0 else 40,
        max_tokens=max_tokens,
        repeat_penalty=1.0,
    )
    # Our own stop flag: set by us once a short answer is complete, and set whenever the
    # caller's Stop is, so the engine also stops while it still reads the passages.
    stop = _StopOrCancel(cancel)

    def start() -> Iterator[str]:
        """The stream of the answer; its stats are set on the answer as they become known."""
        if q.kind == "choice":
            decided = _choose(engine, shown, messages, stop)
        else:
            decided = _decide(engine, shown, messages)
        if decided is None and stop.is_set():
            return iter([])
        if decided is None:
            stream = engine.stream_chat(messages, params, stop)
            answer.stats = stream.stats
            return iter(stream)
        # The verdict or the letter is the model's; its grounds are the clause of the passage
        # that states the statement or the option best, quoted with its number, not
        # generated. Left to write them, the 1.5B model wrote its own verdict after "Sai."
        # ("Sai. Đúng.") or only citation marks in most of the ALQAC true/false answers.
        verdict, decision = decided
        answer.stats = decision
        decision.generated_tokens = 1  # the verdict or the letter; the rest is the source's
        said = (
            q.statement()
            if q.kind == "true_false"
            else options.claim(verdict.rstrip("."), q.text, q.choices)
        )
        return iter([verdict, _grounds(said, q.text, sources) or ""])

    def pieces() -> Iterator[str]:
        # Scored and generated only when the caller reads the stream: ask() returns the
        # sources at once, and the UI shows them while the model reads the prompt.
        done = False
        for piece in start():
            answer.text += piece
            yield piece
            if cancel is not None and cancel.is_set():
                stop.set()
            elif _complete(answer.text, q.kind, q.text) or _runaway(answer.text, len(sources)):
                done = True
                stop.set()
        if done:
            answer.stats.finish_reason = "stop"
        if q.kind == "open" and not (cancel is not None and cancel.is_set()):
            quoted = _open_grounds(answer.text, q.text, sources) or nearest_clause(
                answer.text, q.text, sources, nearest
            )
            if quoted:
                answer.text += quoted
                yield quoted
        answer.finish()
        answer.verdict = answer_verdict(answer.text) if q.kind == "true_false" else None
        answer.choice = answer_choice(answer.text, q)

    return answer, pieces()


def _add_notes(answer: Answer, store: IndexStore, q: Question, collection: str, best: str) -> None:
    """What the user should know beside the answer: a law the question names that the
    documents lack, and the question's words that no document holds (never a refusal)."""
    missing = named_law.missing_laws(store, q.text, collection)
    answer.missing_laws = [law.shown for law in missing]
    if not missing:  # a missing law says it already: its words are absent too
        answer.absent_words = absent_words.absent_words(store, q.text, collection, best)


def _quoted(
    claim: str, question: str, sources: list[Source], number: int | None = None
) -> tuple[int, str]:
    """The clause of a source that states the claim best, and that source's number: the
    source given, else the one that states the claim best (options.best_source)."""
    if number is None:
        number = options.best_source(claim, question, [s.evidence() for s in sources])
    source = sources[number - 1]
    return number, options.quote(claim, question, source.passage or source.text)


def _grounds(claim: str, question: str, sources: list[Source]) -> str:
    """ " Theo nguồn [n]: “clause”": the clause of the source that states the claim best."""
    if not sources:
        return ""
    number, clause = _quoted(claim, question, sources)
    return f" Theo nguồn [{number}]: “{clause}”" if clause else f" [{number}]"


def nearest_clause(text: str, question: str, sources: list[Source], nearest: int | None) -> str:
    """After the model's "not found", when the passages shown are about the question (their
    similarity passed MIN_SIMILARITY): the clause of the source closest to it in meaning that
    states the question best, quoted, for the user to read the law's own words. "" when the
    answer is no "not found" or no similarity was measured (the model's word is then the
    only judge).

    "Not found" is the gate's to say, by the similarity; the 1.5B model says it of passages
    that hold the answer too (seen: asked whether a neighbour may enter one's home unasked, it
    was shown the Constitution's "Không ai được tự ý vào chỗ ở của người khác nếu không được
    người đó đồng ý" and said "not found")."""
    body = without_echo(text, question).strip()
    if nearest is None or not says_not_found(body):  # a number comes only with sources
        return ""
    number, clause = _quoted(question, question, sources, nearest)
    return f"\n{NEAREST} [{number}]: “{clause}”" if clause else ""


def _open_grounds(text: str, question: str, sources: list[Source]) -> str:
    """After an open answer, the clause it rests on, quoted from the source it cites first (or,
    citing none, the one that states it best), so the user reads the law's own words beside
    the model's: "" when the answer is "not found" or quotes that clause already."""
    body = without_echo(text, question).strip()
    if not body or not sources or says_not_found(body):
        return ""
    # The model's own first citation, not the one the sentence check points to: the check
    # counts the words the answer restates from the question, and a passage that shares more
    # of them wins. Quoted from the check's source instead (62859dc), our everyday answers
    # lost the gold clause in about 16 answers and gained it in 5 (of 174, three forms).
    cited = [int(n) for n in _CITATION.findall(body) if 0 < int(n) <= len(sources)]
    # The model cited no number (seen: the figure alone, right): the source that states the
    # answer best, as for a verdict's grounds.
    number, clause = _quoted(body, question, sources, cited[0] if cited else None)
    if not clause or fold(clause[:60]) in fold(body):
        return ""
    return f"\nTheo nguồn [{number}]: “{clause}”"
