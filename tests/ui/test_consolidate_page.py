"""The "Tổng hợp báo cáo" page (issue 25, section 2, in the app): real units' reports from the
generator, consolidated by the page's worker; the table shows units and totals, flagged cells
coloured and listed, corrections recompute the totals, Stop ends a run quickly, and both files
are written and open."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit, QMessageBox
from tests.core.consolidate.reports_factory import UNITS, Truth, make_reports

from troly.core.numbers import format_number
from troly.core.resources import resource_path
from troly.core.session import Session
from troly.ui import theme
from troly.ui.app import install_translators, remove_translators
from troly.ui.consolidate_page import ConsolidatePage
from troly.ui.consolidate_table import CORRECTED_ROLE, FLAGGED_ROLE, flag_colour, two_lines

RUN_TIMEOUT_MS = 60_000
# Five DOCX units: two wordings, a total unequal to its parts (unit 2), a table and a sentence
# that disagree (unit 3), a rate over 100% (unit 5). No .doc, scan or PDF: quick to read.
COUNT = 5
FIELDS = {
    "co_quan": "ỦY BAN NHÂN DÂN HUYỆN AN PHÚ",
    "ky_hieu": "UBND",
    "dia_danh": "An Phú",
    "chuc_vu": "CHỦ TỊCH",
    "nguoi_ky": "Nguyễn Văn An",
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Truth]:
    folder = tmp_path_factory.mktemp("reports")
    return folder, make_reports(folder, COUNT, doc=False)


@pytest.fixture
def page(qtbot: Any, troly_home: Path) -> Iterator[ConsolidatePage]:
    widget = ConsolidatePage(Session(troly_home))
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    yield widget
    widget.shutdown()


def consolidate(qtbot: Any, page: ConsolidatePage, folder: Path) -> None:
    page.set_folder(folder)
    page.start_button.click()
    assert page.is_running()
    qtbot.waitUntil(lambda: not page.is_running(), timeout=RUN_TIMEOUT_MS)
    assert page.result is not None, page.status_label.text()


def row_of(page: ConsolidatePage, truth: Truth, ind: str) -> int:
    """The row whose figures are the generator's `ind` for every unit that states it."""
    table = page.model.table
    assert table is not None
    for row, indicator in enumerate(table.indicators):
        wanted = {u: v for (u, i), v in truth.cells.items() if i == ind}
        if {u: c.value for u, c in indicator.cells.items()} == wanted:
            return row
    raise AssertionError(f"no row for {ind}: {[i.label for i in table.indicators]}")


def cell(page: ConsolidatePage, row: int, unit: str) -> Any:
    table = page.model.table
    assert table is not None
    return page.model.cell_of(table.indicators[row].key, unit)


def test_a_run_shows_the_units_the_totals_and_the_flags(
    qtbot: Any, page: ConsolidatePage, reports: tuple[Path, Truth]
) -> None:
    folder, truth = reports
    consolidate(qtbot, page, folder)
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Total", *(two_lines(u) for u in UNITS[:COUNT])]
    assert [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
            for c in range(1, model.columnCount())] == list(UNITS[:COUNT])  # fmt: skip
    labels = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert "Số hồ sơ tiếp nhận" in labels  # the rows' header: in sight when scrolled
    totals = truth.totals()
    for ind in ("tiep_nhan", "giai_quyet", "ty_le"):
        row = row_of(page, truth, ind)
        assert cell(page, row, "").data() == format_number(totals[ind], ind == "ty_le")
    # A figure shows as the report wrote it, its source in the tooltip.
    row = row_of(page, truth, "truc_tuyen")
    first = cell(page, row, UNITS[0])
    assert first.data() == format_number(truth.cells[UNITS[0], "truc_tuyen"])
    assert "bao-cao-01.docx" in first.data(Qt.ItemDataRole.ToolTipRole)
    assert first.data(Qt.ItemDataRole.BackgroundRole) is None  # nothing wrong with it

    # The planted total that is not the sum of its parts: coloured, explained and listed.
    wrong = cell(page, row_of(page, truth, "tiep_nhan"), UNITS[1])
    assert wrong.data(FLAGGED_ROLE), "the planted sum mismatch is not flagged"
    assert wrong.data(Qt.ItemDataRole.BackgroundRole) == flag_colour()
    assert wrong.data(FLAGGED_ROLE)[0] in wrong.data(Qt.ItemDataRole.ToolTipRole)
    listed = [page.checks_list.item(i).text() for i in range(page.checks_list.count())]
    assert any(UNITS[1] in text and "Tổng" in text for text in listed), listed
    over = cell(page, row_of(page, truth, "ty_le"), UNITS[4])
    assert over.data(FLAGGED_ROLE) and over.data(Qt.ItemDataRole.BackgroundRole) is not None
    # Clicking a check shows its cell.
    item = next(page.checks_list.item(i) for i in range(len(listed)) if UNITS[1] in listed[i])
    page.checks_list.itemClicked.emit(item)
    assert page.table_view.currentIndex().data(FLAGGED_ROLE)
    # The narrative drawn from the units' sentences, every section named.
    text = page.narrative_view.toPlainText()
    assert "KHÓ KHĂN, VƯỚNG MẮC" in text and "KIẾN NGHỊ, ĐỀ XUẤT" in text
    assert page.xlsx_button.isEnabled() and page.docx_button.isEnabled()


def test_the_flag_colour_follows_the_theme(
    qtbot: Any, qapp: Any, page: ConsolidatePage, reports: tuple[Path, Truth]
) -> None:
    folder, truth = reports
    consolidate(qtbot, page, folder)
    wrong = cell(page, row_of(page, truth, "tiep_nhan"), UNITS[1])
    palette = qapp.palette()
    try:
        theme.apply(qapp, "light", 0)
        light = wrong.data(Qt.ItemDataRole.BackgroundRole)
        theme.apply(qapp, "dark", 0)
        dark = wrong.data(Qt.ItemDataRole.BackgroundRole)
    finally:
        theme.apply(qapp, "light", 0)
        qapp.setPalette(palette)
    assert light.lightness() > 150 and dark.lightness() < 110, (light.name(), dark.name())


def test_a_selected_flagged_cell_still_shows_its_flag(
    qtbot: Any, qapp: Any, page: ConsolidatePage, reports: tuple[Path, Truth]
) -> None:
    # The selection's highlight covers a cell's tint: the frame in the warning colour stays.
    folder, truth = reports
    consolidate(qtbot, page, folder)
    view = page.table_view
    wrong = cell(page, row_of(page, truth, "tiep_nhan"), UNITS[1])
    plain = cell(page, row_of(page, truth, "tiep_nhan"), UNITS[0])
    assert wrong.data(FLAGGED_ROLE) and not plain.data(FLAGGED_ROLE)
    warning = QColor(theme.colours().warning)

    def framed(index: Any) -> bool:
        view.setCurrentIndex(index)  # selected, as the user's click leaves it
        view.scrollTo(index)
        image = view.viewport().grab().toImage()
        rect = view.visualRect(index)
        edge = image.pixelColor(rect.left() + 1, rect.center().y())
        return abs(edge.red() - warning.red()) + abs(edge.green() - warning.green()) < 40

    assert framed(wrong)
    assert not framed(plain)


def test_the_table_fits_a_font_size_set_live(
    qtbot: Any, qapp: Any, page: ConsolidatePage, reports: tuple[Path, Truth]
) -> None:
    # Consolidated at the usual size, then the user picks 20 pt: every figure still whole in
    # its column, every row as tall as its text.
    folder, _ = reports
    consolidate(qtbot, page, folder)
    view, model = page.table_view, page.model
    font = qapp.font()
    try:
        theme.apply(qapp, "light", 20)
        qtbot.wait(50)
        metrics = view.fontMetrics()
        assert metrics.height() > 20
        for row in range(model.rowCount()):
            assert view.rowHeight(row) >= metrics.height(), row
            for column in range(model.columnCount()):
                text = str(model.index(row, column).data() or "")
                assert view.columnWidth(column) >= metrics.horizontalAdvance(text), text
    finally:
        theme.apply(qapp, "light", 0)
        qapp.setFont(font)


def test_editing_a_figure_recomputes_the_total_and_marks_the_cell(
    qtbot: Any, page: ConsolidatePage, reports: tuple[Path, Truth]
) -> None:
    folder, truth = reports
    consolidate(qtbot, page, folder)
    row = row_of(page, truth, "tiep_nhan")
    target = cell(page, row, UNITS[1])
    assert target.data(FLAGGED_ROLE)
    # The sum of its parts, typed into the cell as the user would.
    right = truth.cells[UNITS[1], "truc_tuyen"] + truth.cells[UNITS[1], "truc_tiep"]
    view = page.table_view
    view.setCurrentIndex(target)
    view.edit(target)
    editor = view.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, format_number(right))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(page.model.edits), timeout=5_000)  # Qt commits it queued

    target = cell(page, row, UNITS[1])
    assert target.data() == format_number(right)
    assert target.data(CORRECTED_ROLE) is True
    font = target.data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.italic()
    assert "corrected by you" in target.data(Qt.ItemDataRole.ToolTipRole)
    expected = truth.totals()["tiep_nhan"] - truth.cells[UNITS[1], "tiep_nhan"] + right
    assert cell(page, row, "").data() == format_number(expected)
    assert not target.data(FLAGGED_ROLE)  # it adds up now: the flag is gone from the list too
    listed = [page.checks_list.item(i).text() for i in range(page.checks_list.count())]
    assert not any(UNITS[1] in text and "Tổng" in text for text in listed), listed

    # Words are not a figure: refused, said, and nothing changes.
    assert not page.model.setData(target, "nhiều")
    assert "nhiều" in page.status_label.text() and theme.tone(page.status_label) == "error"
    assert cell(page, row, UNITS[1]).data() == format_number(right)


def answer_dialog(text: str) -> None:
    """When the next input dialog shows, answer `text` and accept it, as the user would."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        dialog.setTextValue(text)
        dialog.done(QDialog.DialogCode.Accepted)

    QTimer.singleShot(20, answer)


def test_rename_merge_and_leave_out_indicators(
    qtbot: Any, page: ConsolidatePage, reports: tuple[Path, Truth]
) -> None:
    folder, truth = reports
    consolidate(qtbot, page, folder)
    model, view = page.model, page.table_view
    rows = model.rowCount()
    # Rename: double-click the label, type the new one in the dialog.
    row = row_of(page, truth, "giai_quyet")
    answer_dialog("Hồ sơ đã giải quyết")
    view.verticalHeader().sectionDoubleClicked.emit(row)
    assert model.headerData(row, Qt.Orientation.Vertical) == "Hồ sơ đã giải quyết"
    assert model.rowCount() == rows

    # Merge, through the real dialog, answered as the user would.
    online, direct = row_of(page, truth, "truc_tuyen"), row_of(page, truth, "truc_tiep")
    other = model.indicator_at(direct)
    assert other is not None
    menu = view.context_menu(online)
    assert menu is not None and [a.text() for a in menu.actions()] == [
        "Rename…",
        "Merge with…",
        "Leave out this indicator",
    ]
    answer_dialog(other.label)
    menu.actions()[1].trigger()
    assert model.rowCount() == rows - 1
    table = model.table
    assert table is not None and other.key not in {i.key for i in table.indicators}
    merged = table.indicator(model.indicator_at(row_of(page, truth, "truc_tuyen")).key)
    assert other.label in merged.wordings

    # Leave one out: the totals of the others stay, the narrative is drawn again.
    rate = row_of(page, truth, "ty_le")
    assert view.remove(rate)
    assert model.rowCount() == rows - 2
    assert [type(e).__name__ for e in model.edits] == ["Rename", "Merge", "Remove"]
    assert cell(page, row_of(page, truth, "tiep_nhan"), "").data() == format_number(
        truth.totals()["tiep_nhan"]
    )


def test_stop_mid_run_ends_quickly_and_the_page_stays_usable(
    qtbot: Any, page: ConsolidatePage, reports: tuple[Path, Truth], tmp_path: Path
) -> None:
    source, truth = reports
    # Many files, so the run is still reading when Stop is pressed.
    many = tmp_path / "many"
    many.mkdir()
    for copy in range(12):
        for path in truth.files:
            shutil.copy(path, many / f"{copy:02d}-{path.name}")
    page.set_folder(many)
    # When each file was done, to know one file's time on this machine as loaded now.
    file_done: list[float] = []
    page.progress_bar.valueChanged.connect(lambda _: file_done.append(time.monotonic()))
    page.start_button.click()
    qtbot.waitUntil(lambda: page.progress_bar.value() >= 3, timeout=RUN_TIMEOUT_MS)
    assert page.is_running() and page.stop_button.isEnabled()
    one_file = max(b - a for a, b in pairwise(file_done))
    asked = time.monotonic()
    page.stop_button.click()
    qtbot.waitUntil(lambda: not page.is_running(), timeout=60_000)
    took = time.monotonic() - asked
    # Stop is seen between files and between a file's pages: the user's 2 s, or, should the
    # machine be so loaded that one file takes longer, a few files' time measured just now.
    bound = max(2.0, 3 * one_file)
    assert took < bound, f"Stop took {took:.1f} s, a file {one_file:.1f} s"
    assert page.result is None and page.model.table is None  # nothing half-made is shown
    assert page.status_label.text().startswith("Stopped")
    assert page.start_button.isEnabled() and page.pick_button.isEnabled()
    assert not page.stop_button.isEnabled()
    # Usable: the next run goes to the end.
    consolidate(qtbot, page, source)
    assert page.model.rowCount() > 0


def test_both_files_are_written_and_open(
    qtbot: Any, page: ConsolidatePage, reports: tuple[Path, Truth], tmp_path: Path
) -> None:
    import docx
    from openpyxl import load_workbook

    from troly.core.nd30.memory import remember

    folder, truth = reports
    consolidate(qtbot, page, folder)
    row = row_of(page, truth, "truc_tuyen")
    assert page.model.setData(cell(page, row, UNITS[0]), "1.000")
    remember(page.session.paths.config, FIELDS)  # as the drafting page keeps them

    xlsx = page.export_xlsx_to(tmp_path / "bang.xlsx")
    report = page.export_report_to(tmp_path / "bao-cao.docx")
    assert xlsx is not None and report is not None, page.status_label.text()
    sheet = load_workbook(xlsx)["Tổng hợp"]
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == [*UNITS[:COUNT], "Tổng cộng"]
    assert Decimal(1000) in {Decimal(str(v)) for v in rows[1] if isinstance(v, int | float)}
    document = docx.Document(str(report))
    # The Decree 30 header is a table too; the consolidated one ends with its totals.
    grid = [t for t in document.tables if t.rows[-1].cells[1].text == "Tổng cộng"]
    assert grid and [c.text for c in grid[0].rows[0].cells][:2] == ["TT", "Đơn vị"]
    assert "1.000" in [c.text for c in grid[0].rows[1].cells]
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Tổng hợp báo cáo của các đơn vị" in body and "KHÓ KHĂN, VƯỚNG MẮC" in body
    assert page.status_label.text() == f"Saved {report}"


def open_warnings(page: ConsolidatePage) -> list[str]:
    return [box.text() for box in page.findChildren(QMessageBox) if box.isVisible()]


def test_a_refusal_is_a_clear_message_and_nothing_is_written(
    qtbot: Any, qapp: Any, troly_home: Path, machine_policy: Path,
    reports: tuple[Path, Truth], tmp_path: Path,
) -> None:  # fmt: skip
    folder, _truth = reports
    page = ConsolidatePage(Session(troly_home))
    qtbot.addWidget(page)
    page.show()
    consolidate(qtbot, page, folder)
    # No remembered fields yet: the report says what is missing and where to fill it in.
    assert page.export_report_to(tmp_path / "bao-cao.docx") is None
    qtbot.waitUntil(lambda: bool(open_warnings(page)), timeout=5_000)
    assert any("co_quan" in t and "Draft a document" in t for t in open_warnings(page))
    assert not (tmp_path / "bao-cao.docx").exists()
    for box in page.findChildren(QMessageBox):
        box.close()

    # The administrator turned export off: refused, said so, nothing written.
    machine_policy.write_text('{"export_enabled": false}', encoding="utf-8")
    locked = ConsolidatePage(Session(troly_home))
    qtbot.addWidget(locked)
    locked.show()
    consolidate(qtbot, locked, folder)
    assert locked.export_xlsx_to(tmp_path / "bang.xlsx") is None
    qtbot.waitUntil(lambda: bool(open_warnings(locked)), timeout=5_000)
    assert any("Chính sách" in t for t in open_warnings(locked)), open_warnings(locked)
    assert not (tmp_path / "bang.xlsx").exists()
    for box in locked.findChildren(QMessageBox):
        box.close()
    locked.shutdown()
    page.shutdown()


def test_the_window_lists_the_mode_and_asks_before_quitting_a_run(
    qtbot: Any, make_window: Any, reports: tuple[Path, Truth], tmp_path: Path
) -> None:
    _folder, truth = reports
    window = make_window(load_model=False)
    keys = window.mode_keys()
    assert keys.index("consolidate") == keys.index("draft") + 1
    window.set_mode("consolidate")
    page = window.consolidate_page
    assert window.pages.currentWidget() is page
    many = tmp_path / "many"
    many.mkdir()
    for copy in range(12):
        for path in truth.files:
            shutil.copy(path, many / f"{copy:02d}-{path.name}")
    page.set_folder(many)
    page.start()
    assert window.running_work() == ["consolidating reports"]
    window.stop()  # Esc stops the shown page's work
    qtbot.waitUntil(lambda: not page.is_running(), timeout=10_000)
    assert window.running_work() == []

    # File ▸ Exit while it runs: asked first; "stop and quit" stops it, then the window closes.
    page.start()
    asked: list[list[str]] = []
    window.confirm_quit = lambda running: asked.append(running) or True
    window.quit_action.trigger()
    assert asked == [["consolidating reports"]]
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=8_000)
    assert not page.is_running()


@pytest.fixture
def vietnamese(qapp: Any, tmp_path: Path) -> Iterator[None]:
    lrelease = str(Path(sys.executable).with_name("pyside6-lrelease"))
    qm = tmp_path / "troly_vi.qm"
    subprocess.run(
        [lrelease, str(resource_path("i18n", "troly_vi.ts")), "-qm", str(qm)],
        check=True,
        capture_output=True,
    )
    translators = install_translators(qapp, "vi", qm)
    yield
    remove_translators(qapp, translators)


def test_the_page_speaks_vietnamese(
    vietnamese: None, qtbot: Any, page: ConsolidatePage, reports: tuple[Path, Truth]
) -> None:
    assert page.start_button.text() == "Tổng hợp"
    assert page.stop_button.text() == "Dừng"
    assert page.xlsx_button.text() == "Xuất bảng XLSX…"
    assert page.docx_button.text() == "Xuất báo cáo DOCX…"
    folder, _truth = reports
    consolidate(qtbot, page, folder)
    model = page.model
    assert model.headerData(model.total_column(), Qt.Orientation.Horizontal) == "Tổng cộng"
    assert page.status_label.text().startswith(f"{COUNT} đơn vị")
    menu = page.table_view.context_menu(0)
    assert menu is not None
    assert [a.text() for a in menu.actions()] == ["Đổi tên…", "Gộp với…", "Bỏ chỉ tiêu"]
