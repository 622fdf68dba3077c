"""The "Tổng hợp báo cáo" page: pick the folder of the units' reports, consolidate them (with
progress naming each file, and Stop), check and correct the table (flagged cells coloured, each
figure's sources in its tooltip), read the narrative drawn from the units' own sentences, and
write the XLSX of the table and the báo cáo DOCX.

Figures, totals and flags come from troly.core.consolidate, computed by code; no model is used,
so the page needs no engine. The writers (openpyxl, python-docx) are imported when first used.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from troly.core.errors import TrolyError
from troly.ui import dialogs, theme
from troly.ui.consolidate_table import ConsolidationModel, ConsolidationTable
from troly.ui.consolidate_worker import ConsolidateWorker
from troly.ui.jobs import Job

if TYPE_CHECKING:
    from troly.core.consolidate.narrative import Point
    from troly.core.consolidate.pipeline import Result
    from troly.core.session import Session

log = logging.getLogger(__name__)

_CELL_ROLE = Qt.ItemDataRole.UserRole  # a check's (indicator key, unit), to show its cell
DEFAULT_SUBJECT = "Tổng hợp báo cáo của các đơn vị"  # the báo cáo's trích yếu, as the CLI's


class ConsolidatePage(QWidget):
    """A self-contained page; give it the session."""

    busy_changed = Signal(bool)
    exported = Signal(str)  # the path of a file written

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.language: str = session.settings.language
        self.folder = ""
        self.result: Result | None = None
        self.points: list[Point] = []
        self.job = Job(self, "consolidate")
        self.model = ConsolidationModel(self, self.language)
        self._build()
        self.job.busy_changed.connect(self._set_busy)
        self.model.changed.connect(self._table_changed)
        self.model.refused.connect(self._refused)
        self._update_buttons()

    # -- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.pick_button = QPushButton(self.tr("Choose folder…"), self)
        self.folder_label = QLabel(self.tr("No folder chosen."), self)
        self.folder_label.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Consolidate"), self)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        top = QHBoxLayout()
        top.addWidget(self.pick_button)
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.start_button)
        top.addWidget(self.stop_button)

        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_bar.setAccessibleName(self.tr("Consolidation progress"))
        self.status_label = QLabel(
            self.tr(
                "Choose the folder holding the units' reports (PDF, Word, Excel, scans…), then "
                "Consolidate. You can correct the table before writing the report."
            ),
            self,
        )
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Consolidation status"))

        self.table_view = ConsolidationTable(self.model, self)
        self.checks_list = QListWidget(self)
        self.checks_list.setAccessibleName(self.tr("Points to check"))
        self.checks_list.setWordWrap(True)
        self.checks_list.itemActivated.connect(self._show_check)
        self.checks_list.itemClicked.connect(self._show_check)
        self.narrative_view = QPlainTextEdit(self)
        self.narrative_view.setReadOnly(True)
        self.narrative_view.setAccessibleName(self.tr("Narrative preview"))
        self.narrative_view.setPlaceholderText(
            self.tr("The results, difficulties and proposals the units wrote appear here.")
        )
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.setChildrenCollapsible(False)
        lower.addWidget(_titled(self.tr("Points to check"), self.checks_list, self))
        lower.addWidget(_titled(self.tr("Narrative (preview)"), self.narrative_view, self))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table_view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.xlsx_button = QPushButton(self.tr("Export table (XLSX)…"), self)
        self.docx_button = QPushButton(self.tr("Export report (DOCX)…"), self)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.xlsx_button)
        bottom.addWidget(self.docx_button)
        for button in (
            self.pick_button,
            self.start_button,
            self.stop_button,
            self.xlsx_button,
            self.docx_button,
        ):
            button.setAccessibleName(button.text().rstrip("…"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self.pick_button.clicked.connect(self.pick_folder)
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.xlsx_button.clicked.connect(self.export_xlsx_dialog)
        self.docx_button.clicked.connect(self.export_report_dialog)

    # -- state ------------------------------------------------------------------------------

    def is_running(self) -> bool:
        return self.job.running()

    def _set_busy(self, busy: bool) -> None:
        self.busy_changed.emit(busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.is_running()
        has_table = self.model.table is not None
        self.pick_button.setEnabled(not running)
        self.start_button.setEnabled(bool(self.folder) and not running)
        self.stop_button.setEnabled(running)
        self.table_view.setEnabled(not running)  # the table shown is the last run's
        self.xlsx_button.setEnabled(has_table and not running)
        self.docx_button.setEnabled(has_table and not running)

    def _say(self, text: str, tone: str | None = None) -> None:
        self.status_label.setText(text)
        theme.tint(self.status_label, tone)

    # -- the folder and the run -------------------------------------------------------------

    def set_folder(self, folder: str | Path) -> None:
        self.folder = str(Path(folder).expanduser())
        self.folder_label.setText(self.folder)
        self._update_buttons()

    def pick_folder(self) -> None:
        folder = dialogs.pick_folder(self, self.tr("Folder of the units' reports"), self.folder)
        if folder:
            self.set_folder(folder)

    def start(self) -> None:
        if self.is_running() or not self.folder:
            return
        if not Path(self.folder).is_dir():
            missing = self.tr("The folder {folder} no longer exists.")
            self._say(missing.format(folder=self.folder), "error")
            return
        worker = self.job.start(
            ConsolidateWorker(self.folder, self.language),
            progress=self._progress,
            finished=self._finished,
            cancelled=self._cancelled,
            failed=self._failed,
        )
        if worker is not None:
            self.progress_bar.setRange(0, 0)  # busy until the files are counted
            self._say(self.tr("Opening the folder…"))

    def stop(self) -> None:
        """Stop reading: the files are read one at a time, so it ends within one file's page."""
        if self.is_running():
            self.job.stop()
            self._say(self.tr("Stopping…"))

    def _progress(self, done: int, total: int, name: str) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        if self.job.stopping():
            return
        if name:
            self._say(
                self.tr("Reading {name} ({number} of {total})…").format(
                    name=name, number=done + 1, total=total
                )
            )
        else:
            self._say(self.tr("Matching the indicators and checking the figures…"))

    def _finished(self, result: Result) -> None:
        self.result = result
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1)
        self.model.set_table(result.table)
        table = result.table
        if not table.units:
            self._say(self.tr("No report in this folder could be read."), "error")
            return
        self._say(
            self.tr(
                "{units} units, {indicators} indicators. Check the coloured cells; double-click "
                "a figure or a label to correct it, right-click a row to merge or leave it out."
            ).format(units=len(table.units), indicators=len(table.indicators))
        )

    def _cancelled(self) -> None:
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        if self.model.table is not None:
            self._say(self.tr("Stopped. The table of the previous run is kept."))
        else:
            self._say(self.tr("Stopped. Nothing was written."))

    def _failed(self, message: str) -> None:
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self._say(message, "error")

    def _refused(self, message: str) -> None:
        self._say(message, "error")

    # -- the table, its checks and the narrative --------------------------------------------

    def _table_changed(self) -> None:
        """Totals and flags are new (the model applied the correction): list the checks again
        and draw the narrative again, whose numbers must be the table's."""
        from troly.core.consolidate import narrative

        table = self.model.table
        dropped = 0
        if table is None:
            self.points = []
        else:
            self.points, dropped = narrative.build(table.texts, table.values())
        self._list_checks()
        self._show_narrative(dropped)
        self._update_buttons()

    def _list_checks(self) -> None:
        from troly.core.consolidate.model import FLAG_NAMES_VI

        self.checks_list.clear()
        table = self.model.table
        if table is None:
            return
        for warning in table.warnings:
            self.checks_list.addItem(warning)  # "Không đọc được tệp …: why", from the reader
        for flag in table.flags:
            kind = FLAG_NAMES_VI[flag.kind]
            item = QListWidgetItem(f"{kind[:1].upper()}{kind[1:]}: {flag.message}")
            item.setData(_CELL_ROLE, (flag.indicator, flag.unit))
            self.checks_list.addItem(item)
        if not table.warnings and not table.flags:
            self.checks_list.addItem(self.tr("Every figure adds up; nothing to check."))

    def _show_check(self, item: QListWidgetItem) -> None:
        where = item.data(_CELL_ROLE)
        if not where:
            return
        index: QModelIndex = self.model.cell_of(*where)
        if index.isValid():
            self.table_view.setCurrentIndex(index)
            self.table_view.scrollTo(index)

    def _show_narrative(self, dropped: int) -> None:
        from troly.core.consolidate.narrative import SECTIONS, body_lines

        lines: list[str] = []
        for section, points in body_lines(self.points).items():
            lines += [SECTIONS[section], *(points or [self.tr("- The units did not say.")]), ""]
        if dropped:
            lines.append(
                self.tr(
                    "{count} sentences were left out: a figure in them is not in the table."
                ).format(count=dropped)
            )
        # Nothing at all: the placeholder says what will be shown here.
        shown = self.points or dropped
        self.narrative_view.setPlainText("\n".join(lines).strip() if shown else "")

    # -- writing ----------------------------------------------------------------------------

    def report_fields(self) -> dict[str, str]:
        """The báo cáo's fields as the drafting page remembers them (agency, signer…), with
        the consolidation's own subject and today's date; a TrolyError names what is missing."""
        from troly.core.nd30 import DraftFields, get_type
        from troly.core.nd30.memory import load_remembered

        values = load_remembered(self.session.paths.config)
        values.setdefault("trich_yeu", DEFAULT_SUBJECT)
        values.setdefault("ngay", dt.date.today().isoformat())
        DraftFields.from_mapping(values).validate(get_type("bao-cao"))
        return values

    def export_xlsx_to(self, path: str | Path) -> Path | None:
        from troly.core.consolidate.output import write_xlsx

        table = self.model.table
        if table is None:
            return None
        return self._write(lambda: write_xlsx(table, path, policy=self.session.policy))

    def export_report_to(self, path: str | Path) -> Path | None:
        from troly.core.consolidate.output import write_report

        table = self.model.table
        if table is None:
            return None
        try:
            fields = self.report_fields()
        except TrolyError as exc:
            hint = self.tr(
                "Fill them in once on the “Draft a document” page and export a document there: "
                "TroLy remembers them."
            )
            dialogs.warn(self, self.tr("Not saved"), f"{exc.message(self.language)} {hint}")
            return None
        return self._write(
            lambda: write_report(table, self.points, fields, path, policy=self.session.policy)
        )

    def _write(self, write: Callable[[], Path]) -> Path | None:
        try:
            written = write()
        except TrolyError as exc:
            dialogs.warn(self, self.tr("Not saved"), exc.message(self.language))
            return None
        except OSError as exc:
            dialogs.warn(self, self.tr("Not saved"), exc.strerror or str(exc))
            return None
        self._say(self.tr("Saved {path}").format(path=str(written)))
        self.exported.emit(str(written))
        return written

    def _save_folder(self) -> Path:
        # Beside the reports' folder, not in it: a file written there would be read as one
        # more unit's report by the next run.
        return Path(self.folder).parent if self.folder else Path.home()

    def export_xlsx_dialog(self) -> None:
        path = dialogs.save_file(
            self,
            self.tr("Export table (XLSX)"),
            self._save_folder() / "bang-tong-hop.xlsx",
            self.tr("Excel workbooks (*.xlsx)"),
        )
        if path:
            self.export_xlsx_to(path)

    def export_report_dialog(self) -> None:
        path = dialogs.save_file(
            self,
            self.tr("Export report (DOCX)"),
            self._save_folder() / "bao-cao-tong-hop.docx",
            self.tr("Word documents (*.docx)"),
        )
        if path:
            self.export_report_to(path)

    def shutdown(self) -> None:
        self.job.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)


def _titled(title: str, widget: QWidget, parent: QWidget) -> QWidget:
    box = QWidget(parent)
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(QLabel(title, box))
    column.addWidget(widget, 1)
    return box
