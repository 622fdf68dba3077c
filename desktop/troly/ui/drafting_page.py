"""The drafting page: the fields of a document, the brief, the body streamed by the model into
an editor, the format check's findings, and export to DOCX laid out by Decree 30/2020/NĐ-CP.

The DOCX writer and checker (python-docx) are imported when first used, not with the window.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from troly.core.engine.base import GenerationStats
from troly.core.errors import TrolyError
from troly.core.nd30.memory import load_remembered
from troly.ui import dialogs
from troly.ui.draft_worker import DraftWorker
from troly.ui.drafting_form import DraftForm
from troly.ui.engine_holder import EngineHolder
from troly.ui.jobs import Job

if TYPE_CHECKING:
    from troly.core.nd30 import DraftFields
    from troly.core.nd30.findings import Finding
    from troly.core.session import Session
    from troly.core.tasks.draft import DraftResult

log = logging.getLogger(__name__)


class DraftingPage(QWidget):
    """A self-contained page; give it the session and the engine holder."""

    exported = Signal(str)  # the path of the DOCX written
    busy_changed = Signal(bool)
    speed_changed = Signal(float)

    def __init__(
        self, session: Session, engines: EngineHolder, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.engines = engines
        self.language: str = session.settings.language
        self.last_speed: float | None = None
        self.job = Job(self, "drafting", engines)
        self.source_files: list[str] = []
        self._build()
        self.job.busy_changed.connect(self._set_busy)
        self.job.speed_changed.connect(self.speed_changed)
        self.form.prefill(load_remembered(self.session.paths.config))
        engines.changed.connect(lambda _engine: self._update_buttons())
        self._update_buttons()

    # -- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.form = DraftForm(self)
        self.type_combo = self.form.type_combo
        self.inputs = self.form.inputs
        self.date_edit = self.form.date_edit
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(320)

        self.brief_edit = QPlainTextEdit(self)
        self.brief_edit.setPlaceholderText(
            self.tr("What should the document say? For example: reply to document no. ...")
        )
        self.brief_edit.setAccessibleName(self.tr("Brief"))
        self.brief_edit.setMaximumHeight(90)
        self.brief_edit.setTabChangesFocus(True)
        self.sources_button = QPushButton(self.tr("Related documents…"), self)
        self.sources_button.setAccessibleName(self.tr("Related documents"))
        self.sources_button.setToolTip(
            self.tr("Documents the draft answers or cites: the model reads them first.")
        )
        self.sources_button.clicked.connect(self.pick_sources)
        self.sources_label = QLabel(self.tr("No related documents."), self)
        self.sources_label.setWordWrap(True)
        self.draft_button = QPushButton(self.tr("Draft the body"), self)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.check_button = QPushButton(self.tr("Check format"), self)
        self.export_button = QPushButton(self.tr("Export DOCX…"), self)
        buttons = QHBoxLayout()
        for button in (self.draft_button, self.stop_button, self.check_button, self.export_button):
            button.setAccessibleName(button.text())
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setAccessibleName(self.tr("Body"))
        self.body_edit.setPlaceholderText(
            self.tr("The body appears here; edit it before exporting. One paragraph per line.")
        )
        self.missing_label = QLabel(self)
        self.missing_label.setAccessibleName(self.tr("Facts to fill in"))
        self.missing_label.setWordWrap(True)
        self.missing_label.hide()
        self.status_label = QLabel(self)
        self.status_label.setAccessibleName(self.tr("Drafting status"))
        self.status_label.setWordWrap(True)
        self.findings_list = QListWidget(self)
        self.findings_list.setAccessibleName(self.tr("Format check findings"))
        self.findings_list.setWordWrap(True)

        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(self.tr("Brief"), self))
        column.addWidget(self.brief_edit)
        related = QHBoxLayout()
        related.addWidget(self.sources_button)
        related.addWidget(self.sources_label, 1)
        column.addLayout(related)
        column.addLayout(buttons)
        column.addWidget(QLabel(self.tr("Body"), self))
        column.addWidget(self.body_edit, 3)
        column.addWidget(self.missing_label)
        column.addWidget(self.status_label)
        column.addWidget(QLabel(self.tr("Format check (Decree 30/2020, Appendix I)"), self))
        column.addWidget(self.findings_list, 1)
        splitter = QSplitter(self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([440, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        # After the last field, Tab goes on to the brief and the buttons.
        QWidget.setTabOrder(self.form.rows["nguoi_soan"], self.brief_edit)
        self.draft_button.clicked.connect(self.start_drafting)
        self.stop_button.clicked.connect(self.stop)
        self.check_button.clicked.connect(self.check_current)
        self.export_button.clicked.connect(self.export_dialog)
        self.body_edit.textChanged.connect(self._update_buttons)
        self.body_edit.textChanged.connect(self._show_missing)
        self.brief_edit.textChanged.connect(self._update_buttons)

    # -- values -----------------------------------------------------------------------------

    def doc_type_slug(self) -> str:
        return self.form.doc_type().slug

    def field_values(self) -> dict[str, str]:
        """The form as the text values DraftFields.from_mapping takes."""
        return self.form.values()

    def fields(self) -> DraftFields:
        from troly.core.nd30 import DraftFields

        return DraftFields.from_mapping(self.field_values())

    def is_drafting(self) -> bool:
        # The job's state, which ends with the worker's last signal, not with its QThread (it
        # may still be winding down then): a second draft must not be refused meanwhile.
        return self.job.running()

    def _set_busy(self, busy: bool) -> None:
        self.busy_changed.emit(busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        drafting = self.is_drafting()
        has_brief = bool(self.brief_edit.toPlainText().strip())
        ready = self.engines.engine is not None
        self.draft_button.setEnabled(not drafting and has_brief and ready)
        self.draft_button.setToolTip(
            ""
            if ready
            else self.tr("The model is still loading. You can fill in the fields meanwhile.")
        )
        self.stop_button.setEnabled(drafting)
        has_body = bool(self.body_edit.toPlainText().strip())
        self.check_button.setEnabled(not drafting and has_body)
        self.export_button.setEnabled(not drafting and has_body)

    def missing_facts(self) -> list[str]:
        """The fields still in the body ("[thời hạn]" …): facts the brief did not give."""
        from troly.core.tasks.draft import missing_facts

        return missing_facts(self.body_edit.toPlainText())

    def _show_missing(self) -> None:
        # Listed under the body as the user edits it, so each filled field leaves the list.
        missing = self.missing_facts()
        self.missing_label.setVisible(bool(missing))
        self.missing_label.setText(
            self.tr("Facts the brief did not give; fill them in the body: {fields}").format(
                fields=", ".join(missing)
            )
        )

    def _error(self, message: str) -> None:
        self.status_label.setText(message)

    # -- related documents ------------------------------------------------------------------

    def set_sources(self, paths: list[str]) -> None:
        self.source_files = [str(Path(p)) for p in paths]
        names = DraftForm.source_names(self.source_files)
        self.sources_label.setText(names or self.tr("No related documents."))

    def pick_sources(self) -> None:
        paths = dialogs.open_files(self, self.tr("Related documents"))
        if paths:
            self.set_sources(paths)

    # -- drafting ---------------------------------------------------------------------------

    def start_drafting(self) -> None:
        if self.is_drafting():
            return
        from troly.core.tasks.draft import draft_params

        try:
            fields = self.fields()
        except TrolyError as exc:
            self._error(exc.message(self.language))
            return
        doc_type, brief = self.form.doc_type(), self.brief_edit.toPlainText()
        files = list(self.source_files)
        params = draft_params(self.session.settings.max_tokens)
        worker = self.job.start_with_engine(
            lambda engine: DraftWorker(
                engine, doc_type, fields, brief, files, params, self.language
            ),
            pieces=self._append,
            drafted=self._drafted,
            finished=self._finished,
            failed=self._error,
        )
        if worker is None:  # no model yet, or a draft runs: the user's text stays as it is
            return
        # Cleared after the start, not before: what the worker sends is queued to this
        # thread, so nothing of it is shown before this returns.
        self.body_edit.clear()
        self.status_label.setText(self.tr("Drafting the body…"))

    def stop(self) -> None:
        self.job.stop()

    def _append(self, text: str) -> None:
        self.body_edit.moveCursor(self.body_edit.textCursor().MoveOperation.End)
        self.body_edit.insertPlainText(text)

    def _drafted(self, result: DraftResult) -> None:
        self.body_edit.setPlainText(result.body)

    def _finished(self, stats: GenerationStats) -> None:
        if stats.generated_tokens > 1:
            self.last_speed = stats.tokens_per_second
            self.speed_changed.emit(self.last_speed)
        if stats.finish_reason == "cancelled":
            self.status_label.setText(self.tr("Stopped. You can edit the body and export it."))
        else:
            self.status_label.setText(self.tr("Done. Check and edit the body before exporting."))
        self._update_buttons()

    # -- export and check -------------------------------------------------------------------

    def export_to(self, path: str | Path) -> Path | None:
        """Write the DOCX, remember the fields, and list the format check's findings."""
        result = self._export(path, self.session.paths.config)
        if result is None:
            return None
        self.status_label.setText(self.tr("Saved {path}").format(path=str(result)))
        self.exported.emit(str(result))
        return result

    def _export(self, path: str | Path, config_dir: Path | None) -> Path | None:
        """The shared workflow (write, check, remember), its findings listed; None on error."""
        from troly.core.tasks.draft_workflow import export_draft

        try:
            result = export_draft(
                self.form.doc_type(),
                self.field_values(),
                self.body_edit.toPlainText(),
                path,
                policy=self.session.policy,
                config_dir=config_dir,
            )
        except TrolyError as exc:
            self._error(exc.message(self.language))
            return None
        self._show_findings(result.findings)
        return result.path

    def export_dialog(self) -> None:
        path = dialogs.save_file(
            self,
            self.tr("Export DOCX"),
            Path.home() / "van-ban.docx",
            self.tr("Word documents (*.docx)"),
        )
        if path:
            self.export_to(path)

    def check_current(self) -> None:
        """Lay the document out in a temporary file and list what the checker finds."""
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            self._export(Path(folder) / "check.docx", None)

    def _show_findings(self, findings: list[Finding]) -> None:
        self.findings_list.clear()
        if not findings:
            self.findings_list.addItem(self.tr("No departures from Appendix I found."))
        for finding in findings:
            self.findings_list.addItem(finding.line(self.language))

    def shutdown(self) -> None:
        self.job.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
