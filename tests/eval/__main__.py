"""`make eval`: answer quality, summaries and drafts with the real default model, as a table.

    python -m tests.eval [--questions FILE] [--limit N] [--laws text|all] [--model PATH]
                         [--threads N] [--forms written,plain,spoken] [--everyday-only]
                         [--skip-everyday] [--retrieval-only] [--skip-documents]
                         [--engine local|server] [--json OUT.json]

Runs inside a private keyring session (make eval does that), on ../shared/eval/alqac2023.
Two sets of questions, each asked in three forms (forms.py: as written, without diacritics,
spoken with one wrong tone): the everyday questions of tests/eval/everyday.json (everyday.py,
with the floors they must clear) and the ALQAC 2023 development questions (train.json, in the
law's own words). Retrieval figures (recall of the gold article, similarity of the best
passage) are printed for both; --retrieval-only prints only those, without loading the model.
--questions takes another file of the shape of train.json (private_test.json is held out: it
is read only when named here).

--engine server asks the same model through the agency's path instead: llama.cpp's own
llama-server on 127.0.0.1 (compiled by set-up, as the tests use it) behind TroLy's
RemoteEngine, so the figures of the two engines can be set side by side.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.eval import alqac, everyday
from tests.eval.forms import FORMS


def _forms(value: str) -> list[str]:
    names = [f.strip() for f in value.split(",") if f.strip()]
    unknown = [f for f in names if f not in FORMS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"forms are {','.join(FORMS)}; not {unknown}")
    return names


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="make eval", description=__doc__.split("\n")[0])
    p.add_argument("--questions", type=Path, default=alqac.EVAL_DIR / "train.json")
    p.add_argument(
        "--limit", type=int, default=0, help="a stratified sample of N questions of each set"
    )
    p.add_argument("--abstain-limit", type=int, default=0)
    p.add_argument("--types", help="question types to ask, e.g. 'Đúng/Sai,Trắc nghiệm'")
    p.add_argument(
        "--laws",
        choices=("all", "text"),
        default="all",
        help="index every law file (OCR of the scans), or only the text files",
    )
    p.add_argument(
        "--forms",
        type=_forms,
        default=list(FORMS),
        help="the forms each question is asked in (default: written,plain,spoken)",
    )
    p.add_argument("--everyday-only", action="store_true", help="only the everyday questions")
    p.add_argument("--skip-everyday", action="store_true", help="no everyday questions")
    p.add_argument(
        "--retrieval-only",
        action="store_true",
        help="index and retrieval figures only: no model, no answers (fast)",
    )
    p.add_argument("--model", type=Path, help="GGUF file (default: the app's default model)")
    p.add_argument("--threads", type=int, default=0)
    p.add_argument(
        "--engine",
        choices=("local", "server"),
        default="local",
        help="the model in this process, or the same model behind llama-server on loopback",
    )
    p.add_argument("--skip-documents", action="store_true", help="no summary/draft checks")
    p.add_argument("--skip-questions", action="store_true", help="no ALQAC questions")
    p.add_argument("--json", type=Path, help="every answer and the figures, for a later look")
    return p


def sample(
    questions: list[dict[str, Any]],
    limit: int,
    seed: int = 12,
    key: Callable[[dict[str, Any]], str] | None = None,
) -> list[dict[str, Any]]:
    """A fixed sample keeping the share of each group (by default each question type)."""
    if not limit or limit >= len(questions):
        return questions
    group = key or (lambda q: str(q.get("question_type", "")))
    rng = random.Random(seed)
    by_type: dict[str, list[dict[str, Any]]] = {}
    for q in questions:
        by_type.setdefault(group(q), []).append(q)
    chosen: list[dict[str, Any]] = []
    for items in by_type.values():
        k = max(1, round(limit * len(items) / len(questions)))
        chosen += rng.sample(items, min(k, len(items)))
    return chosen[:limit]


def _server_engine(model: Any, settings: Any, work: Path) -> tuple[Any, Any]:
    """The agency's path for the same model: llama-server on loopback, with the context and
    threads the local engine would have, and TroLy's RemoteEngine in front of it."""
    from tests.llama_server import LlamaServer

    from troly.core.engine.remote import RemoteEngine
    from troly.core.engine.templates import ARCHITECTURE_TEMPLATES

    threads = settings.effective_threads()
    server = LlamaServer(
        model.path,
        work,
        ctx=4096,
        threads=threads,
        chat_template=ARCHITECTURE_TEMPLATES.get(model.info.architecture, "chatml"),
        alias=model.path.stem,
    ).start()
    return RemoteEngine([server.url], context_length=4096), server


def _everyday_group(q: dict[str, Any]) -> str:
    return "left out" if everyday.is_left_out(q) else "answerable"


def _print_alqac(r: alqac.Result) -> None:
    mark = {True: "✓", False: "✗", None: "·"}[r.correct]
    if r.collection == alqac.PARTIAL:
        mark = "✓" if not r.answer.found else "✗"
    print(
        f"  {mark} {r.question_id:>6} {r.extra.get('form', ''):<7} {r.collection:<13} "
        f"{r.answer.stats.prompt_tokens:>4} tok "
        f"({r.answer.stats.reused_prompt_tokens:>4} cached) "
        f"{r.answer.stats.first_token_seconds:5.1f}s {r.seconds:5.1f}s "
        f"t{r.answer.stats.prompt_threads}  " + " ".join(r.answer.text.split())[:90],
        flush=True,
    )


def _print_everyday(r: everyday.Asked) -> None:
    if r.answerable:
        mark = "·" if r.refused else ("✓" if r.correct else "✗")
        mark += "c" if r.cites_gold else " "
    else:
        mark = "✓ " if r.refused else "✗ "
    print(
        f"  {mark} {r.question_id:>6} {r.form:<7} {r.collection:<13} "
        f"{r.answer.stats.prompt_tokens:>4} tok "
        f"{r.answer.stats.first_token_seconds:5.1f}s {r.seconds:5.1f}s  "
        + " ".join(r.answer.text.split())[:90],
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not alqac.EVAL_DIR.exists():
        print(f"eval: {alqac.EVAL_DIR} is missing (../shared/eval beside the checkout)")
        return 2
    if args.everyday_only and args.skip_everyday:
        print("eval: --everyday-only and --skip-everyday leave nothing to ask")
        return 2
    run_everyday = not args.skip_everyday
    run_alqac = not args.everyday_only and not args.skip_questions
    run_documents = not (args.skip_documents or args.everyday_only or args.retrieval_only)
    form_names: list[str] = args.forms

    from troly.core.index.store import IndexStore
    from troly.core.vault import forget_database_key, open_encrypted_database

    work = Path(tempfile.mkdtemp(prefix="troly-eval-"))
    engine: Any = None
    server = None
    model_name = "—"
    if not args.retrieval_only:
        from troly.core.config import Paths, Settings
        from troly.core.models.library import install_default_model
        from troly.core.models.manifest import load_manifest
        from troly.core.models.verify import verify_model
        from troly.core.policy import load_policy

        manifest = load_manifest()
        paths = Paths.resolve(None)  # the user's model folder, where set-up installed the model
        machine = load_policy()  # the evaluation obeys this machine's policy, as the app does
        model = (
            verify_model(args.model, manifest, policy=machine)
            if args.model
            else install_default_model(paths, manifest, policy=machine)
        )
        model_name = model.display_name
        settings = Settings(threads=args.threads)
        if args.engine == "server":
            engine, server = _server_engine(model, settings, work)
            print(
                f"eval: {model_name} behind llama-server {server.url}, threads "
                f"{settings.effective_threads()}, {args.questions.name}, forms "
                f"{','.join(form_names)}",
                flush=True,
            )
        else:
            engine = alqac.answer_engine(model, settings)
            print(
                f"eval: {model_name}, threads {engine.threads}/{engine.batch_threads}"
                f" (idle PC: {engine.burst_threads or engine.batch_threads}), "
                f"{args.questions.name}, forms {','.join(form_names)}",
                flush=True,
            )
    out: dict[str, Any] = {
        "model": model_name,
        "questions_file": str(args.questions),
        "forms": form_names,
    }
    tables: list[str] = []
    db = work / "eval.db"
    store = IndexStore(open_encrypted_database(db))
    try:
        if run_everyday or run_alqac:
            gold = alqac.load_gold()
            laws = [law for law in gold if args.laws == "all" or "-scan" not in gold[law]["file"]]
            started = time.perf_counter()
            timings = alqac.index_collections(store, gold, laws)
            print(f"eval: indexed in {time.perf_counter() - started:.0f} s {timings}", flush=True)
        if run_everyday:
            items = [q for q in everyday.load_everyday() if everyday.in_laws(q, laws)]
            items = sample(items, args.limit, key=_everyday_group)
            retrieved = everyday.retrieval(store, items, alqac.ALL, gold, form_names)
            out["everyday_retrieval"] = retrieved
            tables.append(everyday.retrieval_table(retrieved, "Everyday questions: retrieval"))
            if engine is not None:
                asked = everyday.answers(
                    engine, store, items, gold, form_names, progress=_print_everyday
                )
                figures = everyday.metrics(asked, retrieved)
                out["everyday_answers"] = [r.as_json() for r in asked]
                out["everyday_figures"] = figures
                tables.append(everyday.table(figures, "Everyday questions: answers"))
        if run_alqac:
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
            searched = list({str(q["question_id"]): q for q in questions + abstain}.values())
            retrieved = everyday.retrieval(store, searched, alqac.ALL, gold, form_names)
            out["retrieval"] = retrieved
            tables.append(
                everyday.retrieval_table(retrieved, f"Questions: {args.questions.name}: retrieval")
            )
            if engine is not None:
                by_form = alqac.run_forms(
                    engine, store, questions, gold, abstain, form_names, _print_alqac
                )
                figures_by_form = {f: alqac.metrics(rs) for f, rs in by_form.items()}
                out["answers"] = [r.as_json() for rs in by_form.values() for r in rs]
                out["figures"] = figures_by_form
                tables.append(
                    alqac.forms_table(figures_by_form, f"Questions: {args.questions.name}")
                )
        if run_documents and engine is not None:
            from tests.eval import documents

            doc_figures = documents.run(engine, work)
            out["documents"] = doc_figures
            tables.append(documents.table(doc_figures))
    finally:
        store.db.close()
        forget_database_key(db)
        if engine is not None:
            engine.close()
        if server is not None:
            server.stop()
    print()
    if engine is not None and server is not None:
        print(f"Model: {model_name} behind llama-server (threads {settings.effective_threads()})")
    elif engine is not None:
        print(
            f"Model: {model_name}; threads {engine.threads} (prompt {engine.batch_threads}, "
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
