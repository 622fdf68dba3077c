"""Every `--json` command prints exactly one JSON document on stdout, whatever the input:
damaged, truncated, encrypted, empty and mislabelled files, and commands that fail. MuPDF's
own complaints about a damaged PDF go to the log file, never to the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.core.index.conftest import law_pdf

EVAL_DOCS = Path(__file__).resolve().parents[3] / "shared" / "eval" / "alqac2023" / "docs"
ARTICLES = [
    (1, "Phạm vi điều chỉnh", "Luật này quy định về công tác văn thư."),
    (2, "Thời hạn lưu trữ", "Hồ sơ được lưu trữ trong thời hạn mười năm."),
    (3, "Con dấu", "Văn thư cơ quan quản lý và sử dụng con dấu."),
]
DAMAGED = "tệp PDF bị hỏng hoặc không đầy đủ"


def _a_long_pdf(path: Path) -> bytes:
    """A real law as a PDF (a long file whose damage MuPDF reports thousands of times)."""
    real = EVAL_DOCS / "bo-luat-dan-su.pdf"
    if real.exists():
        return real.read_bytes()

    law_pdf(path, [(n, f"Điều khoản {n}", "Nội dung quy định. " * 40) for n in range(1, 300)])
    return path.read_bytes()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A folder of files a user might really have: one good law and every kind of bad one."""
    import pymupdf

    root = tmp_path_factory.mktemp("hostile")
    folder = root / "docs"
    folder.mkdir()
    law_pdf(folder / "luat-tot.pdf", ARTICLES)
    whole = _a_long_pdf(root / "long.pdf")
    (folder / "cat-ngan.pdf").write_bytes(whole[: len(whole) // 10])  # repaired, no text
    (folder / "cat-mot-phan.pdf").write_bytes(whole[: len(whole) * 3 // 10])  # repaired, some
    (folder / "rong.pdf").write_bytes(b"")
    (folder / "rac.pdf").write_bytes(os.urandom(4096))
    (folder / "chi-dau.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00\x01\x02" * 10)
    locked = pymupdf.open(folder / "luat-tot.pdf")
    locked.save(
        folder / "mat-khau.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="a", owner_pw="b"
    )
    locked.close()
    (folder / "gia.docx").write_bytes(whole[:5000])  # a PDF named .docx
    (folder / "ma-sai.txt").write_bytes(bytes(range(256)) * 8)
    (root / "gia.gguf").write_bytes(b"GGUF" + os.urandom(2000))
    return {"root": root, "folder": folder}


def troly(home: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "troly", "--data-dir", str(home), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def one_document(result: subprocess.CompletedProcess) -> Any:
    """stdout parsed as one JSON document; json.loads fails on anything before or after it."""
    assert "MuPDF" not in result.stdout and "MuPDF" not in result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def indexed(hostile: dict[str, Path]) -> tuple[Path, Any]:
    home = hostile["root"] / "home"
    result = troly(home, "index", str(hostile["folder"]), "--collection", "c", "--json")
    assert result.returncode == 0, result.stderr
    return home, one_document(result)


def test_index_reports_every_bad_file_in_one_document(indexed: tuple[Path, Any]) -> None:
    home, report = indexed
    files = {Path(f["file"]).name: f for f in report["files"]}
    assert files["luat-tot.pdf"]["status"] == "indexed"
    assert files["cat-ngan.pdf"]["status"] == "failed"
    assert DAMAGED in files["cat-ngan.pdf"]["error"]
    # What MuPDF could rebuild is indexed, with a warning that some of it may be missing.
    assert files["cat-mot-phan.pdf"]["status"] == "indexed"
    for name in ("rong.pdf", "rac.pdf", "chi-dau.pdf", "mat-khau.pdf", "gia.docx", "ma-sai.txt"):
        assert files[name]["status"] in ("failed", "indexed"), name
        if files[name]["status"] == "failed":
            assert files[name]["error"], name
    assert files["mat-khau.pdf"]["status"] == "failed"
    # MuPDF's complaints are in the log file instead of the terminal.
    log = (home / "logs" / "troly.log").read_text(encoding="utf-8")
    assert "MuPDF reported" in log


def test_search_and_index_again(indexed: tuple[Path, Any], hostile: dict[str, Path]) -> None:
    home, _ = indexed
    hits = one_document(troly(home, "search", "thời hạn lưu trữ", "--collection", "c", "--json"))
    assert any(Path(h["file"]).name == "luat-tot.pdf" for h in hits)
    again = one_document(troly(home, "index", "--collection", "c", "--json"))
    assert {f["status"] for f in again["files"]} <= {"unchanged", "failed", "indexed"}
    missing = troly(home, "search", "x", "--collection", "khong-co", "--json")
    assert missing.returncode != 0 and "error" in one_document(missing)


def test_ask_and_generate(indexed: tuple[Path, Any], default_model: Any) -> None:
    home, _ = indexed
    model = ["--model", str(default_model.path)]
    question = "Con dấu do ai quản lý?"
    result = troly(
        home,
        *model,
        "ask",
        question,
        "--collection",
        "c",
        "--top-k",
        "2",
        "--max-tokens",
        "8",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    assert "answer" in one_document(result)
    result = troly(home, *model, "generate", "Xin chào", "--max-tokens", "4", "--json")
    assert result.returncode == 0, result.stderr
    assert "text" in one_document(result)


@pytest.mark.parametrize("name", ["cat-ngan.pdf", "rac.pdf", "rong.pdf", "mat-khau.pdf"])
def test_summarize_a_bad_file(hostile: dict[str, Path], name: str) -> None:
    home = hostile["root"] / "home"
    result = troly(home, "summarize", str(hostile["folder"] / name), "--json")
    assert result.returncode != 0
    error = one_document(result)["error"]
    assert error["message"] and error["exit_code"] == result.returncode
    if name == "cat-ngan.pdf":
        assert DAMAGED in error["message"]


def test_documents_and_models_commands(hostile: dict[str, Path]) -> None:
    home = hostile["root"] / "home"
    folder = hostile["folder"]
    for args in (
        ("check-format", str(folder / "gia.docx"), "--json"),
        ("check-format", str(folder / "rong.pdf"), "--json"),
        ("models", "verify", str(hostile["root"] / "gia.gguf"), "--json"),
        ("wipe", "--json"),  # no --yes and no terminal: refused, still one document
        ("search", "--json"),  # a usage error
    ):
        result = troly(home, *args)
        assert result.returncode != 0, args
        assert "error" in one_document(result), args
    for args in (
        ("models", "list", "--json"),
        ("policy", "show", "--json"),
        ("engine", "status", "--json"),
    ):
        result = troly(home, *args)
        assert result.returncode == 0, (args, result.stderr)
        one_document(result)
    result = troly(home, "audit", "verify", "--json")
    assert result.returncode == 0, result.stderr
    assert one_document(result)["ok"] is True
