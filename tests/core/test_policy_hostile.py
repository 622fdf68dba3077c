"""The machine policy cannot be escaped: an installed TroLy takes its policy only from a file an
administrator owns, a named file that cannot be read fails closed, a FIFO, a device or a huge
file is refused without blocking or being read, and what the policy forbids now is neither
found by search nor kept by the next sync (issue 23 items 1, 12, 13, 15)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from troly.core import policy
from troly.core.policy import Policy, load_policy

TROLY = [sys.executable, "-m", "troly"]


def write(file: Path, values: dict[str, Any], mode: int = 0o644) -> Path:
    file.write_text(json.dumps(values), encoding="utf-8")
    file.chmod(mode)
    return file


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An installed build whose machine policy (root's, 0644) exports nothing."""
    machine = write(tmp_path / "machine-policy.json", {"export_enabled": False})
    monkeypatch.setattr(policy, "_is_installed_build", lambda: True)
    monkeypatch.setattr(policy, "machine_policy_file", lambda: machine)
    return machine


# -- where the policy comes from --------------------------------------------------------------


def test_a_named_policy_file_that_is_missing_fails_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "missing.json"
    monkeypatch.setenv(policy.ENV_POLICY_FILE, str(missing))
    p = load_policy(registry={})
    assert p.fail_closed and p.allowed_index_folders == () and not p.export_enabled
    assert f"Không đọc được tệp chính sách {missing} (không có tệp này)" in p.error_vi


@pytest.mark.skipif(os.geteuid() != 0, reason="needs files owned by root")
@pytest.mark.parametrize("writable", ["file", "folder"])
def test_an_installed_build_ignores_an_override_a_user_could_write(
    installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writable: str
) -> None:
    folder = tmp_path / "user"
    folder.mkdir(mode=0o777 if writable == "folder" else 0o755)
    folder.chmod(0o777 if writable == "folder" else 0o755)
    own = write(folder / "policy.json", {}, 0o666 if writable == "file" else 0o644)
    monkeypatch.setenv(policy.ENV_POLICY_FILE, str(own))
    p = load_policy(registry={})
    assert not p.fail_closed
    assert not p.export_enabled and p.source("export_enabled") == str(installed)
    assert any(policy.ENV_POLICY_FILE in w and "bị bỏ qua" in w for w in p.warnings)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs files owned by root")
def test_an_installed_build_honours_an_administrators_override(
    installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = write(tmp_path / "staging-policy.json", {"history_enabled": False})
    monkeypatch.setenv(policy.ENV_POLICY_FILE, str(admin))
    p = load_policy(registry={})
    assert p.source("history_enabled") == str(admin) and not p.history_enabled
    assert p.export_enabled and p.warnings == ()  # the machine file is not read


def test_an_installed_build_ignores_an_override_to_a_missing_file(
    installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(policy.ENV_POLICY_FILE, "/nonexistent")
    p = load_policy(registry={})
    assert p.source("export_enabled") == str(installed) and not p.export_enabled
    assert any("/nonexistent" in w for w in p.warnings)


def test_a_policy_others_can_write_is_warned_about(machine_policy: Path) -> None:
    write(machine_policy, {"export_enabled": False}, 0o666)
    p = load_policy(registry={})
    assert not p.export_enabled
    assert any("ghi được bởi nhóm hoặc người khác" in w for w in p.warnings)


# -- what is read -----------------------------------------------------------------------------


def test_a_fifo_as_the_policy_fails_closed_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "policy.fifo"
    os.mkfifo(fifo)
    found: list[Policy] = []
    reader = threading.Thread(target=lambda: found.append(load_policy(fifo, registry={})))
    reader.daemon = True  # a regression blocks in open(): the thread must not hold the suite
    reader.start()
    reader.join(60)
    assert not reader.is_alive(), "reading a FIFO policy blocked"
    assert found[0].fail_closed and "không phải tệp thường" in found[0].error_vi


def test_a_device_as_the_policy_fails_closed() -> None:
    p = load_policy(Path("/dev/zero"), registry={})
    assert p.fail_closed and "không phải tệp thường" in p.error_vi


def test_a_huge_policy_file_fails_closed_unread(tmp_path: Path) -> None:
    huge = tmp_path / "policy.json"
    with huge.open("wb") as handle:
        handle.truncate(2 << 30)  # sparse: 2 GB of zero bytes, no disk used
    # Before the fix this read the whole file (4 GB resident): 512 MB of address space
    # would have stopped it with a MemoryError.
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))\n"
        "from pathlib import Path\n"
        "from troly.core.policy import load_policy\n"
        "p = load_policy(Path(sys.argv[1]), registry={})\n"
        "print(p.fail_closed, p.error_vi)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(huge)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("True ") and "lớn hơn 1 MiB" in run.stdout
    assert "Traceback" not in run.stderr


def test_a_deeply_nested_policy_fails_closed(machine_policy: Path) -> None:
    machine_policy.write_text("[" * 200_000, encoding="utf-8")
    p = load_policy(registry={})
    assert p.fail_closed and str(machine_policy) in p.error_vi and "lồng nhau quá sâu" in p.error_vi


# -- the CLI ----------------------------------------------------------------------------------


def test_index_with_a_missing_named_policy_is_refused(tmp_path: Path, troly_home: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "mat.txt").write_text("Điều 1. Tài liệu mật.", encoding="utf-8")
    env = dict(os.environ, TROLY_HOME=str(troly_home), TROLY_POLICY_FILE="/nonexistent")
    run = subprocess.run(
        [*TROLY, "index", "--collection", "vb", str(secret)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert "troly: Chính sách của quản trị viên không cho lập chỉ mục" in run.stderr
    assert "Traceback" not in run.stderr


# -- indexed before the policy forbade it -----------------------------------------------------


def test_search_and_sync_follow_the_policy_as_it_is_now(tmp_path: Path) -> None:
    from troly.core.index.store import IndexStore
    from troly.core.index.sync import sync_collection
    from troly.core.vault import forget_database_key, open_encrypted_database

    allowed = tmp_path / "allowed"
    secret = tmp_path / "secret"
    allowed.mkdir()
    secret.mkdir()
    (allowed / "a.txt").write_text("Điều 1. Ngân sách nhà nước được phép.", encoding="utf-8")
    (secret / "b.txt").write_text("Điều 2. Ngân sách quốc phòng là mật.", encoding="utf-8")
    db = tmp_path / "index.db"
    before = IndexStore(open_encrypted_database(db))  # no policy yet
    now = IndexStore(
        open_encrypted_database(db), policy=Policy(allowed_index_folders=(str(allowed),))
    )
    try:
        sync_collection(before, "vb", [allowed, secret])
        assert {Path(h.file).name for h in before.search("ngân sách", "vb")} == {"a.txt", "b.txt"}

        assert [Path(h.file).name for h in now.search("ngân sách", "vb")] == ["a.txt"]
        assert [Path(h.file).name for h in now.search("quốc phòng mật", "vb")] in ([], ["a.txt"])

        report = sync_collection(now, "vb", [])  # troly index: the stored sources again
        status = {Path(r.path).name: r.status for r in report.results}
        assert status == {"b.txt": "removed", "a.txt": "unchanged"}
        collection = now.collection_id("vb")
        assert [Path(p).name for p in now.files(collection)] == ["a.txt"]
        # Gone from the index itself, not only hidden: a store without the policy finds none.
        assert {Path(h.file).name for h in before.search("quốc phòng", "vb")} <= {"a.txt"}
    finally:
        before.db.close()
        now.db.close()
        forget_database_key(db)
