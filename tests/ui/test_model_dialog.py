"""“Choose model”: a corrupt file is refused with its reason; the real model shows its metadata
and can be put to use."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from troly.core.config import load_settings
from troly.core.session import Session
from troly.ui import numbers
from troly.ui.model_dialog import ModelDialog


@pytest.fixture
def make_dialog(qtbot: Any) -> Iterator[Callable[[Any, Path], ModelDialog]]:
    dialogs: list[ModelDialog] = []

    def make(_qtbot: Any, troly_home: Path) -> ModelDialog:
        dialog = ModelDialog(Session(troly_home))
        qtbot.addWidget(dialog)
        dialog.show()
        dialogs.append(dialog)
        return dialog

    yield make
    for dialog in dialogs:
        dialog.reject()  # stops and joins its check


def test_a_corrupt_file_is_refused_in_vietnamese(
    qtbot: Any, make_dialog: Any, troly_home: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(os.urandom(1024 * 1024))
    dialog = make_dialog(qtbot, troly_home)
    dialog.inspect(bad)
    qtbot.waitUntil(lambda: dialog.error is not None, timeout=10_000)
    assert "bad.gguf không phải mô hình GGUF" in dialog.error
    assert dialog.error_label.isVisible()
    assert "không phải mô hình GGUF" in dialog.error_label.text()
    assert dialog.model is None
    assert not dialog.use_button.isEnabled()
    assert dialog.fields["architecture"].text() == "—"


def test_a_truncated_model_is_refused(
    qtbot: Any, make_dialog: Any, troly_home: Path, tmp_path: Path, default_model: Any
) -> None:
    cut = tmp_path / "cut.gguf"
    with default_model.path.open("rb") as src:
        cut.write_bytes(src.read(5 * 1024 * 1024))
    dialog = make_dialog(qtbot, troly_home)
    dialog.inspect(cut)
    qtbot.waitUntil(lambda: dialog.error is not None, timeout=10_000)
    assert "bị cắt cụt" in dialog.error
    assert not dialog.use_button.isEnabled()


def test_the_real_model_shows_its_metadata(
    qtbot: Any, make_dialog: Any, troly_home: Path, default_model: Any
) -> None:
    dialog = make_dialog(qtbot, troly_home)
    percents: list[int] = []
    dialog.progress.valueChanged.connect(percents.append)
    dialog.inspect(default_model.path)
    qtbot.waitUntil(lambda: dialog.model is not None or dialog.error is not None, timeout=60_000)
    assert dialog.error is None
    fields = {key: label.text() for key, label in dialog.fields.items()}
    assert fields["architecture"] == "gemma3"
    assert fields["sha256"] == default_model.sha256
    assert fields["quantization"] == "Q4_K_M"
    assert (
        "SHA-256" in fields["manifest"] and default_model.entry.display_name in fields["manifest"]
    )
    assert fields["size"] == numbers.size(default_model.info.file_size)
    assert numbers.integer(4096) in fields["ram"]
    assert percents and max(percents) == 100  # hashing progress was shown
    assert dialog.use_button.isEnabled()


def test_using_a_model_saves_it_and_reloads(
    qtbot: Any, make_window: Any, wait_ready: Any, troly_home: Path, default_model: Any
) -> None:
    window = make_window()
    wait_ready(window)
    first_engine = window.engine
    window.choose_model()
    dialog = window.findChild(ModelDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.fields["architecture"].text() == "gemma3"  # the model in use is shown
    dialog.inspect(default_model.path)
    qtbot.waitUntil(lambda: dialog.use_button.isEnabled(), timeout=60_000)
    with qtbot.waitSignal(window.model_ready, timeout=60_000):
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert window.engine is not None and window.engine is not first_engine
    assert load_settings(window.session.paths).model_path == str(default_model.path)


def test_sizes_and_numbers_in_vietnamese() -> None:
    from PySide6.QtCore import QLocale

    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    try:
        assert numbers.size(512) == "512 B"
        assert numbers.size(253_115_392) == "253,1 MB"
        assert numbers.size(4_600_000_000) == "4,6 GB"
        assert numbers.integer(32768) == "32.768"
    finally:
        QLocale.setDefault(QLocale.system())


def test_the_manifest_models_are_listed(
    qtbot: Any, make_dialog: Any, troly_home: Path, default_model: Any
) -> None:
    dialog = make_dialog(qtbot, troly_home)
    session = dialog.session
    names = [entry.display_name for entry in session.manifest.entries]
    assert dialog.known_names() == names and len(names) >= 2
    states = [dialog.known.topLevelItem(i).text(3) for i in range(len(names))]
    installed = [(session.paths.models / e.file_name).is_file() for e in session.manifest.entries]
    for state, is_installed, entry in zip(states, installed, session.manifest.entries, strict=True):
        assert (entry.file_name in state) is not is_installed
    assert str(session.paths.models) in dialog.folder_note.text()
