"""The collections panel on the real encrypted index: add, index with per-file status, cancel,
re-index, delete, drag and drop; the UI thread never stalls while indexing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ask_documents import long_pdf, scanned_pdf
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from responsiveness import StallProbe

from troly.core.documents import ocr
from troly.core.session import Session
from troly.ui.ask_page import AskPage
from troly.ui.collections_panel.files_model import COL_FILE, COL_OCR, COL_PAGES, COL_PASSAGES
from troly.ui.engine_holder import EngineHolder

INDEX_TIMEOUT_MS = 120_000


@pytest.fixture
def page(qtbot: Any, troly_home: Path) -> Any:
    session = Session(troly_home)
    widget = AskPage(session, EngineHolder(session))
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.open_store()
    yield widget
    widget.shutdown()


def shown_rows(panel: Any) -> dict[str, list[str]]:
    """The file table as the user sees it: file name -> the text of each column."""
    view = panel.files.view
    model = view.model()
    rows = {}
    for row in range(model.rowCount()):
        cells = [model.index(row, c).data() or "" for c in range(model.columnCount())]
        rows[cells[COL_FILE]] = cells
    return rows


def index(qtbot: Any, panel: Any, paths: list[Path]) -> Any:
    with qtbot.waitSignal(panel.indexing_finished, timeout=INDEX_TIMEOUT_MS) as finished:
        assert panel.add_sources(paths)
        assert panel.indexing()
    return finished.args[0]


def test_adding_a_folder_indexes_each_file_with_its_status(
    qtbot: Any, page: Any, docs_folder: Path, font: Path
) -> None:
    panel = page.panel
    assert panel.collections() == []
    if ocr.available():
        scanned_pdf(docs_folder / "cong-van-scan.pdf", [["Điều 1. Công văn về nghỉ lễ"]], font)
    progress: list[tuple[int, int, int, int]] = []
    probe = StallProbe()
    probe.start()
    with qtbot.waitSignal(panel.indexing_finished, timeout=INDEX_TIMEOUT_MS) as finished:
        assert panel.add_sources([docs_folder])
        panel.job.worker.progress.connect(lambda i, n, _path, p, m: progress.append((i, n, p, m)))
        # Controls that would write to the index wait for the indexing to end.
        assert not panel.new_button.isEnabled() and not panel.delete_button.isEnabled()
        assert panel.cancel_button.isVisible()
    stall = probe.stop()
    print(f"while indexing: {probe.summary()}")
    assert stall < 0.100, f"the UI thread froze: {probe.summary()}"
    report = finished.args[0]
    assert not report.cancelled

    # A new collection was made for the folder; the folder is remembered as its source.
    assert panel.collections() == [panel.tr("My documents")]
    assert panel.current_collection() == panel.tr("My documents")
    assert panel.sources.paths() == [str(docs_folder)]
    rows = panel.file_rows()
    by_name = {Path(path).name: value for path, value in rows.items()}
    assert by_name["luat-vien-chuc.pdf"] == ("indexed", "")
    assert by_name["quy-che-lam-viec.docx"] == ("indexed", "")
    status, reason = by_name["hong.pdf"]
    assert status == "failed" and reason  # the reader's own Vietnamese message
    assert any("PDF" in reason or c in reason for c in "ệọả")
    failed_list = panel.files.failed_list
    assert failed_list.count() == 1
    assert failed_list.item(0).text().startswith("hong.pdf: ")
    assert not failed_list.isHidden()

    table = shown_rows(panel)
    pdf_row = table["luat-vien-chuc.pdf"]
    assert pdf_row[COL_PAGES] == "3"
    assert int(pdf_row[COL_PASSAGES]) >= 3
    # The totals are summed from the records, not read back out of the cells.
    totals = panel.files.model.totals()
    assert totals.files == len(rows) and totals.failed == 1
    assert totals.pages == sum(r.pages for r in panel.files.model.records() if r.status != "failed")
    assert f"{totals.pages} " in panel.files.counts.text()
    # Sorting by a column of numbers sorts by the numbers.
    panel.files.view.sortByColumn(COL_PASSAGES, Qt.SortOrder.DescendingOrder)
    model = panel.files.view.model()
    shown = [int(model.index(r, COL_PASSAGES).data() or 0) for r in range(model.rowCount())]
    assert shown == sorted(shown, reverse=True)
    # Progress named file i of n and page p of m.
    assert progress and all(n == len(rows) for _i, n, _p, _m in progress)
    assert any(m > 0 for *_rest, m in progress)
    if ocr.available():
        assert by_name["cong-van-scan.pdf"][0] == "indexed"
        assert shown_rows(panel)["cong-van-scan.pdf"][COL_OCR] == "1"

    # Re-indexing finds nothing changed.
    with qtbot.waitSignal(panel.indexing_finished, timeout=INDEX_TIMEOUT_MS) as again:
        assert panel.reindex()
    assert again.args[0].count("indexed") == 0
    assert again.args[0].count("unchanged") == len(rows) - 1
    assert panel.file_rows() == rows


def test_cancel_stops_indexing_at_once(
    qtbot: Any, page: Any, tmp_path: Path, font: Path, monkeypatch: Any, request: Any
) -> None:
    from troly.core.index.vectors import default_embedder

    # About files, not vectors: 1,200 passages would be embedded after the files (minutes on a
    # busy 2-core machine); the indexing child reads the switch when it starts.
    monkeypatch.setenv("TROLY_SEARCH_BY_MEANING", "0")
    default_embedder.cache_clear()
    request.addfinalizer(default_embedder.cache_clear)
    folder = tmp_path / "lon"
    folder.mkdir()
    for n in range(3):
        long_pdf(folder / f"bao-cao-{n}.pdf", font, 400)
    panel = page.panel
    with qtbot.waitSignal(panel.indexing_finished, timeout=INDEX_TIMEOUT_MS) as finished:
        assert panel.add_sources([folder])
        thread = panel.indexing_thread()
        pages: list[int] = []
        panel.job.worker.progress.connect(lambda _i, _n, _path, p, _m: pages.append(p))
        qtbot.waitUntil(lambda: any(pages), timeout=INDEX_TIMEOUT_MS)
        assert "page" in panel.progress_label.text()  # no translator: the English source
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
        assert panel.progress_label.text() == panel.tr("Cancelling…")
    report = finished.args[0]
    assert report.cancelled
    assert report.count("indexed") < 3
    qtbot.waitUntil(lambda: not thread.isRunning(), timeout=30_000)
    assert not panel.indexing() and panel.new_button.isEnabled()
    assert panel.progress_label.text().startswith("Indexing cancelled")

    # The next run resumes: everything ends up indexed.
    with qtbot.waitSignal(panel.indexing_finished, timeout=INDEX_TIMEOUT_MS) as resumed:
        assert panel.reindex()
    assert not resumed.args[0].cancelled
    assert {status for status, _ in panel.file_rows().values()} == {"indexed"}
    assert len(panel.file_rows()) == 3


def test_new_and_delete_collection_with_confirmation(
    qtbot: Any, page: Any, docs_folder: Path
) -> None:
    panel = page.panel
    panel.ask_name = lambda: "  Văn bản   pháp luật "
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert panel.collections() == ["Văn bản pháp luật"]
    assert page.view.collection_label.text().count("Văn bản pháp luật") == 1
    index(qtbot, panel, [docs_folder / "luat-vien-chuc.pdf"])
    assert [Path(p).name for p in panel.file_rows()] == ["luat-vien-chuc.pdf"]

    asked: list[str] = []
    panel.confirm_delete = lambda name: asked.append(name) is not None  # says no
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert asked == ["Văn bản pháp luật"] and panel.collections() == ["Văn bản pháp luật"]
    panel.confirm_delete = lambda name: True
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.collections() == []
    assert panel.file_rows() == {}
    assert not page.view.send_button.isEnabled()


def test_dropping_files_indexes_them(qtbot: Any, page: Any, docs_folder: Path) -> None:
    panel = page.panel
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(docs_folder / "quy-che-lam-viec.docx"))])
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(panel.indexing_finished, timeout=INDEX_TIMEOUT_MS):
        # Qt delivers a drop only during a real drag, so the handler is called as Qt would.
        panel.dropEvent(event)
        assert event.isAccepted() and panel.indexing()
    assert {Path(p).name: s for p, (s, _) in panel.file_rows().items()} == {
        "quy-che-lam-viec.docx": "indexed"
    }
