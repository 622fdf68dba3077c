"""A whole session makes no network attempt, and the app works with no network at all.

Each `troly` command runs in its own process with TROLY_NETGUARD_REPORT set, so the guard
writes that process's count of outbound attempts (DNS look-ups included) at exit.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
TROLY = [sys.executable, "-m", "troly"]
LAW = (
    "Điều 1. Phạm vi điều chỉnh\n"
    "Quy chế này quy định về công tác văn thư của Sở Thông tin và Truyền thông.\n\n"
    "Điều 2. Thời hạn giải quyết\n"
    "Văn bản đến phải được giải quyết trong thời hạn năm ngày làm việc.\n"
)
FIELDS = [
    "co_quan_chu_quan=UBND TỈNH BẮC NINH",
    "co_quan=Sở Thông tin và Truyền thông",
    "so=12",
    "ky_hieu=STTTT-VP",
    "dia_danh=Bắc Ninh",
    "ngay=2026-01-05",
    "trich_yeu=phối hợp tập huấn",
    "kinh_gui=Sở Nội vụ",
    "noi_nhan=Văn phòng UBND tỉnh",
    "chuc_vu=Giám đốc",
    "nguoi_ky=Nguyễn Văn An",
]


def _has_command(name: str) -> bool:
    import argparse

    from troly.cli import build_parser

    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return name in action.choices
    return False


def _env(home: Path, report: Path, policy_file: Path) -> dict[str, str]:
    return dict(
        os.environ,
        TROLY_HOME=str(home),
        TROLY_NETGUARD_REPORT=str(report),
        TROLY_POLICY_FILE=str(policy_file),
        QT_QPA_PLATFORM="offscreen",
    )


def test_whole_session_makes_no_connection_attempt(tmp_path: Path, default_model: Any) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "quy-che.txt").write_text(LAW, encoding="utf-8")
    report = tmp_path / "net.jsonl"
    env = _env(tmp_path / "home", report, Path(os.environ["TROLY_POLICY_FILE"]))
    model = ["--model", str(default_model.path)]
    out = tmp_path / "cong-van.docx"
    commands = [
        ["index", str(docs), "--collection", "vb"],
        ["search", "thời hạn giải quyết", "--collection", "vb", "--json"],
        [*model, "ask", "Thời hạn giải quyết văn bản đến?", "--collection", "vb", "--json"],
        [*model, "generate", "Xin chào", "--max-tokens", "8"],
        [
            *model,
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
        ["check-format", str(out)],
        [*model, "gui", "--exit-after-shown"],
    ]
    summary = tmp_path / "summary.md"
    if _has_command("summarize"):
        commands.insert(5, [*model, "summarize", str(docs / "quy-che.txt"), "--out", str(summary)])
    for argv in commands:
        before = len(report.read_text().splitlines()) if report.exists() else 0
        result = subprocess.run(
            [*TROLY, *argv], env=env, capture_output=True, text=True, timeout=600
        )
        assert result.returncode in (0, 1), (argv, result.stderr[-2000:])  # 1: format findings
        lines = [json.loads(x) for x in report.read_text().splitlines()[before:]]
        assert lines, f"no guard report from {argv[0:3]}"
        for line in lines:
            assert line["installed"], argv
            assert line["attempts"] == 0, (argv, line["events"])
    assert out.exists()


def test_deliberate_attempts_are_blocked(tmp_path: Path) -> None:
    """From a process started like the app: the guard refuses, counts and never sends."""
    report = tmp_path / "net.jsonl"
    code = (
        "import socket\n"
        "from troly.core.session import Session\n"
        "Session()\n"
        "for target in (('93.184.216.34', 80),):\n"
        "    try:\n"
        "        socket.create_connection(target, timeout=3)\n"
        "        raise SystemExit('connected!')\n"
        "    except PermissionError as exc:\n"
        "        print(exc.errno)\n"
        "try:\n"
        "    socket.getaddrinfo('example.org', 80)\n"
        "    raise SystemExit('resolved!')\n"
        "except socket.gaierror:\n"
        "    print('dns refused')\n"
    )
    env = _env(tmp_path / "home", report, Path(os.environ["TROLY_POLICY_FILE"]))
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["13", "dns", "refused"]
    (line,) = [json.loads(x) for x in report.read_text().splitlines()]
    assert line["refused"] == 2
    refused = {e["target"] for e in line["events"] if not e["allowed"]}
    assert refused == {"93.184.216.34:80", "example.org"}


def _unshare_works() -> str | None:
    if not shutil.which("unshare"):
        return "unshare is not installed"
    try:
        done = subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=30)
    except OSError as exc:
        return f"unshare failed: {exc}"
    if done.returncode != 0:
        return f"unshare -n is not permitted here: {done.stderr.decode(errors='replace')}"
    return None


@pytest.mark.skipif(_unshare_works() is not None, reason=str(_unshare_works()))
def test_app_works_in_a_namespace_without_network(tmp_path: Path, default_model: Any) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "quy-che.txt").write_text(LAW, encoding="utf-8")
    home = tmp_path / "home"
    py = sys.executable
    model = str(default_model.path)
    # One keyring session inside the namespace (the D-Bus socket lives there too).
    script = (
        "set -e\n"
        "ip -o link 2>/dev/null | grep -v ' lo:' && exit 9 || true\n"
        f"{py} -m troly --model '{model}' generate 'Xin chào' --max-tokens 8 --json > gen.json\n"
        f"{py} -m troly index '{docs}' --collection vb --json > index.json\n"
        f"{py} -m troly search 'thời hạn giải quyết' --collection vb --json > search.json\n"
    )
    env = dict(os.environ, TROLY_HOME=str(home))  # conftest's empty policy
    env.pop("TROLY_IN_KEYRING_SESSION", None)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    result = subprocess.run(
        ["unshare", "-n", "bash", str(REPO / "scripts" / "with-keyring.sh"), "bash", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads((tmp_path / "gen.json").read_text())["tokens"] > 0
    files = json.loads((tmp_path / "index.json").read_text())["files"]
    assert [f["status"] for f in files] == ["indexed"]
    hits = json.loads((tmp_path / "search.json").read_text())
    assert hits and "năm ngày" in hits[0]["text"]
