"""Small OOXML helpers the writer needs and python-docx does not offer: font slots, borders,
borderless tables, fields."""

from __future__ import annotations

from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from troly.core.nd30.spec import FONT, RULE_WIDTH_EIGHTHS

FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
_THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# The order the schema requires inside w:rPr and w:pPr; Word rejects a file whose children are
# out of order, so new children are inserted at their place.
_RPR_ORDER = [
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
]
_PPR_ORDER = [
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
]


def _child(parent: Any, tag: str, order: list[str]) -> Any:
    """parent's child `tag`, created at its schema position if missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    later = {qn(t) for t in order[order.index(tag) + 1 :]}
    for index, existing in enumerate(parent):
        if existing.tag in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def set_fonts(rpr: Any, font: str = FONT) -> None:
    """Times New Roman in all four font slots of an rPr; theme fonts would override it."""
    set_font_attributes(_child(rpr, "w:rFonts", _RPR_ORDER), font)


def set_font_attributes(fonts: Any, font: str = FONT) -> None:
    """All four slots of a w:rFonts element to `font`, its theme references removed."""
    for slot in _THEME_SLOTS:
        fonts.attrib.pop(qn(slot), None)
    for slot in FONT_SLOTS:
        fonts.set(qn(slot), font)


def _toggle(rpr: Any, tag: str, on: bool) -> None:
    element = _child(rpr, tag, _RPR_ORDER)
    # Written out even when off, so a style cannot turn it on and readers see a definite value.
    element.set(qn("w:val"), "1" if on else "0")


def format_run(
    run: Run, size: float, bold: bool = False, italic: bool = False, caps: bool = False
) -> Run:
    """Font, size, weight and slant of a run, set directly (also for complex scripts)."""
    rpr = run._r.get_or_add_rPr()
    set_fonts(rpr)
    _toggle(rpr, "w:b", bold)
    _toggle(rpr, "w:bCs", bold)
    _toggle(rpr, "w:i", italic)
    _toggle(rpr, "w:iCs", italic)
    if caps:
        _toggle(rpr, "w:caps", True)
    half_points = str(round(size * 2))
    _child(rpr, "w:sz", _RPR_ORDER).set(qn("w:val"), half_points)
    _child(rpr, "w:szCs", _RPR_ORDER).set(qn("w:val"), half_points)
    return run


def add_text(
    paragraph: Paragraph, text: str, size: float, bold: bool = False, italic: bool = False
) -> Run:
    """A formatted run appended to a paragraph."""
    return format_run(paragraph.add_run(text), size, bold, italic)


def mark_size(paragraph: Paragraph, size: float) -> None:
    """Font and size of the paragraph mark, which sets the height of an empty paragraph."""
    rpr = _child(paragraph._p.get_or_add_pPr(), "w:rPr", _PPR_ORDER)
    set_fonts(rpr)
    half_points = str(round(size * 2))
    _child(rpr, "w:sz", _RPR_ORDER).set(qn("w:val"), half_points)
    _child(rpr, "w:szCs", _RPR_ORDER).set(qn("w:val"), half_points)


def layout(
    paragraph: Paragraph,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    line: float = 1.0,
    first_line: int = 0,
    left: int = 0,
    right: int = 0,
    keep_next: bool = False,
) -> Paragraph:
    """Alignment, spacing (points), line spacing (multiple) and indents (twips) of a paragraph."""
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line
    fmt.first_line_indent = Twips(first_line)
    fmt.left_indent = Twips(left)
    fmt.right_indent = Twips(right)
    fmt.widow_control = True
    if keep_next:
        fmt.keep_with_next = True
    return paragraph


def _border(parent: Any, side: str, size: int = RULE_WIDTH_EIGHTHS) -> None:
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size))
    edge.set(qn("w:space"), "1")
    edge.set(qn("w:color"), "000000")
    parent.append(edge)


def rule(
    paragraph: Paragraph, container_twips: int, length_twips: int, gap: float = 0
) -> Paragraph:
    """Turn an empty paragraph into a centred horizontal rule `length_twips` long.

    A bottom border on a paragraph indented from both sides: Word and LibreOffice both draw it
    exactly between the indents, it moves with the text above it (a floating line shape would
    not when the agency name wraps), and the checker can measure it from the indents.
    """
    side = max(0, (container_twips - length_twips) // 2)
    layout(paragraph, WD_ALIGN_PARAGRAPH.CENTER, before=gap, left=side, right=side)
    fmt = paragraph.paragraph_format
    # A 1 pt high paragraph: the line sits just under the text above it.
    fmt.line_spacing = Pt(1)
    mark_size(paragraph, 1)
    borders = _child(paragraph._p.get_or_add_pPr(), "w:pBdr", _PPR_ORDER)
    _border(borders, "bottom")
    return paragraph


def box(paragraph: Paragraph, container_twips: int, width_twips: int) -> None:
    """A single-line frame around a paragraph `width_twips` wide, centred (the urgency stamp)."""
    side = max(0, (container_twips - width_twips) // 2)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Twips(side)
    fmt.right_indent = Twips(side)
    borders = _child(paragraph._p.get_or_add_pPr(), "w:pBdr", _PPR_ORDER)
    for edge in ("top", "left", "bottom", "right"):
        _border(borders, edge, 8)


def borderless_table(container: Any, widths_twips: list[int]) -> Table:
    """A table with fixed column widths, no borders and no cell padding left and right."""
    table: Table = container.add_table(rows=1, cols=len(widths_twips))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    for tag in ("w:tblStyle",):
        found = tbl_pr.find(qn(tag))
        if found is not None:
            tbl_pr.remove(found)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(widths_twips)))
    width.set(qn("w:type"), "dxa")
    tbl_pr.append(width)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)
    table_layout = OxmlElement("w:tblLayout")
    table_layout.set(qn("w:type"), "fixed")
    tbl_pr.append(table_layout)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.append(margins)
    # tblPr children must follow the schema order (tblStyle, tblpPr, ..., tblW, jc, ...,
    # tblBorders, shd, tblLayout, tblCellMar, tblLook).
    order = [
        "w:tblStyle",
        "w:tblpPr",
        "w:tblOverlap",
        "w:bidiVisual",
        "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize",
        "w:tblW",
        "w:jc",
        "w:tblCellSpacing",
        "w:tblInd",
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
    ]
    rank = {qn(tag): i for i, tag in enumerate(order)}
    children = sorted(tbl_pr, key=lambda e: rank.get(e.tag, len(order)))
    for child in children:
        tbl_pr.remove(child)
        tbl_pr.append(child)
    for col, twips in zip(table.columns, widths_twips, strict=True):
        col.width = Twips(twips)
    for cell, twips in zip(table.rows[0].cells, widths_twips, strict=True):
        cell.width = Twips(twips)
    return table


def add_row(table: Table, widths_twips: list[int]) -> list[_Cell]:
    """A new row with the table's fixed cell widths."""
    row = table.add_row()
    for cell, twips in zip(row.cells, widths_twips, strict=True):
        cell.width = Twips(twips)
    return list(row.cells)


def keep_rows_whole(table: Table) -> None:
    """Rows that never split across pages: the signer's title and name stay together."""
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.append(OxmlElement("w:cantSplit"))


def page_field(paragraph: Paragraph, size: float) -> None:
    """A PAGE field: Word and LibreOffice print the page's number in its place."""
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("end", None)):
        run = paragraph.add_run()
        format_run(run, size)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        if kind == "separate":
            format_run(paragraph.add_run("2"), size)
