"""The drafting page: the fields of a document, the brief, the body streamed by the model into
an editor, the format check's findings, and export to DOCX laid out by Decree 30/2020/NĐ-CP."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from troly.core.errors import TrolyError
from troly.core.nd30 import DRAFTABLE, DraftFields, write_docx
from troly.core.nd30.checker import check_docx
from troly.core.nd30.memory import load_remembered, remember
from troly.core.nd30.types import BY_SLUG
from troly.core.tasks.draft import build_messages, source_texts, tidy_body
from troly.ui.workers import GenerationWorker, WorkerThread

log = logging.getLogger(__name__)


class DraftWorker(GenerationWorker):
    """Reads the related documents (OCR may take a while) and drafts, off the UI thread."""

    def __init__(self, engine: Any, build: Callable[[], list[Any]], params: Any, language: str):
        super().__init__(engine, [], params, language)
        self._build = build

    def work(self) -> None:
        try:
            self.messages = self._build()
        except TrolyError as exc:
            self.failed.emit(exc.message(self.language))
            return
        super().work()


_TEXT_FIELDS = (
    "co_quan_chu_quan",
    "co_quan",
    "so",
    "ky_hieu",
    "dia_danh",
    "trich_yeu",
    "can_cu",
    "kinh_gui",
    "noi_nhan",
    "chuc_vu",
    "nguoi_ky",
    "thu_ky",
    "tham_quyen",
    "nguoi_soan",
)


class DraftingPage(QWidget):
    """A self-contained page; give it the session, and the shared engine once it is loaded."""

    exported = Signal(str)  # the path of the DOCX written

    def __init__(self, session: Any, engine: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.engine = engine
        self._thread: WorkerThread | None = None
        self._drafting = False
        self.inputs: dict[str, QLineEdit] = {}
        self._build()
        self._prefill()
        self._update_buttons()

    # -- layout -----------------------------------------------------------------------------

    def _labels(self) -> dict[str, str]:
        return {
            "co_quan_chu_quan": self.tr("Parent agency"),
            "co_quan": self.tr("Issuing agency"),
            "so": self.tr("Number"),
            "ky_hieu": self.tr("Code"),
            "dia_danh": self.tr("Place"),
            "trich_yeu": self.tr("Subject"),
            "can_cu": self.tr("Legal grounds (separated by ;)"),
            "kinh_gui": self.tr("Addressed to (separated by ;)"),
            "noi_nhan": self.tr("Recipients (separated by ;)"),
            "chuc_vu": self.tr("Signer's position"),
            "nguoi_ky": self.tr("Signer"),
            "thu_ky": self.tr("Secretary (minutes)"),
            "tham_quyen": self.tr("Issuing authority (decisions)"),
            "nguoi_soan": self.tr("Drafter's mark and copies"),
        }

    def _build(self) -> None:
        form = QFormLayout()
        self.type_combo = QComboBox(self)
        for doc_type in DRAFTABLE:
            self.type_combo.addItem(doc_type.name, doc_type.slug)
        # The công văn is what officials write most.
        self.type_combo.setCurrentIndex(self.type_combo.findData("cong-van"))
        self.type_combo.setAccessibleName(self.tr("Document type"))
        form.addRow(self.tr("Document type"), self.type_combo)
        labels = self._labels()
        for key in _TEXT_FIELDS:
            edit = QLineEdit(self)
            edit.setAccessibleName(labels[key])
            self.inputs[key] = edit
            form.addRow(labels[key], edit)
        self.date_edit = QDateEdit(QDate.currentDate(), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setAccessibleName(self.tr("Date"))
        form.insertRow(6, self.tr("Date"), self.date_edit)
        self.authority_combo = QComboBox(self)
        self.authority_combo.setEditable(True)
        self.authority_combo.addItems(["", "TM.", "KT.", "Q.", "TL.", "TUQ."])
        self.authority_combo.setAccessibleName(self.tr("Signing authority"))
        line_edit = self.authority_combo.lineEdit()  # the combo is editable: it has one
        if line_edit is not None:
            line_edit.setAccessibleName(self.tr("Signing authority"))
        form.addRow(self.tr("Signing authority"), self.authority_combo)
        self.urgency_combo = QComboBox(self)
        self.urgency_combo.addItem(self.tr("Not urgent"), "")
        for urgency in ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"):
            self.urgency_combo.addItem(urgency, urgency)
        self.urgency_combo.setAccessibleName(self.tr("Urgency"))
        form.addRow(self.tr("Urgency"), self.urgency_combo)
        form_widget = QWidget(self)
        form_widget.setLayout(form)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)

        self.brief_edit = QPlainTextEdit(self)
        self.brief_edit.setPlaceholderText(
            self.tr("What should the document say? For example: reply to document no. ...")
        )
        self.brief_edit.setAccessibleName(self.tr("Brief"))
        self.brief_edit.setMaximumHeight(90)
        self.source_files: list[str] = []
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
        for button in (self.draft_button, self.stop_button, self.check_button, self.export_button):
            button.setAccessibleName(button.text())
        buttons = QHBoxLayout()
        for button in (self.draft_button, self.stop_button, self.check_button, self.export_button):
            buttons.addWidget(button)
        self.body_edit = QPlainTextEdit(self)
        self.body_edit.setAccessibleName(self.tr("Body"))
        self.body_edit.setPlaceholderText(
            self.tr("The body appears here; edit it before exporting. One paragraph per line.")
        )
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.findings_list = QListWidget(self)
        self.findings_list.setAccessibleName(self.tr("Format check findings"))

        right = QWidget(self)
        column = QVBoxLayout(right)
        column.addWidget(QLabel(self.tr("Brief"), self))
        column.addWidget(self.brief_edit)
        related = QHBoxLayout()
        related.addWidget(self.sources_button)
        related.addWidget(self.sources_label, 1)
        column.addLayout(related)
        column.addLayout(buttons)
        column.addWidget(QLabel(self.tr("Body"), self))
        column.addWidget(self.body_edit, 3)
        column.addWidget(self.status_label)
        column.addWidget(QLabel(self.tr("Format check (Decree 30/2020, Appendix I)"), self))
        column.addWidget(self.findings_list, 1)
        splitter = QSplitter(self)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.draft_button.clicked.connect(self.start_drafting)
        self.stop_button.clicked.connect(self.stop_drafting)
        self.check_button.clicked.connect(self.check_current)
        self.export_button.clicked.connect(self.export_dialog)
        self.body_edit.textChanged.connect(self._update_buttons)
        self.brief_edit.textChanged.connect(self._update_buttons)

    def _prefill(self) -> None:
        for key, value in load_remembered(self.session.paths.config).items():
            if key in self.inputs:
                self.inputs[key].setText(value)
            elif key == "quyen_han":
                self.authority_combo.setCurrentText(value)

    # -- values -----------------------------------------------------------------------------

    def doc_type_slug(self) -> str:
        return str(self.type_combo.currentData())

    def field_values(self) -> dict[str, str]:
        """The form as the text values DraftFields.from_mapping takes."""
        values = {key: edit.text() for key, edit in self.inputs.items()}
        date = self.date_edit.date()
        values["ngay"] = dt.date(date.year(), date.month(), date.day()).isoformat()
        values["quyen_han"] = self.authority_combo.currentText()
        values["do_khan"] = str(self.urgency_combo.currentData() or "")
        return values

    def fields(self) -> DraftFields:
        return DraftFields.from_mapping(self.field_values())

    def set_engine(self, engine: Any) -> None:
        """The shared engine, once the main window has loaded it."""
        self.engine = engine
        self._update_buttons()

    def is_drafting(self) -> bool:
        # Tracked from the worker's own "done", not the QThread, which may still be winding
        # down when the last signal arrives: a second draft must not be refused then.
        return self._drafting

    def _worker_done(self) -> None:
        self._drafting = False
        self._update_buttons()

    def _update_buttons(self) -> None:
        drafting = self.is_drafting()
        has_brief = bool(self.brief_edit.toPlainText().strip())
        self.draft_button.setEnabled(not drafting and has_brief and self.engine is not None)
        self.stop_button.setEnabled(drafting)
        has_body = bool(self.body_edit.toPlainText().strip())
        self.check_button.setEnabled(not drafting and has_body)
        self.export_button.setEnabled(not drafting and has_body)

    def _error(self, message: str) -> None:
        self.status_label.setText(message)

    # -- related documents ------------------------------------------------------------------

    def set_sources(self, paths: list[str]) -> None:
        self.source_files = [str(Path(p)) for p in paths]
        names = ", ".join(Path(p).name for p in self.source_files)
        self.sources_label.setText(names or self.tr("No related documents."))

    def pick_sources(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Related documents"),
            "",
            self.tr("Documents (*.pdf *.docx *.txt *.md)"),
        )
        if paths:
            self.set_sources(paths)

    # -- drafting ---------------------------------------------------------------------------

    def start_drafting(self) -> None:
        if self.engine is None or self.is_drafting():
            return
        try:
            fields = self.fields()
        except TrolyError as exc:
            self._error(exc.message(self.session.settings.language))
            return
        doc_type = BY_SLUG[self.doc_type_slug()]
        brief = self.brief_edit.toPlainText()
        files = list(self.source_files)
        worker = DraftWorker(
            self.engine,
            lambda: build_messages(doc_type, fields, brief, source_texts(files)),
            self.session.generation_params(),
            self.session.settings.language,
        )
        worker.pieces.connect(self._append)
        worker.finished.connect(self._finished)
        worker.failed.connect(self._failed)
        worker.done.connect(self._worker_done)
        self._drafting = True
        self.body_edit.clear()
        self.status_label.setText(self.tr("Drafting the body…"))
        self._thread = WorkerThread(worker, "drafting").start()
        self._update_buttons()

    def stop_drafting(self) -> None:
        if self._thread is not None:
            self._thread.worker.stop()

    def _append(self, text: str) -> None:
        self.body_edit.moveCursor(self.body_edit.textCursor().MoveOperation.End)
        self.body_edit.insertPlainText(text)

    def _finished(self, stats: Any) -> None:
        self.body_edit.setPlainText(tidy_body(self.body_edit.toPlainText()))
        if stats.finish_reason == "cancelled":
            self.status_label.setText(self.tr("Stopped. You can edit the body and export it."))
        else:
            self.status_label.setText(self.tr("Done. Check and edit the body before exporting."))
        self._update_buttons()

    def _failed(self, message: str) -> None:
        self._error(message)
        self._update_buttons()

    # -- export and check -------------------------------------------------------------------

    def export_to(self, path: str | Path) -> Path | None:
        """Write the DOCX, remember the fields, and list the format check's findings."""
        doc_type = BY_SLUG[self.doc_type_slug()]
        try:
            fields = self.fields()
            out = write_docx(doc_type, fields, self.body_edit.toPlainText(), path)
            findings = check_docx(out)
        except TrolyError as exc:
            self._error(exc.message(self.session.settings.language))
            return None
        remember(self.session.paths.config, self.field_values())
        self._show_findings(findings)
        self.status_label.setText(self.tr("Saved {path}").format(path=str(out)))
        self.exported.emit(str(out))
        return out

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export DOCX"),
            str(Path.home() / "van-ban.docx"),
            self.tr("Word documents (*.docx)"),
        )
        if path:
            if not path.lower().endswith(".docx"):
                path += ".docx"
            self.export_to(path)

    def check_current(self) -> None:
        """Lay the document out in a temporary file and list what the checker finds."""
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            doc_type = BY_SLUG[self.doc_type_slug()]
            try:
                out = write_docx(
                    doc_type,
                    self.fields(),
                    self.body_edit.toPlainText(),
                    Path(folder) / "check.docx",
                )
                self._show_findings(check_docx(out))
            except TrolyError as exc:
                self._error(exc.message(self.session.settings.language))

    def _show_findings(self, findings: list[Any]) -> None:
        self.findings_list.clear()
        language = self.session.settings.language
        if not findings:
            self.findings_list.addItem(self.tr("No departures from Appendix I found."))
        for finding in findings:
            self.findings_list.addItem(finding.line(language))

    def closeEvent(self, event: Any) -> None:
        if self._thread is not None:
            self._thread.stop()
        super().closeEvent(event)
