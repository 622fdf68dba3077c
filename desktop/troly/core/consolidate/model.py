"""What a consolidation is made of: figures with their sources, the table, its flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from troly.core.numbers import format_number

Origin = Literal["table", "text"]


@dataclass(frozen=True)
class Source:
    """Where a figure was read: the file, its page, and the cell ("Biểu 01!C7", "bảng 1, dòng
    4") or the sentence that states it."""

    file: str
    page: int
    where: str

    def label(self) -> str:
        name = self.file.rsplit("/", 1)[-1]
        return f"{name}, tr. {self.page}, {self.where}"


@dataclass(frozen=True)
class Figure:
    """One figure a unit reports: its label as the unit wrote it, its value, and its source."""

    unit: str
    label: str
    value: Decimal
    percent: bool
    origin: Origin
    source: Source


@dataclass
class Cell:
    """A unit's value for an indicator and every figure it was read from (a table row and a
    sentence may both state it)."""

    value: Decimal
    figures: list[Figure] = field(default_factory=list)
    corrected: bool = False  # the user typed this value


@dataclass
class Indicator:
    key: str  # stable id: the first wording's sorted tokens
    label: str  # as shown: the wording most units used
    percent: bool
    cells: dict[str, Cell] = field(default_factory=dict)  # unit -> cell
    wordings: set[str] = field(default_factory=set)
    total: Decimal | None = None  # sum of counts, or the rate computed from the totals
    total_note: str = ""  # how the total was computed, for a rate

    def words(self) -> frozenset[str]:
        """The words the indicator was matched on (labels.tokens of its first wording): a
        renamed indicator keeps them, so its parts and its rate are still found."""
        return frozenset(self.key.split())


FlagKind = Literal["sum_mismatch", "rate_over_100", "missing_unit", "table_text_mismatch"]
FLAG_NAMES_VI = {
    "sum_mismatch": "tổng không bằng tổng các phần",
    "rate_over_100": "tỷ lệ vượt 100%",
    "missing_unit": "đơn vị không báo cáo chỉ tiêu",
    "table_text_mismatch": "số liệu ở bảng và ở lời văn khác nhau",
}


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    indicator: str  # key
    unit: str  # "" for the totals column
    message: str  # Vietnamese, for the user

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "indicator": self.indicator,
            "unit": self.unit,
            "message": self.message,
        }


@dataclass
class Consolidation:
    units: list[str]
    indicators: list[Indicator]
    flags: list[Flag] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # files not read, in Vietnamese
    texts: dict[str, list[str]] = field(default_factory=dict)  # unit -> its pages' prose

    def indicator(self, key: str) -> Indicator:
        for item in self.indicators:
            if item.key == key:
                return item
        raise KeyError(key)

    def values(self) -> set[Decimal]:
        """Every value the table shows (cells and totals): what a narrative may state."""
        found = {c.value for i in self.indicators for c in i.cells.values()}
        return found | {i.total for i in self.indicators if i.total is not None}

    def to_json(self) -> dict[str, Any]:
        return {
            "units": self.units,
            "indicators": [_indicator_json(i) for i in self.indicators],
            "flags": [f.to_json() for f in self.flags],
            "warnings": self.warnings,
        }


def _indicator_json(item: Indicator) -> dict[str, Any]:
    return {
        "key": item.key,
        "label": item.label,
        "percent": item.percent,
        "wordings": sorted(item.wordings),
        "total": None if item.total is None else format_number(item.total, item.percent),
        "total_note": item.total_note,
        "cells": {
            unit: {
                "value": format_number(cell.value, item.percent),
                "corrected": cell.corrected,
                "sources": [
                    {"file": f.source.file, "page": f.source.page, "where": f.source.where,
                     "origin": f.origin, "value": format_number(f.value, f.percent)}
                    for f in cell.figures
                ],
            }
            for unit, cell in item.cells.items()
        },
    }  # fmt: skip
