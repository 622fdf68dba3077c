"""`troly summarize`: JSON with the summary, points and sources, timings; DOCX and Markdown."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from troly.cli import summarize as summarize_cli
from troly.cli.common import Parser
from troly.core.config import save_settings
from troly.core.session import Session

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "resources"
    / "samples"
    / "ke-hoach-52-chuyen-doi-so-2026.pdf"
)


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = Parser(prog="troly")
    parser.add_argument("--data-dir")
    parser.add_argument("--model")
    summarize_cli.register(parser.add_subparsers(dest="command", parser_class=Parser))
    return parser.parse_args(argv)


@pytest.fixture
def home(troly_home: Path, default_model: Any) -> Path:
    session = Session(troly_home, default_model.path)
    session.settings = dataclasses.replace(
        session.settings, threads=1, context_length=2048
    ).validated()
    save_settings(session.paths, session.settings)
    return troly_home


def test_json_carries_summary_points_sources_and_timings(
    home: Path, default_model: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tom-tat.md"
    argv = [
        "--model", str(default_model.path), "summarize", str(SAMPLE), "--style", "brief",
        "--json", "--out", str(out), "--partial-tokens", "48", "--max-tokens", "96",
    ]  # fmt: skip
    args = _parse(argv)
    assert args.func(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["style"] == "brief"
    assert data["summary"] and data["points"]
    for point in data["points"]:
        assert point["sources"]
        for source in point["sources"]:
            assert source["file"] == str(SAMPLE.resolve())
            assert 1 <= source["page"] <= data["pages"][str(SAMPLE.resolve())]
            assert source["headings"]
    assert data["timings"]["total"] > 0 and data["stats"]["model_calls"] >= 2
    assert any(d["date"] == "15/11/2025" for d in data["deadlines"])
    assert out.read_text(encoding="utf-8").startswith("# Tóm tắt: ke-hoach-52")

    # The second run finds every partial summary in the encrypted cache.
    args = _parse(argv)
    assert args.func(args) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["stats"]["model_calls"] == 0
    assert again["summary"] == data["summary"]


def test_unreadable_file_is_a_document_error_before_the_model_loads(
    home: Path, tmp_path: Path
) -> None:
    # main() turns a TrolyError into one line on stderr and exit code 1.
    from troly.core.documents import DocumentError

    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    args = _parse(["--model", str(tmp_path / "none.gguf"), "summarize", str(bad)])
    with pytest.raises(DocumentError, match=r"hong\.pdf"):
        args.func(args)


def test_export_into_a_new_folder_and_an_unwritable_one(
    home: Path, default_model: Any, tmp_path: Path
) -> None:
    import subprocess
    import sys

    def summarize(out: Path) -> subprocess.CompletedProcess[str]:
        command = [
            sys.executable,
            "-m",
            "troly",
            "--model",
            str(default_model.path),
            "summarize",
            str(SAMPLE),
            "--out",
            str(out),
            "--partial-tokens",
            "16",
            "--max-tokens",
            "24",
        ]
        return subprocess.run(command, capture_output=True, text=True, timeout=600)

    fresh = tmp_path / "chua-co" / "tom-tat.md"
    done = summarize(fresh)
    assert done.returncode == 0, done.stderr
    assert fresh.read_text(encoding="utf-8").strip()
    failed = summarize(Path("/proc/troly-khong-ghi-duoc/tom-tat.md"))  # /proc takes no folders
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    assert failed.stderr.strip().splitlines()[-1].startswith("troly: ")
