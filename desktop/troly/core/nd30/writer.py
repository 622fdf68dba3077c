"""The DOCX writer: a document laid out as Phụ lục I of Decree 30/2020/NĐ-CP requires."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips

from troly.core import audit
from troly.core.atomic_write import write_atomically
from troly.core.errors import TrolyError
from troly.core.nd30 import blocks, ooxml, spec
from troly.core.nd30.body import BodyParagraph, parse_body
from troly.core.nd30.fields import DraftFields
from troly.core.nd30.spec import ELEMENTS, mm
from troly.core.nd30.types import DocType
from troly.core.policy import Policy


def _normalise_styles(document: Any) -> None:
    """Times New Roman 14 in the document defaults and in every style, theme fonts removed.

    Whatever a reader falls back to (a style, the defaults) is then the decree's font too, and a
    paragraph the user adds in Word later starts in it.
    """
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    ooxml.set_fonts(rpr)
    body_size = str(round(ELEMENTS["noi_dung"].size * 2))
    for tag in ("w:sz", "w:szCs"):
        found = rpr.find(qn(tag))
        if found is None:
            found = OxmlElement(tag)
            rpr.append(found)
        found.set(qn("w:val"), body_size)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    # Every rFonts of every style, table-style conditions included.
    for fonts in styles.iter(qn("w:rFonts")):
        ooxml.set_font_attributes(fonts)
    for colour in styles.iter(qn("w:color")):  # headings are blue in the default template
        colour.set(qn("w:val"), "000000")
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            colour.attrib.pop(qn(attr), None)


def _page(document: Any) -> None:
    """A4 portrait, the decree's margins, and page numbers from page 2 on (Mục I.1-3, I.7)."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Twips(mm(spec.PAGE_WIDTH_MM))
    section.page_height = Twips(mm(spec.PAGE_HEIGHT_MM))
    section.top_margin = Twips(mm(spec.MARGINS_MM["top"]))
    section.bottom_margin = Twips(mm(spec.MARGINS_MM["bottom"]))
    section.left_margin = Twips(mm(spec.MARGINS_MM["left"]))
    section.right_margin = Twips(mm(spec.MARGINS_MM["right"]))
    section.header_distance = Twips(mm(spec.HEADER_DISTANCE_MM))
    section.footer_distance = Twips(mm(spec.HEADER_DISTANCE_MM))
    section.gutter = Twips(0)
    # "không hiển thị số trang thứ nhất": a first-page header of its own, left empty.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    first = section.first_page_header.paragraphs[0]
    ooxml.mark_size(first, ELEMENTS["so_trang"].size)
    header = section.header
    header.is_linked_to_previous = False
    paragraph = ooxml.layout(header.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER)
    ooxml.mark_size(paragraph, ELEMENTS["so_trang"].size)
    ooxml.page_field(paragraph, ELEMENTS["so_trang"].size)


def _body(document: Any, paragraphs: list[BodyParagraph]) -> None:
    e = ELEMENTS["noi_dung"]
    for index, item in enumerate(paragraphs):
        before = 6 if index == 0 else 0
        if item.kind in ("heading", "heading_title"):
            paragraph = ooxml.layout(
                document.add_paragraph(),
                WD_ALIGN_PARAGRAPH.CENTER,
                before=6,
                after=0 if item.kind == "heading" else spec.PARAGRAPH_SPACING_PT,
                line=spec.LINE_SPACING,
                keep_next=True,
            )
            ooxml.add_text(paragraph, item.text, e.size, bold=True)
            continue
        paragraph = blocks._body_paragraph(document, "noi_dung", before=before)
        if item.kind in ("dieu", "section"):
            paragraph.paragraph_format.keep_with_next = item.kind == "section"
            ooxml.add_text(paragraph, item.text, e.size, bold=True)
            continue
        if item.lead:
            ooxml.add_text(paragraph, item.lead + " ", e.size, bold=True)
        ooxml.add_text(paragraph, item.text, e.size)
    # The last paragraph goes to the next page with the signature rather than leave it alone.
    paragraph.paragraph_format.keep_with_next = True


def build_document(doc_type: DocType, fields: DraftFields, body: str) -> Any:
    """The whole document in memory (a python-docx Document); fields are validated first.

    Only the fields this type has are printed (fields_for); the others are ignored."""
    fields = fields.for_type(doc_type)
    fields.validate(doc_type)
    paragraphs = parse_body(body)
    if not paragraphs:
        raise TrolyError("Nội dung văn bản đang trống.", "The body of the document is empty.")
    document = docx.Document()
    _normalise_styles(document)
    # Whatever the default template holds in its body goes: the header table comes first.
    for paragraph in document.paragraphs:
        paragraph._p.getparent().remove(paragraph._p)
    _page(document)
    document.core_properties.title = fields.subject(doc_type)
    document.core_properties.language = "vi-VN"
    document.core_properties.author = " ".join(fields.agency_lines())
    blocks.header(document, doc_type, fields)
    if doc_type.layout == "cong-van":
        blocks.addressees(document, fields)
        # A công văn's layout has no grounds block of its own; what the user gives as căn cứ
        # opens the body, laid out as grounds are (Mục II.6.a), rather than being left out.
        if fields.can_cu:
            blocks.grounds(document, fields)
    else:
        blocks.title(document, doc_type, fields)
        if doc_type.layout == "quyet-dinh":
            blocks.authority(document, fields)
        if fields.can_cu:
            blocks.grounds(document, fields)
        if doc_type.layout == "quyet-dinh":
            blocks.decides(document)
        elif fields.kinh_gui:
            blocks.addressees(document, fields)
    _body(document, paragraphs)
    if doc_type.layout == "bien-ban":
        blocks.signature_minutes(document, doc_type, fields)
    else:
        blocks.signature(document, doc_type, fields)
    # Word requires a paragraph after a table at the end of the body; keep it tiny.
    tail = document.add_paragraph()
    ooxml.mark_size(tail, 1)
    tail.paragraph_format.line_spacing = ooxml.Pt(1)
    return document


def write_docx(
    doc_type: DocType, fields: DraftFields, body: str, path: str | Path, *, policy: Policy
) -> Path:
    """Write the document to `path` atomically (a failed write leaves no half file).

    Refused (PolicyError) when `policy` (the Session's) turns export off."""
    target = Path(path).expanduser()
    policy.check_export(target)
    document = build_document(doc_type, fields, body)
    write_atomically(target, document.save)
    audit.record(audit.DRAFT_EXPORTED, [target.resolve()], type=doc_type.slug)
    return target
