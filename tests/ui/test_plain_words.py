"""Words an official knows: with the real Vietnamese translation, the settings, the model dialog
and the summarize page show no engineer's jargon ("Top-p", "token", "Nhiệt độ", "Lượng tử hóa",
"Tr. OCR", "Xuất Markdown"); the expert settings wait behind "Nâng cao", each explained."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QTreeView,
    QWidget,
)

from troly.core.config import Paths, Settings
from troly.core.policy import Policy
from troly.core.resources import resource_path
from troly.core.session import Session
from troly.ui.app import install_translators, remove_translators

SETTINGS_JARGON = ("Top-p", "token", "Nhiệt độ", "luồng", "ngữ cảnh", "Lời nhắc hệ thống")
# "Q4_K_M" is not among them: the model list's names carry it ("Gemma 3 270M (Q4_K_M)"); what
# must go is the field that explains nothing ("Lượng tử hóa: Q4_K_M").
MODEL_JARGON = ("Lượng tử hóa", "Kiến trúc", "gemma3", "token", "SHA-256", "Mã băm", "ngữ cảnh")
SUMMARIZE_JARGON = ("Markdown", "Xuất DOCX", "OCR", "token")


@pytest.fixture
def vietnamese(qapp: Any, tmp_path: Path) -> Iterator[None]:
    """troly_vi.ts compiled fresh and installed before any widget is made."""
    qm = tmp_path / "troly_vi.qm"
    lrelease = str(Path(sys.executable).with_name("pyside6-lrelease"))
    ts = str(resource_path("i18n", "troly_vi.ts"))
    subprocess.run([lrelease, ts, "-qm", str(qm)], check=True, capture_output=True)
    translators = install_translators(qapp, "vi", qm)
    assert translators
    yield
    remove_translators(qapp, translators)


def visible_texts(root: QWidget) -> str:
    """What the user can read now: labels, buttons, fields with their units, list items and
    headers, tooltips and the names a screen reader speaks."""
    found = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        found += [widget.toolTip(), widget.accessibleName()]
        if isinstance(widget, QLabel | QAbstractButton):
            found.append(widget.text())
        elif isinstance(widget, QAbstractSpinBox):
            found.append(widget.text())  # the value with its unit, or "Tự động (n)"
        elif isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QTreeView) and widget.model() is not None:
            model = widget.model()
            found += [
                str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                for c in range(widget.header().count())
            ]
    return "\n".join(t for t in found if t)


def jargon_in(text: str, words: tuple[str, ...]) -> list[str]:
    return [word for word in words if word.lower() in text.lower()]


def settings_dialog(qtbot: Any, tmp_path: Path) -> Any:
    from troly.ui.settings_dialog import SettingsDialog

    session = SimpleNamespace(
        settings=Settings(),
        user_settings=Settings(),
        paths=Paths.resolve(tmp_path),
        policy=Policy(),
    )
    dialog = SettingsDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_settings_speak_plainly_and_keep_expert_fields_behind_advanced(
    vietnamese: None, qtbot: Any, tmp_path: Path
) -> None:
    dialog = settings_dialog(qtbot, tmp_path)
    collapsed = visible_texts(dialog)
    assert jargon_in(collapsed, SETTINGS_JARGON) == []
    for everyday in ("Ngôn ngữ:", "Cỡ chữ:", "Màu sắc:", "Nơi mô hình chạy:", "Nâng cao"):
        assert everyday in collapsed
    assert "Độ sáng tạo" not in collapsed  # the expert fields wait behind "Nâng cao"
    assert not dialog.temperature.isVisibleTo(dialog)

    qtbot.mouseClick(dialog.advanced_button, Qt.MouseButton.LeftButton)
    assert dialog.advanced_button.isChecked()
    expanded = visible_texts(dialog)
    expert = (
        (dialog.temperature, "Độ sáng tạo của câu trả lời", "dễ sai"),
        (dialog.top_p, "Phạm vi chọn từ ngữ", "0,9"),
        (dialog.max_tokens, "Độ dài tối đa của câu trả lời", "mẩu chữ"),
        (dialog.context_length, "Lượng văn bản ghi nhớ cùng lúc", "bộ nhớ (RAM)"),
        (dialog.threads, "Số nhân bộ xử lý được dùng", "Tự động"),
        (dialog.system_prompt, "Lời dặn chung cho trợ lý", "văn phong hành chính"),
    )
    for field, name, hint in expert:
        assert field.isVisibleTo(dialog)
        assert field.accessibleName() == name and name + ":" in expanded
        explanation = field.toolTip()
        assert hint in explanation
        # The explanation also stands under the field in grey, not only in a tooltip.
        notes = [
            label for label in dialog.advanced.findChildren(QLabel) if label.text() == explanation
        ]
        assert notes and notes[0].isVisibleTo(dialog)
    assert "Thấp: câu trả lời ổn định, sát tài liệu; cao: đa dạng hơn nhưng dễ sai." in expanded
    assert dialog.max_tokens.suffix() == " mẩu chữ"
    assert jargon_in(expanded, SETTINGS_JARGON) == []

    qtbot.mouseClick(dialog.advanced_button, Qt.MouseButton.LeftButton)
    assert not dialog.temperature.isVisibleTo(dialog)


def test_the_model_dialog_shows_what_a_user_decides_by(
    vietnamese: None, qtbot: Any, troly_home: Path, default_model: Any
) -> None:
    from troly.ui import numbers
    from troly.ui.model_dialog import ModelDialog

    dialog = ModelDialog(Session(troly_home), current=default_model)
    qtbot.addWidget(dialog)
    dialog.show()
    try:
        shown = visible_texts(dialog)
        assert jargon_in(shown, MODEL_JARGON) == []
        assert default_model.display_name in shown
        assert "Dung lượng trên đĩa:" in shown
        assert numbers.size(default_model.info.file_size) in shown
        assert "Được duyệt:" in shown and "đúng tệp đã được duyệt" in shown
        assert "Bộ nhớ cần có:" in shown and "bộ nhớ (RAM)" in dialog.fields["ram"].text()

        dialog.details_button.click()  # "Thông tin kỹ thuật" holds the engineer's facts
        details = visible_texts(dialog)
        assert "Kiến trúc:" in details and "gemma3" in details
        assert "Lượng tử hóa (mức nén):" in details and "Q4_K_M" in details
        assert default_model.sha256 in details
    finally:
        dialog.reject()


def test_the_summarize_page_and_file_table_speak_plainly(
    vietnamese: None, qtbot: Any, holder: Any
) -> None:
    from troly.ui.collections_panel.widgets import FileTable
    from troly.ui.summarize_page import SummarizePage

    page = SummarizePage(holder.session, holder)
    qtbot.addWidget(page)
    page.show()
    shown = visible_texts(page)
    assert jargon_in(shown, SUMMARIZE_JARGON) == []
    assert page.md_button.text() == "Lưu thành tệp văn bản (.md)…"
    assert page.docx_button.text() == "Lưu thành tệp Word (.docx)…"

    table = FileTable()
    qtbot.addWidget(table)
    headers = [
        str(table.model.headerData(c, Qt.Orientation.Horizontal))
        for c in range(table.model.columnCount())
    ]
    assert "Trang quét" in headers and not any("OCR" in h for h in headers)
    assert "OCR" not in table.counts.text() and "trang quét" in table.counts.text()
