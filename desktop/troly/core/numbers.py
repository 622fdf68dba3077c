"""Numbers as Vietnamese reports write them: "." groups thousands, "," marks decimals. Shared by
the consolidation of reports and the questions over tables (tasks/table_answer.py)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# "1.245", "12.380.000", "95,5", "1.245,75", "120"; a trailing "%" makes it a rate.
NUMBER = re.compile(r"(?<![\w/.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w/]|[.,]\d)\s*(%)?")
_CELL = re.compile(r"^\(?\s*([-+]?)\s*(\d{1,3}(?:[.\s]\d{3})+|\d+)(?:[,.](\d+))?\s*\)?\s*(%)?$")


def parse_match(match: re.Match[str]) -> tuple[Decimal, bool]:
    """The value of a NUMBER match and whether it is a percentage."""
    whole = match.group(1).replace(".", "")
    fraction = match.group(2)
    text = f"{whole}.{fraction}" if fraction else whole
    return Decimal(text), bool(match.group(3))


def parse_cell(text: str) -> tuple[Decimal, bool] | None:
    """A table cell that holds one number ("1.245", "95,5%", "1 245", "0.5" from a sheet that
    stored the value as a float), or None for words, dates and codes."""
    value = " ".join(text.split())
    match = _CELL.match(value)
    if not match:
        return None
    sign, whole, fraction, percent = match.groups()
    groups = re.split(r"[.\s]", whole)
    # "1.245" is a thousand, but "0.5" or "12.5" (a float written by a program) a decimal.
    if fraction is None and len(groups) == 2 and not whole.startswith("0") and "." in whole:
        digits = whole.replace(".", "")
    elif fraction is None and len(groups) == 2 and "." in whole:
        return _decimal(f"{sign}{groups[0]}.{groups[1]}", percent)
    else:
        digits = "".join(groups)
    return _decimal(f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}", percent)


def _decimal(text: str, percent: str | None) -> tuple[Decimal, bool] | None:
    try:
        return Decimal(text), bool(percent)
    except InvalidOperation:
        return None


def format_number(value: Decimal, percent: bool = False, places: int = 2) -> str:
    """1245 -> "1.245", Decimal("95.50") -> "95,5", with "%" for a rate."""
    quantized = value.quantize(Decimal(1).scaleb(-places))
    sign = "-" if quantized < 0 else ""
    whole, _, fraction = f"{abs(quantized):f}".partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    text = f"{sign}{grouped}" + (f",{fraction}" if fraction else "")
    return text + ("%" if percent else "")


def numbers_in(text: str) -> list[Decimal]:
    """Every number a sentence states, as values (for checking a narrative against a table)."""
    return [parse_match(m)[0] for m in NUMBER.finditer(text)]
