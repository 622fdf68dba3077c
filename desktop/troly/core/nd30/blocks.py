"""The blocks around the body, each laid out where Phụ lục I, Mục IV puts it."""

from __future__ import annotations

from typing import Any

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from troly.core.nd30 import ooxml, spec
from troly.core.nd30.dates import date_line
from troly.core.nd30.fields import DraftFields
from troly.core.nd30.metrics import balanced_lines, longest_line_twips, text_width_twips
from troly.core.nd30.numbering import so_line
from troly.core.nd30.spec import ELEMENTS, mm
from troly.core.nd30.types import DocType

E = ELEMENTS
TEXT_WIDTH = mm(spec.TEXT_WIDTH_MM)
HEADER_WIDTHS = [mm(spec.HEADER_LEFT_MM), mm(spec.HEADER_RIGHT_MM)]
SIGNATURE_WIDTHS = [mm(spec.SIGNATURE_LEFT_MM), mm(spec.SIGNATURE_RIGHT_MM)]
BODY_INDENT = mm(spec.FIRST_LINE_INDENT_MM)


def _para(container: Any, first: bool = False) -> Paragraph:
    """A new paragraph; a fresh cell already holds an empty one, which `first` reuses."""
    if first:
        return container.paragraphs[0]
    return container.add_paragraph()


def element(
    container: Any,
    key: str,
    text: str,
    first: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
) -> Paragraph:
    """A paragraph holding one element in the size and style ELEMENTS sets for it."""
    e = E[key]
    paragraph = ooxml.layout(_para(container, first), align, before, after)
    shown = text.upper() if e.upper else text
    ooxml.add_text(paragraph, shown, e.size, e.bold, e.italic)
    ooxml.mark_size(paragraph, e.size)
    return paragraph


def header(document: Any, doc_type: DocType, fields: DraftFields) -> None:
    """Ô 1-4 (and 5b, 10b): agency, number and code on the left; motto and date on the right.

    Two rows, so that the number and the date always share a line whatever the agency block's
    height (Phụ lục I, Mục II.4.c: the date is "trên cùng một dòng với số, ký hiệu").
    """
    table = ooxml.borderless_table(document, HEADER_WIDTHS)
    left, right = table.rows[0].cells
    first = True
    width = HEADER_WIDTHS[0]
    for line in fields.co_quan_chu_quan.upper().splitlines():
        size = E["co_quan_chu_quan"].size
        for part in balanced_lines(" ".join(line.split()), size, width):
            element(left, "co_quan_chu_quan", part, first)
            first = False
    agency = [
        part
        for line in fields.agency_lines()
        for part in balanced_lines(line, E["co_quan"].size, width, bold=True)
    ]
    for line in agency:
        element(left, "co_quan", line, first)
        first = False
    e = E["co_quan"]
    name_width = longest_line_twips("\n".join(agency), e.size, HEADER_WIDTHS[0], bold=True)
    ooxml.rule(
        left.add_paragraph(), HEADER_WIDTHS[0], round(name_width * spec.AGENCY_RULE_FRACTION)
    )

    element(right, "quoc_hieu", spec.QUOC_HIEU, first=True)
    element(right, "tieu_ngu", spec.TIEU_NGU)
    motto_width = text_width_twips(spec.TIEU_NGU, E["tieu_ngu"].size, bold=True)
    ooxml.rule(right.add_paragraph(), HEADER_WIDTHS[1], motto_width)

    left, right = ooxml.add_row(table, HEADER_WIDTHS)
    element(left, "so_ky_hieu", so_line(doc_type, fields.so, fields.ky_hieu), True, before=6)
    if doc_type.layout == "cong-van":
        element(left, "trich_yeu_cv", f"V/v {fields.subject(doc_type)}", before=6)
    if fields.do_khan:
        urgency = fields.urgency()
        stamp = element(left, "do_khan", urgency, before=12)
        ooxml.box(stamp, HEADER_WIDTHS[0], mm(spec.DO_KHAN_WIDTH_MM[urgency]))
    # Mẫu 1.9: a biên bản carries its times in its body, not a date line under the motto.
    if doc_type.layout != "bien-ban":
        element(right, "dia_danh_ngay", date_line(fields.dia_danh, fields.ngay), True, before=6)
    for cell in (*table.rows[0].cells, *table.rows[1].cells):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP


def title(document: Any, doc_type: DocType, fields: DraftFields) -> None:
    """Ô 5a: the type's name, the summary under it, and a rule 1/3 to 1/2 of the summary."""
    element(document, "ten_loai", doc_type.title, before=18, after=0)
    summary = fields.subject(doc_type)
    summary = summary[:1].upper() + summary[1:]
    element(document, "trich_yeu", summary)
    e = E["trich_yeu"]
    width = longest_line_twips(summary, e.size, TEXT_WIDTH, bold=True)
    ooxml.rule(
        document.add_paragraph(), TEXT_WIDTH, round(width * spec.AGENCY_RULE_FRACTION), gap=3
    )


def _body_paragraph(document: Any, key: str, before: float = 0) -> Paragraph:
    return ooxml.layout(
        document.add_paragraph(),
        WD_ALIGN_PARAGRAPH.JUSTIFY,
        before=before,
        after=spec.PARAGRAPH_SPACING_PT,
        line=spec.LINE_SPACING,
        first_line=BODY_INDENT,
    )


def authority(document: Any, fields: DraftFields) -> None:
    """Mẫu 1.2: the issuing authority in capitals under the title of a quyết định."""
    e = E["ten_loai"]
    paragraph = ooxml.layout(document.add_paragraph(), before=12, after=6)
    ooxml.add_text(paragraph, fields.authority(), e.size, bold=True)


def grounds(document: Any, fields: DraftFields) -> None:
    """Mục II.6.a: one căn cứ per line, italic, ";" after each and "." after the last."""
    e = E["can_cu"]
    items = [item.strip().rstrip(";.,") for item in fields.can_cu if item.strip()]
    for index, item in enumerate(items):
        if not item.lower().startswith(("căn cứ", "theo ", "xét ")):
            item = f"Căn cứ {item}"
        end = "." if index == len(items) - 1 else ";"
        paragraph = _body_paragraph(document, "can_cu", before=6 if index == 0 else 0)
        ooxml.add_text(paragraph, item + end, e.size, italic=True)


def decides(document: Any) -> None:
    """Mẫu 1.2: "QUYẾT ĐỊNH:" on its own line, centred, before the articles."""
    e = E["ten_loai"]
    paragraph = ooxml.layout(document.add_paragraph(), before=6, after=6)
    ooxml.add_text(paragraph, "QUYẾT ĐỊNH:", e.size, bold=True)


def addressees(document: Any, fields: DraftFields) -> None:
    """Mục II.9.b: "Kính gửi:" and one addressee on one line, or each on its own line with "-",
    ";" and a final ".", the dashes aligned under the colon."""
    e = E["kinh_gui"]
    names = [name.strip().lstrip("-").strip().rstrip(";.") for name in fields.kinh_gui]
    names = [name for name in names if name]
    label = "Kính gửi:"
    if len(names) == 1:
        paragraph = ooxml.layout(document.add_paragraph(), before=12, after=6)
        ooxml.add_text(paragraph, f"{label} {names[0]}", e.size)
        return
    lines = [f"- {name};" for name in names[:-1]] + [f"- {names[-1]}."]
    widest = max(text_width_twips(line, e.size) for line in lines)
    label_width = text_width_twips("Kính gửi", e.size)
    block = label_width + text_width_twips(": ", e.size) + widest
    start = max(0, (TEXT_WIDTH - block) // 2)
    paragraph = ooxml.layout(
        document.add_paragraph(), WD_ALIGN_PARAGRAPH.LEFT, before=12, left=start, keep_next=True
    )
    ooxml.add_text(paragraph, label, e.size)
    for index, line in enumerate(lines):
        paragraph = ooxml.layout(
            document.add_paragraph(),
            WD_ALIGN_PARAGRAPH.LEFT,
            after=6 if index == len(lines) - 1 else 0,
            left=start + label_width,
        )
        ooxml.add_text(paragraph, line, e.size)


def recipients(doc_type: DocType, fields: DraftFields) -> list[str]:
    """The "Nơi nhận" lines: "- ...;" each, "Như trên" first when there is a Kính gửi, and
    "- Lưu: VT, ...." last (Mục II.9.b)."""
    items = [item.strip().lstrip("-").strip().rstrip(";.") for item in fields.noi_nhan]
    items = [item for item in items if item]
    keep = [item for item in items if item.lower().startswith("lưu")]
    others = [item for item in items if not item.lower().startswith("lưu")]
    if fields.kinh_gui and not any(item.lower() == "như trên" for item in others):
        others.insert(0, "Như trên")
    if keep:
        archive = keep[-1]
        rest = archive.split(":", 1)[1] if ":" in archive else archive[3:]
        parts = [part.strip() for part in rest.split(",") if part.strip()]
    else:
        parts = []
        if doc_type.layout == "cong-van" and "-" in fields.ky_hieu:
            parts.append(fields.ky_hieu.split("-")[-1].strip())  # the drafting unit
    parts = ["VT", *[part for part in parts if part.upper() != "VT"]]
    return [f"- {item};" for item in others] + [f"- Lưu: {', '.join(parts)}."]


def recipients_block(cell: _Cell, doc_type: DocType, fields: DraftFields, first: bool) -> None:
    """Ô 9b and 12: "Nơi nhận:" (bold italic 12), the list (11), the drafter's mark (11)."""
    element(cell, "noi_nhan_label", "Nơi nhận:", first, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in recipients(doc_type, fields):
        element(cell, "noi_nhan", line, align=WD_ALIGN_PARAGRAPH.LEFT)
    if fields.nguoi_soan.strip():
        element(cell, "nguoi_soan", fields.nguoi_soan.strip(), align=WD_ALIGN_PARAGRAPH.LEFT)


def _signer(cell: _Cell, lines: list[str], name: str) -> None:
    for index, line in enumerate(lines):
        element(cell, "quyen_han", line, first=index == 0)
    for _ in range(spec.SIGNATURE_SPACE_LINES):
        element(cell, "noi_dung", "")
    element(cell, "nguoi_ky", name)


def signature(document: Any, doc_type: DocType, fields: DraftFields) -> None:
    """Ô 7a-7c and 9b side by side: "Nơi nhận" on the left, the signer on the right."""
    table = ooxml.borderless_table(document, SIGNATURE_WIDTHS)
    left, right = table.rows[0].cells
    recipients_block(left, doc_type, fields, first=True)
    _signer(right, fields.signature_lines(), fields.nguoi_ky)
    for cell in (left, right):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    ooxml.keep_rows_whole(table)


def signature_minutes(document: Any, doc_type: DocType, fields: DraftFields) -> None:
    """Mẫu 1.9: the secretary on the left, the chair on the right, "Nơi nhận" below them."""
    half = TEXT_WIDTH // 2
    widths = [half, TEXT_WIDTH - half]
    table = ooxml.borderless_table(document, widths)
    left, right = table.rows[0].cells
    _signer(left, ["THƯ KÝ"], fields.thu_ky)
    _signer(right, [fields.chuc_vu.strip().upper() or "CHỦ TỌA"], fields.nguoi_ky)
    left, _ = ooxml.add_row(table, widths)
    left.paragraphs[0].paragraph_format.space_before = 0
    recipients_block(left, doc_type, fields, first=True)
    left.paragraphs[0].paragraph_format.space_before = ooxml.Pt(12)
    ooxml.keep_rows_whole(table)
