"""The `troly` command as scripts and administrators use it: a real process, real model."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from troly import __version__


def troly(
    *args: str, input: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "troly", *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=os.environ.copy(),
    )


def assert_one_line_error(result: subprocess.CompletedProcess, words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("troly: ")
    assert words in lines[0]


def test_version() -> None:
    result = troly("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"troly {__version__}"
    assert __version__ != "0.0.0+unknown"


def test_generate_json(default_model) -> None:
    result = troly(
        "--model",
        str(default_model.path),
        "generate",
        "Xin chào, bạn là ai?",
        "--max-tokens",
        "24",
        "--json",
        "--temperature",
        "0",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["tokens"] > 0
    assert data["text"].strip()
    assert data["seconds"] > 0
    assert data["tokens_per_second"] > 0
    assert data["finish_reason"] in ("stop", "length")
    assert result.stderr == ""  # llama.cpp's own chatter goes to the log, not the terminal


def test_generate_streams_plain_text(default_model) -> None:
    result = troly(
        "--model", str(default_model.path), "generate", "Văn thư là gì?", "--max-tokens", "16"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert "token/giây" in result.stderr


def test_models_verify_and_list(default_model, troly_home: Path) -> None:
    result = troly("models", "verify", str(default_model.path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["architecture"] == "gemma3"
    assert data["in_manifest"] is True
    assert data["quantization"] == "Q4_K_M"
    listing = json.loads(troly("models", "list", "--json").stdout)
    assert listing["models"][0]["default"] is True
    assert listing["model_dir"] == str((troly_home / "models").resolve())
    unknown = [m for m in listing["models"] if m["sha256"] is None and m["id"]]
    assert unknown, "models whose hash is not known are listed as unknown"


def test_models_add_imports_into_the_model_folder(default_model, troly_home: Path) -> None:
    result = troly("models", "add", str(default_model.path), "--json")
    assert result.returncode == 0, result.stderr
    assert (troly_home / "models" / default_model.path.name).exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "rỗng"), (b"\x89PNG" + b"\0" * 5000, "không phải mô hình GGUF")],
)
def test_bad_model_is_a_one_line_error(tmp_path: Path, content: bytes, words: str) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(content)
    assert_one_line_error(troly("models", "verify", str(bad)), words)
    assert_one_line_error(troly("--model", str(bad), "generate", "x"), words)


def test_tampered_model_is_never_loaded(default_model, tmp_path: Path) -> None:
    tampered = tmp_path / default_model.path.name
    data = bytearray(default_model.path.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(data)
    assert_one_line_error(troly("--model", str(tampered), "generate", "x"), "không khớp mã băm")


def test_missing_model_file() -> None:
    assert_one_line_error(
        troly("--model", "/nonexistent/m.gguf", "generate", "x"), "Không tìm thấy"
    )


def test_usage_error_is_one_line() -> None:
    result = troly("models", "explode")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_chat_keeps_history_encrypted(default_model, troly_home: Path) -> None:
    from troly.core.config import Settings, save_settings
    from troly.core.session import Session

    save_settings(Session(troly_home).paths, Settings(max_tokens=48))
    result = troly(
        "--model", str(default_model.path), "chat", input="Xin chào\nVăn thư là gì?\n/thoat\n"
    )
    assert result.returncode == 0, result.stderr
    session = Session(troly_home)
    store = session.open_history()
    conversations = store.conversations()
    assert len(conversations) == 1
    roles = [m.role for m in store.messages(conversations[0].id)]
    assert roles == ["user", "assistant", "user", "assistant"]
    store.close()
    assert b"Xin ch" not in session.paths.database_file.read_bytes()


def test_chat_ctrl_c_stops_the_reply_not_the_program(default_model, troly_home: Path) -> None:
    from troly.core.config import Settings, save_settings
    from troly.core.session import Session

    save_settings(Session(troly_home).paths, Settings(max_tokens=2000, temperature=1.0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "troly", "--model", str(default_model.path), "chat", "--no-history"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert proc.stdin and proc.stdout
    try:
        proc.stdin.write("Hãy viết một bài thật dài về lịch sử văn thư Việt Nam.\n")
        proc.stdin.flush()
        assert proc.stdout.read(20)  # the reply is streaming
        proc.send_signal(signal.SIGINT)
        time.sleep(0.5)
        assert proc.poll() is None  # still running
        proc.stdin.write("/thoat\n")
        proc.stdin.flush()
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "[đã dừng]" in out
    assert "Traceback" not in err
