"""Text widths in Times New Roman, so rules can be drawn exactly as long as a line of text.

Phụ lục I sets rule lengths relative to the text above them (the motto's rule as long as the
motto, the agency's rule 1/3 to 1/2 of the name). Word and LibreOffice cannot size a border to
text, so we compute the width ourselves, from the advance widths of Times New Roman kept as data
in resources/nd30/times-new-roman-widths.json (read from Liberation Serif, which is
metric-compatible with it by design). Vietnamese letters take the width of their base letter:
the diacritics sit above or below it.
"""

from __future__ import annotations

import functools
import json
import unicodedata

from troly.core.errors import TrolyError
from troly.core.resources import resource_path

WIDTHS_FILE = ("nd30", "times-new-roman-widths.json")
_STYLES = ("Regular", "Bold", "Italic", "BoldItalic")


@functools.cache
def _tables() -> dict[str, dict[str, int]]:
    """The width tables, read once when first needed (not at import: the CLI starts faster)."""
    path = resource_path(*WIDTHS_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        scale = 1000 / data["units_per_em"]
        tables = {
            style: {char: round(width * scale) for char, width in data["styles"][style].items()}
            for style in _STYLES
        }
    except (OSError, ValueError, KeyError, TypeError, ZeroDivisionError) as exc:
        # A bundled file, so only a damaged installation lacks it: say so, not a traceback.
        raise TrolyError(
            f"Thiếu hoặc hỏng tệp dữ liệu cỡ chữ {path}; hãy cài đặt lại TroLy.",
            f"The font width data {path} is missing or damaged; reinstall TroLy.",
        ) from exc
    if not all(table.get("n") and table.get("H") for table in tables.values()):
        raise TrolyError(
            f"Tệp dữ liệu cỡ chữ {path} không đầy đủ; hãy cài đặt lại TroLy.",
            f"The font width data {path} is incomplete; reinstall TroLy.",
        )
    return tables


def _style(bold: bool, italic: bool) -> str:
    return _STYLES[bold + 2 * italic]


def _char_width(table: dict[str, int], char: str) -> int:
    width = table.get(char)
    if width is not None:
        return width
    base = unicodedata.normalize("NFD", char)[:1]
    # Letters outside the table (rare in administrative text) count as a wide letter.
    return table.get(base, table["n"] if not char.isupper() else table["H"])


def text_width_pt(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    """Width of one line of text in points, in Times New Roman at the given size and style."""
    table = _tables()[_style(bold, italic)]
    units = sum(_char_width(table, char) for char in unicodedata.normalize("NFC", text))
    return units * size_pt / 1000


def text_width_twips(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> int:
    """Width of one line of text in twips (1/20 pt), the unit of OOXML indents."""
    return round(text_width_pt(text, size_pt, bold, italic) * 20)


def wrap_lines(
    text: str, size_pt: float, width_twips: int, bold: bool = False, italic: bool = False
) -> list[str]:
    """The lines a word processor makes of text in a column: explicit breaks, then greedy wrap."""
    lines: list[str] = []
    for chunk in text.split("\n"):
        line = ""
        for word in chunk.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width_twips(candidate, size_pt, bold, italic) > width_twips:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def longest_line_twips(
    text: str, size_pt: float, width_twips: int, bold: bool = False, italic: bool = False
) -> int:
    """Width of the longest line text makes in a column of the given width."""
    widths = [
        text_width_twips(line, size_pt, bold, italic)
        for line in wrap_lines(text, size_pt, width_twips, bold, italic)
    ]
    return min(max(widths, default=0), width_twips)


def balanced_lines(
    text: str, size_pt: float, width_twips: int, bold: bool = False, italic: bool = False
) -> list[str]:
    """A name too long for its column split in two lines of near-equal length, as officials
    set agency names by hand, instead of one full line and a widow word."""
    if text_width_twips(text, size_pt, bold, italic) <= width_twips:
        return [text]
    words = text.split()
    best: list[str] | None = None
    best_width = width_twips + 1
    for cut in range(1, len(words)):
        lines = [" ".join(words[:cut]), " ".join(words[cut:])]
        widest = max(text_width_twips(line, size_pt, bold, italic) for line in lines)
        if widest < best_width:
            best, best_width = lines, widest
    if best is None or best_width > width_twips:
        return wrap_lines(text, size_pt, width_twips, bold, italic)
    return best
