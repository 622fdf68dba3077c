"""Tổng hợp báo cáo on the generator's twelve units' reports (DOCX tables, PDFs in sentences, a
scan, a .doc, an XLSX annex): figures found, totals exact, every planted problem flagged, no
number in the narrative that the table does not show, and the time it took."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

from tests.core.consolidate.reports_factory import IDS, WORDING, make_reports

from conftest import report
from troly.core.consolidate import labels
from troly.core.consolidate.model import Consolidation, Indicator
from troly.core.consolidate.pipeline import consolidate_folder
from troly.core.numbers import numbers_in


def _indicator(table: Consolidation, ind: str) -> Indicator | None:
    """The table's indicator for a generator's id: the closest wording of the same kind."""
    words = labels.tokens(WORDING["A"][ind])
    kind = [i for i in table.indicators if i.percent == (ind == "ty_le")]
    best = max(kind, key=lambda i: labels.similarity(i.words(), words), default=None)
    return best if best is not None and labels.same_indicator(best.words(), words) else None


def _found(table: Consolidation, unit: str, ind: str, value: Decimal, origin: str) -> bool:
    indicator = _indicator(table, ind)
    cell = indicator.cells.get(unit) if indicator is not None else None
    return cell is not None and any(f.origin == origin and f.value == value for f in cell.figures)


def test_bench_consolidate(tmp_path: Path) -> None:
    truth = make_reports(tmp_path / "bao-cao")
    start = time.perf_counter()
    result = consolidate_folder(tmp_path / "bao-cao")
    seconds = time.perf_counter() - start
    table = result.table

    tables = [k for k, v in truth.tables.items() if _found(table, *k, v, "table")]
    texts = [k for k, v in truth.texts.items() if _found(table, *k, v, "text")]
    table_recall = len(tables) / len(truth.tables)
    text_recall = len(texts) / len(truth.texts)
    totals = truth.totals()
    exact = [i for i in IDS if (found := _indicator(table, i)) and found.total == totals[i]]
    flagged = {(f.kind, f.indicator, f.unit) for f in table.flags}
    planted = [
        p
        for p in truth.planted
        if (p[0], getattr(_indicator(table, p[1]), "key", ""), p[2]) in flagged
    ]
    allowed = table.values()
    stray = [n for p in result.points for n in numbers_in(p.text) if n not in allowed]
    report(
        "consolidate",
        units=len(truth.units),
        skipped=len(truth.skipped),
        table_figures=table_recall,
        sentence_figures=text_recall,
        totals_exact=f"{len(exact)}/{len(IDS)}",
        planted_flagged=f"{len(planted)}/{len(truth.planted)}",
        other_flags=len(table.flags) - len(planted),
        narrative_points=len(result.points),
        narrative_stray_numbers=len(stray),
        seconds=seconds,
    )
    assert table.units == truth.units
    assert table_recall >= 0.99, sorted(set(truth.tables) - set(tables))
    assert text_recall >= 0.9, sorted(set(truth.texts) - set(texts))
    assert len(exact) == len(IDS), {i: totals[i] for i in IDS if i not in exact}
    assert len(planted) == len(truth.planted), (truth.planted, table.flags)
    assert len(table.flags) == len(planted), table.flags  # and nothing else
    assert stray == []
    assert result.points
