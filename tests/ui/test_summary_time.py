"""The summary's time left is the pipeline's measured estimate shown as a range, and the last
message counts the whole work across resumed runs (it said "Xong trong 142 giây" for a
summary that took 35 minutes over three runs)."""

from __future__ import annotations

from typing import Any

from troly.core.summarize.model import Progress, Stats, Summary
from troly.ui.summary_time import SummaryWords, TimeLeft


def step(left: float | None) -> Progress:
    return Progress("map", 1, 5, 1, 4, left)


def test_the_range_is_the_measured_estimate_a_little_either_side() -> None:
    left = TimeLeft()
    assert left.update(step(None)) is None  # nothing timed yet in this run
    low, high = left.update(step(100.0))
    assert low <= 100 <= high
    assert low >= 80 and high <= 120  # within the ±30% the estimate is held to
    assert left.update(step(1.0)) == (5, 5)  # rounded to 5 s, never "0 s"


def summary(work: float, this_run: float) -> Summary:
    stats = Stats(work_seconds=work, run_work_seconds=this_run)
    stats.timings["total"] = this_run
    return Summary("bullets", [], {}, [], [], [], [], [], stats)


def test_the_last_message_counts_the_earlier_runs(qapp: Any) -> None:
    words = SummaryWords()
    resumed = summary(work=35 * 60, this_run=142)
    resumed.sections = [object()] * 4
    assert words.done_message(resumed) == "Done: 4 sections, 35 min in all (142 s this time)."
    fresh = summary(work=50, this_run=52)  # reading the files counts too
    assert words.done_message(fresh) == "Done: 0 sections, 52 s in all (52 s this time)."
