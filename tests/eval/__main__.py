"""`make eval`: answer quality, summaries and drafts with the real default model, as a table.

    python -m tests.eval [--questions FILE] [--limit N] [--laws text|all] [--model PATH]
                         [--threads N] [--skip-documents] [--json OUT.json]

Runs inside a private keyring session (make eval does that), on ../shared/eval/alqac2023.
--questions takes another file of the same shape (private_test.json: its labels carry gold
articles but no answers, so only citations, abstention and speed are graded there).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.eval import alqac


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="make eval", description=__doc__.split("\n")[0])
    p.add_argument("--questions", type=Path, default=alqac.EVAL_DIR / "train.json")
    p.add_argument("--limit", type=int, default=0, help="a stratified sample of N questions")
    p.add_argument("--abstain-limit", type=int, default=0)
    p.add_argument("--types", help="question types to ask, e.g. 'Đúng/Sai,Trắc nghiệm'")
    p.add_argument(
        "--laws",
        choices=("all", "text"),
        default="all",
        help="index every law file (OCR of the scans), or only the text files",
    )
    p.add_argument("--model", type=Path, help="GGUF file (default: the app's default model)")
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--skip-documents", action="store_true", help="no summary/draft checks")
    p.add_argument("--skip-questions", action="store_true")
    p.add_argument("--json", type=Path, help="every answer and the figures, for a later look")
    return p


def sample(questions: list[dict[str, Any]], limit: int, seed: int = 12) -> list[dict[str, Any]]:
    """A fixed sample keeping the share of each question type."""
    if not limit or limit >= len(questions):
        return questions
    rng = random.Random(seed)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for q in questions:
        by_type.setdefault(q.get("question_type", ""), []).append(q)
    chosen: list[dict[str, Any]] = []
    for items in by_type.values():
        k = max(1, round(limit * len(items) / len(questions)))
        chosen += rng.sample(items, min(k, len(items)))
    return chosen[:limit]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not alqac.EVAL_DIR.exists():
        print(f"eval: {alqac.EVAL_DIR} is missing (../shared/eval beside the checkout)")
        return 2
    from troly.core.config import Settings
    from troly.core.engine.llama import LlamaEngine
    from troly.core.index.store import IndexStore
    from troly.core.models.library import install_default_model
    from troly.core.models.manifest import load_manifest
    from troly.core.models.verify import verify_model
    from troly.core.vault import forget_database_key, open_encrypted_database

    manifest = load_manifest()
    work = Path(tempfile.mkdtemp(prefix="troly-eval-"))
    from troly.core.config import Paths

    paths = Paths.resolve(None)  # the user's model folder, where set-up installed the model
    model = (
        verify_model(args.model, manifest) if args.model else install_default_model(paths, manifest)
    )
    settings = Settings(threads=args.threads)
    engine = LlamaEngine(
        model,
        n_ctx=4096,
        threads=settings.effective_threads(),
        batch_threads=settings.effective_batch_threads(),
        burst_threads=settings.effective_burst_threads(),
    )
    print(
        f"eval: {model.display_name}, threads {engine.threads}/{engine.batch_threads}"
        f" (idle PC: {engine.burst_threads or engine.batch_threads}), "
        f"{args.questions.name}",
        flush=True,
    )
    out: dict[str, Any] = {"model": model.display_name, "questions_file": str(args.questions)}
    tables: list[str] = []
    db = work / "eval.db"
    store = IndexStore(open_encrypted_database(db))
    try:
        if not args.skip_questions:
            gold = alqac.load_gold()
            laws = [law for law in gold if args.laws == "all" or "-scan" not in gold[law]["file"]]
            started = time.perf_counter()
            timings = alqac.index_collections(store, gold, laws)
            print(f"eval: indexed in {time.perf_counter() - started:.0f} s {timings}", flush=True)
            questions = [
                q
                for q in alqac.load_questions(args.questions)
                if all(g["law_id"] in laws for g in q["relevant_articles"])
            ]
            abstain = alqac.abstention_questions(questions)
            if args.types:
                wanted = {t.strip() for t in args.types.split(",")}
                questions = [q for q in questions if q.get("question_type") in wanted]
            questions = sample(questions, args.limit)
            abstain = sample(abstain, args.abstain_limit or (args.limit and len(abstain)))

            def progress(r: alqac.Result) -> None:
                mark = {True: "✓", False: "✗", None: "·"}[r.correct]
                if r.collection == alqac.PARTIAL:
                    mark = "✓" if not r.answer.found else "✗"
                print(
                    f"  {mark} {r.question_id:>6} {r.collection:<13} "
                    f"{r.answer.stats.prompt_tokens:>4} tok "
                    f"({r.answer.stats.reused_prompt_tokens:>4} cached) "
                    f"{r.answer.stats.first_token_seconds:5.1f}s {r.seconds:5.1f}s "
                    f"t{r.answer.stats.prompt_threads}  " + " ".join(r.answer.text.split())[:90],
                    flush=True,
                )

            results = alqac.run(engine, store, questions, gold, abstain, progress)
            figures = alqac.metrics(results)
            out["answers"] = [r.as_json() for r in results]
            out["figures"] = figures
            tables.append(alqac.table(figures, f"Questions: {args.questions.name}"))
        if not args.skip_documents:
            from tests.eval import documents

            doc_figures = documents.run(engine, work)
            out["documents"] = doc_figures
            tables.append(documents.table(doc_figures))
    finally:
        store.db.close()
        forget_database_key(db)
        engine.close()
    print()
    print(
        f"Model: {model.display_name}; threads {engine.threads} (prompt {engine.batch_threads}, "
        f"{engine.burst_threads or engine.batch_threads} while the PC is otherwise idle)"
    )
    for t in tables:
        print()
        print(t)
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
