"""Answer quality end to end on ALQAC 2023 (../shared/eval/alqac2023, see its README.md): the
real law files indexed by TroLy, each question asked through `troly.core.tasks.ask` with the
real model, the answer graded.

- answer accuracy: true/false and multiple choice graded exactly (the verdict or the letter
  the answer opens with); essays by whether the gold answer's words appear;
- citation accuracy: a source the answer cites is the gold article (of the gold law's file);
- hallucinated citations: numbers that name no source, in what the model wrote and in what the
  user is shown (the check removes them: that one must be 0);
- abstention: questions on laws left out of a second, partial collection, which must be
  answered "Không tìm thấy thông tin này trong tài liệu.";
- speed: prompt tokens (and those the KV cache served), time to first token, whole answer.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.eval.forms import forms, plain

from troly.core.config import Settings
from troly.core.engine.base import Engine
from troly.core.index.store import IndexStore
from troly.core.index.sync import sync_collection
from troly.core.tasks.ask import Answer, ask
from troly.core.text import fold

if TYPE_CHECKING:  # llama.cpp is loaded only when an engine is made
    from troly.core.engine.llama import LlamaEngine

EVAL_DIR = Path(__file__).resolve().parents[3] / "shared" / "eval" / "alqac2023"
ALL = "alqac"
PARTIAL = "alqac-partial"
# Laws left out of the partial collection: questions on them must be abstained from. Three
# laws from different fields, text files, so the partial collection needs no OCR.
HELD_OUT_LAWS = ("Luật Điện ảnh", "Luật Du lịch", "Luật Viên chức")
KIND = {"Đúng/Sai": "true_false", "Trắc nghiệm": "choice", "Tự luận": "open"}


@dataclass
class Result:
    question_id: str
    kind: str
    gold: str | None
    gold_articles: list[tuple[str, str]]  # (file name, article number)
    collection: str
    answer: Answer
    seconds: float
    correct: bool | None = None  # None: no gold answer to grade with
    cites_gold: bool = False
    raw_invalid_citations: int = 0
    shown_invalid_citations: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        a = self.answer
        return {
            "id": self.question_id,
            "kind": self.kind,
            "collection": self.collection,
            "gold": self.gold,
            "correct": self.correct,
            "cites_gold": self.cites_gold,
            "found": a.found,
            "verdict": a.verdict,
            "choice": a.choice,
            "answer": a.text,
            "raw_answer": a.raw_text,
            "prompt_tokens": a.stats.prompt_tokens,
            "reused_prompt_tokens": a.stats.reused_prompt_tokens,
            "first_token_s": round(a.stats.first_token_seconds, 2),
            "prompt_threads": a.stats.prompt_threads,
            "seconds": round(self.seconds, 2),
            "unsupported": len(a.check.unsupported) if a.check else 0,
            "corrected": len(a.check.corrected) if a.check else 0,
            "sources": [f"[{s.number}] {Path(s.file).name} {s.heading}" for s in a.sources],
            **self.extra,
        }


def load_questions(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))


def load_gold(eval_dir: Path = EVAL_DIR) -> dict[str, Any]:
    return json.loads((eval_dir / "gold.json").read_text(encoding="utf-8"))


def law_files(gold: dict[str, Any], laws: Iterable[str], eval_dir: Path = EVAL_DIR) -> list[Path]:
    return [eval_dir / "docs" / gold[law]["file"] for law in laws]


def index_collections(
    store: IndexStore,
    gold: dict[str, Any],
    laws: Sequence[str] | None = None,
    held_out: Sequence[str] = HELD_OUT_LAWS,
    eval_dir: Path = EVAL_DIR,
) -> dict[str, float]:
    """The full collection (every law, or `laws`) and the partial one (those less held_out,
    text files only so that no scan is read twice). Returns seconds per collection."""
    laws = list(laws or gold)
    timings = {}
    started = time.perf_counter()
    report = sync_collection(store, ALL, law_files(gold, laws, eval_dir))
    assert report.count("failed") == 0, [r.error for r in report.results if r.error]
    timings[ALL] = time.perf_counter() - started
    partial = [law for law in laws if law not in held_out and "-scan" not in gold[law]["file"]]
    started = time.perf_counter()
    sync_collection(store, PARTIAL, law_files(gold, partial, eval_dir))
    timings[PARTIAL] = time.perf_counter() - started
    return timings


def is_gold_source(file: str, heading: str, text: str, gold_file: str, article: str) -> bool:
    """The metric of shared/eval/README.md: the gold law's file, and its "Điều N." heading."""
    if Path(file).name != gold_file:
        return False
    pattern = re.compile(r"(^|> )Điều " + re.escape(article) + r"[.:]")
    return bool(pattern.search(heading)) or text.startswith(f"Điều {article}.")


def gold_rank(hits: Sequence[Any], golds: Sequence[tuple[str, str]]) -> int | None:
    """The position of the first hit that is one of the gold (file, article) pairs."""
    return next(
        (
            i
            for i, h in enumerate(hits)
            if any(is_gold_source(h.file, h.heading, h.text, f, a) for f, a in golds)
        ),
        None,
    )


def recall(ranks: Sequence[int | None]) -> dict[str, float]:
    """r@1, r@5, r@10 and MRR@10 of the gold ranks (None: not found)."""
    n = max(1, len(ranks))
    found = [r for r in ranks if r is not None]
    return {
        "r@1": sum(r < 1 for r in found) / n,
        "r@5": sum(r < 5 for r in found) / n,
        "r@10": sum(r < 10 for r in found) / n,
        "mrr@10": sum(1 / (r + 1) for r in found) / n,
    }


def answer_engine(model: Any, settings: Settings | None = None) -> LlamaEngine:
    """The model loaded as the app loads it for answers (4096 tokens of context, the threads
    the settings give), for the evaluations and benchmarks of answer quality."""
    from troly.core.engine.llama import LlamaEngine

    settings = settings or Settings()
    return LlamaEngine(
        model,
        n_ctx=4096,
        threads=settings.effective_threads(),
        batch_threads=settings.effective_batch_threads(),
        burst_threads=settings.effective_burst_threads(),
    )


def gold_articles(question: dict[str, Any], gold: dict[str, Any]) -> list[tuple[str, str]]:
    """(file name, article) of each of an ALQAC question's gold articles."""
    return [(gold[g["law_id"]]["file"], g["article_id"]) for g in question["relevant_articles"]]


def grade(result: Result) -> None:
    a = result.answer
    if result.gold is not None and result.kind == "true_false":
        result.correct = a.verdict == result.gold
    elif result.gold is not None and result.kind == "choice":
        result.correct = a.choice == result.gold
    elif result.gold is not None:  # an essay: its key words (numbers above all) appear
        wanted = fold(result.gold).split()
        result.correct = all(w in fold(a.text) for w in wanted)
    cited = a.check.cited_numbers() if a.check else []
    result.cites_gold = any(
        is_gold_source(s.file, s.heading, s.passage or s.text, gf, art)
        for s in a.sources
        if s.number in cited
        for gf, art in result.gold_articles
    )
    raw = [int(n) for n in re.findall(r"\[(\d{1,2})\]", a.raw_text)]
    valid = range(1, len(a.sources) + 1)
    result.raw_invalid_citations = sum(n not in valid for n in raw)
    shown = [int(n) for n in re.findall(r"\[(\d{1,2})\]", a.text)]
    result.shown_invalid_citations = sum(n not in valid for n in shown)


def ask_one(
    engine: Engine,
    store: IndexStore,
    question: dict[str, Any],
    gold: dict[str, Any],
    collection: str = ALL,
) -> Result:
    kind = KIND.get(question.get("question_type", ""), "open")
    started = time.perf_counter()
    answer, pieces = ask(
        engine,
        store,
        question["text"],
        collection,
        choices=question.get("choices") or None,
        kind=kind,  # type: ignore[arg-type]
    )
    for _ in pieces:
        pass
    seconds = time.perf_counter() - started
    answer_gold = question.get("answer")
    result = Result(
        question_id=str(question.get("question_id", "")),
        kind=kind,
        gold=str(answer_gold).strip() if answer_gold is not None else None,
        gold_articles=gold_articles(question, gold),
        collection=collection,
        answer=answer,
        seconds=seconds,
    )
    if collection == ALL:
        grade(result)
    return result


def abstention_questions(
    questions: Sequence[dict[str, Any]], held_out: Sequence[str] = HELD_OUT_LAWS
) -> list[dict[str, Any]]:
    """The questions every gold article of which is in a held-out law."""
    return [q for q in questions if all(g["law_id"] in held_out for g in q["relevant_articles"])]


def run(
    engine: Engine,
    store: IndexStore,
    questions: Sequence[dict[str, Any]],
    gold: dict[str, Any],
    abstain: Sequence[dict[str, Any]] = (),
    progress: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Every question against the full collection, then the abstention ones against the
    partial one."""
    results = []
    for q in questions:
        results.append(ask_one(engine, store, q, gold, ALL))
        if progress:
            progress(results[-1])
    for q in abstain:
        results.append(ask_one(engine, store, q, gold, PARTIAL))
        if progress:
            progress(results[-1])
    return results


def in_form(question: dict[str, Any], form: str) -> dict[str, Any]:
    """The question as typed in one of forms.FORMS: its text in that form, and for the plain
    form its options without diacritics too (typed on the same keyboard). The gold answer, a
    verdict or a letter, is graded as in the written form."""
    key = str(question.get("question_id", ""))
    changed = {**question, "text": forms(question["text"], key)[form]}
    if form == "plain" and question.get("choices"):
        changed["choices"] = {k: plain(v) for k, v in question["choices"].items()}
    return changed


def run_forms(
    engine: Engine,
    store: IndexStore,
    questions: Sequence[dict[str, Any]],
    gold: dict[str, Any],
    abstain: Sequence[dict[str, Any]] = (),
    form_names: Sequence[str] = ("written",),
    progress: Callable[[Result], None] | None = None,
) -> dict[str, list[Result]]:
    """`run` once per form (forms.py); each Result's extra["form"] names its form."""
    by_form: dict[str, list[Result]] = {}
    for form in form_names:

        def tagged(r: Result, form: str = form) -> None:
            r.extra["form"] = form
            if progress:
                progress(r)

        asked = [in_form(q, form) for q in questions]
        held = [in_form(q, form) for q in abstain]
        by_form[form] = run(engine, store, asked, gold, held, tagged)
    return by_form


def _share(values: list[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def metrics(results: Sequence[Result]) -> dict[str, Any]:
    """The table's figures: shares (None where no question of that kind was asked)."""
    full = [r for r in results if r.collection == ALL]
    partial = [r for r in results if r.collection == PARTIAL]
    by_kind = {
        k: [r.correct for r in full if r.kind == k and r.correct is not None]
        for k in ("true_false", "choice", "open")
    }
    answered = [r for r in full if r.answer.found]
    claims = [c for r in full if r.answer.check for c in r.answer.check.claims]
    checked = [c for c in claims if c.supported is not None]
    llm = [r for r in results if r.answer.stats.prompt_tokens]
    return {
        "questions": len(full),
        "accuracy_true_false": _share([bool(c) for c in by_kind["true_false"]]),
        "accuracy_choice": _share([bool(c) for c in by_kind["choice"]]),
        "accuracy_open": _share([bool(c) for c in by_kind["open"]]),
        "n_true_false": len(by_kind["true_false"]),
        "n_choice": len(by_kind["choice"]),
        "n_open": len(by_kind["open"]),
        "citation_accuracy": _share([r.cites_gold for r in answered]),
        "not_found_on_indexed_laws": _share([not r.answer.found for r in full]),
        "n_answered": len(answered),
        "hallucinated_citations_raw": sum(r.raw_invalid_citations for r in full),
        "hallucinated_citations_shown": sum(r.shown_invalid_citations for r in full),
        "abstention": _share([not r.answer.found for r in partial]),
        # How many answers carry the note of a word no document holds (absent_words), on
        # left-out and on indexed laws. The note is shown beside the answer; it refuses nothing.
        "noted_a_word_left_out": sum(bool(r.answer.absent_words) for r in partial),
        "noted_a_word_indexed": sum(bool(r.answer.absent_words) for r in full),
        "n_abstention": len(partial),
        "sentences_supported": _share([bool(c.supported) for c in checked]),
        "sentences_corrected": _share([c.corrected for c in checked]),
        "median_prompt_tokens": _median([r.answer.stats.prompt_tokens for r in llm]),
        "median_new_prompt_tokens": _median(
            [r.answer.stats.prompt_tokens - r.answer.stats.reused_prompt_tokens for r in llm]
        ),
        "median_first_token_s": _median([r.answer.stats.first_token_seconds for r in llm]),
        "median_answer_s": _median([r.seconds for r in llm]),
        "median_generated_tokens": _median([r.answer.stats.generated_tokens for r in llm]),
    }


def _median(values: list[float] | list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


TABLE_ROWS = [
    ("accuracy_true_false", "Đúng/Sai accuracy", "n_true_false"),
    ("accuracy_choice", "multiple choice accuracy", "n_choice"),
    ("accuracy_open", "essay: gold words present", "n_open"),
    ("citation_accuracy", "citation accuracy (cites the gold article)", None),
    ("hallucinated_citations_shown", "hallucinated citations shown", None),
    ("hallucinated_citations_raw", "hallucinated citations written by the model", None),
    ("abstention", "abstention (law not indexed)", "n_abstention"),
    ("noted_a_word_left_out", "law not indexed: noted a word no document holds", "n_abstention"),
    ("not_found_on_indexed_laws", "'not found' on indexed laws", None),
    ("noted_a_word_indexed", "indexed laws: noted a word no document holds", None),
    ("sentences_supported", "sentences supported by a source", None),
    ("sentences_corrected", "sentences re-pointed to another source", None),
    ("median_prompt_tokens", "median prompt tokens", None),
    ("median_new_prompt_tokens", "median prompt tokens not served by the KV cache", None),
    ("median_first_token_s", "median time to first token (s)", None),
    ("median_answer_s", "median whole answer (s)", None),
    ("median_generated_tokens", "median answer tokens", None),
]


def table(figures: dict[str, Any], title: str) -> str:
    lines = [f"## {title}", "", "| measure | value | n |", "|---|---|---|"]
    for key, label, n_key in TABLE_ROWS:
        value = figures.get(key)
        if value is None:
            shown = "—"
        elif isinstance(value, float) and not key.startswith("median"):
            shown = f"{value:.3f}"
        elif isinstance(value, float):
            shown = f"{value:.1f}"
        else:
            shown = str(value)
        n = figures.get(n_key) if n_key else figures.get("questions")
        lines.append(f"| {label} | {shown} | {n} |")
    return "\n".join(lines)


def forms_table(figures: dict[str, dict[str, Any]], title: str) -> str:
    """TABLE_ROWS side by side, one column per form (forms.py)."""
    names = list(figures)
    lines = [
        f"## {title}",
        "",
        "| measure | " + " | ".join(names) + " | n |",
        "|---|" + "---|" * (len(names) + 1),
    ]
    for key, label, n_key in TABLE_ROWS:
        cells = []
        for f in names:
            value = figures[f].get(key)
            if value is None:
                cells.append("—")
            elif isinstance(value, float) and not key.startswith("median"):
                cells.append(f"{value:.3f}")
            elif isinstance(value, float):
                cells.append(f"{value:.1f}")
            else:
                cells.append(str(value))
        first = figures[names[0]] if names else {}
        n = first.get(n_key) if n_key else first.get("questions")
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {n} |")
    return "\n".join(lines)
