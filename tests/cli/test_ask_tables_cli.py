"""`troly ask --json` over an indexed spreadsheet: a figure computed from the table's cells,
the cells named in the answer and in its JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def troly(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "troly", *args], capture_output=True, text=True, timeout=300
    )


def test_ask_computes_a_figure_over_an_indexed_csv(tmp_path: Path, default_model) -> None:
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    # Semicolons and a BOM, as Vietnamese Excel saves "CSV UTF-8".
    (folder / "phong.csv").write_bytes(
        "\ufeffTT;Phòng;Số văn bản đến;Số văn bản đi\n"
        "1;Phòng Tư pháp;1.204;310\n2;Phòng Nội vụ;865;402\n3;Phòng Y tế;1.010;198\n"
        ";Cộng;3.079;910\n".encode()
    )
    result = troly("index", str(folder), "--collection", "bc", "--json")
    assert result.returncode == 0, result.stderr

    question = "tong so van ban den cua cac phong la bao nhieu"
    result = troly(
        "--model", str(default_model.path), "ask", question, "--collection", "bc", "--json"
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["found"] and answer["table"]["value"] == "3.079"
    assert answer["answer"].splitlines()[0].count("3.079") == 1
    assert [c["address"] for c in answer["table"]["cells"]] == ["phong!C2", "phong!C3", "phong!C4"]
    assert "Phòng Nội vụ: 865 (ô phong!C3) [1]" in answer["answer"]
    assert answer["citations"][0]["file"] == str((folder / "phong.csv").resolve())
    assert "phong | Phòng Nội vụ" in answer["citations"][0]["text"]

    # Which office sent the fewest: the row named, its cell cited.
    result = troly(
        "--model",
        str(default_model.path),
        "ask",
        "Phòng nào có số văn bản đi ít nhất?",
        "--collection",
        "bc",
        "--json",
    )
    answer = json.loads(result.stdout)
    assert answer["table"]["picked"] == [
        {"row": "Phòng Y tế", "text": "198", "address": "phong!D4", "source": 1}
    ]
    assert "Phòng Y tế" in answer["answer"].splitlines()[0]
