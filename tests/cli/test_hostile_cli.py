"""`troly index` and `troly summarize` given hostile paths: each ends quickly with one clear line
or one file's failed result, never a traceback, a hang or raw terminal controls."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from troly.core.config import Paths

GOOD = "Quyết định về thời hạn lưu trữ hồ sơ của cơ quan nhà nước.\n"


def troly(*args: str) -> subprocess.CompletedProcess:
    # 60 s: a regression (a pipe opened, a 1 TB file hashed) fails instead of hanging the run.
    return subprocess.run(
        [sys.executable, "-m", "troly", *args], capture_output=True, text=True, timeout=60
    )


def one_clear_line(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "lỗi không mong đợi" not in result.stderr
    assert result.stderr.count("\n") == 1 and words in result.stderr, result.stderr


def docs_with(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "z-good.txt").write_text(GOOD, encoding="utf-8")
    return folder


def test_name_not_utf8(tmp_path: Path) -> None:
    folder = docs_with(tmp_path)
    with open(os.fsencode(folder) + b"/a-bao-cao-\xff.txt", "wb") as bad:
        bad.write(b"Noi dung\n")
    for _ in range(2):  # the second run too
        result = troly("index", str(folder), "--collection", "vb")
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        assert "a-bao-cao-\\xff.txt" in result.stderr
        assert "tên tệp không phải UTF-8, hãy đổi tên tệp" in result.stderr
    result = troly("index", "--collection", "vb", "--json")
    files = {Path(f["file"]).name: f for f in json.loads(result.stdout)["files"]}
    assert files["a-bao-cao-\\xff.txt"]["status"] == "failed"
    assert files["z-good.txt"]["status"] == "unchanged"
    hits = json.loads(troly("search", "thời hạn lưu trữ", "--collection", "vb", "--json").stdout)
    assert Path(hits[0]["file"]).name == "z-good.txt"


def test_fifo_in_folder_and_given_directly(tmp_path: Path) -> None:
    folder = docs_with(tmp_path)
    os.mkfifo(folder / "a-ong-dan.txt")
    result = troly("index", str(folder), "--collection", "vb", "--json")
    assert result.returncode == 0, result.stderr
    files = {Path(f["file"]).name: f for f in json.loads(result.stdout)["files"]}
    assert "không phải tệp thông thường" in files["a-ong-dan.txt"]["error"]
    assert files["z-good.txt"]["status"] == "indexed"

    pipe = tmp_path / "ong-dan.txt"
    os.mkfifo(pipe)
    one_clear_line(troly("index", str(pipe), "--collection", "vb"), "không phải tệp thông thường")
    # Refused before any model loads: a model that does not exist is never looked at.
    missing_model = str(tmp_path / "khong-co.gguf")
    for path in (str(pipe), "/dev/zero"):
        result = troly("--model", missing_model, "summarize", path)
        one_clear_line(result, "không phải tệp thông thường")


def test_sparse_terabyte_file_is_not_hashed(tmp_path: Path) -> None:
    folder = docs_with(tmp_path)
    with open(folder / "a-lon.txt", "wb") as f:
        f.truncate(1 << 40)  # 1 TB; hashing it took about an hour
    result = troly("index", str(folder), "--collection", "vb", "--json")
    assert result.returncode == 0, result.stderr
    files = {Path(f["file"]).name: f for f in json.loads(result.stdout)["files"]}
    assert "tệp quá lớn" in files["a-lon.txt"]["error"]
    assert files["z-good.txt"]["status"] == "indexed"


def test_terminal_controls_in_names_are_escaped(tmp_path: Path) -> None:
    folder = docs_with(tmp_path)
    (folder / "a\x1b[2Jxoa\rghi-de.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b\x1b[31mrong.txt").write_bytes(b"")  # a failed result names it too
    result = troly("index", str(folder), "--collection", "vb")
    assert result.returncode == 0, result.stderr
    assert "a\\x1b[2Jxoa\\rghi-de.txt" in result.stderr
    assert "b\\x1b[31mrong.txt" in result.stderr
    assert "\x1b" not in result.stderr + result.stdout
    assert "\r" not in result.stderr + result.stdout
    result = troly("search", "thời hạn lưu trữ", "--collection", "vb")
    assert "\x1b" not in result.stdout and "\\x1b[2J" in result.stdout


def test_symlink_loop_given_directly(tmp_path: Path) -> None:
    loop = tmp_path / "vong.txt"
    loop.symlink_to(loop)
    one_clear_line(troly("index", str(loop), "--collection", "vb"), "vòng liên kết tượng trưng")
    one_clear_line(troly("summarize", str(loop)), "vòng liên kết tượng trưng")


def test_damaged_database_says_how_to_recover(tmp_path: Path) -> None:
    folder = docs_with(tmp_path)
    assert troly("index", str(folder), "--collection", "vb").returncode == 0
    database = Paths.resolve().database_file
    size = database.stat().st_size
    with open(database, "r+b") as f:  # pages in the middle overwritten
        f.seek(size // 2)
        f.write(os.urandom(size - size // 2))
    result = troly("search", "thời hạn lưu trữ", "--collection", "vb")
    one_clear_line(result, "Cơ sở dữ liệu của TroLy bị hỏng")
    assert "troly wipe" in result.stderr and "troly index" in result.stderr

    os.truncate(database, 8192)  # truncated: found when it is opened
    one_clear_line(troly("index", "--collection", "vb"), "troly wipe")

    # The way out the message names works.
    assert troly("wipe", "--yes").returncode == 0
    result = troly("index", str(folder), "--collection", "vb", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["files"][0]["status"] == "indexed"
