"""The body's paragraphs: size, upright, justified, first-line indent, spacing (Mục II.6)."""

from __future__ import annotations

from troly.core.nd30 import spec
from troly.core.nd30.appearance import appearance
from troly.core.nd30.findings import Finding
from troly.core.nd30.locate import Located, is_upper
from troly.core.nd30.reader import Para

_INDENT_RANGE = (
    spec.mm(spec.FIRST_LINE_INDENT_RANGE_MM[0]) - 15,
    spec.mm(spec.FIRST_LINE_INDENT_RANGE_MM[1]) + 15,
)
_GROUNDS = ("căn cứ", "theo đề nghị", "xét ")
# Each fault is reported once for the whole body, with how many paragraphs have it.
_FAULTS: dict[str, tuple[str, str]] = {
    "size": ("cỡ chữ ngoài khoảng 13 - 14", "size outside 13-14 pt"),
    "italic": ("in nghiêng, phải là kiểu chữ đứng", "italic; must be upright"),
    "align": ("không canh đều hai lề", "not justified"),
    "indent": ("lùi đầu dòng không phải 1 cm hoặc 1,27 cm", "first-line indent not 1-1.27 cm"),
    "spacing": ("khoảng cách giữa các đoạn dưới 6pt", "paragraph spacing under 6 pt"),
    "line": (
        "khoảng cách dòng ngoài khoảng dòng đơn đến 1,5 lines",
        "line spacing outside single to 1.5 lines",
    ),
}


def _line_ok(para: Para) -> bool:
    fmt = para.fmt
    if fmt.line is None:
        return True
    low, high = spec.LINE_SPACING_RANGE
    if fmt.line_rule in (None, "auto"):
        return low * 240 - 1 <= fmt.line <= high * 240 + 1
    size = para.size or 14
    # Single spacing of Times New Roman is 1.15 times its size.
    return size * 20 * low <= fmt.line <= size * 20 * 1.15 * high + 1


def _faults(para: Para, grounds: bool) -> list[str]:
    """The keys of _FAULTS this body paragraph has."""
    out = []
    if not grounds:  # the căn cứ are italic and checked as an element of their own
        size = para.size
        if size is not None and not spec.ELEMENTS["noi_dung"].accepts(size):
            out.append("size")
        if para.all("italic"):
            out.append("italic")
    if para.fmt.jc not in ("both", "distribute"):
        out.append("align")
    if not _INDENT_RANGE[0] <= para.fmt.first_line <= _INDENT_RANGE[1]:
        out.append("indent")
    if max(para.fmt.before, para.fmt.after) < spec.MIN_PARAGRAPH_SPACING_PT * 20 - 1:
        out.append("spacing")
    if not _line_ok(para):
        out.append("line")
    return out


def check_body(d: Located) -> list[Finding]:
    """Every paragraph between the title (or the top) and "Nơi nhận" that is no other element."""
    start, end = d.body_start, d.noi_nhan
    low = start.index if start else 0
    high = end.index if end else len(d.paras) + 1
    findings: list[Finding] = []
    problems: dict[str, list[Para]] = {}
    leading = True  # the grounds (căn cứ) come first, before the body proper
    for para in d.paras:
        if para.table is not None or not para.text or para.index in d.used:
            continue
        if not low < para.index < high:
            continue
        grounds = leading and para.text.lower().startswith(_GROUNDS)
        heading = para.fmt.jc == "center" and (para.all("bold") or is_upper(para.text))
        leading = leading and (grounds or heading)
        if grounds:
            findings += appearance(para, "can_cu")
        if heading:
            continue
        for key in _faults(para, grounds):
            problems.setdefault(key, []).append(para)
    rule = spec.ELEMENTS["noi_dung"].rule
    for key, paras in problems.items():
        vi, en = _FAULTS[key]
        findings.append(
            Finding(
                f"body-{key}",
                f"Nội dung: {len(paras)} đoạn {vi} (đầu tiên: “{paras[0].text[:40]}”).",
                f"Body: {len(paras)} paragraph(s) {en}.",
                rule,
                paras[0].where,
            )
        )
    return findings
