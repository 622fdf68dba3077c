"""The official's corrections, applied to the table before anything is written: a matching
undone or made (merge two indicators, rename one) and a figure fixed."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from troly.core.consolidate.model import Cell, Consolidation, Indicator
from troly.core.consolidate.table import finish
from troly.core.errors import TrolyError


@dataclass(frozen=True)
class Rename:
    indicator: str  # key
    label: str


@dataclass(frozen=True)
class Merge:
    """`sources` join `into`: their wordings and cells; a unit in both keeps `into`'s value
    and gains the other's sources (a disagreement is then flagged as table vs text would be)."""

    sources: tuple[str, ...]
    into: str


@dataclass(frozen=True)
class SetValue:
    indicator: str
    unit: str
    value: Decimal


@dataclass(frozen=True)
class Remove:
    indicator: str


Edit = Rename | Merge | SetValue | Remove


def apply(consolidation: Consolidation, edits: Sequence[Edit]) -> Consolidation:
    """A corrected copy (the original is left as read); totals and flags computed again.
    An edit naming an indicator or unit the table does not have is a TrolyError."""
    result = copy.deepcopy(consolidation)
    for edit in edits:
        _apply_one(result, edit)
    finish(result)
    return result


def _apply_one(table: Consolidation, edit: Edit) -> None:
    if isinstance(edit, Rename):
        _find(table, edit.indicator).label = edit.label.strip() or edit.indicator
    elif isinstance(edit, Merge):
        into = _find(table, edit.into)
        for key in edit.sources:
            other = _find(table, key)
            if other is into:
                continue
            into.wordings |= other.wordings
            for unit, cell in other.cells.items():
                if unit in into.cells:
                    into.cells[unit].figures.extend(cell.figures)
                else:
                    into.cells[unit] = cell
            table.indicators.remove(other)
    elif isinstance(edit, SetValue):
        indicator = _find(table, edit.indicator)
        if edit.unit not in table.units:
            raise TrolyError(
                f"Không có đơn vị “{edit.unit}” trong bảng.", f"No unit “{edit.unit}”."
            )
        cell = indicator.cells.setdefault(edit.unit, Cell(edit.value))
        cell.value, cell.corrected = edit.value, True
    else:
        table.indicators.remove(_find(table, edit.indicator))


def _find(table: Consolidation, key: str) -> Indicator:
    try:
        return table.indicator(key)
    except KeyError:
        raise TrolyError(
            f"Không có chỉ tiêu “{key}” trong bảng.", f"No indicator “{key}”."
        ) from None


def from_json(items: Sequence[dict[str, object]]) -> list[Edit]:
    """Edits as a script or the CLI gives them: {"rename": key, "label": …}, {"merge": [keys],
    "into": key}, {"set": key, "unit": …, "value": "1.245"}, {"remove": key}."""
    from troly.core.numbers import parse_cell

    edits: list[Edit] = []
    for item in items:
        if "rename" in item:
            edits.append(Rename(str(item["rename"]), str(item.get("label", ""))))
        elif "merge" in item:
            sources = item["merge"]
            keys = tuple(str(k) for k in sources) if isinstance(sources, list) else (str(sources),)
            edits.append(Merge(keys, str(item.get("into", ""))))
        elif "set" in item:
            parsed = parse_cell(str(item.get("value", "")))
            if parsed is None:
                raise TrolyError(
                    f"Giá trị “{item.get('value')}” không phải là số.",
                    f"Value “{item.get('value')}” is not a number.",
                )
            edits.append(SetValue(str(item["set"]), str(item.get("unit", "")), parsed[0]))
        elif "remove" in item:
            edits.append(Remove(str(item["remove"])))
        else:
            raise TrolyError(f"Không hiểu yêu cầu sửa: {item}.", f"Unknown correction: {item}.")
    return edits
