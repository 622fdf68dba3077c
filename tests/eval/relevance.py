"""Which measure tells best whether the passages found are about the question (issue 22, point
2): the best passage's own similarity to the question; the best similarity of what the answer
prompt shows of a passage (its excerpt: what the ask path uses, ask.about_question), or of any
one of its clauses; or the model's own judgment, read from its first-token scores for "Có" /
"Không" after the very passages the answer prompt shows, raw and calibrated (the same judgment
for a content-free question subtracted, as for verdicts).

The everyday questions (everyday.json) are searched in the partial collection, which lacks three
laws: a question on an indexed law should pass, one on a left-out law should not. For each
measure: the share of left-out questions refused when the threshold lets through all but 5% of
the answerable ones (the issue's floor for refused answerable questions), and the area under
its curve.

    python -m tests.eval.relevance [--forms written,plain] [--model GGUF] [--no-judgment]

A development measurement, run by hand: it takes about 25 minutes on 2 cores with the model's
judgment, 12 without (indexing takes 4). private_test.json is never read."""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.eval import alqac, everyday
from tests.eval.forms import FORMS

from troly.core.engine.base import ChatMessage, Engine
from troly.core.index.store import IndexStore
from troly.core.index.vectors import passage_text
from troly.core.tasks.ask import (
    SHORT_ANSWER_TOKENS,
    about_question,
    build_prompt,
    found_passages,
)
from troly.core.tasks.excerpt import split_units
from troly.core.tasks.question import parse_question
from troly.core.words import text_for_meaning

JUDGMENT = (
    "Câu hỏi: {question}\n"
    "Các nguồn trên có nêu điều mà câu hỏi này hỏi không? Chỉ trả lời Có hoặc Không."
)
REFUSED_AT_MOST = 0.05


@dataclass
class Judged:
    question_id: str
    form: str
    left_out: bool
    similarity: float
    judgment: float  # log P(Có) - log P(Không); nan when not asked (--no-judgment)
    calibrated: float  # the same less that of a content-free question over the same passages
    shown: float  # the best similarity of what the prompt shows of a passage (its excerpt)
    clause: float  # the best similarity of any one clause of the passages found


def judge(
    engine: Engine, store: IndexStore, text: str, collection: str, model_judges: bool = True
) -> tuple[float, float, float, float, float] | None:
    q = parse_question(text)
    hits = found_passages(store, q, collection, everyday.ASK_TOP_K)
    if not hits or store.embedder is None:
        return None
    similarity = max((h.similarity or 0.0) for h in hits)
    messages, sources = build_prompt(engine, q, hits, SHORT_ANSWER_TOKENS)
    shown = about_question(store, q, hits, sources) or 0.0  # what the ask path judges by
    # Each clause compared with the question as search by meaning reads it (as about_question).
    asked = store.embedder.query(text_for_meaning(q.words, [h.text for h in hits]))
    clauses = [passage_text(h.heading, u) for h in hits for u in split_units(h.text)]
    clause = max(store.embedder.passages(clauses) @ asked) if clauses else 0.0
    if not model_judges:
        return similarity, math.nan, math.nan, shown, float(clause)
    passages = messages[-1].content[: -len(q.prompt_block())]

    def score(question: str) -> float:
        asked = [messages[0], ChatMessage("user", passages + JUDGMENT.format(question=question))]
        (yes, no), _ = engine.first_token_logprobs(asked, ["Có", "Không"])  # type: ignore[attr-defined]
        return yes - no

    neutral = score("N/A")
    real = score(q.text)
    return similarity, real, real - neutral, shown, float(clause)


def separation(answerable: Sequence[float], left_out: Sequence[float]) -> tuple[float, float]:
    """(share of left-out refused at the threshold refusing at most 5% of the answerable,
    threshold): a higher score means "about the question"."""
    ranked = sorted(answerable)
    allowed = int(REFUSED_AT_MOST * len(ranked))
    threshold = ranked[allowed] if ranked else 0.0  # refuse scores strictly below it
    return sum(v < threshold for v in left_out) / max(1, len(left_out)), threshold


def area_under_curve(answerable: Sequence[float], left_out: Sequence[float]) -> float:
    """The chance that an answerable question scores above a left-out one (ties count half):
    how well the measure separates them whatever the threshold."""
    pairs = [(a, b) for a in answerable for b in left_out]
    if not pairs:
        return 0.0
    return sum(1.0 if a > b else 0.5 if a == b else 0.0 for a, b in pairs) / len(pairs)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.eval.relevance", description=__doc__)
    p.add_argument("--forms", default="written,plain")
    p.add_argument("--model", type=Path)
    p.add_argument(
        "--no-judgment", action="store_true", help="similarities only: the model judges nothing"
    )
    args = p.parse_args(argv)
    names = [f for f in args.forms.split(",") if f in FORMS]

    from troly.core.config import Paths, Settings
    from troly.core.index.sync import sync_collection
    from troly.core.models.library import install_default_model
    from troly.core.models.manifest import load_manifest
    from troly.core.models.verify import verify_model
    from troly.core.policy import load_policy
    from troly.core.vault import forget_database_key, open_encrypted_database

    manifest, machine = load_manifest(), load_policy()
    model = (
        verify_model(args.model, manifest, policy=machine)
        if args.model
        else install_default_model(Paths.resolve(None), manifest, policy=machine)
    )
    gold = alqac.load_gold()
    laws = [
        law for law in gold if law not in alqac.HELD_OUT_LAWS and "-scan" not in gold[law]["file"]
    ]
    db = Path(tempfile.mkdtemp(prefix="troly-relevance-")) / "eval.db"
    store = IndexStore(open_encrypted_database(db))
    engine = alqac.answer_engine(model, Settings())
    rows: list[Judged] = []
    try:
        sync_collection(store, alqac.PARTIAL, alqac.law_files(gold, laws))
        items = [
            q
            for q in everyday.load_everyday()
            if everyday.in_laws(q, laws) or everyday.is_left_out(q)
        ]
        for item in items:
            for form, text in everyday.form_texts(item, names).items():
                judged = judge(engine, store, text, alqac.PARTIAL, not args.no_judgment)
                if judged is None:
                    continue
                rows.append(Judged(item["id"], form, everyday.is_left_out(item), *judged))
                print(rows[-1], flush=True)
    finally:
        engine.close()
        store.db.close()
        forget_database_key(db)
    print(f"\n{len(rows)} searches, {sum(r.left_out for r in rows)} on left-out laws")
    print(f"Left-out refused with at most {REFUSED_AT_MOST:.0%} of the answerable refused:")
    for measure in ("similarity", "judgment", "calibrated", "shown", "clause"):
        answerable = [getattr(r, measure) for r in rows if not r.left_out]
        left_out = [getattr(r, measure) for r in rows if r.left_out]
        if any(math.isnan(v) for v in answerable + left_out):
            continue  # not measured (--no-judgment)
        share, threshold = separation(answerable, left_out)
        auc = area_under_curve(answerable, left_out)
        print(
            f"  {measure:<11} {share:.2f} (threshold {threshold:.3f}; area under curve {auc:.3f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
