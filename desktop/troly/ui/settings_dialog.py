"""“Settings”: generation parameters, context length, threads, system prompt, language, and
how the app looks (font size, light or dark)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from troly.core.config import DEFAULT_SYSTEM_PROMPT, Settings, default_threads, save_settings
from troly.ui import dialogs, theme
from troly.ui.screen import fit_to_screen

if TYPE_CHECKING:
    from troly.core.policy import Policy
    from troly.core.session import Session

_LANGUAGES = (("vi", "Tiếng Việt"), ("en", "English"))  # each in its own language, not translated


class FontSizeBox(QSpinBox):
    """0 ("as the system") or 8 to 28 points: the arrows step from the system's size straight to
    8 pt and back, and a typed 1 to 7 becomes 8 (no size between is readable)."""

    SMALLEST = 8
    LARGEST = 28

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, self.LARGEST)
        self.editingFinished.connect(self._bound)

    def stepBy(self, steps: int) -> None:
        value = self.value()
        if value == 0 and steps > 0:
            self.setValue(self.SMALLEST + steps - 1)
        elif value > 0 and value + steps < self.SMALLEST:
            self.setValue(0)
        else:
            super().stepBy(steps)

    def _bound(self) -> None:
        if 0 < self.value() < self.SMALLEST:
            self.setValue(self.SMALLEST)


class SettingsDialog(QDialog):
    """Edits a copy of the session's settings; Save writes them and emits `saved(old, new)`."""

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        close_data: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.close_data = close_data  # closes the window's database connections before a wipe
        self.saved_settings: Settings | None = None
        s: Settings = session.settings
        self.setWindowTitle(self.tr("Settings"))
        self.setAccessibleName(self.tr("Settings"))
        self._build_expert_fields(s)

        self.language = QComboBox(self)
        self.language.setAccessibleName(self.tr("Language"))
        for code, name in _LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))

        self.font_size = FontSizeBox(self)
        self.font_size.setValue(s.font_size if s.font_size >= FontSizeBox.SMALLEST else 0)
        self.font_size.setSuffix(self.tr(" pt"))
        self.font_size.setSpecialValueText(self.tr("As the system"))
        self.font_size.setAccessibleName(self.tr("Font size"))
        self.font_size.setToolTip(self.tr("The size of all text in TroLy, from 8 to 28 points."))
        self.theme = QComboBox(self)
        self.theme.setAccessibleName(self.tr("Colours"))
        for code, name in (
            ("system", self.tr("As the system (light or dark)")),
            ("light", self.tr("Light")),
            ("dark", self.tr("Dark")),
        ):
            self.theme.addItem(name, code)
        self.theme.setCurrentIndex(max(0, self.theme.findData(s.theme)))

        restart = QLabel(self.tr("A new language applies when TroLy is restarted."), self)
        restart.setAccessibleName(self.tr("Language note"))
        restart.setWordWrap(True)

        # Values the administrator's policy fixes: shown, not editable.
        policy = getattr(session, "policy", None)
        self.locked = policy.locked_settings() if policy is not None else frozenset()
        locked_text = self.tr("Set by your administrator")
        for name, widget in (("language", self.language), ("threads", self.threads)):
            if name in self.locked:
                widget.setEnabled(False)
                widget.setToolTip(locked_text)
                widget.setAccessibleDescription(locked_text)
        self.locked_note = QLabel(locked_text, self)
        self.locked_note.setAccessibleName(self.tr("Locked settings note"))
        self.locked_note.setVisible(
            bool(self.locked & {"language", "threads"})
            or (policy is not None and policy.engine_policy_set())
        )

        # Where the model runs: the administrator's policy decides it; shown, never editable.
        self.engine_label = QLabel(self._engine_text(policy), self)
        self.engine_label.setAccessibleName(self.tr("Where the model runs"))
        self.engine_label.setWordWrap(True)
        self.engine_locked = policy is not None and policy.engine_policy_set()
        if self.engine_locked:
            self.engine_label.setEnabled(False)
            self.engine_label.setToolTip(locked_text)
            self.engine_label.setAccessibleDescription(locked_text)

        self.wipe_button = QPushButton(self.tr("Delete all data…"), self)
        self.wipe_button.setAccessibleName(self.tr("Delete all data"))
        self.wipe_button.setToolTip(
            self.tr("Deletes history, the index, logs, settings and the encryption key.")
        )
        self.wipe_button.clicked.connect(self.confirm_wipe)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow("", restart)
        form.addRow(self.tr("Font size:"), self.font_size)
        form.addRow(self.tr("Colours:"), self.theme)
        form.addRow(self.tr("Where the model runs:"), self.engine_label)
        form.addRow("", self.locked_note)
        form.addRow(self.advanced_button)
        form.addRow(self.advanced)
        form.addRow(self.tr("Data:"), self.wipe_button)

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

        # The form scrolls on a small screen; the buttons stay in view.
        body = QWidget(self)
        body.setLayout(form)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self._scroll = scroll
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, body.sizeHint().height() + buttons.sizeHint().height() + 48)

    # -- the expert settings, behind "Advanced" ---------------------------------------------

    def _build_expert_fields(self, s: Settings) -> None:
        """How the model writes and what it uses of the PC: words an official need not know,
        so each has a plain name and a line saying what it changes for the user."""
        self.temperature = QDoubleSpinBox(self)
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.05)
        self.temperature.setDecimals(2)
        self.temperature.setValue(s.temperature)

        self.top_p = QDoubleSpinBox(self)
        self.top_p.setRange(0.0, 1.0)
        self.top_p.setSingleStep(0.05)
        self.top_p.setDecimals(2)
        self.top_p.setValue(s.top_p)

        self.max_tokens = QSpinBox(self)
        self.max_tokens.setRange(1, 32768)
        self.max_tokens.setSingleStep(64)
        self.max_tokens.setValue(s.max_tokens)
        self.max_tokens.setSuffix(self.tr(" word pieces"))
        self.max_tokens.setGroupSeparatorShown(True)

        self.context_length = QSpinBox(self)
        self.context_length.setRange(256, 131072)
        self.context_length.setSingleStep(1024)
        self.context_length.setValue(s.context_length)
        self.context_length.setSuffix(self.tr(" word pieces"))
        self.context_length.setGroupSeparatorShown(True)

        self.threads = QSpinBox(self)
        self.threads.setRange(0, 256)
        self.threads.setValue(s.threads)
        self.threads.setSpecialValueText(self.tr("Automatic ({n})").format(n=default_threads()))

        self.system_prompt = QPlainTextEdit(self)
        self.system_prompt.setPlainText(s.system_prompt)
        self.system_prompt.setFixedHeight(self.system_prompt.fontMetrics().lineSpacing() * 5 + 16)

        self.advanced_button = QToolButton(self)
        self.advanced_button.setText(self.tr("Advanced"))
        self.advanced_button.setAccessibleName(self.tr("Advanced settings"))
        self.advanced_button.setToolTip(
            self.tr(
                "Settings for experienced users: how the model writes its replies and how "
                "much of the computer it uses. The usual values suit most work."
            )
        )
        self.advanced_button.setCheckable(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setAutoRaise(True)
        self.advanced_button.toggled.connect(self.show_advanced)

        self.advanced = QWidget(self)
        self.advanced.setAccessibleName(self.tr("Advanced settings"))
        form = QFormLayout(self.advanced)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        rows = (
            (
                self.temperature,
                self.tr("Creativity of the replies"),
                self.tr(
                    "Low: steady replies, close to the documents; high: more varied, but more "
                    "likely to be wrong."
                ),
            ),
            (
                self.top_p,
                self.tr("Range of word choice"),
                self.tr(
                    "Low: only the surest words; high: less common words too. 0.9 suits most work."
                ),
            ),
            (
                self.max_tokens,
                self.tr("Maximum reply length"),
                self.tr(
                    "Counted in word pieces, the units the model writes in: a Vietnamese "
                    "syllable is usually one or two pieces."
                ),
            ),
            (
                self.context_length,
                self.tr("Text kept in mind at once"),
                self.tr(
                    "How much of the conversation or of the documents the assistant reads at "
                    "once. More remembers longer conversations but needs more memory (RAM)."
                ),
            ),
            (
                self.threads,
                self.tr("Processor cores used"),
                self.tr(
                    "More cores answer faster but slow other programs down. Automatic suits "
                    "most computers."
                ),
            ),
        )
        for field, name, explanation in rows:
            self._add_explained_row(form, field, name, explanation)
        reload_note = self._note(
            self.tr(
                "Changing the text kept in mind or the processor cores reloads the model, which "
                "takes a few seconds."
            )
        )
        reload_note.setAccessibleName(self.tr("Reload note"))
        form.addRow("", reload_note)
        self._add_explained_row(
            form,
            self.system_prompt,
            self.tr("Standing instructions to the assistant"),
            self.tr(
                "The assistant reads them before every conversation, e.g. to answer briefly, in "
                "the style of official documents."
            ),
        )
        self.advanced.setVisible(False)
        self._set_arrow(False)

    def _add_explained_row(
        self, form: QFormLayout, field: QWidget, name: str, explanation: str
    ) -> None:
        """The field under its plain name, and under it in grey what it does for the user."""
        field.setAccessibleName(name)
        field.setToolTip(explanation)
        cell = QWidget(self.advanced)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(self._note(explanation))
        column.addStretch(1)  # a taller dialog leaves the note under its field
        form.addRow(name + ":", cell)

    def _note(self, text: str) -> QLabel:
        note = QLabel(text, self)
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {theme.colours().note};")
        return note

    def _set_arrow(self, shown: bool) -> None:
        self.advanced_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def show_advanced(self, shown: bool) -> None:
        """Opens or closes the "Advanced" section; opened, it is scrolled into view."""
        if self.advanced_button.isChecked() != shown:
            self.advanced_button.setChecked(shown)  # comes back here through `toggled`
            return
        self.advanced.setVisible(shown)
        self._set_arrow(shown)
        if shown:  # once the layout has made room for it
            QTimer.singleShot(0, self, lambda: self._scroll.ensureWidgetVisible(self.advanced))

    def _engine_text(self, policy: Policy | None) -> str:
        if policy is None or not policy.uses_remote_engine():
            return self.tr("On this PC")
        mode = policy.engine_mode
        servers = ", ".join(policy.engine_urls())
        if mode == "remote":
            return self.tr("On the agency's servers: {servers}").format(servers=servers)
        return self.tr("On the agency's servers ({servers}), else on this PC").format(
            servers=servers
        )

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
            font_size=self.font_size.value(),
            theme=str(self.theme.currentData()),
        ).validated()

    def restore_defaults(self) -> None:
        d = Settings()
        self.temperature.setValue(d.temperature)
        self.top_p.setValue(d.top_p)
        self.max_tokens.setValue(d.max_tokens)
        self.context_length.setValue(d.context_length)
        if "threads" not in self.locked:
            self.threads.setValue(d.threads)
        self.system_prompt.setPlainText(DEFAULT_SYSTEM_PROMPT)
        self.font_size.setValue(0)
        self.theme.setCurrentIndex(self.theme.findData(d.theme))

    def save(self) -> None:
        new = self.values()
        policy = getattr(self.session, "policy", None)
        if policy is not None:
            # The user's file keeps the user's own choices for what the policy locks.
            user = getattr(self.session, "user_settings", new)
            mine = {name: getattr(user, name) for name in self.locked if hasattr(user, name)}
            new = dataclasses.replace(new, **mine)
        try:
            save_settings(self.session.paths, new)
        except OSError as exc:
            dialogs.warn(
                self,
                self.tr("Settings"),
                self.tr("The settings could not be saved: {error}").format(
                    error=exc.strerror or exc
                ),
            )
            return
        if policy is not None:
            self.session.user_settings = new
            new = policy.apply_to_settings(new)
        self.session.settings = new
        self.saved_settings = new
        self.accept()

    def confirm_wipe(self) -> None:
        """“Xóa toàn bộ dữ liệu…”: asks, wipes, then closes TroLy."""
        if self.confirm(
            self.tr("Delete all data"),
            self.tr(
                "Delete all of TroLy's data on this PC: conversation history, the document "
                "index, logs, settings and the encryption key? This cannot be undone. Your own "
                "files and the model files are not touched. TroLy will close."
            ),
        ):
            self.wipe()

    def confirm(self, title: str, text: str) -> bool:
        """Asks before wiping; a test replaces it to answer without a modal dialog."""
        return dialogs.confirm(
            self,
            title,
            text,
            yes=self.tr("Delete everything"),
            no=self.tr("Keep"),
            destructive=True,
        )

    def wipe(self) -> None:
        from PySide6.QtWidgets import QApplication

        from troly.core.retention import wipe

        # An open database cannot be deleted on Windows: the window closes its connections.
        if self.close_data is not None:
            self.close_data()
        report = wipe(self.session.paths)
        self.wipe_report = report
        if report.failed:
            dialogs.warn(
                self,
                self.tr("Delete all data"),
                self.tr("Some files could not be deleted: {files}").format(
                    files=", ".join(report.failed)
                ),
                block=True,
            )
        self.reject()
        QApplication.quit()
