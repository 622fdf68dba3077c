"""A slice of the everyday questions of `make eval` (tests/eval/everyday.py) in the test suite:
8 answerable questions, a fixed random sample (random.Random(22), not picked by hand), each
asked in three forms (as written, without diacritics, spoken with one wrong tone) of the full
collection, and 3 questions on laws the partial collection leaves out, asked of it as written,
end to end with the app's default instruction model (Qwen2.5-Coder-1.5B-Instruct). Over the
session's index of the 17 law files (alqac_index in conftest.py, shared with the other ALQAC
benches); the whole set is `make eval`.

The per-form table shows the issue's floors (measured on the whole set by `make eval`); this
slice asserts, on 8 questions: at most 2 of 8 refused in each form, the plain and spoken forms
within two right answers of the written one, no citation number shown that names no source."""

from __future__ import annotations

import random
from typing import Any

import pytest
from tests.bench.conftest import AlqacIndex, report
from tests.eval import alqac, everyday
from tests.eval.forms import FORMS

ANSWERABLE = 8
LEFT_OUT = 3


def _sample() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    pool = everyday.load_everyday()
    rng = random.Random(22)
    answerable = rng.sample([q for q in pool if not everyday.is_left_out(q)], ANSWERABLE)
    left_out = rng.sample([q for q in pool if everyday.is_left_out(q)], LEFT_OUT)
    return answerable, left_out


@pytest.mark.timeout(2400)  # ~5 min on two quiet cores; much longer on a shared, busy machine
def test_everyday_answers_in_three_forms(instruct_model: Any, alqac_index: AlqacIndex) -> None:
    gold = alqac.load_gold()
    answerable, left_out = _sample()
    engine = alqac.answer_engine(instruct_model)
    try:
        results = everyday.answers(
            engine,
            alqac_index.store,
            answerable + left_out,
            gold,
            FORMS,
            left_out_forms=("written",),
        )
    finally:
        engine.close()
    figures = everyday.metrics(results)
    by_form = figures["forms"]
    for form, f in by_form.items():
        report(
            f"everyday_answers_{form}",
            answerable=f["n_answerable"],
            refused=f["refused"] or 0.0,
            accuracy=f["accuracy"] or 0.0,
            citation_accuracy=f["citation_accuracy"] or 0.0,
            invented_shown=f["invented_citations"],
            invented_raw=f["invented_citations_raw"],
            left_out=f["n_left_out"],
            abstention=f["abstention"] if f["abstention"] is not None else "—",
            first_token_s=f["median_first_token_s"] or 0.0,
            answer_s=f["median_answer_s"] or 0.0,
        )
    print(everyday.table(figures, "Everyday questions: slice of 8 + 3"))
    for r in results:
        mark = "abstained" if not r.answerable and r.refused else r.correct
        print(f"  {r.question_id} {r.form:<7} {mark} {' '.join(r.answer.text.split())[:300]}")

    for form in FORMS:
        refused = sum(r.refused for r in results if r.form == form and r.answerable)
        assert refused <= 2, (form, refused)
    # The same questions typed without accents or spoken with a slip are answered about as
    # well as written (same run, same sample: at most two answers of eight apart).
    right = {
        form: sum(bool(r.correct) for r in results if r.form == form and r.answerable)
        for form in FORMS
    }
    assert all(right[form] >= right["written"] - 2 for form in FORMS), right
    assert sum(r.invented for r in results) == 0
    # Accuracy and abstention are printed, not asserted: on this slice's first run the 1.5B
    # model got 2 of 8 written answers right and abstained from 0 of 3 questions on a left-out
    # law (their passages of other laws scored above ask.MIN_SIMILARITY); the floors
    # (0.7 and 0.8) are not met, see its note.
