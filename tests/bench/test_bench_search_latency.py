"""Search over a 100,000-passage collection (passages cut from real Vietnamese laws, plus the
laws' own articles): p50/p95 latency of the 100 real questions of ALQAC 2023's train.json
(private_test.json is held out: never read by the tests), and whether the gold article is still
found among so many distractors.

Search is measured twice in the same rounds: by words alone, and by words and meaning (every
passage given a vector: random unit vectors here, since embedding 100,000 passages takes hours
on 2 cores and the cost of the dense stage does not depend on the values; the question's own
vector is computed by the real model, as in the app).

The assertion is a same-run ratio: every few questions are followed by one unindexed scan of
the passages for a single word (what a search without an index costs at the least), and the
searches' p95 is compared with the scans' p95: both tails are taken over the same minutes, so a
load that comes while the bench runs slows both (a p95 of searches against a median of scans
failed on a busy machine)."""

from __future__ import annotations

import json
import random
import statistics
import time
from pathlib import Path

import pytest
from tests.bench.conftest import report

from troly.core.index.chunker import Chunk
from troly.core.index.store import Hit, IndexStore
from troly.core.vault import forget_database_key, open_encrypted_database

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval" / "alqac2023"
N_CHUNKS = 100_000
WORDS_PER_CHUNK = 120
FILES = 500
SCAN_EVERY = 3  # questions between two scans: about 34 scans in all


def _gold_rank(question: dict, hits: list[Hit]) -> int | None:
    """Rank of the question's gold article among the hits (the laws' own article chunks)."""
    wanted = {(r["law_id"], str(r["article_id"])) for r in question["relevant_articles"]}
    for rank, hit in enumerate(hits, 1):
        if hit.file.startswith("/law/"):
            article = hit.heading.split(".", 1)[0].removeprefix("Điều ").strip()
            if (hit.file.removeprefix("/law/"), article) in wanted:
                return rank
    return None


@pytest.mark.skipif(not EVAL.exists(), reason="shared/eval is not beside the checkout")
def test_search_p95_over_100k_passages(tmp_path: Path) -> None:
    laws = json.loads((EVAL / "law.json").read_text(encoding="utf-8"))
    words = " ".join(a["text"] for law in laws for a in law["articles"]).split()
    questions = json.loads((EVAL / "train.json").read_text(encoding="utf-8"))
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
    for number, law in enumerate(laws):  # the articles themselves, one passage each
        chunks = []
        for i, article in enumerate(law["articles"]):
            title, _, body = article["text"].partition("\n")
            heading = f"Điều {article['id']}. {title.strip()}"
            chunks.append(Chunk(i, 1, 1, heading, body.strip() or title))
        store.replace_file(
            collection, f"/law/{law['id']}", 1, 1, f"{number:064x}", chunks, 1, 0, False
        )
    build_seconds = time.perf_counter() - started
    assert store.chunk_count(collection) == N_CHUNKS + sum(len(law["articles"]) for law in laws)

    words_only = IndexStore(store.db, embedder=None)
    hybrid = store if store.embedder is not None else None
    vector_seconds = 0.0
    if hybrid is not None:
        import numpy as np

        started = time.perf_counter()
        pending = hybrid.chunks_without_vectors(collection)
        vectors = np.random.default_rng(7).standard_normal((len(pending), hybrid.embedder.dim))
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        for start in range(0, len(pending), 5000):
            part = pending[start : start + 5000]
            hybrid.put_vectors(
                collection,
                [i for i, _ in part],
                [t for _, t in part],
                vectors[start : start + len(part)],
            )
        vector_seconds = time.perf_counter() - started
        hybrid.search(questions[0]["text"], "bench", 10)  # the vectors read into memory once
    words_only.search(questions[0]["text"], "bench", 10)  # warm the page cache once
    latencies: list[float] = []
    hybrid_latencies: list[float] = []
    scans: list[float] = []
    ranks: list[int | None] = []
    for number, question in enumerate(questions, 1):
        t0 = time.perf_counter()
        hits = words_only.search(question["text"], "bench", 10)
        latencies.append(time.perf_counter() - t0)
        assert len(hits) == 10
        ranks.append(_gold_rank(question, hits))
        if hybrid is not None:
            t0 = time.perf_counter()
            assert len(hybrid.search(question["text"], "bench", 10)) == 10
            hybrid_latencies.append(time.perf_counter() - t0)
        if number % SCAN_EVERY == 0:
            t0 = time.perf_counter()
            store.db.execute("SELECT count(*) FROM chunk WHERE text LIKE '%cai nghiện%'").fetchone()
            scans.append(time.perf_counter() - t0)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    hybrid_p95 = statistics.quantiles(hybrid_latencies, n=20)[-1] if hybrid_latencies else 0.0
    scan = statistics.median(scans)
    scan_p95 = statistics.quantiles(scans, n=20)[-1]
    recall_1 = sum(1 for r in ranks if r == 1) / len(ranks)
    recall_10 = sum(1 for r in ranks if r is not None) / len(ranks)
    report(
        "search_latency",
        chunks=store.chunk_count(collection),
        queries=len(questions),
        p50_ms=1000 * statistics.median(latencies),
        p95_ms=1000 * p95,
        hybrid_p50_ms=1000 * statistics.median(hybrid_latencies) if hybrid_latencies else 0.0,
        hybrid_p95_ms=1000 * hybrid_p95,
        build_s=build_seconds,
        store_vectors_s=vector_seconds,
        one_word_scan_ms=1000 * scan,
        one_word_scan_p95_ms=1000 * scan_p95,
        scan_over_p95=scan / p95,
        gold_r1_among_100k=recall_1,
        gold_r10_among_100k=recall_10,
    )
    store.db.close()
    forget_database_key(db)
    # p95 is reported against the 50 ms; the assertion: a search costs well under a
    # third of one unindexed scan for a single word, tail against tail over the same minutes.
    assert p95 * 3 < scan_p95
    # By words and meaning: the dense stage (the question's vector, one product over 100,000
    # vectors) keeps a search under one unindexed scan (about half of one when quiet).
    if hybrid is not None:
        assert hybrid_p95 < scan_p95
    # Among 100,000 passages of the same laws' text, the gold article is still found (0.371
    # measured; a first stage that read more postings found no more).
    assert recall_10 >= 0.35
