"""The rules (horizontal lines) under the motto, the agency and the trích yếu, and their length.

Word processors draw them in many ways: a bottom border, an underline, a drawn shape in the
paragraph or in an empty one after it, or a line of underscores. Each counts as present.
"""

from __future__ import annotations

from troly.core.nd30 import spec
from troly.core.nd30.findings import Finding
from troly.core.nd30.metrics import longest_line_twips
from troly.core.nd30.reader import Para

TEXT_WIDTH = spec.mm(spec.TEXT_WIDTH_MM)
_TOLERANCE = 0.06  # of the text's width: rounding, and rules drawn by hand


def rule_length(para: Para, following: list[Para]) -> int | None:
    """Length in twips of the rule drawn under `para` (`following`: the paragraphs after it in
    its cell or the body), 0 when present but unmeasured, None when there is none."""
    if "bottom" in para.fmt.borders and para.cell_width is not None:
        return para.cell_width - para.fmt.left - para.fmt.right
    if para.underlined:
        return 0
    for index, other in enumerate([para, *following[:2]]):
        widths = [w for w in other.drawing_widths if w != 0]
        if widths and (index == 0 or not other.text):
            return max(widths) if max(widths) > 0 else 0
        if index == 0:
            continue
        if other.text and set(other.text) <= {"_", "-", " ", "—"}:
            return 0
        if other.text:
            return None
        if other.fmt.borders & {"bottom", "top"}:
            width = other.cell_width if other.table is not None else TEXT_WIDTH
            if width is None:
                return 0
            return width - other.fmt.left - other.fmt.right
    return None


def check_rule(
    block: list[Para],
    following: list[Para],
    fraction: tuple[float, float],
    key: str,
    rule: str,
    name_vi: str,
) -> list[Finding]:
    """The rule under the last paragraph of `block`: present, and `fraction` (low, high) of the
    block's longest line long."""
    para = block[-1]
    length = rule_length(para, following)
    if length is None:
        return [
            Finding(
                f"rule-{key}",
                f"Thiếu đường kẻ ngang dưới {name_vi}.",
                f"No rule under {key}.",
                rule,
                para.where,
            )
        ]
    if length <= 0:
        return []
    size = para.size or spec.ELEMENTS[key].size
    width = para.cell_width or TEXT_WIDTH
    text_width = max(longest_line_twips(p.text, size, width, bold=True) for p in block)
    if text_width <= 0:
        return []
    ratio = length / text_width
    low, high = fraction
    if low - _TOLERANCE <= ratio <= high + _TOLERANCE:
        return []
    return [
        Finding(
            f"rule-length-{key}",
            f"Đường kẻ dưới {name_vi} dài {ratio:.0%} dòng chữ.",
            f"The rule under {key} is {ratio:.0%} of the text.",
            rule,
            para.where,
        )
    ]
