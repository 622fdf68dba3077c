"""Checks of the page and of every run: paper, orientation, margins, page numbers, font, colour."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from docx.oxml.ns import qn

from troly.core.nd30 import spec
from troly.core.nd30.findings import Finding
from troly.core.nd30.metrics import wrap_lines
from troly.core.nd30.reader import Para

_TOLERANCE = spec.mm(0.5)  # rounding in other word processors
_SIDES_VI = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}


def _twips(value: Any) -> int | None:
    return None if value is None else int(value.twips)


def check_sections(document: Any) -> list[Finding]:
    """Paper size, orientation and margins of every section (Mục I.1-3)."""
    findings: list[Finding] = []
    a4 = {spec.mm(spec.PAGE_WIDTH_MM), spec.mm(spec.PAGE_HEIGHT_MM)}
    for number, section in enumerate(document.sections, start=1):
        where = f"phần (section) {number}" if len(document.sections) > 1 else "trang"
        width, height = _twips(section.page_width), _twips(section.page_height)
        if width is None or height is None:
            findings.append(
                Finding(
                    "paper-size",
                    "Khổ giấy không được đặt (trình soạn thảo sẽ dùng khổ mặc định).",
                    "The paper size is not set.",
                    spec.RULE_PAPER,
                    where,
                )
            )
        else:
            short, long_ = sorted((width, height))
            if not (abs(short - min(a4)) <= 30 and abs(long_ - max(a4)) <= 30):
                findings.append(
                    Finding(
                        "paper-size",
                        f"Khổ giấy {short / spec.TWIPS_PER_MM:.0f} x "
                        f"{long_ / spec.TWIPS_PER_MM:.0f}"
                        " mm, không phải A4 (210 x 297 mm).",
                        f"Paper is {short / spec.TWIPS_PER_MM:.0f} x "
                        f"{long_ / spec.TWIPS_PER_MM:.0f} mm, not A4.",
                        spec.RULE_PAPER,
                        where,
                    )
                )
            sect_pr = section._sectPr
            pg_sz = sect_pr.find(qn("w:pgSz"))
            orient = pg_sz.get(qn("w:orient")) if pg_sz is not None else None
            if width > height or orient == "landscape":
                findings.append(
                    Finding(
                        "orientation",
                        "Trang đặt theo chiều ngang; văn bản trình bày theo chiều dài khổ A4 (chỉ "
                        "được xoay ngang khi có bảng, biểu không tách thành phụ lục).",
                        "The page is landscape; documents are laid out portrait.",
                        spec.RULE_ORIENTATION,
                        where,
                    )
                )
        for side, (low, high) in spec.MARGIN_RANGES_MM.items():
            value = _twips(getattr(section, f"{side}_margin"))
            if value is None:
                continue
            if not spec.mm(low) - _TOLERANCE <= value <= spec.mm(high) + _TOLERANCE:
                findings.append(
                    Finding(
                        f"margin-{side}",
                        f"Lề {_SIDES_VI[side]} {value / spec.TWIPS_PER_MM:.1f} mm, ngoài khoảng "
                        f"{low} - {high} mm.",
                        f"The {side} margin is {value / spec.TWIPS_PER_MM:.1f} mm, outside "
                        f"{low}-{high} mm.",
                        spec.RULE_MARGINS,
                        where,
                    )
                )
    return findings


def _has_page_field(part_element: Any) -> bool:
    for simple in part_element.iter(qn("w:fldSimple")):
        if "PAGE" in (simple.get(qn("w:instr")) or "").upper().split():
            return True
    return any(
        "PAGE" in (instr.text or "").upper().split()
        for instr in part_element.iter(qn("w:instrText"))
    )


def runs_past_first_page(paras: list[Para]) -> bool:
    """A rough estimate of whether the document runs past its first page."""
    text_width = spec.mm(spec.TEXT_WIDTH_MM)
    height = 0.0
    for para in paras:
        size = para.size or 13
        width = para.cell_width or text_width
        if para.table is not None and para.cell and para.cell[1] > 0:
            continue  # the row's height is counted once, from its first cell
        lines = len(wrap_lines(para.text, size, max(width, 1000))) if para.text else 1
        height += lines * size * 1.15 + (para.fmt.before + para.fmt.after) / 20
    return height > (spec.PAGE_HEIGHT_MM - 40) / 25.4 * 72


def check_page_numbers(document: Any, reader_styles: Any, many_pages: bool) -> list[Finding]:
    """Page numbers: centred in the top margin, 13-14 pt, upright, not on page 1 (Mục I.7)."""
    e = spec.ELEMENTS["so_trang"]
    findings: list[Finding] = []
    found = False
    for section in document.sections:
        title_pg = section.different_first_page_header_footer
        for name in ("footer", "first_page_footer", "even_page_footer"):
            part = getattr(section, name)
            if not part.is_linked_to_previous and _has_page_field(part._element):
                findings.append(
                    Finding(
                        "page-number-position",
                        "Số trang đặt ở chân trang; phải ở lề trên.",
                        "Page numbers are in the footer; they belong in the top margin.",
                        e.rule,
                        "chân trang",
                    )
                )
                found = True
        header = section.header
        if header.is_linked_to_previous or not _has_page_field(header._element):
            continue
        found = True
        first_header = section.first_page_header
        if not title_pg or _has_page_field(first_header._element):
            findings.append(
                Finding(
                    "page-number-first",
                    "Số trang hiện cả ở trang thứ nhất.",
                    "The page number shows on the first page.",
                    e.rule,
                    "đầu trang",
                )
            )
        for p in header._element.iter(qn("w:p")):
            if not _has_page_field(p):
                continue
            fmt = reader_styles.para_format(p)
            if fmt.jc not in ("center",):
                findings.append(
                    Finding(
                        "page-number-align",
                        "Số trang không được canh giữa.",
                        "The page number is not centred.",
                        e.rule,
                        "đầu trang",
                    )
                )
            for r in p.iter(qn("w:r")):
                run = reader_styles.run_format(p, r)
                if run.size is not None and not e.accepts(run.size):
                    findings.append(
                        Finding(
                            "size-so_trang",
                            f"Số trang cỡ chữ {run.size:g}, phải từ 13 đến 14.",
                            f"Page number size {run.size:g} pt, must be 13-14.",
                            e.rule,
                            "đầu trang",
                        )
                    )
                    break
    if not found and many_pages:
        findings.append(
            Finding(
                "page-number-missing",
                "Văn bản nhiều trang nhưng không đánh số trang.",
                "A document of several pages without page numbers.",
                e.rule,
                "đầu trang",
            )
        )
    return findings


def check_runs(paras: list[Para]) -> list[Finding]:
    """Times New Roman in every font slot of every run, in black (Mục I.4). One finding per
    wrong font, counting the paragraphs where it appears."""
    wrong: dict[tuple[str, str], list[Para]] = defaultdict(list)
    colours: list[Para] = []
    for para in paras:
        seen: set[tuple[str, str]] = set()
        for run in para.runs:
            for slot, font in run.fonts.items():
                if font is None or font.strip().lower() == spec.FONT.lower():
                    continue
                kind = "font" if slot in ("ascii", "hAnsi") else "font-slot"
                key = (kind, font)
                if key not in seen:
                    seen.add(key)
                    wrong[key].append(para)
            if run.color and run.color.lower() not in ("auto", "000000") and para not in colours:
                colours.append(para)
    findings = []
    for (kind, font), where in wrong.items():
        sample = where[0]
        if kind == "font":
            vi = f"Phông chữ {font} ở {len(where)} đoạn (đầu tiên: “{sample.text[:40]}”)."
            en = f"Font {font} in {len(where)} paragraph(s)."
        else:
            vi = (
                f"Phông chữ {font} đặt cho chữ Đông Á hoặc chữ phức hợp ở {len(where)} đoạn "
                f"(đầu tiên: “{sample.text[:40]}”)."
            )
            en = (
                f"Font {font} in the East Asian or complex-script slot in {len(where)} "
                "paragraph(s)."
            )
        findings.append(Finding(kind, vi, en, spec.RULE_FONT, sample.where))
    if colours:
        findings.append(
            Finding(
                "color",
                f"Chữ không màu đen ở {len(colours)} đoạn.",
                f"Text not in black in {len(colours)} paragraph(s).",
                spec.RULE_FONT,
                colours[0].where,
            )
        )
    return findings
