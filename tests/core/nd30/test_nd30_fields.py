"""Types, numbering, dates, fields and remembered values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from troly.core.errors import TrolyError
from troly.core.nd30 import ALL_TYPES, DRAFTABLE, DraftFields, get_type
from troly.core.nd30.body import parse_body
from troly.core.nd30.dates import date_line, date_problems
from troly.core.nd30.memory import load_remembered, remember
from troly.core.nd30.numbering import so_line


def test_the_29_types_of_dieu_7_with_their_abbreviations() -> None:
    assert len(ALL_TYPES) == 29
    abbreviations = {t.slug: t.abbreviation for t in ALL_TYPES}
    assert abbreviations["quyet-dinh"] == "QĐ" and abbreviations["to-trinh"] == "TTr"
    assert abbreviations["quy-dinh"] == "QyĐ" and abbreviations["giay-moi"] == "GM"
    assert abbreviations["cong-van"] == ""
    assert {t.slug for t in DRAFTABLE} == {
        "cong-van",
        "quyet-dinh",
        "to-trinh",
        "bao-cao",
        "thong-bao",
        "ke-hoach",
        "giay-moi",
        "bien-ban",
    }
    with pytest.raises(TrolyError, match="cong-van"):
        get_type("chi-thi")


@pytest.mark.parametrize(
    ("slug", "number", "code", "expected"),
    [
        ("quyet-dinh", 5, "UBND", "Số: 05/QĐ-UBND"),
        ("quyet-dinh", 15, "QĐ-BNV", "Số: 15/QĐ-BNV"),
        ("cong-van", 12, "UBND-VP", "Số: 12/UBND-VP"),
        ("to-trinh", 105, "UBND", "Số: 105/TTr-UBND"),
    ],
)
def test_number_line(slug: str, number: int, code: str, expected: str) -> None:
    assert so_line(get_type(slug), number, code) == expected


def test_number_left_blank_for_the_clerk() -> None:
    assert so_line(get_type("quyet-dinh"), None, "UBND").replace("\u00a0", " ") == (
        "Số:       /QĐ-UBND"
    )


def test_bad_code() -> None:
    with pytest.raises(TrolyError, match="gạch nối"):
        so_line(get_type("cong-van"), 1, "UBND VP")


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2026, 3, 5), "Hà Nội, ngày 05 tháng 3 năm 2026"),
        (dt.date(2020, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2020"),
        (dt.date(2026, 2, 28), "Hà Nội, ngày 28 tháng 02 năm 2026"),
        (dt.date(2019, 6, 29), "Hà Nội, ngày 29 tháng 6 năm 2019"),
        (dt.date(2026, 12, 1), "Hà Nội, ngày 01 tháng 12 năm 2026"),
    ],
)
def test_date_line(date: dt.date, expected: str) -> None:
    assert date_line("Hà Nội", date) == expected


def test_date_problems() -> None:
    assert date_problems("05", "3", "2026") == []
    assert date_problems("5", "3", "2026") == ["ngày phải ghi “05” (không phải “5”)"]
    assert date_problems("05", "1", "2026") == ["tháng phải ghi “01” (không phải “1”)"]
    assert "không phải là một ngày có thật" in date_problems("31", "02", "2026")[0]


@pytest.mark.parametrize(
    ("quyen_han", "chuc_vu", "lines"),
    [
        ("", "Giám đốc", ["GIÁM ĐỐC"]),
        ("KT.", "Phó Giám đốc", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
        ("TM.", "Chủ tịch", ["TM. ỦY BAN NHÂN DÂN HUYỆN A", "CHỦ TỊCH"]),
        ("Q.", "Giám đốc", ["Q. GIÁM ĐỐC"]),
        ("TL. Giám đốc", "Chánh Văn phòng", ["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"]),
        ("TUQ. Chủ tịch", "Giám đốc Sở Nội vụ", ["TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ"]),
    ],
)
def test_signature_lines(quyen_han: str, chuc_vu: str, lines: list[str]) -> None:
    fields = DraftFields(co_quan="Ủy ban nhân dân huyện A", quyen_han=quyen_han, chuc_vu=chuc_vu)
    assert fields.signature_lines() == lines


def test_tl_needs_the_heads_title() -> None:
    with pytest.raises(TrolyError, match=r"TL\. GIÁM ĐỐC"):
        DraftFields(quyen_han="TL.", chuc_vu="Chánh Văn phòng").signature_lines()


def test_missing_fields_are_named_in_one_vietnamese_line() -> None:
    fields = DraftFields.from_mapping({"co_quan": "UBND xã A", "ngay": "2026-03-05"})
    with pytest.raises(TrolyError) as caught:
        fields.validate(get_type("cong-van"))
    message = caught.value.message_vi
    assert "\n" not in message
    assert message.startswith("Thiếu thông tin bắt buộc cho công văn:")
    for key in ("ky_hieu", "dia_danh", "trich_yeu", "kinh_gui", "chuc_vu", "nguoi_ky"):
        assert key in message
    assert "co_quan (" not in message


def test_unknown_field_and_bad_date() -> None:
    with pytest.raises(TrolyError, match="Trường không hợp lệ: cq"):
        DraftFields.from_mapping({"cq": "x"})
    with pytest.raises(TrolyError, match="2026-03-05"):
        DraftFields.from_mapping({"ngay": "5 March"})


def test_body_paragraphs_and_end_mark() -> None:
    body = parse_body("**Điều 1. Phạm vi điều chỉnh**\n\nNội dung thứ nhất.\n- Ý thứ hai;")
    assert [(p.kind, p.text) for p in body] == [
        ("dieu", "Điều 1. Phạm vi điều chỉnh"),
        ("text", "Nội dung thứ nhất."),
        ("text", "- Ý thứ hai./."),
    ]


def test_remembered_values(tmp_path: Path) -> None:
    assert load_remembered(tmp_path) == {}
    remember(tmp_path, {"co_quan": "UBND xã A", "so": "5", "nguoi_ky": "Nguyễn Văn An"})
    remember(tmp_path, {"chuc_vu": "Chủ tịch", "co_quan": ""})
    assert load_remembered(tmp_path) == {
        "co_quan": "UBND xã A",
        "nguoi_ky": "Nguyễn Văn An",
        "chuc_vu": "Chủ tịch",
    }
    (tmp_path / "drafting.json").write_text("{broken")
    assert load_remembered(tmp_path) == {}
