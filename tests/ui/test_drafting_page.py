"""The drafting page: remembered fields, the body streamed by the real model, Stop, export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest

from troly.core.nd30.memory import remember
from troly.core.session import Session
from troly.ui.drafting_page import DraftingPage

TIMEOUT_MS = 120_000


@pytest.fixture
def page(qtbot: Any, troly_home: Path, default_model: Any) -> Any:
    session = Session(troly_home, default_model.path)
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
    widget = DraftingPage(session)
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


def test_the_real_model_streams_the_body_and_stop_ends_it(
    page: Any, qtbot: Any, engine: Any, tmp_path: Path
) -> None:
    page.set_engine(engine)
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
    from troly.ui import drafting_page

    incoming = tmp_path / "cv-den-215.txt"
    incoming.write_text("Công văn số 215/UBND-VP đề nghị báo cáo kết quả chuyển đổi số.")
    prompts: list[str] = []
    real_build = drafting_page.build_messages

    def spy(*args: Any, **kwargs: Any) -> Any:
        messages = real_build(*args, **kwargs)
        prompts.append(messages[-1].content)
        return messages

    monkeypatch.setattr(drafting_page, "build_messages", spy)
    page.set_engine(engine)
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
