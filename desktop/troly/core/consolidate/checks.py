"""What does not add up: a total unequal to its parts, a rate over 100%, a unit that does not
report an indicator most units report, a unit whose table and text give different figures."""

from __future__ import annotations

from decimal import Decimal

from troly.core.consolidate.model import Consolidation, Flag, Indicator
from troly.core.numbers import format_number


def flags(consolidation: Consolidation) -> list[Flag]:
    found: list[Flag] = []
    for indicator in consolidation.indicators:
        found.extend(_rate_over_100(indicator))
        found.extend(_missing(consolidation, indicator))
        found.extend(_table_text(indicator))
    found.extend(_sums(consolidation))
    return found


def _rate_over_100(indicator: Indicator) -> list[Flag]:
    if not indicator.percent:
        return []
    return [
        Flag(
            "rate_over_100",
            indicator.key,
            unit,
            f"{unit}: {indicator.label} là {format_number(cell.value, True)}, vượt 100%.",
        )
        for unit, cell in indicator.cells.items()
        if cell.value > 100
    ]


def _missing(consolidation: Consolidation, indicator: Indicator) -> list[Flag]:
    """Units without a figure for an indicator that at least half the units report."""
    reported = len(indicator.cells)
    if reported < 2 or reported * 2 < len(consolidation.units):
        return []
    return [
        Flag("missing_unit", indicator.key, unit, f"{unit} không báo cáo “{indicator.label}”.")
        for unit in consolidation.units
        if unit not in indicator.cells
    ]


def _table_text(indicator: Indicator) -> list[Flag]:
    out = []
    for unit, cell in indicator.cells.items():
        if cell.corrected:
            continue  # the user chose the value
        tables = {f.value for f in cell.figures if f.origin == "table"}
        texts = {f.value for f in cell.figures if f.origin == "text"}
        if tables and texts and tables != texts:
            out.append(
                Flag(
                    "table_text_mismatch",
                    indicator.key,
                    unit,
                    f"{unit}: “{indicator.label}” là "
                    f"{_values(tables, indicator.percent)} ở bảng nhưng "
                    f"{_values(texts, indicator.percent)} ở lời văn.",
                )
            )
    return out


def _values(values: set[Decimal], percent: bool) -> str:
    return ", ".join(format_number(v, percent) for v in sorted(values))


def parts_of(consolidation: Consolidation, whole: Indicator) -> list[Indicator]:
    """The counts that split `whole`: its words and one more each ("hồ sơ giải quyết" ->
    "… đúng hạn", "… trễ hạn"), two at least, so a lone qualified count is not taken for a
    breakdown."""
    words = whole.words()
    parts = [
        i
        for i in consolidation.indicators
        if not i.percent and i is not whole and _one_more(words, i.words())
    ]
    return parts if len(parts) >= 2 else []


def _one_more(words: frozenset[str], other: frozenset[str]) -> bool:
    return bool(words) and words < other and len(other - words) == 1


def _sums(consolidation: Consolidation) -> list[Flag]:
    out = []
    for whole in consolidation.indicators:
        if whole.percent:
            continue
        parts = parts_of(consolidation, whole)
        for unit, cell in whole.cells.items() if parts else ():
            if not all(unit in p.cells for p in parts):
                continue  # a part not reported: the sum cannot be checked
            added = sum((p.cells[unit].value for p in parts), Decimal(0))
            if added != cell.value:
                names = " + ".join(p.label for p in parts)
                out.append(
                    Flag(
                        "sum_mismatch",
                        whole.key,
                        unit,
                        f"{unit}: {whole.label} là {format_number(cell.value)} nhưng "
                        f"{names} = {format_number(added)}.",
                    )
                )
    return out
