"""A whole session on the agency's server: ask, summarize, draft and generate run on a real
llama-server that the policy names, and nothing else is connected to.

Each `troly` command runs in its own process with TROLY_NETGUARD_REPORT set, so the guard
writes every outbound attempt it saw (DNS look-ups included) at exit; the test counts them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.llama_server import MODEL_ALIAS, LlamaServer
from tests.test_offline_session import FIELDS, LAW

TROLY = [sys.executable, "-m", "troly"]


def test_whole_session_reaches_only_the_policy_server(
    tmp_path: Path, llama_server: LlamaServer
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "quy-che.txt").write_text(LAW, encoding="utf-8")
    policy = tmp_path / "policy.json"
    policy.write_text(
        json.dumps({"engine_mode": "remote", "engine_endpoints": [llama_server.url + "/v1"]}),
        encoding="utf-8",
    )
    report = tmp_path / "net.jsonl"
    home = tmp_path / "home"
    env = dict(
        os.environ,
        TROLY_HOME=str(home),
        TROLY_NETGUARD_REPORT=str(report),
        TROLY_POLICY_FILE=str(policy),
        QT_QPA_PLATFORM="offscreen",
    )
    out = tmp_path / "cong-van.docx"
    commands: dict[str, list[str]] = {
        "status": ["engine", "status", "--json"],
        "index": ["index", str(docs), "--collection", "vb", "--json"],
        "ask": ["ask", "Thời hạn giải quyết văn bản đến?", "--collection", "vb", "--json"],
        "generate": ["generate", "Xin chào", "--max-tokens", "8", "--json"],
        "summarize": [
            "summarize",
            str(docs / "quy-che.txt"),
            "--json",
            "--max-tokens",
            "48",
            "--partial-tokens",
            "32",
        ],
        "draft": [
            "draft",
            "--type",
            "cong-van",
            "--brief",
            "mời họp",
            "--out",
            str(out),
            "--max-tokens",
            "24",
            "--json",
            *[a for f in FIELDS for a in ("--field", f)],
        ],
    }
    results: dict[str, Any] = {}
    connects: dict[str, int] = {}
    server = f"127.0.0.1:{llama_server.port}"
    for name, argv in commands.items():
        before = len(report.read_text().splitlines()) if report.exists() else 0
        done = subprocess.run([*TROLY, *argv], env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (name, done.stderr[-2000:])
        results[name] = json.loads(done.stdout)  # exactly one JSON document on stdout
        lines = [json.loads(x) for x in report.read_text().splitlines()[before:]]
        assert lines, f"no guard report from {name}"
        events = [e for line in lines for e in line["events"]]
        # Nothing refused, nothing but the policy's server (DNS only for its address).
        assert all(e["allowed"] for e in events), (name, events)
        assert {e["target"] for e in events if e["kind"] == "connect"} <= {server}, events
        assert {e["target"] for e in events if e["kind"] == "dns"} <= {"127.0.0.1"}, events
        connects[name] = sum(1 for e in events if e["kind"] == "connect")
    # The commands that use the model really reached the server; indexing reached nothing.
    assert connects["index"] == 0
    assert all(connects[n] >= 1 for n in ("status", "ask", "generate", "summarize", "draft"))
    where = {"kind": "remote", "endpoint": llama_server.url, "model": MODEL_ALIAS}
    assert results["ask"]["engine"] == where and results["ask"]["found"]
    assert results["generate"]["engine"] == where and results["generate"]["tokens"] > 0
    assert results["summarize"]["engine"] == where and results["summarize"]["points"]
    assert results["draft"]["body"].strip() and out.exists()
    status = results["status"]
    assert status["mode"] == "remote" and status["model"] == MODEL_ALIAS
    assert status["n_ctx"] == 2048
    assert status["endpoints"][0]["url"] == llama_server.url
    assert status["endpoints"][0]["healthy"] is True
    assert status["endpoints"][0]["slots"] == llama_server.parallel
    # No model file on this PC was needed.
    assert not list(home.rglob("*.gguf"))


def test_engine_status_when_the_server_is_down(tmp_path: Path) -> None:
    from tests.llama_server import free_port

    url = f"http://127.0.0.1:{free_port()}"
    policy = tmp_path / "policy.json"
    policy.write_text(
        json.dumps({"engine_mode": "remote", "engine_endpoints": [url]}), encoding="utf-8"
    )
    env = dict(os.environ, TROLY_HOME=str(tmp_path / "home"), TROLY_POLICY_FILE=str(policy))
    done = subprocess.run(
        [*TROLY, "engine", "status"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "không dùng được" in done.stdout and url in done.stdout
    asked = subprocess.run(
        [*TROLY, "generate", "Xin chào", "--max-tokens", "4"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert asked.returncode == 1
    assert asked.stderr.startswith("troly: Không dùng được máy chủ mô hình của cơ quan")
    assert "Traceback" not in asked.stderr


def test_remote_then_local_answers_on_this_pc(tmp_path: Path, default_model: Any) -> None:
    """No server answers: the same command runs on this PC's model and says so."""
    from tests.llama_server import free_port

    url = f"http://127.0.0.1:{free_port()}"
    policy = tmp_path / "policy.json"
    policy.write_text(
        json.dumps({"engine_mode": "remote-then-local", "engine_endpoints": [url]}),
        encoding="utf-8",
    )
    report = tmp_path / "net.jsonl"
    env = dict(
        os.environ,
        TROLY_HOME=str(tmp_path / "home"),
        TROLY_POLICY_FILE=str(policy),
        TROLY_NETGUARD_REPORT=str(report),
    )
    argv = ["--model", str(default_model.path), "generate", "Xin chào", "--max-tokens", "4"]
    done = subprocess.run(
        [*TROLY, *argv, "--json"], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["engine"]["kind"] == "local" and result["engine"]["endpoint"] is None
    events = [e for line in report.read_text().splitlines() for e in json.loads(line)["events"]]
    assert {e["target"] for e in events if e["kind"] == "connect"} == {url.split("//")[1]}
    (tmp_path / "none.json").write_text("{}", encoding="utf-8")  # an empty policy: no servers
    local = dict(env, TROLY_POLICY_FILE=str(tmp_path / "none.json"))
    status = subprocess.run(
        [*TROLY, "engine", "status", "--json"], env=local, capture_output=True, text=True
    )
    assert status.returncode == 0
    assert json.loads(status.stdout)["mode"] == "local"
