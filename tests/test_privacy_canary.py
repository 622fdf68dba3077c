"""Proof that document text and questions never reach the disk in plaintext.

A unique canary string goes into a conversation, an indexed file, a search, a question to the
real model and (when the command exists) a summary; then every file under the data dir, the
config, cache and log folders and the temp dir used is searched for it, in UTF-8 and UTF-16.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from troly.core import audit


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temp dir of our own, so the search covers every temp file this test made."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    yield tmp  # the policy: conftest's machine_policy (empty), reset with audit and netguard


def _needles(canary: str) -> list[bytes]:
    forms = {canary, unicodedata.normalize("NFD", canary), canary.lower()}
    needles = []
    for form in forms:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            needles.append(form.encode(encoding))
    # The ASCII core alone catches a text split or re-encoded around the Vietnamese letters.
    return needles


def _has_summarize_command() -> bool:
    from troly.cli import build_parser

    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return "summarize" in action.choices
    return False


def test_canary_never_on_disk_in_plaintext(
    troly_home: Path, private_tmp: Path, tmp_path: Path, default_model: Any
) -> None:
    from troly.core.index.sync import sync_collection
    from troly.core.session import Session, setup_logging
    from troly.core.tasks.ask import ask

    tag = uuid.uuid4().hex[:12]
    canary = f"Mậtmã{tag}Canary"
    docs = tmp_path / "docs"
    docs.mkdir()
    source = docs / "quy-che.txt"
    source.write_text(
        f"Điều 1. Phạm vi\nMã hồ sơ {canary} được giữ kín.\n\n"
        f"Điều 2. Thời hạn\nHồ sơ {canary} được giải quyết trong năm ngày làm việc.\n",
        encoding="utf-8",
    )

    session = Session(model_path=default_model.path)
    setup_logging(session.paths)
    history = session.open_history()
    conv = history.create_conversation(f"Hỏi về {canary}")
    history.add_message(conv.id, "user", f"Hồ sơ {canary} là gì?")
    history.add_message(conv.id, "assistant", f"Hồ sơ {canary} được giữ kín.")
    history.close()

    store = session.open_index()
    report = sync_collection(store, "vb", [docs])
    assert [r.status for r in report.results] == ["indexed"]
    assert store.search(canary, "vb", 5)
    engine = session.load_engine()
    try:
        answer, pieces = ask(
            engine,
            store,
            f"Hồ sơ {canary} giải quyết trong bao lâu?",
            "vb",
            threading.Event(),
            max_tokens=24,
        )
        "".join(pieces)
        assert answer.found
    finally:
        engine.close()
        store.db.close()

    if _has_summarize_command():
        out = tmp_path / "exports" / "tom-tat.md"  # an export the user asked for: not searched
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "troly",
                "--model",
                str(default_model.path),
                "summarize",
                str(source),
                "--out",
                str(out),
            ],
            env=dict(os.environ),
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, done.stderr[-2000:]

    audit.configure(None)
    import logging

    for handler in logging.getLogger().handlers:
        handler.flush()

    folders = {
        troly_home,
        session.paths.config,
        session.paths.cache,
        session.paths.logs,
        session.paths.data,
        private_tmp,
    }
    needles = _needles(canary)
    searched = 0
    found: list[str] = []
    for folder in folders:
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix == ".gguf":
                continue
            data = path.read_bytes()
            searched += 1
            if any(n in data for n in needles):
                found.append(str(path))
    assert searched >= 3  # the database, its WAL, the log at least
    assert (session.paths.logs / "troly.log").exists()
    assert not found, f"canary in plaintext in: {found}"
