"""“Choose model”: the models the manifest knows (installed or not), or any GGUF file; the
chosen one verified in the background, what it is shown, and put to use."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from troly.core.models.verify import hash_matches_manifest
from troly.ui import dialogs, numbers, theme
from troly.ui.screen import fit_to_screen
from troly.ui.workers import VerifyWorker, WorkerThread

if TYPE_CHECKING:
    from troly.core.models.verify import VerifiedModel
    from troly.core.session import Session

_PATH_ROLE = Qt.ItemDataRole.UserRole


class ModelDialog(QDialog):
    """Shows a model's metadata; emits `model_chosen(VerifiedModel)` when the user picks it."""

    model_chosen = Signal(object)

    def __init__(
        self,
        session: Session,
        current: VerifiedModel | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.language = session.settings.language
        self.model: VerifiedModel | None = None  # the model shown, if it passed verification
        self.error: str | None = None
        self._task: WorkerThread | None = None

        self.setWindowTitle(self.tr("Choose model"))
        self.setAccessibleName(self.tr("Choose model"))

        self.known_label = QLabel(self.tr("Models in the list"), self)
        font = self.known_label.font()
        font.setBold(True)
        self.known_label.setFont(font)
        self.known = QTreeWidget(self)
        self.known.setAccessibleName(self.tr("Models in the list"))
        self.known.setRootIsDecorated(False)
        self.known.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.known.setHeaderLabels(
            [self.tr("Model"), self.tr("Size"), self.tr("Licence"), self.tr("On this computer")]
        )
        header = self.known.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.known.setMaximumHeight(150)
        self.folder_note = QLabel(self)
        self.folder_note.setAccessibleName(self.tr("Model folder"))
        self.folder_note.setWordWrap(True)
        self.folder_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._list_known()

        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setAccessibleName(self.tr("Model file"))
        self.path_edit.setPlaceholderText(self.tr("No file chosen"))
        self.browse_button = QPushButton(self.tr("Open file…"), self)
        self.browse_button.setAccessibleName(self.tr("Open a model file"))

        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Verification progress"))
        self.progress.setRange(0, 100)
        self.progress.setFormat(self.tr("Checking the file… %p%"))
        self.progress.hide()

        self.error_label = QLabel(self)
        self.error_label.setAccessibleName(self.tr("Error"))
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        # What a user decides by: the name, whether it is the approved file, its size and the
        # memory it needs. The engineer's facts wait behind "Technical details".
        self.fields: dict[str, QLabel] = {}
        form = self._field_form(
            (
                ("name", self.tr("Name")),
                ("manifest", self.tr("Approved")),
                ("size", self.tr("Size on disk")),
                ("ram", self.tr("Memory needed")),
            )
        )
        self.details_button = QToolButton(self)
        self.details_button.setText(self.tr("Technical details"))
        self.details_button.setAccessibleName(self.tr("Technical details"))
        self.details_button.setToolTip(
            self.tr("Facts about the model file for the IT staff; not needed to choose a model.")
        )
        self.details_button.setCheckable(True)
        self.details_button.setAutoRaise(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.toggled.connect(self.show_details)
        self.details = QWidget(self)
        self.details.setAccessibleName(self.tr("Technical details"))
        details_form = self._field_form(
            (
                ("architecture", self.tr("Architecture")),
                ("parameters", self.tr("Parameters")),
                ("quantization", self.tr("Quantization")),
                ("context", self.tr("Context length (trained)")),
                ("template", self.tr("Chat template")),
                ("sha256", self.tr("SHA-256")),
            )
        )
        details_form.setContentsMargins(0, 0, 0, 0)
        self.details.setLayout(details_form)
        self.details.setVisible(False)

        self.buttons = QDialogButtonBox(self)
        self.use_button = self.buttons.addButton(
            self.tr("Use this model"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.use_button.setAccessibleName(self.tr("Use this model"))
        self.use_button.setEnabled(False)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        close.setAccessibleName(self.tr("Close"))

        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.known_label)
        layout.addWidget(self.known)
        layout.addWidget(self.folder_note)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addWidget(self.details_button)
        layout.addWidget(self.details)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.browse_button.clicked.connect(self.browse)
        self.known.currentItemChanged.connect(self._known_chosen)
        self.use_button.clicked.connect(self._use)
        self.buttons.rejected.connect(self.reject)

        if current is not None:
            self._show_model(current)
            self.use_button.setEnabled(False)  # it is already in use
        fit_to_screen(self, 760, 720)

    def _field_form(self, rows: tuple[tuple[str, str], ...]) -> QFormLayout:
        """A form of read-only values, each kept in `fields` under its key."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, label in rows:
            value = QLabel("—", self)
            value.setAccessibleName(label)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            form.addRow(label + ":", value)
        return form

    def show_details(self, shown: bool) -> None:
        """Opens or closes "Technical details"."""
        if self.details_button.isChecked() != shown:
            self.details_button.setChecked(shown)  # comes back here through `toggled`
            return
        self.details.setVisible(shown)
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    # -- the manifest's models --------------------------------------------------------------

    def _list_known(self) -> None:
        folder = self.session.paths.models
        for entry in self.session.manifest.entries:
            path = folder / entry.file_name
            installed = path.is_file()
            size = numbers.size(entry.size_bytes) if entry.size_bytes else "?"
            state = (
                self.tr("Installed")
                if installed
                else self.tr("Not installed: copy {file} into the model folder").format(
                    file=entry.file_name
                )
            )
            item = QTreeWidgetItem([entry.display_name, size, entry.licence, state])
            item.setToolTip(0, entry.notes or entry.display_name)
            item.setToolTip(3, str(path))
            item.setData(0, _PATH_ROLE, str(path) if installed else "")
            if not installed:
                item.setForeground(3, QBrush(QColor(theme.colours().note)))
            self.known.addTopLevelItem(item)
        self.folder_note.setText(
            self.tr(
                "Model folder: {folder}. An administrator adds models with “troly models add”."
            ).format(folder=str(folder))
        )

    def known_names(self) -> list[str]:
        items = (self.known.topLevelItem(i) for i in range(self.known.topLevelItemCount()))
        return [item.text(0) for item in items if item is not None]

    def _known_chosen(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        if item is None:
            return
        path = item.data(0, _PATH_ROLE)
        if path:
            self.inspect(Path(path))

    # -- choosing and checking a file -------------------------------------------------------

    def browse(self) -> None:
        start = str(self.session.paths.models)
        path = dialogs.open_file(
            self, self.tr("Choose a model file"), start, self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.inspect(Path(path))

    def inspect(self, path: Path) -> None:
        """Verify a file in the background; the result shows when it is done."""
        self._stop_task()
        self.model = None
        self.error = None
        self.use_button.setEnabled(False)
        self.error_label.hide()
        for value in self.fields.values():
            value.setText("—")
        self.path_edit.setText(str(path))
        self.progress.setValue(0)
        self.progress.show()
        worker = VerifyWorker(self.session, path, self.language)
        worker.progress.connect(self.progress.setValue)
        worker.verified.connect(self._verified)
        worker.failed.connect(self._failed)
        self._task = WorkerThread(worker, "VerifyWorker").start()

    def busy(self) -> bool:
        return self._task is not None and self._task.is_running()

    def _current(self) -> bool:
        # A result from a check the user has since replaced is dropped.
        return self._task is not None and self.sender() is self._task.worker

    def _verified(self, model: VerifiedModel) -> None:
        if not self._current():
            return
        self.progress.hide()
        self._show_model(model)
        self.use_button.setEnabled(True)

    def _failed(self, message: str) -> None:
        if not self._current():
            return
        self.progress.hide()
        self.error = message
        self.error_label.setText(
            self.tr("This file cannot be used: {message}").format(message=message)
        )
        self.error_label.show()
        self.use_button.setEnabled(False)

    def _show_model(self, model: VerifiedModel) -> None:
        self.model = model
        info = model.info
        self.path_edit.setText(str(model.path))
        n_ctx = self.session.settings.context_length
        if info.context_length:
            n_ctx = min(n_ctx, info.context_length)
        if model.entry is None:
            listed = self.tr(
                "No: not in the approved list (it may be used, but ask where the file came from)"
            )
        elif hash_matches_manifest(model):
            listed = self.tr("Yes: {name}, exactly the approved file (SHA-256 matches)").format(
                name=model.entry.display_name
            )
        else:
            listed = self.tr(
                "Listed as {name}, but the file cannot be confirmed yet: its SHA-256 is not "
                "published"
            ).format(name=model.entry.display_name)
        values = {
            "name": model.display_name,
            "architecture": info.architecture or "?",
            "parameters": info.parameters,
            "quantization": info.quantization,
            "context": (
                self.tr("{n} word pieces").format(n=numbers.integer(info.context_length))
                if info.context_length
                else "?"
            ),
            "template": (
                self.tr("From the file")
                if info.chat_template
                else self.tr("Not in the file: chosen by architecture or the model list")
            ),
            "sha256": model.sha256,
            "manifest": listed,
            "size": numbers.size(info.file_size),
            "ram": self.tr("about {size} of memory (RAM), to read {n} word pieces at once").format(
                size=numbers.size(info.estimated_ram_bytes(n_ctx)), n=numbers.integer(n_ctx)
            ),
        }
        for key, text in values.items():
            self.fields[key].setText(text)

    def _use(self) -> None:
        if self.model is None:
            return
        self.model_chosen.emit(self.model)
        self.accept()

    # -- closing ----------------------------------------------------------------------------

    def _stop_task(self) -> None:
        if self._task is not None:
            self._task.stop()
            self._task = None

    def done(self, result: int) -> None:
        self._stop_task()
        super().done(result)
