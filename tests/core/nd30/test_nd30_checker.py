"""check-format finds each fault of deliberately broken documents, with the rule it breaks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from tests.core.nd30.conftest import write

from troly.core.errors import TrolyError
from troly.core.nd30.checker import check_docx


def paragraphs(document: Any) -> list[Any]:
    out = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out += cell.paragraphs
    return out


def find(document: Any, start: str) -> Any:
    return next(p for p in paragraphs(document) if p.text.startswith(start))


def set_text(paragraph: Any, text: str) -> None:
    runs = paragraph.runs
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def broken(tmp_path: Path, slug: str, change: Callable[[Any], None]) -> list[Any]:
    path = write(slug, tmp_path)
    document = docx.Document(str(path))
    change(document)
    out = tmp_path / f"broken-{slug}.docx"
    document.save(str(out))
    return check_docx(out)


def codes(findings: list[Any]) -> set[str]:
    return {f.code for f in findings}


def only(findings: list[Any], code: str) -> Any:
    """The one finding with this code; every finding cites Phụ lục I."""
    assert all(f.rule.startswith("Phụ lục I") for f in findings)
    matching = [f for f in findings if f.code == code]
    assert len(matching) == 1, [f.line() for f in findings]
    return matching[0]


def test_wrong_margins(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        d.sections[0].left_margin = Mm(20)
        d.sections[0].top_margin = Mm(30)

    findings = broken(tmp_path, "cong-van", change)
    assert codes(findings) == {"margin-left", "margin-top"}
    left = only(findings, "margin-left")
    assert "20.0 mm" in left.message_vi and "30 - 35 mm" in left.message_vi
    assert "Mục I.3" in left.rule


def test_arial_runs(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        for p in d.paragraphs[:3]:
            for r in p.runs:
                r.font.name = "Arial"

    findings = broken(tmp_path, "bao-cao", change)
    finding = only(findings, "font")
    assert "Arial" in finding.message_vi and "Times New Roman" in finding.rule
    assert "2 đoạn" in finding.message_vi  # the title and the summary


def test_arial_inherited_from_the_document_defaults(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        # Runs without fonts of their own, defaults in Arial: the run inherits it.
        for p in paragraphs(d):
            for r in p.runs:
                rpr = r._r.rPr
                rpr.remove(rpr.find(qn("w:rFonts")))
        defaults = d.styles.element.find(qn("w:docDefaults"))
        fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
        for slot in ("w:ascii", "w:hAnsi"):
            fonts.set(qn(slot), "Arial")

    finding = only(broken(tmp_path, "thong-bao", change), "font")
    assert "Arial" in finding.message_vi


def test_east_asian_slot(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        r = find(d, "Thực hiện").runs[0]
        r._r.rPr.find(qn("w:rFonts")).set(qn("w:eastAsia"), "SimSun")

    assert "SimSun" in only(broken(tmp_path, "ke-hoach", change), "font-slot").message_vi


def test_wrong_sizes(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        for r in find(d, "CỘNG HÒA").runs:
            r.font.size = Pt(14)
        for p in d.paragraphs:
            if p.text.startswith("Thực hiện"):
                for r in p.runs:
                    r.font.size = Pt(12)
        for r in find(d, "Nơi nhận").runs:
            r.font.size = Pt(14)

    findings = broken(tmp_path, "to-trinh", change)
    assert codes(findings) == {"size-quoc_hieu", "body-size", "size-noi_nhan_label"}
    assert "12 đến 13" in only(findings, "size-quoc_hieu").rule
    assert "cỡ chữ 14" in only(findings, "size-quoc_hieu").message_vi


def test_missing_quoc_hieu(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        p = find(d, "CỘNG HÒA")
        p._p.getparent().remove(p._p)

    findings = broken(tmp_path, "quyet-dinh", change)
    finding = only(findings, "missing-quoc_hieu")
    assert "Quốc hiệu" in finding.message_vi and "Mục II.1.a" in finding.rule


def test_bad_date(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        set_text(find(d, "Bắc Ninh, ngày"), "Bắc Ninh, ngày 5 tháng 3 năm 2026")

    finding = only(broken(tmp_path, "cong-van", change), "format-dia_danh_ngay")
    assert "“05”" in finding.message_vi and "Mục II.4" in finding.rule


def test_bad_month(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        set_text(find(d, "Bắc Ninh, ngày"), "Bắc Ninh, ngày 15 tháng 03 năm 2026")

    finding = only(broken(tmp_path, "cong-van", change), "format-dia_danh_ngay")
    assert "tháng phải ghi “3”" in finding.message_vi


def test_bad_number(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        set_text(find(d, "Số:"), "Số: 5/QĐ-UBND")

    finding = only(broken(tmp_path, "quyet-dinh", change), "format-so_ky_hieu")
    assert "05" in finding.message_vi and "Mục II.3.c" in finding.rule


def test_number_without_colon_and_spaced_code(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        set_text(find(d, "Số:"), "Số 12/QĐ - UBND")

    findings = broken(tmp_path, "quyet-dinh", change)
    messages = [f.message_vi for f in findings if f.code == "format-so_ky_hieu"]
    assert any("dấu hai chấm" in m for m in messages)
    assert any("không cách chữ" in m for m in messages)


def test_letter_paper(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        d.sections[0].page_width = Mm(215.9)
        d.sections[0].page_height = Mm(279.4)

    finding = only(broken(tmp_path, "bao-cao", change), "paper-size")
    assert "216 x 279" in finding.message_vi and "A4" in finding.rule


def test_landscape(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        s = d.sections[0]
        s.orientation = WD_ORIENT.LANDSCAPE
        s.page_width, s.page_height = s.page_height, s.page_width

    findings = broken(tmp_path, "bao-cao", change)
    assert codes(findings) == {"orientation"}
    assert "chiều dài" in only(findings, "orientation").rule


def test_body_not_justified_nor_indented(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        for p in d.paragraphs:
            if p.text.startswith("Thực hiện"):
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT
                p.paragraph_format.first_line_indent = Mm(5)

    findings = broken(tmp_path, "thong-bao", change)
    assert codes(findings) == {"body-align", "body-indent"}


def test_missing_recipients(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        table = d.tables[-1]
        table._tbl.getparent().remove(table._tbl)

    assert "missing-noi_nhan" in codes(broken(tmp_path, "giay-moi", change))


def test_recipients_label_and_lines(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        for r in find(d, "Nơi nhận").runs:
            r.font.italic = False
        set_text(find(d, "- Lưu"), "- Lưu: VT")

    findings = broken(tmp_path, "cong-van", change)
    assert codes(findings) == {"italic-noi_nhan_label", "format-noi_nhan"}


def test_missing_motto_rule(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        cell = d.tables[0].rows[0].cells[1]
        rule = cell.paragraphs[2]
        rule._p.getparent().remove(rule._p)

    finding = only(broken(tmp_path, "cong-van", change), "rule-tieu_ngu")
    assert "Mục II.1.b" in finding.rule


def test_page_number_on_the_first_page(tmp_path: Path) -> None:
    def change(d: Any) -> None:
        d.sections[0].different_first_page_header_footer = False

    assert codes(broken(tmp_path, "bao-cao", change)) == {"page-number-first"}


def test_a_bare_document_from_another_program(tmp_path: Path) -> None:
    """Nothing of ours in it: default styles, no tables; the checker still answers."""
    document = docx.Document()
    document.add_paragraph("Báo cáo tình hình")
    document.add_paragraph("Nội dung báo cáo. " * 30)
    path = tmp_path / "plain.docx"
    document.save(str(path))
    found = codes(check_docx(path))
    assert {
        "missing-quoc_hieu",
        "missing-tieu_ngu",
        "missing-so_ky_hieu",
        "missing-dia_danh_ngay",
        "missing-noi_nhan",
        "paper-size",
        "margin-right",
    } <= found


def test_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_text("not a zip")
    with pytest.raises(TrolyError, match="DOCX"):
        check_docx(path)


def test_a_body_opening_with_a_dash_is_not_read_as_addressees(tmp_path: Path) -> None:
    """One addressee on the "Kính gửi:" line: the dashed lines after it are the body's."""
    from troly.core.nd30 import DraftFields, get_type, write_docx
    from troly.core.nd30.checker import check_docx
    from troly.core.policy import Policy

    fields = DraftFields.from_mapping(
        {
            "co_quan_chu_quan": "UBND TỈNH BẮC NINH",
            "co_quan": "Sở Thông tin và Truyền thông",
            "so": "12",
            "ky_hieu": "STTTT-VP",
            "dia_danh": "Bắc Ninh",
            "ngay": "2026-01-05",
            "trich_yeu": "phối hợp tổ chức tập huấn",
            "kinh_gui": "Sở Nội vụ",
            "noi_nhan": "Văn phòng UBND tỉnh",
            "chuc_vu": "Giám đốc",
            "nguoi_ky": "Nguyễn Văn An",
        }
    )
    body = "- Nêu rõ mục đích, các nội dung cần được thực hiện\n- Thời gian: tháng 3 năm 2026"
    out = write_docx(get_type("cong-van"), fields, body, tmp_path / "cv.docx", policy=Policy())
    assert [f.code for f in check_docx(out) if f.code == "format-kinh_gui"] == []
