"""Which fields each type has (fields_for), and that each one given reaches the document: the
căn cứ of a công văn, a "V/v" typed in its trích yếu printed once, nothing printed that the type
does not have."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from tests.core.nd30.conftest import TYPES, body_for, values_for, write

from troly.core.nd30 import DRAFTABLE, FIELD_LABELS, DraftFields, fields_for, get_type, write_docx
from troly.core.nd30.checker import check_docx
from troly.core.nd30.fields import LIST_FIELDS
from troly.core.policy import Policy
from troly.core.tasks.draft import build_messages

# The fields whose text the user types freely, printed as typed (or in capitals).
FREE_TEXT = (
    "co_quan_chu_quan",
    "co_quan",
    "dia_danh",
    "trich_yeu",
    "can_cu",
    "kinh_gui",
    "noi_nhan",
    "chuc_vu",
    "nguoi_ky",
    "nguoi_soan",
    "tham_quyen",
    "thu_ky",
)


def all_text(path: Path) -> str:
    """Every paragraph of the DOCX, body, table cells and headers, one per line."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    for section in document.sections:
        lines += [p.text for p in section.header.paragraphs]
    return "\n".join(lines).replace("\u00a0", " ")


def keys(slug: str) -> set[str]:
    return {item.key for item in fields_for(get_type(slug))}


def test_fields_per_type_follow_decree_30() -> None:
    assert {"thu_ky", "tham_quyen"}.isdisjoint(keys("cong-van"))
    assert {"kinh_gui", "can_cu", "trich_yeu"} <= keys("cong-van")
    assert "thu_ky" in keys("bien-ban")
    assert {"dia_danh", "ngay", "can_cu", "kinh_gui", "quyen_han", "tham_quyen"}.isdisjoint(
        keys("bien-ban")
    )
    assert "kinh_gui" not in keys("quyet-dinh")
    # The issuing authority under the title is a quyết định's alone (Mẫu 1.2).
    assert {t.slug for t in DRAFTABLE if "tham_quyen" in keys(t.slug)} == {"quyet-dinh"}
    assert {t.slug for t in DRAFTABLE if "thu_ky" in keys(t.slug)} == {"bien-ban"}


@pytest.mark.parametrize("slug", TYPES)
def test_fields_for_gives_labels_required_and_list_fields(slug: str) -> None:
    doc_type = get_type(slug)
    items = fields_for(doc_type)
    assert [i.key for i in items] == [k for k in FIELD_LABELS if k in keys(slug)]  # form order
    assert all(i.label == FIELD_LABELS[i.key] for i in items)
    assert all(i.is_list == (i.key in LIST_FIELDS) for i in items)
    # What is required is exactly what an empty draft of this type is refused for.
    assert {i.key for i in items if i.required} == set(DraftFields().missing(doc_type))


@pytest.mark.parametrize("slug", TYPES)
def test_every_field_a_type_has_reaches_the_document_and_no_other(
    slug: str, tmp_path: Path
) -> None:
    marks = {key: f"Mốc{key.replace('_', '')}" for key in FREE_TEXT}
    values: dict[str, Any] = {**values_for(slug), **marks}
    values["co_quan"] = f"Sở Thử nghiệm {marks['co_quan']}"
    if values["quyen_han"] == "KT.":  # a deputy signs for the head
        values["chuc_vu"] = f"Phó {marks['chuc_vu']}"
    path = write_docx(
        get_type(slug),
        DraftFields.from_mapping(values),
        body_for(slug),
        tmp_path / "d.docx",
        policy=Policy(),
    )
    text = all_text(path).casefold()
    printed = {key for key, mark in marks.items() if mark.casefold() in text}
    assert printed == set(FREE_TEXT) & keys(slug)


def test_can_cu_of_a_cong_van_opens_its_body(tmp_path: Path) -> None:
    grounds = "Quyết định số 12/QĐ-UBND ngày 03 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh"
    path = write("cong-van", tmp_path, can_cu=f"{grounds}; Kế hoạch số 5/KH-STTTT")
    text = all_text(path)
    assert f"Căn cứ {grounds};" in text
    assert "Căn cứ Kế hoạch số 5/KH-STTTT." in text
    lines = text.splitlines()
    assert lines.index(f"Căn cứ {grounds};") < next(
        i for i, line in enumerate(lines) if line.startswith("Thực hiện Kế hoạch")
    )  # before the body
    assert check_docx(path) == []  # laid out as grounds are: italic, ";" then "."


@pytest.mark.parametrize("typed", ["V/v phối hợp", "v/v: phối hợp", "Về việc phối hợp"])
def test_a_v_v_typed_in_the_subject_is_printed_once(typed: str, tmp_path: Path) -> None:
    path = write("cong-van", tmp_path, trich_yeu=f"{typed} triển khai chuyển đổi số")
    subject = [line for line in all_text(path).splitlines() if line.startswith("V/v")]
    assert subject == ["V/v phối hợp triển khai chuyển đổi số"]
    assert check_docx(path) == []


def test_a_quyet_dinh_keeps_its_ve_viec() -> None:
    doc_type = get_type("quyet-dinh")
    fields = DraftFields.from_mapping({"trich_yeu": "Về việc thành lập Tổ công tác"})
    assert fields.subject(doc_type) == "Về việc thành lập Tổ công tác"


def test_a_subject_of_only_v_v_counts_as_missing() -> None:
    fields = DraftFields.from_mapping({**values_for("cong-van"), "trich_yeu": "V/v"})
    assert fields.missing(get_type("cong-van")) == ["trich_yeu"]


def test_check_format_catches_a_doubled_v_v(tmp_path: Path) -> None:
    path = write("cong-van", tmp_path)
    document = docx.Document(str(path))
    cell = document.tables[0].rows[1].cells[0]
    subject = next(p for p in cell.paragraphs if p.text.startswith("V/v"))
    subject.runs[0].text = "V/v V/v " + subject.runs[0].text.removeprefix("V/v ")
    for run in subject.runs[1:]:
        run.text = ""
    broken = tmp_path / "doubled.docx"
    document.save(str(broken))
    findings = check_docx(broken)
    assert [f.code for f in findings] == ["format-trich_yeu_cv"]
    assert "hai lần" in findings[0].message_vi
    assert findings[0].rule.startswith("Phụ lục I, Mục II.5.b")


def test_the_prompt_names_the_grounds_and_the_subject_without_v_v() -> None:
    fields = DraftFields.from_mapping(
        {**values_for("cong-van"), "trich_yeu": "V/v cử cán bộ", "can_cu": "Luật Cán bộ"}
    )
    prompt = build_messages(get_type("cong-van"), fields, "Cử cán bộ dự tập huấn.")[-1].content
    assert "“cử cán bộ”" in prompt
    assert "Căn cứ đã có ở đầu văn bản (không viết lại): Luật Cán bộ." in prompt
    # A field the type does not have stays out of the prompt too.
    qd = DraftFields.from_mapping({**values_for("quyet-dinh"), "kinh_gui": "Sở Nội vụ"})
    assert "Sở Nội vụ" not in build_messages(get_type("quyet-dinh"), qd, "x")[-1].content
