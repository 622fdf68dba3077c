"""Start-up of the command line: `troly --version` and `troly search ... --json` against a bare
`python -c pass`, interleaved over rounds in one run (medians). Also what the keyring costs:
importing it, and looking the database key up in the Secret Service."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.conftest import report
from tests.core.index.conftest import law_pdf

from troly.core.index.sync import sync_collection
from troly.core.session import Session

ROUNDS = 11
ARTICLES = [
    (1, "Phạm vi điều chỉnh", "Luật này quy định về công tác văn thư và lưu trữ."),
    (2, "Thời hạn lưu trữ", "Hồ sơ được lưu trữ trong thời hạn mười năm."),
    (3, "Con dấu", "Văn thư cơ quan quản lý và sử dụng con dấu."),
]
KEYRING_COST = """
import sys, time
from pathlib import Path
t0 = time.perf_counter()
import keyring
keyring.get_keyring()
t1 = time.perf_counter()
from troly.core.vault import database_key
database_key(Path(sys.argv[1]), create=False)
t2 = time.perf_counter()
print(f"{t1 - t0:.4f} {t2 - t1:.4f}")
"""


def _seconds(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - start
    assert result.returncode == 0, result.stderr
    return elapsed


def test_command_line_starts_fast(tmp_path: Path, troly_home: Path) -> None:
    session = Session(troly_home)
    store = session.open_index()
    sync_collection(store, "vb", [law_pdf(tmp_path / "luat.pdf", ARTICLES)])
    store.db.close()
    python = sys.executable
    bare = [python, "-c", "pass"]
    version = [python, "-m", "troly", "--version"]
    search = [python, "-m", "troly", "search", "thời hạn lưu trữ", "--collection", "vb", "--json"]
    hits = json.loads(subprocess.run(search, capture_output=True, text=True, check=True).stdout)
    assert hits and Path(hits[0]["file"]).name == "luat.pdf"

    times: dict[str, list[float]] = {"bare": [], "version": [], "search": []}
    for _ in range(ROUNDS):  # interleaved: all three see the same machine load
        times["bare"].append(_seconds(bare))
        times["version"].append(_seconds(version))
        times["search"].append(_seconds(search))
    median = {name: statistics.median(values) for name, values in times.items()}
    version_ratio = statistics.median(
        v / b for v, b in zip(times["version"], times["bare"], strict=True)
    )
    search_ratio = statistics.median(
        s / b for s, b in zip(times["search"], times["bare"], strict=True)
    )
    costs = subprocess.run(
        [python, "-c", KEYRING_COST, str(session.paths.database_file)],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ.copy(),
    ).stdout.split()
    report(
        "cli_startup",
        bare_python_s=median["bare"],
        version_s=median["version"],
        search_s=median["search"],
        version_over_bare=version_ratio,
        search_over_bare=search_ratio,
        keyring_import_s=float(costs[0]),
        keyring_lookup_s=float(costs[1]),
    )
    # The goals, 0.3 s and 0.8 s on this 2-core machine where a bare interpreter starts in about
    # 10 ms, as multiples of that interpreter measured beside them (measured: 4x and 28x, that
    # is 0.04 s and 0.29 s; keyring's import and backend detection are 0.1 s of the search).
    assert version_ratio < 30
    assert search_ratio < 80
