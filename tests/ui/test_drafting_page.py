"""The drafting page: remembered fields, the body streamed by the real model, Stop, export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from PySide6.QtCore import Qt

from troly.core.nd30.memory import remember
from troly.ui.drafting_form import ORDER
from troly.ui.drafting_page import DraftingPage

TIMEOUT_MS = 120_000


@pytest.fixture
def page(qtbot: Any, troly_home: Path, default_model: Any, holder: Any) -> Any:
    session = holder.session
    remember(
        session.paths.config,
        {
            "co_quan": "Sở Thông tin và Truyền thông",
            "ky_hieu": "STTTT-VP",
            "dia_danh": "Bắc Ninh",
            "chuc_vu": "Giám đốc",
            "nguoi_ky": "Nguyễn Văn An",
            "noi_nhan": "Sở Nội vụ",
        },
    )
    widget = DraftingPage(session, holder)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.close()


def test_remembered_values_prefill_the_form(page: Any) -> None:
    assert page.inputs["co_quan"].text() == "Sở Thông tin và Truyền thông"
    assert page.inputs["nguoi_ky"].text() == "Nguyễn Văn An"
    assert page.type_combo.count() == 8
    assert not page.draft_button.isEnabled()  # no engine, no brief yet
    assert not page.export_button.isEnabled()


def test_body_from_text_exports_and_checks_clean(page: Any, tmp_path: Path) -> None:
    page.inputs["trich_yeu"].setText("phối hợp tập huấn kỹ năng số")
    page.inputs["kinh_gui"].setText("Sở Nội vụ")
    page.body_edit.setPlainText("Đề nghị Quý Sở cử cán bộ tham dự tập huấn.")
    assert page.export_button.isEnabled()
    out = page.export_to(tmp_path / "cv.docx")
    assert out is not None, page.status_label.text()
    assert out.exists()
    assert page.findings_list.count() == 1
    assert "Appendix I" in page.findings_list.item(0).text()
    document = docx.Document(str(out))
    assert any(p.text == "Kính gửi: Sở Nội vụ" for p in document.paragraphs)


def test_missing_field_is_reported_not_raised(page: Any, tmp_path: Path) -> None:
    page.body_edit.setPlainText("Nội dung.")
    assert page.export_to(tmp_path / "x.docx") is None
    assert "Thiếu thông tin bắt buộc" in page.status_label.text()
    assert "trich_yeu" in page.status_label.text()


def test_a_start_refused_for_want_of_a_model_keeps_the_users_text(page: Any) -> None:
    page.inputs["trich_yeu"].setText("phối hợp tập huấn kỹ năng số")
    page.brief_edit.setPlainText("Đề nghị cử cán bộ tham dự tập huấn.")
    page.body_edit.setPlainText("Nội dung người dùng đã sửa.")
    page.status_label.setText("Đã lưu.")
    assert page.engines.engine is None
    page.start_drafting()  # as a shortcut would, the button being disabled
    assert not page.is_drafting() and page.job.worker is None
    assert page.body_edit.toPlainText() == "Nội dung người dùng đã sửa."
    assert page.status_label.text() == "Đã lưu."


def test_the_real_model_streams_the_body_and_stop_ends_it(
    page: Any, qtbot: Any, engine: Any, tmp_path: Path
) -> None:
    page.engines.use(engine, owned=False)
    page.inputs["trich_yeu"].setText("phối hợp tập huấn kỹ năng số")
    page.inputs["kinh_gui"].setText("Sở Nội vụ")
    page.brief_edit.setPlainText("Đề nghị cử cán bộ tham dự tập huấn kỹ năng số.")
    page.session.settings.max_tokens = 400
    assert page.draft_button.isEnabled()
    page.draft_button.click()
    assert page.stop_button.isEnabled()
    qtbot.waitUntil(lambda: bool(page.body_edit.toPlainText()), timeout=TIMEOUT_MS)
    page.stop_button.click()
    qtbot.waitUntil(lambda: not page.is_drafting(), timeout=TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: page.export_button.isEnabled() or bool(page.status_label.text()), timeout=TIMEOUT_MS
    )
    if not page.body_edit.toPlainText().strip():
        page.body_edit.setPlainText("Nội dung do mô hình soạn trống.")
    assert page.export_to(tmp_path / "model.docx") is not None


def test_related_documents_reach_the_model_and_bad_ones_are_reported(
    page: Any, qtbot: Any, engine: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from troly.core.tasks import draft

    incoming = tmp_path / "cv-den-215.txt"
    incoming.write_text("Công văn số 215/UBND-VP đề nghị báo cáo kết quả chuyển đổi số.")
    prompts: list[str] = []
    real_build = draft.reason_messages

    def spy(*args: Any, **kwargs: Any) -> Any:
        messages = real_build(*args, **kwargs)
        prompts.append(messages[-1].content)
        return messages

    monkeypatch.setattr(draft, "reason_messages", spy)
    page.engines.use(engine, owned=False)
    page.inputs["trich_yeu"].setText("báo cáo kết quả chuyển đổi số")
    page.inputs["kinh_gui"].setText("UBND tỉnh")
    page.brief_edit.setPlainText("Trả lời công văn số 215/UBND-VP.")
    page.session.settings.max_tokens = 8
    page.set_sources([str(incoming)])
    assert "cv-den-215.txt" in page.sources_label.text()
    page.draft_button.click()
    qtbot.waitUntil(lambda: not page.is_drafting(), timeout=TIMEOUT_MS)
    assert prompts and "215/UBND-VP" in prompts[0] and "[cv-den-215.txt]" in prompts[0]

    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"not a pdf")
    page.set_sources([str(bad)])
    page.draft_button.click()
    qtbot.waitUntil(lambda: not page.is_drafting(), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: "hong.pdf" in page.status_label.text(), timeout=TIMEOUT_MS)


def visible_fields(page: Any) -> set[str]:
    return {key for key, widget in page.form.rows.items() if widget.isVisibleTo(page)}


def test_each_type_shows_only_its_own_fields(page: Any) -> None:
    page.form.set_type("cong-van")
    shown = visible_fields(page)
    assert {"kinh_gui", "trich_yeu", "ngay", "nguoi_ky"} <= shown
    assert not shown & {"thu_ky", "tham_quyen", "can_cu"}
    page.form.set_type("quyet-dinh")
    shown = visible_fields(page)
    assert {"tham_quyen", "can_cu"} <= shown and not shown & {"thu_ky", "kinh_gui"}
    page.form.set_type("bien-ban")
    shown = visible_fields(page)
    assert "thu_ky" in shown and not shown & {"tham_quyen", "quyen_han", "kinh_gui"}
    assert page.form._labels["nguoi_ky"].text() == page.tr("Chair")
    # A hidden field is not sent: what was typed for another type does not leak into this one.
    page.inputs["tham_quyen"].setText("ỦY BAN NHÂN DÂN TỈNH")
    assert "tham_quyen" not in page.field_values()


def test_inputs_are_wide_and_tab_walks_the_fields_in_order(page: Any, qtbot: Any) -> None:
    page.resize(1200, 700)
    page.form.set_type("quyet-dinh")
    qtbot.waitUntil(lambda: page.inputs["co_quan"].width() > 0, timeout=10_000)
    assert page.inputs["co_quan"].width() >= 220
    page.type_combo.setFocus()
    expected = [k for k in ORDER if k in visible_fields(page)]
    order: list[str] = []
    # Tab also steps through the date's day, month and year, as in every Qt date field.
    for _ in range(len(expected) + 6):
        qtbot.keyClick(page.focusWidget(), Qt.Key.Key_Tab)
        focused = page.focusWidget()
        owner = next(
            (k for k, w in page.form.rows.items() if w is focused or w.isAncestorOf(focused)),
            None,
        )
        if owner is None:
            break  # past the form: on to the brief
        if not order or order[-1] != owner:
            order.append(owner)
    assert order == expected  # "ngay" among them, in its place
    assert "ngay" in order and page.focusWidget() is page.brief_edit


def test_legal_grounds_typed_in_the_form_reach_the_docx(page: Any, tmp_path: Path) -> None:
    page.form.set_type("quyet-dinh")
    page.inputs["trich_yeu"].setText("thành lập Tổ công tác chuyển đổi số")
    page.inputs["can_cu"].setText(
        "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; "
        "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ"
    )
    page.inputs["ky_hieu"].setText("QĐ-STTTT")
    page.body_edit.setPlainText("Điều 1. Thành lập Tổ công tác.\nĐiều 2. Quyết định có hiệu lực.")
    out = page.export_to(tmp_path / "qd.docx")
    assert out is not None, page.status_label.text()
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;" in text
    assert "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ." in text


def test_a_typed_v_v_is_not_doubled(page: Any, tmp_path: Path) -> None:
    page.form.set_type("cong-van")
    page.inputs["trich_yeu"].setText("V/v phối hợp tập huấn")
    page.inputs["kinh_gui"].setText("Sở Nội vụ")
    page.body_edit.setPlainText("Đề nghị Quý Sở phối hợp.")
    out = page.export_to(tmp_path / "cv.docx")
    assert out is not None, page.status_label.text()
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    texts += [c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells]
    assert any("V/v phối hợp tập huấn" in t for t in texts)
    assert not any("V/v V/v" in t for t in texts)


def test_the_draft_docx_is_written_like_the_summary_docx(page: Any, tmp_path: Path) -> None:
    """The same permissions as any new file (the umask's), not the temporary file's 0600."""
    import os

    page.inputs["trich_yeu"].setText("phối hợp")
    page.inputs["kinh_gui"].setText("Sở Nội vụ")
    page.body_edit.setPlainText("Nội dung.")
    previous = os.umask(0o022)
    try:
        out = page.export_to(tmp_path / "cv.docx")
        plain = tmp_path / "plain.txt"
        plain.write_text("x")
    finally:
        os.umask(previous)
    assert out is not None, page.status_label.text()
    assert out.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777 == 0o644


def test_the_drafted_body_lists_the_facts_to_fill_and_exports_through_the_workflow(
    page: Any, qtbot: Any, engine: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A công văn from a brief without deadline or contact: the body has their parts as
    fields, the page lists them until they are filled, and export is the shared workflow."""
    from troly.core.tasks import draft_workflow

    exports: list[Path] = []
    real_export = draft_workflow.export_draft

    def spy(*args: Any, **kwargs: Any) -> Any:
        result = real_export(*args, **kwargs)
        exports.append(result.path)
        return result

    monkeypatch.setattr(draft_workflow, "export_draft", spy)
    page.engines.use(engine, owned=False)
    page.inputs["co_quan"].setText("SỞ THÔNG TIN VÀ TRUYỀN THÔNG")
    page.inputs["trich_yeu"].setText("cử cán bộ tham dự tập huấn kỹ năng số")
    page.inputs["kinh_gui"].setText("Sở Nội vụ")
    page.brief_edit.setPlainText("Đề nghị Sở Nội vụ cử cán bộ tham dự tập huấn kỹ năng số.")
    page.draft_button.click()
    qtbot.waitUntil(lambda: not page.is_drafting(), timeout=TIMEOUT_MS)
    body = page.body_edit.toPlainText()
    assert "Sở Thông tin và Truyền thông đề nghị Sở Nội vụ cử cán bộ" in body
    assert "Đầu mối liên hệ:" in body
    assert page.missing_label.isVisible()
    assert "[thời hạn]" in page.missing_label.text()
    assert "[số điện thoại]" in page.missing_label.text()

    page.body_edit.setPlainText(body.replace("[thời hạn]", "ngày 15/01/2027"))
    assert "[thời hạn]" not in page.missing_label.text()
    out = page.export_to(tmp_path / "cv.docx")
    assert out is not None and exports == [out]
    page.check_button.click()  # the check lays the document out through the workflow too
    assert len(exports) == 2 and page.findings_list.count() >= 1
