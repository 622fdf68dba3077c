"""`troly index`, `troly search`, `troly ask` as scripts use them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.core.index.conftest import law_pdf

ARTICLES = [
    (1, "Phạm vi điều chỉnh", "Luật này quy định về công tác văn thư."),
    (2, "Thời hạn lưu trữ", "Hồ sơ được lưu trữ trong thời hạn mười năm."),
    (3, "Con dấu", "Văn thư cơ quan quản lý và sử dụng con dấu."),
]


def troly(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "troly", *args], capture_output=True, text=True, timeout=300
    )


def test_index_search_ask(tmp_path: Path, default_model) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    law_pdf(folder / "luat.pdf", ARTICLES)
    (folder / "hong.pdf").write_bytes(b"not a pdf")
    result = troly("index", str(folder), "--collection", "vb", "--json")
    assert result.returncode == 0, result.stderr
    files = {Path(f["file"]).name: f for f in json.loads(result.stdout)["files"]}
    assert files["luat.pdf"]["status"] == "indexed" and files["luat.pdf"]["chunks"] == 3
    assert files["hong.pdf"]["status"] == "failed" and files["hong.pdf"]["error"]

    again = json.loads(troly("index", "--collection", "vb", "--json").stdout)
    assert {f["status"] for f in again["files"]} == {"unchanged", "failed"}

    result = troly("search", "thoi han luu tru", "--collection", "vb", "--top-k", "2", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits[0]["file"] == str((folder / "luat.pdf").resolve())
    assert hits[0]["page"] == 1 and hits[0]["heading"].endswith("Điều 2. Thời hạn lưu trữ")
    assert set(hits[0]) == {"file", "page", "heading", "text", "score", "similarity"}

    result = troly(
        "--model",
        str(default_model.path),
        "ask",
        "Hồ sơ được lưu trữ bao lâu?",
        "--collection",
        "vb",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["found"] and answer["answer"]
    assert answer["citations"][0]["heading"].endswith("Điều 2. Thời hạn lưu trữ")
    assert answer["absent_words"] == []

    # A word no document holds: answered from the passage on keeping records, and the reader
    # is told which word the documents lack.
    question = "Hồ sơ phim được lưu trữ trong thời hạn bao lâu?"
    result = troly("--model", str(default_model.path), "ask", question, "--collection", "vb")
    assert result.returncode == 0, result.stderr
    assert "Lưu ý: Không tài liệu nào trong bộ có từ “phim”" in result.stdout
    assert "Nguồn:" in result.stdout


def test_unknown_collection_is_one_line(tmp_path: Path) -> None:
    result = troly("search", "x", "--collection", "khong-co")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Không có bộ tài liệu" in result.stderr
