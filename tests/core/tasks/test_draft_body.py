"""Bodies with substance: each type's skeleton, names in sentence case, no invented facts, and
the facts the brief lacks left as fields and listed (issue 24, point 3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest

from troly.core.nd30 import DraftFields, get_type
from troly.core.policy import Policy
from troly.core.tasks.draft import (
    accept_reason,
    draft_body,
    draft_params,
    given_texts,
    missing_facts,
)
from troly.core.tasks.draft_facts import (
    invented_facts,
    read_brief,
    scrub,
    sentence_case,
    sentence_case_runs,
)
from troly.core.tasks.draft_skeleton import build_skeleton
from troly.core.tasks.draft_workflow import export_draft

BRIEF = (
    "Đề nghị các phòng, đơn vị báo cáo kết quả thực hiện chuyển đổi số năm 2026, gửi về "
    "Văn phòng Sở trước ngày 20/12/2026."
)
FIELDS = {
    "co_quan": "SỞ NỘI VỤ",
    "ky_hieu": "SNV-VP",
    "dia_danh": "Bắc Ninh",
    "trich_yeu": "báo cáo kết quả chuyển đổi số năm 2026",
    "kinh_gui": "Các phòng, đơn vị thuộc Sở",
    "chuc_vu": "Giám đốc",
    "nguoi_ky": "Nguyễn Văn An",
}


@pytest.mark.parametrize(
    ("typed", "in_a_sentence"),
    [
        ("SỞ NỘI VỤ", "Sở Nội vụ"),
        ("UBND TỈNH BẮC NINH", "UBND tỉnh Bắc Ninh"),
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Sở Thông tin và Truyền thông"),
        ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
        ("ỦY BAN NHÂN DÂN HUYỆN ĐÔNG ANH", "Ủy ban nhân dân huyện Đông Anh"),
        ("KHO BẠC NHÀ NƯỚC TỈNH HÀ NAM", "Kho bạc Nhà nước tỉnh Hà Nam"),
        ("Sở Y tế", "Sở Y tế"),  # typed in mixed case: kept
    ],
)
def test_agency_names_in_sentence_case(typed: str, in_a_sentence: str) -> None:
    assert sentence_case(typed) == in_a_sentence


def test_capital_runs_inside_a_sentence_are_put_in_sentence_case() -> None:
    text = sentence_case_runs("SỞ NỘI VỤ đề nghị gửi về UBND TỈNH BẮC NINH; UBND đã nhận.")
    assert text == "Sở Nội vụ đề nghị gửi về UBND tỉnh Bắc Ninh; UBND đã nhận."


def test_the_brief_s_deadline_contact_and_destination_are_read() -> None:
    facts = read_brief(
        BRIEF + " Liên hệ: bà Trần Thị Hoa, chuyên viên Văn phòng, điện thoại 0912 345 678."
    )
    assert facts.deadline == "trước ngày 20/12/2026"
    assert facts.send_to == "Văn phòng Sở"
    assert facts.person == "bà Trần Thị Hoa" and facts.role == "chuyên viên Văn phòng"
    assert facts.phone == "0912 345 678"
    assert facts.request.startswith("Đề nghị các phòng, đơn vị báo cáo kết quả")


def test_invented_names_and_figures_are_found_and_replaced_by_fields() -> None:
    body = "Sở Nội vụ đề nghị ông Lê Văn Tám gửi 15 hồ sơ trước ngày 20/12/2026."
    assert invented_facts(body, BRIEF, "SỞ NỘI VỤ") == ["15", "Lê Văn Tám"]
    cleaned, count = scrub(body, BRIEF, "SỞ NỘI VỤ")
    assert count == 2
    assert cleaned == "Sở Nội vụ đề nghị ông [tên] gửi [số liệu] hồ sơ trước ngày 20/12/2026."
    assert invented_facts(cleaned, BRIEF, "SỞ NỘI VỤ") == []


def fields() -> DraftFields:
    return DraftFields.from_mapping(FIELDS)


@pytest.mark.parametrize("slug", ["cong-van", "to-trinh", "bao-cao", "ke-hoach"])
def test_each_type_has_its_parts_and_states_only_given_facts(slug: str) -> None:
    doc_type = get_type(slug)
    given = fields().for_type(doc_type)
    skeleton = build_skeleton(doc_type, given, read_brief(BRIEF))
    body = skeleton.fill(skeleton.reason_fallback)
    assert "SỞ NỘI VỤ" not in body and "Sở Nội vụ" in body  # the agency speaks, in sentence case
    assert "trước ngày 20/12/2026" in body  # the brief's deadline
    assert "Đầu mối liên hệ: [họ tên, chức vụ người liên hệ]; điện thoại: [số điện thoại]" in body
    assert "[lý do, căn cứ]" in body  # the brief gives no reason: asked for, not invented
    assert any(line.startswith("- ") for line in body.splitlines())  # content items
    assert body.endswith("./.")
    assert invented_facts(body, *given_texts(given, BRIEF)) == []


def test_the_type_s_own_sections() -> None:
    def body(slug: str) -> str:
        doc_type = get_type(slug)
        skeleton = build_skeleton(doc_type, fields().for_type(doc_type), read_brief(BRIEF))
        return skeleton.fill("Nhằm tổng hợp kết quả chuyển đổi số")

    assert "Nhằm tổng hợp kết quả chuyển đổi số, Sở Nội vụ đề nghị các phòng" in body("cong-van")
    assert "- kết quả đạt được, kèm số liệu cụ thể;" in body("cong-van")  # a report's usual items
    assert {"I. SỰ CẦN THIẾT", "II. NỘI DUNG ĐỀ NGHỊ"} <= set(body("to-trinh").splitlines())
    assert "II. TỒN TẠI, HẠN CHẾ" in body("bao-cao").splitlines()
    assert "1. Mục đích: Nhằm tổng hợp kết quả chuyển đổi số." in body("ke-hoach").splitlines()


def test_a_report_s_items_go_to_their_sections() -> None:
    brief = (
        "Báo cáo kết quả cải cách hành chính quý III/2026: đã giải quyết 1.250 hồ sơ, đúng hạn "
        "98%; còn 12 hồ sơ quá hạn do thiếu nhân lực; đề nghị bổ sung 2 biên chế."
    )
    doc_type = get_type("bao-cao")
    skeleton = build_skeleton(doc_type, fields().for_type(doc_type), read_brief(brief))
    lines = skeleton.fill(skeleton.reason_fallback).splitlines()
    problems = lines.index("II. TỒN TẠI, HẠN CHẾ")
    proposals = lines.index("III. PHƯƠNG HƯỚNG, KIẾN NGHỊ")
    assert "- đã giải quyết 1.250 hồ sơ, đúng hạn 98%." in lines[:problems]
    assert "- còn 12 hồ sơ quá hạn do thiếu nhân lực." in lines[problems:proposals]
    assert "- đề nghị bổ sung 2 biên chế." in lines[proposals:]
    assert "[thời hạn]" in " ".join(lines)


def test_the_model_s_reason_is_kept_only_when_it_holds_to_the_brief() -> None:
    given = given_texts(fields(), BRIEF)
    kept = accept_reason("Nhằm tổng hợp kết quả chuyển đổi số năm 2026, SỞ NỘI VỤ đề nghị", given)
    assert kept == "Nhằm tổng hợp kết quả chuyển đổi số năm 2026"
    one_invented = accept_reason("Thực hiện kế hoạch chuyển đổi số năm 2025 của Sở", given)
    assert one_invented == "Thực hiện kế hoạch chuyển đổi số năm [số liệu] của Sở"
    assert accept_reason("Theo chỉ đạo của Bộ Nội vụ ngày 5/11/2025", given) is None
    assert accept_reason("The quick brown fox jumps over", given) is None
    assert accept_reason("Căn cứ kết quả chuyển đổi số", given) is None  # read as grounds
    # The phrase ends where a sentence of the model's own begins; a figure is not cut at its dot.
    report = given_texts(fields(), "Báo cáo kết quả thu ngân sách năm 2026: thu 1.250 tỷ đồng.")
    assert (
        accept_reason("Nhằm báo cáo kết quả thu 1.250 tỷ đồng, Sở Nội vụ đã đạt kết quả", report)
        == "Nhằm báo cáo kết quả thu 1.250 tỷ đồng"
    )
    assert accept_reason("Nhằm thực hiện kết quả chuyển đổi số, chúng tôi đã", given) == (
        "Nhằm thực hiện kết quả chuyển đổi số"
    )
    assert accept_reason("Nhằm giúp chúng tôi báo cáo kết quả chuyển đổi số", given) is None


def test_missing_facts_are_the_fields_left_once_each() -> None:
    body = "Thời hạn: trước [thời hạn].\nĐiện thoại: [số điện thoại]; [thời hạn]."
    assert missing_facts(body) == ["[thời hạn]", "[số điện thoại]"]


def test_the_gemma_model_cannot_break_the_skeleton(engine: Any) -> None:
    """The test model follows no instruction: the body still has its parts, no invented fact."""
    doc_type = get_type("cong-van")
    result = draft_body(engine, doc_type, fields(), BRIEF, draft_params(200))
    assert "Sở Nội vụ đề nghị các phòng, đơn vị báo cáo" in result.body
    assert "[số điện thoại]" in result.missing and "[thời hạn]" not in result.missing
    assert invented_facts(result.body, *given_texts(fields(), BRIEF)) == []
    assert 1 <= result.stats.generated_tokens <= 64  # only the reason phrase was asked for


def test_the_workflow_writes_checks_and_remembers(tmp_path: Path) -> None:
    doc_type = get_type("cong-van")
    skeleton = build_skeleton(doc_type, fields(), read_brief(BRIEF))
    body = skeleton.fill(skeleton.reason_fallback)
    config = tmp_path / "config"
    result = export_draft(
        doc_type, FIELDS, body, tmp_path / "cv.docx", policy=Policy(), config_dir=config
    )
    assert result.path.exists() and result.findings == []
    assert "[số điện thoại]" in result.missing
    assert "SỞ NỘI VỤ" in (config / "drafting.json").read_text(encoding="utf-8")
    text = "\n".join(p.text for p in docx.Document(str(result.path)).paragraphs)
    assert "Đầu mối liên hệ:" in text
    nothing = export_draft(
        doc_type, FIELDS, body, tmp_path / "b.docx", policy=Policy(), config_dir=None
    )
    assert nothing.path.exists()
