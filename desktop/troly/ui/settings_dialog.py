"""“Settings”: generation parameters, context length, threads, system prompt, language."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from troly.core.config import DEFAULT_SYSTEM_PROMPT, Settings, default_threads, save_settings

_LANGUAGES = (("vi", "Tiếng Việt"), ("en", "English"))  # each in its own language, not translated


class SettingsDialog(QDialog):
    """Edits a copy of the session's settings; Save writes them and emits `saved(old, new)`."""

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.saved_settings: Settings | None = None
        s: Settings = session.settings
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        self.setMinimumWidth(560)

        self.temperature = QDoubleSpinBox(self)
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.05)
        self.temperature.setDecimals(2)
        self.temperature.setValue(s.temperature)
        self.temperature.setAccessibleName(self.tr("Temperature"))
        self.temperature.setToolTip(self.tr("Lower is more predictable, higher more varied."))

        self.top_p = QDoubleSpinBox(self)
        self.top_p.setRange(0.0, 1.0)
        self.top_p.setSingleStep(0.05)
        self.top_p.setDecimals(2)
        self.top_p.setValue(s.top_p)
        self.top_p.setAccessibleName(self.tr("Top-p"))

        self.max_tokens = QSpinBox(self)
        self.max_tokens.setRange(1, 32768)
        self.max_tokens.setSingleStep(64)
        self.max_tokens.setValue(s.max_tokens)
        self.max_tokens.setAccessibleName(self.tr("Maximum reply length"))
        self.max_tokens.setSuffix(self.tr(" tokens"))

        self.context_length = QSpinBox(self)
        self.context_length.setRange(256, 131072)
        self.context_length.setSingleStep(1024)
        self.context_length.setValue(s.context_length)
        self.context_length.setAccessibleName(self.tr("Context length"))
        self.context_length.setSuffix(self.tr(" tokens"))
        self.context_length.setToolTip(
            self.tr("More context remembers longer conversations but needs more memory.")
        )

        self.threads = QSpinBox(self)
        self.threads.setRange(0, 256)
        self.threads.setValue(s.threads)
        self.threads.setAccessibleName(self.tr("Threads"))
        self.threads.setSpecialValueText(self.tr("Automatic ({n})").format(n=default_threads()))

        self.system_prompt = QPlainTextEdit(self)
        self.system_prompt.setPlainText(s.system_prompt)
        self.system_prompt.setAccessibleName(self.tr("System prompt"))
        self.system_prompt.setFixedHeight(self.system_prompt.fontMetrics().lineSpacing() * 5 + 16)

        self.language = QComboBox(self)
        self.language.setAccessibleName(self.tr("Language"))
        for code, name in _LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))

        restart = QLabel(self.tr("A new language applies when TroLy is restarted."), self)
        restart.setAccessibleName(self.tr("Language note"))
        restart.setWordWrap(True)
        reload_note = QLabel(
            self.tr("Changes to context length and threads reload the model."), self
        )
        reload_note.setAccessibleName(self.tr("Reload note"))
        reload_note.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Temperature:"), self.temperature)
        form.addRow(self.tr("Top-p:"), self.top_p)
        form.addRow(self.tr("Maximum reply length:"), self.max_tokens)
        form.addRow(self.tr("Context length:"), self.context_length)
        form.addRow(self.tr("Threads:"), self.threads)
        form.addRow("", reload_note)
        form.addRow(self.tr("System prompt:"), self.system_prompt)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow("", restart)

        buttons = QDialogButtonBox(self)
        save = buttons.addButton(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("Save"))
        save.setAccessibleName(self.tr("Save"))
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))
        cancel.setAccessibleName(self.tr("Cancel"))
        defaults = buttons.addButton(QDialogButtonBox.StandardButton.RestoreDefaults)
        defaults.setText(self.tr("Restore defaults"))
        defaults.setAccessibleName(self.tr("Restore defaults"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        defaults.clicked.connect(self.restore_defaults)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> Settings:
        prompt = self.system_prompt.toPlainText().strip()
        return dataclasses.replace(
            self.session.settings,
            temperature=self.temperature.value(),
            top_p=self.top_p.value(),
            max_tokens=self.max_tokens.value(),
            context_length=self.context_length.value(),
            threads=self.threads.value(),
            system_prompt=prompt,
            language=str(self.language.currentData()),
        ).validated()

    def restore_defaults(self) -> None:
        d = Settings()
        self.temperature.setValue(d.temperature)
        self.top_p.setValue(d.top_p)
        self.max_tokens.setValue(d.max_tokens)
        self.context_length.setValue(d.context_length)
        self.threads.setValue(d.threads)
        self.system_prompt.setPlainText(DEFAULT_SYSTEM_PROMPT)

    def save(self) -> None:
        new = self.values()
        try:
            save_settings(self.session.paths, new)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Settings"),
                self.tr("The settings could not be saved: {error}").format(
                    error=exc.strerror or exc
                ),
            )
            return
        self.session.settings = new
        self.saved_settings = new
        self.accept()
