"""The collections panel lists the files TroLy cannot read yet, greyed, with what to do; the
"add files" picker offers every file too (issue 24)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from troly.core.index.sync import unsupported_reason
from troly.core.session import Session
from troly.ui import dialogs, theme
from troly.ui.ask_page import AskPage
from troly.ui.collections_panel.files_model import COL_FILE, COL_STATUS
from troly.ui.engine_holder import EngineHolder

INDEX_TIMEOUT_MS = 120_000


@pytest.fixture
def panel(qtbot: Any, troly_home: Path, monkeypatch: Any, request: Any) -> Any:
    from troly.core.index.vectors import default_embedder

    # About which files are listed, not vectors: the indexing child reads the switch.
    monkeypatch.setenv("TROLY_SEARCH_BY_MEANING", "0")
    default_embedder.cache_clear()
    request.addfinalizer(default_embedder.cache_clear)
    session = Session(troly_home)
    page = AskPage(session, EngineHolder(session))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.open_store()
    yield page.panel
    page.shutdown()


def status_cell(panel: Any, name: str) -> Any:
    """The status cell of a file's row, as the view shows it."""
    model = panel.files.view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, COL_FILE).data() == name)
    return model.index(row, COL_STATUS)


def test_unreadable_kinds_are_listed_with_the_reason(
    qtbot: Any, panel: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "ho-so"
    folder.mkdir()
    (folder / "ghi-chu.txt").write_text("Họp giao ban sáng thứ Hai.\n", encoding="utf-8")
    slides = folder / "trinh-chieu.pptx"
    slides.write_bytes(b"PK\x03\x04" + b"\0" * 60)
    (folder / "setup.exe").write_bytes(b"MZ" + b"\0" * 62)

    with qtbot.waitSignal(panel.indexing_finished, timeout=INDEX_TIMEOUT_MS) as finished:
        assert panel.add_sources([folder])
    assert finished.args[0].count("unsupported") == 1
    # No translator is installed: the English sources.
    assert panel.progress_label.text().endswith(", 1 not readable yet")

    reason = unsupported_reason(slides)
    rows = {Path(path).name: value for path, value in panel.file_rows().items()}
    assert rows == {"ghi-chu.txt": ("indexed", ""), "trinh-chieu.pptx": ("unsupported", reason)}
    cell = status_cell(panel, "trinh-chieu.pptx")
    assert cell.data() == "Not readable yet"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == reason
    greyed = cell.data(Qt.ItemDataRole.ForegroundRole).color()
    assert greyed == QColor(theme.colours().note)
    totals = panel.files.model.totals()
    assert (totals.files, totals.indexed, totals.failed, totals.unsupported) == (2, 1, 0, 1)
    assert "; 1 not readable yet" in panel.files.counts.text()
    unread = panel.files.failed_list
    assert not unread.isHidden() and unread.count() == 1
    assert unread.item(0).text() == f"trinh-chieu.pptx: {reason}"

    # Listed again from the index: still there, though the index keeps no row for it.
    panel.refresh()
    assert Path(next(p for p, v in panel.file_rows().items() if v[0] == "unsupported")) == slides

    # Converted as the reason says: the next indexing finds it gone and stops listing it.
    slides.unlink()
    with qtbot.waitSignal(panel.indexing_finished, timeout=INDEX_TIMEOUT_MS):
        assert panel.reindex()
    assert {Path(p).name for p in panel.file_rows()} == {"ghi-chu.txt"}
    assert unread.isHidden()


def test_add_files_offers_every_file_after_the_documents() -> None:
    documents, every_file = dialogs.documents_filter().split(";;")
    assert documents.startswith("Documents (*.pdf *.docx *.doc *.xlsx *.xls ")
    for kind in ("*.odt", "*.rtf", "*.ods", "*.csv", "*.html", "*.jpg", "*.png", "*.tif", "*.md"):
        assert kind in documents.split() or f"{kind})" in documents, kind
    assert "*.pptx" not in documents
    assert every_file == "All files (*)"
