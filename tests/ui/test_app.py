"""Start-up: the window shows fast, before llama.cpp is even imported; no keyring, no history."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


def test_gui_shows_and_exits(troly_home: Path, default_model: Any) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "troly",
            "--data-dir",
            str(troly_home),
            "--model",
            str(default_model.path),
            "gui",
            "--exit-after-shown",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    match = re.search(r"^shown_after_seconds=(\d+\.\d+)$", result.stdout, re.MULTILINE)
    assert match, result.stdout
    print(f"window shown after {float(match.group(1)):.2f} s")


def test_ui_modules_do_not_import_llama_cpp() -> None:
    code = (
        "import sys, troly.ui.app, troly.ui.main_window, troly.core.session; "
        "print('llama_cpp' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_without_a_keyring_chat_works_and_nothing_is_stored(
    qtbot: Any,
    make_window: Any,
    wait_ready: Any,
    troly_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # what keyring picks on a machine with no backend
    try:
        window = make_window(max_tokens=8)
        assert window.chat_page.history is None
        assert window.last_error and "keyring" in window.last_error
        assert "Không dùng được kho khoá" in window.last_error  # the core's Vietnamese message
        assert window.status.history_label.isVisible()
        assert not window.conversations.list.isEnabled()

        wait_ready(window)
        with qtbot.waitSignal(window.chat_page.reply_finished, timeout=180_000):
            window.send("Xin chào.")
        assert [m.role for m in window.chat_page.turns] == ["user", "assistant"]
    finally:
        keyring.set_keyring(previous)
    assert not (troly_home / "troly.db").exists()
