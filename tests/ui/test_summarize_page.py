"""The summarizing page with the real default model: progress, result with source links that
open the page viewer, export, copy, and Cancel."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from troly.ui.summarize_page import SummarizePage

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
SAMPLE = SAMPLES / "cong-van-215-bao-cao-nhanh-quy-3.pdf"
RUN_TIMEOUT_MS = 240_000


@pytest.fixture
def page(qtbot: Any, holder: Any) -> SummarizePage:
    session = holder.session
    extra = {"summarize": {"partial_tokens": 32, "final_tokens": 64}}
    session.settings = dataclasses.replace(session.settings, extra=extra)
    widget = SummarizePage(session, holder)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_summarize_shows_progress_sources_and_exports(
    page: SummarizePage, engine: Any, qtbot: Any, tmp_path: Path
) -> None:
    assert not page.start_button.isEnabled()  # no file, no engine yet
    page.engines.use(engine, owned=False)
    page.set_files([SAMPLE])
    page.set_style("bullets")
    assert page.start_button.isEnabled()
    steps: list[Any] = []
    page.start()
    assert page.cancel_button.isEnabled()
    page.job.worker.progress.connect(steps.append)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: page.summary is not None, timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not page.is_running(), timeout=10_000)
    summary = page.summary
    assert summary is not None and summary.points
    assert "cong-van-215" in page.result_view.toHtml()
    # The sources read as the DOCX export writes them: "(Nguồn: …)", never "(source: …)".
    assert f"({page.tr('Source')}: " in page.result_view.toPlainText()
    assert "(source:" not in page.result_view.toPlainText()
    assert page.docx_button.isEnabled() and page.copy_button.isEnabled()
    assert page.progress_bar.value() == page.progress_bar.maximum()

    cited = next(i for i, point in enumerate(summary.points) if point.sources)
    with qtbot.waitSignal(page.open_source, timeout=30_000) as opened:
        page.open_link(f"src:{cited}:0")
    path, number, passage = opened.args
    assert path == str(SAMPLE.resolve()) and number in (1, 2) and passage

    out = page.export_to(tmp_path / "tom-tat.docx")
    assert out is not None and out.stat().st_size > 0
    md = page.export_to(tmp_path / "tom-tat.md")
    assert md is not None and md.read_text(encoding="utf-8").startswith("# Tóm tắt")
    page.copy_text()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text().startswith("# Tóm tắt")


def test_cancel_stops_and_says_so(page: SummarizePage, engine: Any, qtbot: Any) -> None:
    page.engines.use(engine, owned=False)
    page.set_files([SAMPLES / "bao-cao-87-ket-qua-quy-3.pdf", SAMPLE])
    page.start()
    page.cancel()
    qtbot.waitUntil(lambda: not page.is_running(), timeout=20_000)
    assert page.summary is None
    assert page.start_button.isEnabled() and not page.cancel_button.isEnabled()
    assert page.status_label.text()


def test_dropping_a_file_selects_it(page: SummarizePage, qtbot: Any) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLE)), QUrl.fromLocalFile("/tmp/anh.png")])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(event)
    assert page.files == [str(SAMPLE.resolve())]
    assert "cong-van-215" in page.files_label.text()


def test_a_file_can_be_picked_from_a_collection(page: SummarizePage) -> None:
    from troly.core.index.sync import sync_collection

    page.pick_from_collection(choose=lambda labels: 0)
    assert page.files == []  # no collection yet: said so, nothing chosen
    assert page.status_label.text()
    store = page.session.open_index()
    sync_collection(store, "Báo cáo", [SAMPLE])
    store.db.close()
    offered: list[str] = []

    def choose(labels: list[str]) -> int:
        offered.extend(labels)
        return 0

    page.pick_from_collection(choose=choose)
    assert offered == [f"Báo cáo — {SAMPLE.name}"]
    assert page.files == [str(SAMPLE.resolve())]


def law_file(folder: Path) -> Path:
    """A law in three chapters of two articles each, as a text file."""
    lines = ["LUẬT THỬ NGHIỆM"]
    number = 1
    for roman, name in (("I", "NHỮNG QUY ĐỊNH CHUNG"), ("II", "TUYỂN DỤNG"), ("III", "KỶ LUẬT")):
        lines += [f"Chương {roman}", name]
        for _ in range(2):
            body = f"Viên chức thực hiện quy định tại Điều {number} theo nhiệm vụ được giao. " * 6
            lines += [f"Điều {number}. Quy định số {number}", f"1. {body}", f"2. {body}"]
            number += 1
    path = folder / "luat-thu-nghiem.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_outline_shows_before_the_first_section_is_summarized(
    page: SummarizePage, engine: Any, qtbot: Any, tmp_path: Path
) -> None:
    page.engines.use(engine, owned=False)
    page.set_files([law_file(tmp_path)])
    shown: list[tuple[int, str]] = []  # each time the view changed: sections with points, text

    def watch() -> None:
        shown.append((len(page.section_points), page.result_view.toPlainText()))

    page.result_view.textChanged.connect(watch)
    page.start()
    qtbot.waitUntil(lambda: page.summary is not None, timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not page.is_running(), timeout=10_000)
    # The first view shown was the outline, before any section had its points: every
    # chapter, named, waiting for its points.
    first = next(text for _, text in shown if text.strip())
    assert next(done for done, text in shown if text.strip()) == 0
    for name in ("Chương I. Những quy định chung", "Chương II. Tuyển dụng", "Chương III. Kỷ luật"):
        assert name in first
    assert page.words.tr("Outline of the document") in first
    assert page.words.tr("being summarized…") in first
    summary = page.summary
    assert summary is not None and [i.text for i in summary.outline if i.level == 0][1:] == [
        "Chương I. Những quy định chung",
        "Chương II. Tuyển dụng",
        "Chương III. Kỷ luật",
    ]
    # The final message counts the whole work and this run's share.
    assert page.status_label.text() == page.words.done_message(summary)
