"""The agency-server engine: what TroLy's client costs, and how answers scale with clients and
servers. Figures are printed (tests.bench.conftest.report); assertions are same-run ratios.

Client overhead: the tokens/s TroLy receives over the tokens/s the server itself reports
(llama-server's `timings`) for the very same requests, paired per request.

Scale, and what a 2-core machine can honestly measure: two servers on one machine compete for
the same cores, so "two servers beat one" would say nothing if both could use every core. Here
each server is pinned to ONE core (taskset): one server on core 0, against two servers on cores
0 and 1. That is the agency's question in small (one server's worth of hardware, or two) and
it holds whatever else runs there. The client processes are pinned to core 0 in both setups,
so their own cost (Python, parsing the stream) weighs the same on both. 1, 4 and 8 client
processes (`troly generate`, started behind a barrier so their Python start-up is not timed,
then asking 0.1 s apart: desktops do not press Enter in the same millisecond, and the pool reads
each server's busy slots before it chooses)
against one llama-server with --parallel 4, then against the two: aggregate tokens/s and the
95th-percentile time to the first token, as ratios to one client on the same servers, measured
in interleaved rounds. What is asserted: at 8 clients the two servers deliver more aggregate
tokens/s than the one, and the clients used both. TROLY_BENCH_ROUNDS (default 1) runs more
rounds (make bench runs 3).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.bench.conftest import report
from tests.llama_server import LlamaServer

from troly.core.engine.base import ChatMessage, GenerationParams
from troly.core.engine.remote import RemoteEngine

REPO = Path(__file__).resolve().parents[2]
PROMPT = "Hãy viết một bài dài giới thiệu về công tác văn thư và lưu trữ trong cơ quan nhà nước."
ROUNDS = int(os.environ.get("TROLY_BENCH_ROUNDS", "1"))
ARRIVAL_GAP = 0.1  # seconds between two clients' questions
# The client processes live on core 0 in both setups, so what they cost is the same for both.
CLIENT_CPU = ["taskset", "-c", "0"]


def test_client_overhead(default_model: Any, tmp_path: Path, guard_servers: Any) -> None:
    with LlamaServer(default_model.path, tmp_path, threads=1, cpus=[0]) as server:
        guard_servers(server.url)
        eng = RemoteEngine([server.url], recheck_seconds=3600)
        try:
            ratios, ours, theirs = [], [], []
            messages = [ChatMessage("user", PROMPT)]
            eng.stream_chat(messages, GenerationParams.greedy(8)).text()  # warm-up
            for i in range(3 + 2 * ROUNDS):
                params = GenerationParams(temperature=0.0, max_tokens=96, seed=i, top_k=1)
                stream = eng.stream_chat([ChatMessage("user", f"{PROMPT} ({i})")], params)
                stream.text()
                client = stream.stats.tokens_per_second
                served = stream.stats.server_timings["predicted_per_second"]
                ours.append(client)
                theirs.append(served)
                ratios.append(client / served)
        finally:
            eng.close()
    ratio = statistics.median(ratios)
    report(
        "remote client overhead",
        received_tokens_per_second=statistics.median(ours),
        server_tokens_per_second=statistics.median(theirs),
        ratio=ratio,
        requests=len(ratios),
    )
    assert ratio >= 0.95


def _policy(tmp_path: Path, name: str, urls: list[str]) -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(
        json.dumps({"engine_mode": "remote", "engine_endpoints": urls}), encoding="utf-8"
    )
    return path


def _run_clients(n: int, policy: Path, home: Path, tmp: Path, tokens: int) -> dict[str, float]:
    barrier = tmp / f"go-{policy.stem}-{n}"
    barrier.unlink(missing_ok=True)
    env = dict(os.environ, TROLY_HOME=str(home), TROLY_POLICY_FILE=str(policy))
    procs = [
        subprocess.Popen(
            [
                *CLIENT_CPU,
                sys.executable,
                "-m",
                "tests.bench.remote_client",
                str(barrier),
                str(i * ARRIVAL_GAP),
                PROMPT,
                str(tokens),
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(n)
    ]
    # Let every client finish importing TroLy (they wait on the barrier), then open it.
    import time

    time.sleep(1.5 + 0.4 * n)
    barrier.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    # The requests' window: from the first request sent to the last answer received (each
    # client's own session start-up after the barrier is outside it).
    start = min(r["end"] - r["seconds"] for r in results)
    end = max(r["end"] for r in results)
    tokens_total = sum(r["tokens"] for r in results)
    ttft = sorted(r["first_token_seconds"] for r in results)  # from the request's sending
    p95 = ttft[min(len(ttft) - 1, round(0.95 * (len(ttft) - 1)))]
    per_server: dict[str, int] = {}
    for r in results:
        per_server[r["engine"]["endpoint"]] = per_server.get(r["engine"]["endpoint"], 0) + 1
    return {
        "tps": tokens_total / (end - start),
        "p95": p95,
        "servers_used": len(per_server),
        "most_on_one": max(per_server.values()),
    }


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores to pin two servers")
def test_scale_one_server_against_two(default_model: Any, tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    one = LlamaServer(default_model.path, logs, parallel=4, ctx=1024, threads=1, cpus=[0])
    two = [
        LlamaServer(default_model.path, logs, parallel=4, ctx=1024, threads=1, cpus=[cpu])
        for cpu in (0, 1)
    ]
    home = tmp_path / "home"
    tokens = 48
    setups = {
        "one": _policy(tmp_path, "one", [one.url]),
        "two": _policy(tmp_path, "two", [s.url for s in two]),
    }
    figures: dict[tuple[str, int], list[dict[str, float]]] = {}
    with one, two[0], two[1]:
        for policy in setups.values():  # warm-up: the first request loads caches
            _run_clients(1, policy, home, tmp_path, 4)
        for _ in range(ROUNDS):
            for n in (1, 4, 8):
                for name, policy in setups.items():  # interleaved: same load for both
                    figures.setdefault((name, n), []).append(
                        _run_clients(n, policy, home, tmp_path, tokens)
                    )

    def med(name: str, n: int, key: str) -> float:
        return statistics.median(f[key] for f in figures[(name, n)])

    for name in setups:
        base_tps, base_p95 = med(name, 1, "tps"), med(name, 1, "p95")
        report(
            f"remote scale, {name} server(s) pinned one core each",
            tps_1=base_tps,
            p95_ttft_1=base_p95,
            tps_ratio_4=med(name, 4, "tps") / base_tps,
            tps_ratio_8=med(name, 8, "tps") / base_tps,
            p95_ttft_ratio_4=med(name, 4, "p95") / base_p95,
            p95_ttft_ratio_8=med(name, 8, "p95") / base_p95,
            servers_used_8=med(name, 8, "servers_used"),
            most_on_one_server_8=med(name, 8, "most_on_one"),
        )
    gain = med("two", 8, "tps") / med("one", 8, "tps")
    report("remote scale, two servers over one at 8 clients", tps_ratio=gain)
    assert med("two", 8, "servers_used") == 2  # the clients did spread
    # Two servers must beat one. Measured 1.05-1.2 while other jobs kept both cores busy (load
    # 9 on 2 cores), about 1.9 with the clients as threads of one process: whatever else runs
    # on the cores takes its share from both setups, so only "more" is asserted.
    assert gain > 1.0
