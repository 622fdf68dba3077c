"""“Choose model”: open a GGUF file, verify it in the background, show what it is, use it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from troly.core.models.verify import hash_matches_manifest
from troly.ui.workers import VerifyWorker, WorkerThread


def format_bytes(n: int) -> str:
    """Sizes as people read them: 253.1 MB, 4.6 GB (decimal units, as file managers show)."""
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} TB"


class ModelDialog(QDialog):
    """Shows a model's metadata; emits `model_chosen(VerifiedModel)` when the user picks it."""

    model_chosen = Signal(object)

    def __init__(self, session: Any, current: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.language = session.settings.language
        self.model: Any = None  # the VerifiedModel shown, if it passed verification
        self.error: str | None = None
        self._task: WorkerThread | None = None

        self.setWindowTitle(self.tr("Choose model"))
        self.setAccessibleName(self.tr("Choose model"))
        self.setMinimumWidth(620)

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

        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, label in (
            ("name", self.tr("Name")),
            ("architecture", self.tr("Architecture")),
            ("parameters", self.tr("Parameters")),
            ("quantization", self.tr("Quantization")),
            ("context", self.tr("Context length (trained)")),
            ("template", self.tr("Chat template")),
            ("sha256", self.tr("SHA-256")),
            ("manifest", self.tr("In the model list")),
            ("size", self.tr("File size")),
            ("ram", self.tr("Estimated RAM")),
        ):
            value = QLabel("—", self)
            value.setAccessibleName(label)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
            form.addRow(label + ":", value)

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
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.browse_button.clicked.connect(self.browse)
        self.use_button.clicked.connect(self._use)
        self.buttons.rejected.connect(self.reject)

        if current is not None:
            self._show_model(current)
            self.use_button.setEnabled(False)  # it is already in use

    # -- choosing and checking a file -------------------------------------------------------

    def browse(self) -> None:
        start = str(self.session.paths.models)
        path, _ = QFileDialog.getOpenFileName(
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

    def _verified(self, model: Any) -> None:
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

    def _show_model(self, model: Any) -> None:
        self.model = model
        info = model.info
        self.path_edit.setText(str(model.path))
        n_ctx = self.session.settings.context_length
        if info.context_length:
            n_ctx = min(n_ctx, info.context_length)
        if model.entry is None:
            listed = self.tr("No: not in the model list (allowed, but check where it came from)")
        elif hash_matches_manifest(model):
            listed = self.tr("Yes: {name}, SHA-256 matches").format(name=model.entry.display_name)
        else:
            listed = self.tr("Known by name ({name}); its SHA-256 is not published yet").format(
                name=model.entry.display_name
            )
        values = {
            "name": model.display_name,
            "architecture": info.architecture or "?",
            "parameters": info.parameters,
            "quantization": info.quantization,
            "context": (
                self.tr("{n} tokens").format(n=f"{info.context_length:,}")
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
            "size": format_bytes(info.file_size),
            "ram": self.tr("about {size} with a context of {n} tokens").format(
                size=format_bytes(info.estimated_ram_bytes(n_ctx)), n=f"{n_ctx:,}"
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
