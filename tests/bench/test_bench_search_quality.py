"""Search quality on the ALQAC 2023 development set (see shared/eval/README.md): the real law
files (text PDFs, DOCX, scanned PDFs through OCR) indexed by TroLy, each question of train.json
searched, a hit at k when one of the top k passages is the gold article of the gold law's file.

Only train.json is searched: private_test.json is held out, never read by the tests (`make
eval --questions` reads it for an issue's final figures only).

Searched twice over the same index in the same run: by words and meaning (the app's search),
and by words alone (BM25 as before vectors), so the fusion's gain or loss shows."""

from __future__ import annotations

import json
from pathlib import Path

from tests.bench.conftest import AlqacIndex, report
from tests.eval import alqac

from troly.core.index.store import IndexStore

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval" / "alqac2023"
# The bar to beat: plain BM25 over the clean article texts (shared/eval/README.md).
BASELINE = {"r@1": 0.667, "r@5": 0.881, "r@10": 0.924, "mrr@10": 0.758}


def _ranks(store: IndexStore, questions: list[dict], gold: dict) -> dict[str, list[int | None]]:  # type: ignore[type-arg]
    ranks: dict[str, list[int | None]] = {"all": [], "scanned": [], "text": []}
    for question in questions:
        hits = store.search(question["text"], "alqac", 10)
        golds = [
            (gold[g["law_id"]]["file"], g["article_id"]) for g in question["relevant_articles"]
        ]
        rank = alqac.gold_rank(hits, golds)
        scanned = any("-scan" in gold[g["law_id"]]["file"] for g in question["relevant_articles"])
        ranks["all"].append(rank)
        ranks["scanned" if scanned else "text"].append(rank)
    return ranks


def test_recall_on_real_law_files(alqac_index: AlqacIndex) -> None:
    gold = json.loads((EVAL / "gold.json").read_text(encoding="utf-8"))
    questions = json.loads((EVAL / "train.json").read_text(encoding="utf-8"))
    store = alqac_index.store
    files = store.files(store.collection_id("alqac"))
    assert sum(f.status == "indexed" for f in files.values()) == len(
        list((EVAL / "docs").iterdir())
    )

    ranks = _ranks(store, questions, gold)
    results = {name: alqac.recall(r) for name, r in ranks.items()}
    for name, m in results.items():
        report(f"search_quality_{name}", questions=len(ranks[name]), **m)
    words = alqac.recall(_ranks(IndexStore(store.db, embedder=None), questions, gold)["all"])
    report("search_quality_words_only", questions=len(questions), **words)
    report("search_quality_index", seconds=alqac_index.seconds["alqac"], files=len(files))

    overall = results["all"]
    assert all(overall[k] > BASELINE[k] for k in BASELINE)  # beats plain BM25 on clean text
    assert overall["r@5"] >= 0.92
    assert overall["r@10"] >= 0.95
    assert results["scanned"]["r@5"] >= results["text"]["r@5"] - 0.05
    assert results["scanned"]["r@10"] >= results["text"]["r@10"] - 0.05
