"""Everyday questions (tests/eval/everyday.json): what people ask about the ALQAC 2023 laws in
their own words ("Mấy tuổi thì cho con vào lớp 1?"), each asked in three forms (forms.py: as
written, without diacritics, spoken with a wrong tone), searched and answered end to end.

- retrieval: the rank of the gold article among the top 10 passages of store.search, per form;
  and the best similarity (cosine of the question to a passage) of questions the collection can
  answer vs questions on a law left out of it, so the relevance threshold can be seen;
- answers: questions on indexed laws asked against the full collection (refused, short answer
  right, cites the gold article, invented citation numbers), questions on the laws the
  partial collection leaves out asked against it (abstained), and the time they took;
- the floors the answers must clear (FLOORS), printed ✓/✗ beside each figure.

A short answer is right when every one of the item's answer_terms appears in the answer,
compared by `terms_tokens`: folded (no case, no diacritics: "Uỷ" == "Ủy"), punctuation dropped,
numbers without leading zeros ("07" == "7"), and a number written in words before a unit of age,
time or count written in digits ("hai mươi mốt tuổi" == "21 tuổi", "năm năm" == "5 năm").
"""

from __future__ import annotations

import json
import re
import statistics
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.eval import alqac
from tests.eval.forms import FORMS, forms

from troly.core.engine.base import Engine
from troly.core.index.store import IndexStore
from troly.core.tasks.ask import Answer, ask
from troly.core.text import fold

EVERYDAY = Path(__file__).with_name("everyday.json")
TOP_K = 10
# The similarity that decides relevance is the best of the passages the ask path keeps (its
# top_k), so the distributions are of the best among the first ASK_TOP_K hits.
ASK_TOP_K = 5


def load_everyday(path: Path = EVERYDAY) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))


# --- questions of either set: everyday.json ({"id", "law_id", "article_id"}) and ALQAC
# ({"question_id", "relevant_articles": [{"law_id", "article_id"}]}) ---


def question_id(q: dict[str, Any]) -> str:
    return str(q.get("id") or q.get("question_id") or "")


def articles(q: dict[str, Any]) -> list[tuple[str, str]]:
    """(law_id, article_id) of each gold article."""
    if "relevant_articles" in q:
        return [(g["law_id"], str(g["article_id"])) for g in q["relevant_articles"]]
    return [(q["law_id"], str(q["article_id"]))]


def laws_of(q: dict[str, Any]) -> set[str]:
    return {law for law, _ in articles(q)}


def gold_law_name(gold: dict[str, Any], law_id: str) -> str:
    """gold.json's key for a law, its name matched without regard to case ("Bộ luật dân sự"
    / "Bộ luật Dân sự")."""
    if law_id in gold:
        return law_id
    by_case = {k.casefold(): k for k in gold}
    return by_case[law_id.casefold()]


def gold_law(gold: dict[str, Any], law_id: str) -> dict[str, Any]:
    """gold.json's entry for a law (gold_law_name)."""
    return gold[gold_law_name(gold, law_id)]


def gold_files(q: dict[str, Any], gold: dict[str, Any]) -> list[tuple[str, str]]:
    """(file name, article) of each gold article."""
    return [(gold_law(gold, law)["file"], art) for law, art in articles(q)]


def is_left_out(q: dict[str, Any], held_out: Sequence[str] = alqac.HELD_OUT_LAWS) -> bool:
    """Every gold article is in a law the partial collection leaves out."""
    held = {h.casefold() for h in held_out}
    return all(law.casefold() in held for law in laws_of(q))


def in_laws(q: dict[str, Any], laws: Sequence[str]) -> bool:
    """Every gold article is in one of `laws` (the indexed ones)."""
    wanted = {law.casefold() for law in laws}
    return all(law.casefold() in wanted for law in laws_of(q))


def form_texts(q: dict[str, Any], names: Sequence[str] = FORMS) -> dict[str, str]:
    all_forms = forms(q["text"], question_id(q))
    return {name: all_forms[name] for name in names}


# --- retrieval ---


def _best_similarity(hits: Sequence[Any]) -> float | None:
    return max((h.similarity for h in hits[:ASK_TOP_K] if h.similarity is not None), default=None)


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile (0-100), linearly interpolated between the closest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def distribution(values: Sequence[float]) -> dict[str, float | int | None]:
    return {
        "n": len(values),
        "median": statistics.median(values) if values else None,
        "p10": percentile(values, 10),
        "p90": percentile(values, 90),
    }


def retrieval(
    store: IndexStore,
    questions: Sequence[dict[str, Any]],
    collection: str,
    gold: dict[str, Any] | None = None,
    form_names: Sequence[str] = FORMS,
    partial: str | None = alqac.PARTIAL,
    held_out: Sequence[str] = alqac.HELD_OUT_LAWS,
) -> dict[str, Any]:
    """Each question in each form searched in `collection` (which holds every gold law):
    recall@1/5/10 and MRR@10 of its gold article, per form and over all forms; and the best
    similarity among the first ASK_TOP_K hits, of the questions `collection` answers (those not
    on a held-out law) and of the questions on held-out laws searched in `partial`, the
    collection that leaves them out."""
    gold = gold if gold is not None else alqac.load_gold()
    ranks: dict[str, list[int | None]] = {f: [] for f in form_names}
    answerable_sim: dict[str, list[float]] = {f: [] for f in form_names}
    left_out_sim: dict[str, list[float]] = {f: [] for f in form_names}
    per_question: dict[str, dict[str, Any]] = {}
    for q in questions:
        golds = gold_files(q, gold)
        left_out = is_left_out(q, held_out)
        row: dict[str, Any] = {}
        for form, text in form_texts(q, form_names).items():
            hits = store.search(text, collection, TOP_K)
            rank = alqac.gold_rank(hits, golds)
            ranks[form].append(rank)
            best = _best_similarity(hits)
            row[form] = {"rank": rank, "similarity": best}
            if left_out and partial is not None:
                best_left = _best_similarity(store.search(text, partial, TOP_K))
                row[form]["similarity_left_out"] = best_left
                if best_left is not None:
                    left_out_sim[form].append(best_left)
            elif best is not None and not left_out:
                answerable_sim[form].append(best)
        per_question[question_id(q)] = row
    by_form = {
        form: {
            "n": len(ranks[form]),
            **alqac.recall(ranks[form]),
            "similarity_answerable": distribution(answerable_sim[form]),
            "similarity_left_out": distribution(left_out_sim[form]),
        }
        for form in form_names
    }
    pooled = [r for form in form_names for r in ranks[form]]
    return {
        "collection": collection,
        "questions": len(questions),
        "left_out": sum(is_left_out(q, held_out) for q in questions),
        "forms": by_form,
        "overall": {"n": len(pooled), **alqac.recall(pooled)},
        "per_question": per_question,
    }


def retrieval_table(figures: dict[str, Any], title: str) -> str:
    forms_ = list(figures["forms"])
    lines = [
        f"## {title}",
        "",
        f"{figures['questions']} questions searched in {figures['collection']!r} "
        f"({figures['left_out']} on laws the partial collection leaves out); "
        f"best similarity among the first {ASK_TOP_K} hits.",
        "",
        "| measure | " + " | ".join(forms_) + " | all forms |",
        "|---|" + "---|" * (len(forms_) + 1),
    ]
    for key in ("r@1", "r@5", "r@10", "mrr@10"):
        cells = [f"{figures['forms'][f][key]:.3f}" for f in forms_]
        lines.append(f"| {key} | " + " | ".join(cells) + f" | {figures['overall'][key]:.3f} |")
    for key, label in (
        ("similarity_answerable", "best similarity, answerable"),
        ("similarity_left_out", "best similarity, law left out"),
    ):
        cells = []
        for f in forms_:
            d = figures["forms"][f][key]
            cells.append(
                "—"
                if d["median"] is None
                else f"{d['median']:.3f} ({d['p10']:.3f}–{d['p90']:.3f}) n={d['n']}"
            )
        lines.append(f"| {label}: median (p10–p90) | " + " | ".join(cells) + " | |")
    return "\n".join(lines)


# --- answers ---

# Units after which a number is written in digits or in words alike.
_UNITS = {"tuổi", "năm", "tháng", "tuần", "ngày", "giờ", "phút", "lần", "người", "kg"}
_UNIT_DIGITS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
}  # fmt: skip
_AFTER_TENS = {**_UNIT_DIGITS, "mốt": 1, "tư": 4, "lăm": 5}
_TOKEN = re.compile(r"[^\W_]+|%")


def _number_words(tokens: list[str], i: int) -> tuple[int, int] | None:
    """The number written in words at tokens[i:] (1 to 99) and how many tokens it takes."""
    t = tokens[i] if i < len(tokens) else ""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if t == "mười":
        if nxt in _AFTER_TENS and nxt not in ("mốt", "tư"):
            return 10 + _AFTER_TENS[nxt], 2
        return 10, 1
    if t in _UNIT_DIGITS:
        if nxt == "mươi":
            after = tokens[i + 2] if i + 2 < len(tokens) else ""
            if after in _AFTER_TENS:
                return _UNIT_DIGITS[t] * 10 + _AFTER_TENS[after], 3
            return _UNIT_DIGITS[t] * 10, 2
        return _UNIT_DIGITS[t], 1
    return None


def terms_tokens(text: str) -> list[str]:
    """The comparable words of a text: see the module's docstring."""
    tokens = _TOKEN.findall(unicodedata.normalize("NFC", text).lower())
    out: list[str] = []
    i = 0
    while i < len(tokens):
        number = _number_words(tokens, i)
        if number and i + number[1] < len(tokens) and tokens[i + number[1]] in _UNITS:
            out.append(str(number[0]))
            i += number[1]
            continue
        t = tokens[i]
        out.append(str(int(t)) if t.isdigit() else fold(t))
        i += 1
    return out


def has_term(term: str, text: str) -> bool:
    wanted = " " + " ".join(terms_tokens(term)) + " "
    return wanted in " " + " ".join(terms_tokens(text)) + " "


_CITATION = re.compile(r"\[(\d{1,2})\]")


def invented_citations(text: str, answer: Answer) -> int:
    """Citation numbers in `text` that name none of the answer's sources."""
    numbers = {s.number for s in answer.sources}
    return sum(int(n) not in numbers for n in _CITATION.findall(text))


@dataclass
class Asked:
    question_id: str
    form: str
    text: str
    collection: str
    answerable: bool  # False: a question on a law the collection leaves out
    answer: Answer
    seconds: float
    correct: bool | None = None  # every answer term present (answerable questions)
    cites_gold: bool = False
    invented: int = 0  # citation numbers the user is shown that name no source
    invented_raw: int = 0  # the same in what the model wrote, before the check

    @property
    def refused(self) -> bool:
        return not self.answer.found

    def as_json(self) -> dict[str, Any]:
        a = self.answer
        return {
            "id": self.question_id,
            "form": self.form,
            "text": self.text,
            "collection": self.collection,
            "answerable": self.answerable,
            "found": a.found,
            "correct": self.correct,
            "cites_gold": self.cites_gold,
            "invented_citations": self.invented,
            "invented_citations_raw": self.invented_raw,
            "answer": a.text,
            "raw_answer": a.raw_text,
            "notes": a.notes,
            "absent_words": a.absent_words,
            "missing_laws": a.missing_laws,
            "prompt_tokens": a.stats.prompt_tokens,
            "first_token_s": round(a.stats.first_token_seconds, 2),
            "seconds": round(self.seconds, 2),
            "sources": [f"[{s.number}] {Path(s.file).name} {s.heading}" for s in a.sources],
        }


def grade(asked: Asked, q: dict[str, Any], gold: dict[str, Any]) -> None:
    a = asked.answer
    asked.invented = invented_citations(a.text, a)
    asked.invented_raw = invented_citations(a.raw_text, a)
    if not asked.answerable:
        return
    terms = q.get("answer_terms") or []
    asked.correct = a.found and bool(terms) and all(has_term(t, a.text) for t in terms)
    cited = a.check.cited_numbers() if a.check else []
    golds = gold_files(q, gold)
    asked.cites_gold = any(
        alqac.is_gold_source(s.file, s.heading, s.passage or s.text, f, art)
        for s in a.sources
        if s.number in cited
        for f, art in golds
    )


def ask_form(
    engine: Engine,
    store: IndexStore,
    q: dict[str, Any],
    form: str,
    text: str,
    collection: str,
    answerable: bool,
    gold: dict[str, Any],
) -> Asked:
    started = time.perf_counter()
    answer, pieces = ask(engine, store, text, collection, choices=None, kind=None)
    for _ in pieces:
        pass
    seconds = time.perf_counter() - started
    asked = Asked(question_id(q), form, text, collection, answerable, answer, seconds)
    grade(asked, q, gold)
    return asked


def answers(
    engine: Engine,
    store: IndexStore,
    questions: Sequence[dict[str, Any]],
    gold: dict[str, Any] | None = None,
    form_names: Sequence[str] = FORMS,
    left_out_forms: Sequence[str] | None = None,
    full: str = alqac.ALL,
    partial: str = alqac.PARTIAL,
    held_out: Sequence[str] = alqac.HELD_OUT_LAWS,
    progress: Callable[[Asked], None] | None = None,
) -> list[Asked]:
    """Each answerable question in each form against `full`; each question on a held-out law
    in each of `left_out_forms` (default: the same forms) against `partial`."""
    gold = gold if gold is not None else alqac.load_gold()
    results: list[Asked] = []
    for q in questions:
        left_out = is_left_out(q, held_out)
        names = (
            (left_out_forms if left_out_forms is not None else form_names)
            if left_out
            else form_names
        )
        for form, text in form_texts(q, names).items():
            collection = partial if left_out else full
            results.append(ask_form(engine, store, q, form, text, collection, not left_out, gold))
            if progress:
                progress(results[-1])
    return results


def _share(values: Sequence[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def _median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def form_metrics(results: Sequence[Asked], recall_at_5: float | None = None) -> dict[str, Any]:
    answerable = [r for r in results if r.answerable]
    left_out = [r for r in results if not r.answerable]
    answered = [r for r in answerable if not r.refused]
    llm = [r for r in results if r.answer.stats.prompt_tokens]
    return {
        "n_answerable": len(answerable),
        "n_left_out": len(left_out),
        "n_answered": len(answered),
        "refused": _share([r.refused for r in answerable]),
        "accuracy": _share([bool(r.correct) for r in answerable]),
        "citation_accuracy": _share([r.cites_gold for r in answered]),
        "invented_citations": sum(r.invented for r in results),
        "invented_citations_raw": sum(r.invented_raw for r in results),
        "abstention": _share([r.refused for r in left_out]),
        "recall@5": recall_at_5,
        "median_first_token_s": _median([r.answer.stats.first_token_seconds for r in llm]),
        "median_answer_s": _median([r.seconds for r in llm]),
    }


# The floors of the issue: (figure, check of a form's value given the written form's figures).
# A check returns None where it cannot be judged (no question of that kind asked).
Check = Callable[[Any, dict[str, Any], str], bool | None]


def _at_most(limit: float) -> Check:
    return lambda v, written, form: None if v is None else v <= limit


def _at_least(limit: float) -> Check:
    return lambda v, written, form: None if v is None else v >= limit


def _near_written(key: str, slack: float, written_floor: float | None = None) -> Check:
    def check(v: Any, written: dict[str, Any], form: str) -> bool | None:
        if v is None:
            return None
        if form == "written":
            return None if written_floor is None else v >= written_floor
        w = written.get(key)
        return None if w is None else v >= w - slack

    return check


FLOORS: dict[str, tuple[str, Check]] = {
    "refused": ("≤ 0.05", _at_most(0.05)),
    "accuracy": ("written ≥ 0.7; others ≥ written − 0.05", _near_written("accuracy", 0.05, 0.7)),
    "citation_accuracy": ("≥ 0.85", _at_least(0.85)),
    "invented_citations": ("= 0", _at_most(0)),
    "abstention": ("≥ 0.8", _at_least(0.8)),
    "recall@5": ("others ≥ written − 0.02", _near_written("recall@5", 0.02)),
    "median_first_token_s": ("≤ 10 s", _at_most(10)),
    "median_answer_s": ("≤ 20 s", _at_most(20)),
}


def metrics(
    results: Sequence[Asked], retrieval_figures: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Per form: the figures (form_metrics) and, for each floor, whether it is met (None where
    it cannot be judged)."""
    names = list(dict.fromkeys(r.form for r in results))
    recall = (retrieval_figures or {}).get("forms", {})
    by_form = {
        f: form_metrics([r for r in results if r.form == f], recall.get(f, {}).get("r@5"))
        for f in names
    }
    written = by_form.get("written", {})
    floors = {
        f: {key: check(by_form[f][key], written, f) for key, (_, check) in FLOORS.items()}
        for f in names
    }
    met = [v for per in floors.values() for v in per.values() if v is not None]
    return {"forms": by_form, "floors": floors, "all_floors_met": all(met)}


TABLE_ROWS = [
    ("refused", "answerable questions refused"),
    ("accuracy", "short answer right (every answer term)"),
    ("citation_accuracy", "cites the gold article (of answered)"),
    ("invented_citations", "citation numbers naming no source, shown"),
    ("invented_citations_raw", "the same, written by the model"),
    ("abstention", "abstained, law left out of the collection"),
    ("recall@5", "gold article in the first 5 passages"),
    ("median_first_token_s", "median time to first token (s)"),
    ("median_answer_s", "median whole answer (s)"),
]


def _shown(key: str, value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and key.startswith("median"):
        return f"{value:.1f}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def table(figures: dict[str, Any], title: str = "Everyday questions") -> str:
    by_form = figures["forms"]
    names = list(by_form)
    counts = ", ".join(
        f"{f}: {by_form[f]['n_answerable']} answerable, {by_form[f]['n_left_out']} on left-out laws"
        for f in names
    )
    lines = [
        f"## {title}",
        "",
        counts,
        "",
        "| measure | " + " | ".join(names) + " | floor |",
        "|---|" + "---|" * (len(names) + 1),
    ]
    for key, label in TABLE_ROWS:
        cells = []
        for f in names:
            cell = _shown(key, by_form[f].get(key))
            ok = figures["floors"][f].get(key)
            if ok is not None:
                cell += " ✓" if ok else " ✗"
            cells.append(cell)
        floor = FLOORS[key][0] if key in FLOORS else ""
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {floor} |")
    lines.append("")
    lines.append("all floors met: " + ("✓" if figures["all_floors_met"] else "✗"))
    return "\n".join(lines)
