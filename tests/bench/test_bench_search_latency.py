"""Search latency over a 100,000-passage collection (passages cut from real Vietnamese laws):
p95 of the 210 real questions, against one unindexed scan for a single word in the same run."""

from __future__ import annotations

import json
import random
import statistics
import time
from pathlib import Path

import pytest
from tests.bench.conftest import report

from troly.core.index.chunker import Chunk
from troly.core.index.store import IndexStore
from troly.core.vault import forget_database_key, open_encrypted_database

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval" / "alqac2023"
N_CHUNKS = 100_000
WORDS_PER_CHUNK = 120
FILES = 500


@pytest.mark.skipif(not EVAL.exists(), reason="shared/eval is not beside the checkout")
def test_search_p95_over_100k_passages(tmp_path: Path) -> None:
    laws = json.loads((EVAL / "law.json").read_text(encoding="utf-8"))
    words = " ".join(a["text"] for law in laws for a in law["articles"]).split()
    questions = [
        q["text"]
        for name in ("train.json", "private_test.json")
        for q in json.loads((EVAL / name).read_text(encoding="utf-8"))
    ]
    rng = random.Random(7)
    db = tmp_path / "troly.db"
    store = IndexStore(open_encrypted_database(db))
    collection = store.collection_id("bench", create=True)
    per_file = N_CHUNKS // FILES
    started = time.perf_counter()
    for f in range(FILES):
        chunks = []
        for i in range(per_file):
            start = rng.randrange(0, len(words) - WORDS_PER_CHUNK)
            text = " ".join(words[start : start + WORDS_PER_CHUNK])
            chunks.append(Chunk(i, 1 + i // 3, 1 + i // 3, f"Điều {i + 1}.", text))
        store.replace_file(
            collection, f"/bench/{f}.pdf", 1, 1, f"{f:064x}", chunks, per_file // 3, 0, False
        )
    build_seconds = time.perf_counter() - started
    assert store.chunk_count(collection) == N_CHUNKS

    store.search(questions[0], "bench", 10)  # warm the page cache once
    latencies = []
    for question in questions:
        t0 = time.perf_counter()
        hits = store.search(question, "bench", 10)
        latencies.append(time.perf_counter() - t0)
        assert len(hits) == 10
    p95 = statistics.quantiles(latencies, n=20)[-1]
    # The reference: one scan of the passages for a single word, what a search without an
    # index would cost at the least.
    t0 = time.perf_counter()
    store.db.execute("SELECT count(*) FROM chunk WHERE text LIKE '%cai nghiện%'").fetchone()
    scan_seconds = time.perf_counter() - t0
    report(
        "search_latency",
        chunks=N_CHUNKS,
        queries=len(questions),
        p50_ms=1000 * statistics.median(latencies),
        p95_ms=1000 * p95,
        build_s=build_seconds,
        one_word_scan_ms=1000 * scan_seconds,
        scan_over_p95=scan_seconds / p95,
    )
    store.db.close()
    forget_database_key(db)
    # p95 is reported against the 50 ms; the assertion is a same-run ratio: a search
    # costs well under a third of one unindexed scan for a single word.
    assert p95 * 3 < scan_seconds
