"""The window on the agency's server: the status bar says where the model runs and which engine
answered, and a reply streams from the real llama-server."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from tests.llama_server import MODEL_ALIAS

from troly.core import netguard, policy
from troly.core.session import Session
from troly.ui.main_window import MainWindow


def test_window_runs_on_the_agency_server(
    qtbot: Any,
    troly_home: Path,
    tmp_path: Path,
    llama_server: Any,
    wait_ready: Any,
    type_text: Any,
    monkeypatch: Any,
) -> None:
    file = tmp_path / "policy.json"
    file.write_text(
        json.dumps({"engine_mode": "remote", "engine_endpoints": [llama_server.url]}),
        encoding="utf-8",
    )
    monkeypatch.setenv(policy.ENV_POLICY_FILE, str(file))
    try:
        session = Session(troly_home)
        session.settings = dataclasses.replace(session.settings, max_tokens=16)
        assert not session.needs_local_model()
        window = MainWindow(session)
        qtbot.addWidget(window)
        window.show()
        window.start()
        wait_ready(window)
        assert window.engines.model is None  # no model file checked or loaded on this PC
        label = window.status.model_label.text()
        assert label == f"Agency server: 127.0.0.1 · {MODEL_ALIAS}"
        type_text(window.chat_view.question, "Xin chào")
        with qtbot.waitSignal(window.chat_page.reply_finished, timeout=120_000) as finished:
            qtbot.keyClick(window.chat_view.question, Qt.Key.Key_Return)
        stats = finished.args[0]
        assert stats.engine.kind == "remote" and stats.engine.endpoint == llama_server.url
        assert window.chat_view.text().strip()
        assert window.status.model_label.toolTip() == llama_server.url
        window.close()
    finally:
        netguard.uninstall()
