"""Each of the eight types, written and read back: every rule of Phụ lục I we lay out."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from tests.core.nd30.conftest import TYPES

from troly.core.nd30 import spec
from troly.core.nd30.checker import check_docx
from troly.core.nd30.metrics import text_width_twips

TNR = "Times New Roman"
SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def paragraphs(document):  # type: ignore[no-untyped-def]
    """Every paragraph, body and table cells, in order."""
    out = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out += cell.paragraphs
    return out


def find(document, text: str):  # type: ignore[no-untyped-def]
    for p in paragraphs(document):
        if p.text.replace("\u00a0", " ").startswith(text):
            return p
    raise AssertionError(f"no paragraph starting with {text!r}")


def style_of(p):  # type: ignore[no-untyped-def]
    runs = [r for r in p.runs if r.text.strip()]
    assert runs, p.text
    sizes = {r.font.size.pt for r in runs}
    bold = {bool(r.font.bold) for r in runs}
    italic = {bool(r.font.italic) for r in runs}
    assert len(sizes) == len(bold) == len(italic) == 1, p.text
    return sizes.pop(), bold.pop(), italic.pop()


def assert_element(p, key: str) -> None:  # type: ignore[no-untyped-def]
    e = spec.ELEMENTS[key]
    size, bold, italic = style_of(p)
    assert e.sizes[0] <= size <= e.sizes[1], (key, size)
    assert size == e.size
    assert bold is e.bold, key
    assert italic is e.italic, key
    letters = [c for c in p.text if c.isalpha()]
    if e.upper is True:
        assert all(c.isupper() for c in letters), p.text
    if e.upper is False:
        assert not all(c.isupper() for c in letters), p.text


@pytest.fixture(params=TYPES)
def draft(request: pytest.FixtureRequest, drafts: dict[str, Path]) -> tuple[str, Path]:
    return request.param, drafts[request.param]


def test_check_format_finds_nothing_in_our_output(draft: tuple[str, Path]) -> None:
    assert check_docx(draft[1]) == []


def test_page_is_a4_portrait_with_the_decree_margins(draft: tuple[str, Path]) -> None:
    section = docx.Document(str(draft[1])).sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    for side, (low, high) in spec.MARGIN_RANGES_MM.items():
        value = getattr(section, f"{side}_margin").mm
        assert low - 0.05 <= value <= high + 0.05, side


def test_times_new_roman_in_every_run_slot_default_and_style(draft: tuple[str, Path]) -> None:
    document = docx.Document(str(draft[1]))
    parts = [document.element, document.styles.element]
    section = document.sections[0]
    parts += [section.header._element, section.first_page_header._element]
    runs = 0
    for part in parts:
        for r in part.iter(qn("w:r")):
            fonts = r.find(qn("w:rPr")).find(qn("w:rFonts"))
            assert all(fonts.get(qn(slot)) == TNR for slot in SLOTS)
            runs += 1
        for fonts in part.iter(qn("w:rFonts")):
            assert all(fonts.get(qn(slot)) == TNR for slot in SLOTS)
            assert fonts.get(qn("w:asciiTheme")) is None
    assert runs > 20
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert all(fonts.get(qn(slot)) == TNR for slot in SLOTS)


def test_header_table_borderless_two_columns(draft: tuple[str, Path]) -> None:
    slug, path = draft
    document = docx.Document(str(path))
    header = document.tables[0]
    assert len(header.columns) == 2
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}
    left = "\n".join(c.text for c in header.columns[0].cells)
    right = "\n".join(c.text for c in header.columns[1].cells)
    assert "UBND TỈNH BẮC NINH" in left
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in left.replace("\n", " ")
    assert "Số: 05/" in left
    assert spec.QUOC_HIEU in right and spec.TIEU_NGU in right
    if slug == "bien-ban":
        assert "ngày" not in right  # Mẫu 1.9: no date line under the motto
    else:
        assert "Bắc Ninh, ngày 05 tháng 3 năm 2026" in right
        # The date shares the row (hence the line) of the number.
        row = header.rows[1]
        assert row.cells[0].text.startswith("Số:") and "ngày 05" in row.cells[1].text


def test_header_elements_sizes_and_styles(draft: tuple[str, Path]) -> None:
    slug, path = draft
    document = docx.Document(str(path))
    assert_element(find(document, "CỘNG HÒA"), "quoc_hieu")
    assert_element(find(document, "Độc lập"), "tieu_ngu")
    assert_element(find(document, "UBND TỈNH"), "co_quan_chu_quan")
    assert_element(find(document, "SỞ THÔNG TIN"), "co_quan")
    assert_element(find(document, "Số:"), "so_ky_hieu")
    if slug != "bien-ban":
        assert_element(find(document, "Bắc Ninh, ngày"), "dia_danh_ngay")
    for p in paragraphs(document):
        if p.text in (spec.QUOC_HIEU, spec.TIEU_NGU) or p.text.startswith(("Số:", "Bắc Ninh")):
            assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER


def _rule_after(document, text: str):  # type: ignore[no-untyped-def]
    ps = paragraphs(document)
    for i, p in enumerate(ps):
        if p.text.startswith(text):
            for q in ps[i + 1 : i + 3]:
                if q._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None:
                    return q
    raise AssertionError(f"no rule under {text!r}")


def test_rules_under_motto_agency_and_title(draft: tuple[str, Path]) -> None:
    slug, path = draft
    document = docx.Document(str(path))
    right = spec.mm(spec.HEADER_RIGHT_MM)
    motto = _rule_after(document, "Độc lập")
    fmt = motto.paragraph_format
    length = right - fmt.left_indent.twips - fmt.right_indent.twips
    assert abs(length - text_width_twips(spec.TIEU_NGU, 13, bold=True)) <= 2
    assert abs(fmt.left_indent.twips - fmt.right_indent.twips) <= 1  # centred
    agency = _rule_after(document, "TRUYỀN THÔNG")
    fmt = agency.paragraph_format
    length = spec.mm(spec.HEADER_LEFT_MM) - fmt.left_indent.twips - fmt.right_indent.twips
    name = max(("SỞ THÔNG TIN", "VÀ TRUYỀN THÔNG"), key=lambda t: text_width_twips(t, 12, True))
    ratio = length / text_width_twips(name, 12, bold=True)
    assert 1 / 3 <= ratio <= 1 / 2
    if slug != "cong-van":
        summary = _rule_after(document, document.paragraphs[1].text)
        assert summary.paragraph_format.left_indent.twips > 0


def test_title_and_summary(draft: tuple[str, Path]) -> None:
    slug, path = draft
    document = docx.Document(str(path))
    if slug == "cong-van":
        vv = find(document, "V/v ")
        assert_element(vv, "trich_yeu_cv")
        assert vv.paragraph_format.space_before.pt == 6
        return
    title, summary = document.paragraphs[0], document.paragraphs[1]
    assert (
        title.text
        == {
            "quyet-dinh": "QUYẾT ĐỊNH",
            "to-trinh": "TỜ TRÌNH",
            "bao-cao": "BÁO CÁO",
            "thong-bao": "THÔNG BÁO",
            "ke-hoach": "KẾ HOẠCH",
            "giay-moi": "GIẤY MỜI",
            "bien-ban": "BIÊN BẢN",
        }[slug]
    )
    assert_element(title, "ten_loai")
    assert_element(summary, "trich_yeu")
    assert title.alignment == summary.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_body_justified_with_first_line_indent_and_spacing(draft: tuple[str, Path]) -> None:
    path = draft[1]
    document = docx.Document(str(path))
    body = [p for p in document.paragraphs if p.text.startswith(("Thực hiện", "1. ", "Điều"))]
    assert body
    for p in body:
        fmt = p.paragraph_format
        assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert 10 <= fmt.first_line_indent.mm <= 12.71
        assert fmt.space_after.pt >= 6
        assert 1.0 <= fmt.line_spacing <= 1.5
        for r in p.runs:
            assert r.font.size.pt == 14 and not r.font.italic
    last = [p for p in document.paragraphs if p.text.strip()][-1]
    assert last.text.endswith("./.")


def test_page_number_from_page_two(draft: tuple[str, Path]) -> None:
    document = docx.Document(str(draft[1]))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert section._sectPr.find(qn("w:titlePg")) is not None
    header = section.header
    instr = [t.text for t in header._element.iter(qn("w:instrText"))]
    assert [i.strip() for i in instr] == ["PAGE"]
    p = header.paragraphs[0]
    assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {r.font.size.pt for r in p.runs} == {14}
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))


def test_recipients_and_signature_side_by_side(draft: tuple[str, Path]) -> None:
    slug, path = draft
    document = docx.Document(str(path))
    table = document.tables[-1]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}
    label = find(document, "Nơi nhận")
    assert label.text == "Nơi nhận:"
    assert_element(label, "noi_nhan_label")
    cell = next(c for row in table.rows for c in row.cells if c.paragraphs[0].text == "Nơi nhận:")
    lines = [p for p in cell.paragraphs[1:] if p.text]
    listed = lines[:-1]  # the last line is the drafter's mark (ô 12)
    assert lines[-1].text == "NVA(05)"
    assert_element(lines[-1], "nguoi_soan")
    for p in listed:
        assert_element(p, "noi_nhan")
        assert p.text.startswith("- ")
    assert all(p.text.endswith(";") for p in listed[:-1])
    assert listed[-1].text == "- Lưu: VT, VP."
    if slug in ("cong-van", "to-trinh"):
        assert listed[0].text == "- Như trên;"
    name = find(document, "Nguyễn Văn An")
    assert_element(name, "nguoi_ky")
    if slug == "bien-ban":
        assert_element(find(document, "THƯ KÝ"), "quyen_han")
        assert_element(find(document, "CHỦ TỌA"), "quyen_han")
        return
    assert_element(find(document, "KT. GIÁM ĐỐC"), "quyen_han")
    assert_element(find(document, "PHÓ GIÁM ĐỐC"), "quyen_han")
    row = table.rows[0]
    assert row.cells[0].paragraphs[0].text == "Nơi nhận:"
    assert row.cells[1].paragraphs[0].text == "KT. GIÁM ĐỐC"  # on the line of "Nơi nhận:"


def test_type_specific_elements(draft: tuple[str, Path]) -> None:
    slug, path = draft
    document = docx.Document(str(path))
    if slug == "cong-van":
        assert_element(find(document, "Kính gửi:"), "kinh_gui")
        assert find(document, "- Sở Nội vụ;") and find(document, "- Sở Tài chính.")
    if slug == "to-trinh":
        assert find(document, "Kính gửi:").text == "Kính gửi: Ủy ban nhân dân tỉnh Bắc Ninh"
    if slug == "quyet-dinh":
        grounds = [p for p in document.paragraphs if p.text.startswith(("Căn cứ", "Theo đề"))]
        assert [p.text[-1] for p in grounds] == [";", "."]
        for p in grounds:
            assert_element(p, "can_cu")
        decides = find(document, "QUYẾT ĐỊNH:")
        assert style_of(decides)[1] is True
        assert find(document, "GIÁM ĐỐC SỞ THÔNG TIN VÀ TRUYỀN THÔNG")
        article = find(document, "Điều 1.")
        assert article.runs[0].text == "Điều 1. " and article.runs[0].font.bold
    if slug == "giay-moi":
        stamp = find(document, "THƯỢNG KHẨN")
        assert_element(stamp, "do_khan")
        edges = stamp._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
        assert {e.tag.split("}")[1] for e in edges} == {"top", "left", "bottom", "right"}
