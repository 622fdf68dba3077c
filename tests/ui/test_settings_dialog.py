"""“Settings”: values are saved with the core's save_settings; context changes reload the model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from troly.core.config import load_settings
from troly.ui.settings_dialog import SettingsDialog


def open_dialog(window: Any) -> SettingsDialog:
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def click_save(qtbot: Any, dialog: SettingsDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    save = box.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def test_saved_settings_are_written_and_used(qtbot: Any, make_window: Any, wait_ready: Any) -> None:
    window = make_window()
    wait_ready(window)
    assert window.engine.n_ctx == 2048
    dialog = open_dialog(window)
    assert dialog.threads.value() == 1
    assert dialog.threads.specialValueText()  # 0 reads "Automatic (n)"
    dialog.temperature.setValue(0.2)
    dialog.max_tokens.setValue(200)
    dialog.system_prompt.setPlainText("Trả lời thật ngắn gọn.")
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.context_length.setValue(1024)
    with qtbot.waitSignal(window.model_ready, timeout=60_000):
        click_save(qtbot, dialog)
    saved = load_settings(window.session.paths)
    assert (saved.temperature, saved.max_tokens, saved.language) == (0.2, 200, "en")
    assert saved.system_prompt == "Trả lời thật ngắn gọn."
    assert saved.context_length == 1024
    assert window.session.generation_params().max_tokens == 200
    assert window.engine.n_ctx == 1024  # reloaded with the new context length


def test_cancel_changes_nothing(qtbot: Any, make_window: Any) -> None:
    window = make_window(load_model=False)
    before = load_settings(window.session.paths)
    dialog = open_dialog(window)
    dialog.temperature.setValue(1.5)
    dialog.reject()
    assert load_settings(window.session.paths) == before
    assert window.session.settings == before


def test_settings_locked_by_policy_are_shown_locked_and_kept(
    qtbot: Any, make_window: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    import json

    policy_file = tmp_path / "policy.json"
    policy_file.write_text(json.dumps({"ui_language": "vi", "max_threads": 1}), encoding="utf-8")
    monkeypatch.setenv("TROLY_POLICY_FILE", str(policy_file))
    window = make_window(load_model=False)
    dialog = open_dialog(window)
    assert not dialog.language.isEnabled()
    assert not dialog.threads.isEnabled()
    assert (
        dialog.language.toolTip()
        == dialog.locked_note.text()
        == dialog.tr("Set by your administrator")
    )
    ts = (Path(__file__).parents[2] / "resources" / "i18n" / "troly_vi.ts").read_text("utf-8")
    assert "<translation>Do quản trị viên thiết lập</translation>" in ts
    assert dialog.locked_note.isVisibleTo(dialog)
    dialog.temperature.setValue(0.3)
    click_save(qtbot, dialog)
    saved = load_settings(window.session.paths)
    assert saved.temperature == 0.3
    assert window.session.settings.language == "vi"


def test_engine_policy_shown_locked(qtbot: Any, tmp_path: Any) -> None:
    from types import SimpleNamespace

    from troly.core.config import Paths, Settings
    from troly.core.engine.base import EngineInfo
    from troly.core.policy import Policy
    from troly.ui.settings_dialog import SettingsDialog
    from troly.ui.status_bar import StatusBar

    policy = Policy(
        engine_mode="remote-then-local",
        engine_endpoints=("http://10.0.0.7:8000/v1",),
        sources={"engine_mode": "/etc/troly/policy.json"},
    )
    session = SimpleNamespace(
        settings=Settings(), user_settings=Settings(), paths=Paths.resolve(tmp_path), policy=policy
    )
    dialog = SettingsDialog(session)
    qtbot.addWidget(dialog)
    assert "http://10.0.0.7:8000" in dialog.engine_label.text()
    assert not dialog.engine_label.isEnabled() and dialog.engine_locked
    assert dialog.engine_label.toolTip() == "Set by your administrator"
    free = SettingsDialog(SimpleNamespace(**{**vars(session), "policy": Policy()}))
    qtbot.addWidget(free)
    assert free.engine_label.text() == "On this PC" and free.engine_label.isEnabled()

    bar = StatusBar()
    qtbot.addWidget(bar)
    bar.set_engine(EngineInfo("remote", "qwen2.5-7b", "http://llm.so.gov.vn:8080"))
    assert bar.model_label.text() == "Agency server: llm.so.gov.vn · qwen2.5-7b"
    bar.set_engine(EngineInfo("local", "Gemma 3 270M"))
    assert bar.model_label.text() == "On this PC · Gemma 3 270M"


def test_expert_settings_wait_behind_advanced_and_stay_locked(
    qtbot: Any, make_window: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    import json

    policy_file = tmp_path / "policy.json"
    policy_file.write_text(json.dumps({"max_threads": 1}), encoding="utf-8")
    monkeypatch.setenv("TROLY_POLICY_FILE", str(policy_file))
    window = make_window(load_model=False)
    dialog = open_dialog(window)
    expert = (
        dialog.temperature,
        dialog.top_p,
        dialog.max_tokens,
        dialog.context_length,
        dialog.threads,
        dialog.system_prompt,
    )
    # Collapsed at first: the everyday settings show, the expert ones do not.
    assert not dialog.advanced_button.isChecked()
    assert not any(field.isVisible() for field in expert)
    assert dialog.language.isVisible() and dialog.font_size.isVisible()
    assert dialog.theme.isVisible() and dialog.engine_label.isVisible()
    assert dialog.locked_note.isVisible()  # what the administrator fixed is said up front

    qtbot.mouseClick(dialog.advanced_button, Qt.MouseButton.LeftButton)
    assert all(field.isVisible() for field in expert)
    assert not dialog.threads.isEnabled()  # still locked, with the reason
    assert dialog.threads.toolTip() == "Set by your administrator"
    assert dialog.temperature.toolTip().startswith("Low: steady replies")

    # A value changed in the section is saved whether the section is open or closed.
    dialog.top_p.setValue(0.8)
    dialog.show_advanced(False)
    assert not dialog.top_p.isVisible() and not dialog.advanced_button.isChecked()
    click_save(qtbot, dialog)
    assert load_settings(window.session.paths).top_p == 0.8
