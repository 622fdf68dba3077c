"""The ask view shows what the check of an answer against its sources found: a re-pointed
citation as corrected, a sentence no source supports as "chưa có căn cứ" (in Vietnamese)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from troly.core.resources import resource_path
from troly.core.tasks.grounding import check_answer
from troly.ui.app import install_translators

SOURCES = [
    "Điều 107. Làm thêm giờ\n2. Số giờ làm thêm không quá 50% số giờ làm việc bình thường "
    "trong 01 ngày.",
    "Điều 98. Tiền lương làm thêm giờ\n1. Vào ngày thường, ít nhất bằng 150%.",
]
ANSWER = (
    "Số giờ làm thêm không quá 50% số giờ làm việc bình thường trong 01 ngày [2]. "
    "Người lao động được nghỉ bù 5 ngày sau mỗi đợt làm thêm [1]."
)


def test_corrected_and_unsupported_sentences_are_shown_in_vietnamese(
    qapp: Any, qtbot: Any, tmp_path: Path
) -> None:
    qm = tmp_path / "troly_vi.qm"
    lrelease = str(Path(sys.executable).with_name("pyside6-lrelease"))
    ts = str(resource_path("i18n", "troly_vi.ts"))
    subprocess.run([lrelease, ts, "-qm", str(qm)], check=True, capture_output=True)
    translators = install_translators(qapp, "vi", qm)
    try:
        from troly.ui.ask_view import AskView

        view = AskView()
        qtbot.addWidget(view)
        check = check_answer(ANSWER, SOURCES)
        notes = view.show_check(check)
        assert notes == [
            "Đã sửa trích dẫn [2] → [1]: Số giờ làm thêm không quá 50% số giờ làm việc bình "
            "thường trong 01 ngày.",
            "Chưa có căn cứ trong các nguồn: Người lao động được nghỉ bù 5 ngày sau mỗi đợt "
            "làm thêm.",
        ]
        assert all(note in view.text() for note in notes)
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_notes_beside_the_answer_in_vietnamese(qapp: Any, qtbot: Any, tmp_path: Path) -> None:
    from troly.core.tasks.ask import NOT_FOUND, Answer, Source

    qm = tmp_path / "troly_vi.qm"
    lrelease = str(Path(sys.executable).with_name("pyside6-lrelease"))
    ts = str(resource_path("i18n", "troly_vi.ts"))
    subprocess.run([lrelease, ts, "-qm", str(qm)], check=True, capture_output=True)
    translators = install_translators(qapp, "vi", qm)
    try:
        from troly.ui.ask_view import AskView

        view = AskView()
        qtbot.addWidget(view)
        # "Not found": the general reason.
        view.finish(Answer("Giá vàng hôm nay?", [], NOT_FOUND, found=False))
        assert "Không có đoạn nào trong bộ tài liệu đủ khớp với câu hỏi." in view.text()
        # An answer with notes: a law the documents lack, a word none of them holds.
        source = Source(1, "/d/luat.pdf", 2, "Điều 3.", "Viên chức nghỉ phép năm 12 ngày.", False)
        answer = Answer("Theo Luật Du lịch, …?", [source], "Mười hai ngày [1].")
        answer.missing_laws = ["Luật Du lịch"]
        answer.absent_words = ["phim"]
        view.transcript.clear()
        view.finish(answer)
        assert "Các tài liệu đã chọn không có Luật Du lịch." in view.text()
        assert "Không tài liệu nào trong bộ có từ “phim”" in view.text()
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
