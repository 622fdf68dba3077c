"""The indicators × units table: figures matched across units, totals computed by code."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal

from troly.core.consolidate import checks, labels
from troly.core.consolidate.model import Cell, Consolidation, Figure, Indicator

HUNDRED = Decimal(100)
PLACES = Decimal("0.01")


def build(units: Sequence[str], found: Mapping[str, list[Figure]]) -> Consolidation:
    """The table of every unit's figures: each figure joins the indicator whose wording it
    matches (labels.same_indicator), a unit's table row before its sentences, so the cell
    shows the table's value and the sentence is a second source (or a disagreement)."""
    groups: list[tuple[frozenset[str], Indicator]] = []
    for unit in units:
        ordered = sorted(found.get(unit, []), key=lambda f: f.origin != "table")
        for figure in ordered:
            _place(groups, figure)
    indicators = [i for _, i in groups if _worth_showing(i)]
    for indicator in indicators:
        indicator.label = _display_label(indicator)
    consolidation = Consolidation(list(units), indicators)
    finish(consolidation)
    return consolidation


def _place(groups: list[tuple[frozenset[str], Indicator]], figure: Figure) -> None:
    words = labels.tokens(figure.label)
    if not words:
        return
    best, score = None, 0.0
    for key_words, indicator in groups:
        if indicator.percent != figure.percent:
            continue
        similarity = labels.similarity(key_words, words)
        if similarity >= labels.THRESHOLD and similarity > score:
            best, score = indicator, similarity
    if best is None:
        best = Indicator(" ".join(sorted(words)), figure.label, figure.percent)
        groups.append((words, best))
    best.wordings.add(figure.label)
    cell = best.cells.get(figure.unit)
    if cell is None:
        best.cells[figure.unit] = Cell(figure.value, [figure])
    elif not any(f.origin == figure.origin for f in cell.figures) or figure.origin == "text":
        cell.figures.append(figure)  # a second source: the table's row and the sentence


def _worth_showing(indicator: Indicator) -> bool:
    """An indicator from a table, or one stated by two units at least: a number a single
    sentence gives in passing ("có 12 cán bộ") is not an indicator of the report."""
    from_table = any(f.origin == "table" for c in indicator.cells.values() for f in c.figures)
    return from_table or len(indicator.cells) >= 2


def _display_label(indicator: Indicator) -> str:
    """The wording the most units' tables used ("Số hồ sơ tiếp nhận"), else the most common."""
    table_labels = Counter(
        f.label for c in indicator.cells.values() for f in c.figures if f.origin == "table"
    )
    counts = table_labels or Counter(f.label for c in indicator.cells.values() for f in c.figures)
    label = counts.most_common(1)[0][0]
    return label[:1].upper() + label[1:]


def finish(consolidation: Consolidation) -> None:
    """Totals and flags, computed again after every correction."""
    for indicator in consolidation.indicators:
        indicator.total, indicator.total_note = None, ""
        if not indicator.percent and indicator.cells:
            indicator.total = sum((c.value for c in indicator.cells.values()), Decimal(0))
    for indicator in consolidation.indicators:
        if indicator.percent:
            _rate_total(consolidation, indicator)
    consolidation.flags = checks.flags(consolidation)


def _rate_total(consolidation: Consolidation, rate: Indicator) -> None:
    """A rate over all units from the counts it divides ("Tỷ lệ hồ sơ giải quyết đúng hạn" =
    đúng hạn / giải quyết), never an average of the units' rates; the average only when the
    report has no such counts, and said so."""
    pair = counts_of(consolidation, rate)
    if pair is not None:
        numerator, denominator = pair
        units = [u for u in numerator.cells if u in denominator.cells]
        top = sum((numerator.cells[u].value for u in units), Decimal(0))
        bottom = sum((denominator.cells[u].value for u in units), Decimal(0))
        if bottom:
            rate.total = (top * HUNDRED / bottom).quantize(PLACES)
            rate.total_note = f"= {numerator.label} / {denominator.label}"
            return
    if rate.cells:
        values = [c.value for c in rate.cells.values()]
        rate.total = (sum(values, Decimal(0)) / len(values)).quantize(PLACES)
        rate.total_note = "bình quân các đơn vị"


def counts_of(consolidation: Consolidation, rate: Indicator) -> tuple[Indicator, Indicator] | None:
    """The numerator (the rate's words without "tỷ lệ") and the denominator (the largest
    count whose words are a part of the numerator's) of a rate, when the table has both."""
    words = rate.words() - {"tyle"}
    counts = [(i.words(), i) for i in consolidation.indicators if not i.percent]
    numerator = next((i for w, i in counts if w == words), None)
    if numerator is None:
        return None
    smaller = [(len(w), i) for w, i in counts if w < words and w]
    if not smaller:
        return None
    return numerator, max(smaller, key=lambda pair: pair[0])[1]
