"""A small slice of `make eval` in the test suite: ALQAC 2023 questions on three laws asked end
to end with the app's default instruction model (Qwen2.5-Coder-1.5B-Instruct), graded, with
floors that model clears and figures printed. The whole evaluation (100 questions, the scans
through OCR, summaries and drafts) is `make eval`."""

from __future__ import annotations

import random
import statistics
from typing import Any

import pytest
from tests.bench.conftest import AlqacIndex, report
from tests.eval import alqac

from troly.core.tasks.ask import SYSTEM_PROMPT

# Two laws the questions are asked on (of the full collection of 17), and one held out of the
# partial collection whose questions must be abstained from.
LAWS = ("Luật Hôn nhân và gia đình", "Luật Trọng tài thương mại", "Luật Viên chức")
HELD_OUT = ("Luật Viên chức",)
PER_KIND = {"Đúng/Sai": 4, "Trắc nghiệm": 3}
ABSTAIN = 2


def _sample(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A fixed random sample (not picked by hand) of each kind on the two asked laws."""
    rng = random.Random(2023)
    chosen = []
    for kind, n in PER_KIND.items():
        pool = [
            q
            for q in questions
            if q["question_type"] == kind
            and all(
                g["law_id"] in LAWS and g["law_id"] not in HELD_OUT for g in q["relevant_articles"]
            )
        ]
        chosen += rng.sample(pool, n)
    return chosen


@pytest.mark.timeout(2400)  # ~3 min on two quiet cores; much longer on a shared, busy machine
def test_answers_with_the_default_model(instruct_model: Any, alqac_index: AlqacIndex) -> None:
    gold = alqac.load_gold()
    questions = alqac.load_questions(alqac.EVAL_DIR / "train.json")
    asked = _sample(questions)
    abstain = random.Random(7).sample(alqac.abstention_questions(questions, HELD_OUT), ABSTAIN)
    engine = alqac.answer_engine(instruct_model)
    try:
        # Asked of every law (alqac.ALL); abstained from on the partial collection, which
        # leaves out the held-out laws (alqac.PARTIAL).
        results = alqac.run(engine, alqac_index.store, asked, gold, abstain)
        system_tokens = engine.count_tokens(SYSTEM_PROMPT)
    finally:
        engine.close()
    figures = alqac.metrics(results)
    graded = [r for r in results if r.correct is not None]
    shaped = [
        (r.answer.verdict if r.kind == "true_false" else r.answer.choice) is not None
        for r in graded
        if r.answer.found
    ]
    later = [r.answer.stats for r in results[1:] if r.answer.stats.prompt_tokens]
    report(
        "answer_quality",
        questions=len(graded),
        accuracy=sum(bool(r.correct) for r in graded) / len(graded),
        shaped=sum(shaped) / len(shaped),
        citation_accuracy=figures["citation_accuracy"] or 0.0,
        hallucinated_shown=figures["hallucinated_citations_shown"],
        hallucinated_raw=figures["hallucinated_citations_raw"],
        abstention=figures["abstention"] or 0.0,
        prompt_tokens=figures["median_prompt_tokens"] or 0.0,
        new_prompt_tokens=figures["median_new_prompt_tokens"] or 0.0,
        first_token_s=figures["median_first_token_s"] or 0.0,
        answer_s=figures["median_answer_s"] or 0.0,
        threads=f"{engine.threads}/{engine.batch_threads}",
    )
    for r in results:
        print(f"  {r.question_id} {r.correct} {' '.join(r.answer.text.split())[:100]}")

    # Every answer opens with the shape its question asks for, and no citation the user sees
    # names a source that is not there.
    assert shaped and sum(shaped) / len(shaped) >= 0.85
    assert figures["hallucinated_citations_shown"] == 0
    # Floors a 1.5B model clears on this slice: above chance (0.5 true/false, 0.25 choice,
    # 0.39 for this mix), citing the gold article on most answers. The full measure, on 100
    # questions, is `make eval`.
    assert sum(bool(r.correct) for r in graded) / len(graded) >= 3 / 7
    assert (figures["citation_accuracy"] or 0.0) >= 0.5
    # Abstention is printed, not asserted: relevance is the best passage's similarity now
    # (ask.MIN_SIMILARITY), and quiz statements on a left-out law score above it about half
    # the time (issue 22's note).
    # Small prompts, and the system prompt's KV cache serves every question after the first.
    assert (figures["median_prompt_tokens"] or 0) <= 800
    assert statistics.median(s.reused_prompt_tokens for s in later) >= system_tokens
