"""`troly ask`: a question answered from one collection of the user's documents, with the
sources it cites and what the check of the answer against them found."""

from __future__ import annotations

import argparse
import sys
import threading
from typing import Any

from troly.cli.common import (
    Subparsers,
    ctrl_c_sets,
    describe_engine,
    open_session,
    print_json,
    shown,
)


def run_ask(args: argparse.Namespace) -> int:
    from troly.core.tasks.ask import ask

    session = open_session(args)
    store = session.open_index()
    store.collection_id(args.collection)  # a clear error before the model loads
    choices = _choices(args.choice or [])
    engine = session.load_engine()
    cancel = threading.Event()
    answer, pieces = ask(
        engine,
        store,
        args.question,
        args.collection,
        cancel,
        top_k=args.top_k,
        max_tokens=args.max_tokens,
        choices=choices or None,
        kind=args.kind,
    )
    with ctrl_c_sets(cancel):
        for piece in pieces:
            if not args.json:
                sys.stdout.write(piece)
                sys.stdout.flush()
    where = answer.stats.engine or engine.info
    if args.json:
        print_json({**answer.as_json(), "engine": where.as_json()})
        return 0
    print()
    for note in answer.notes:
        print(f"Lưu ý: {note}")
    _print_check(answer)
    if answer.found:
        print("\nNguồn:")
        for source in answer.cited:
            print(f"  [{source.number}] {shown(source.label())}")
    print(f"[{describe_engine(where)}]", file=sys.stderr)
    return 0


def _choices(pairs: list[str]) -> dict[str, str]:
    from troly.core.errors import TrolyError

    choices: dict[str, str] = {}
    for pair in pairs:
        letter, sep, text = pair.partition("=")
        if not sep or len(letter.strip()) != 1:
            raise TrolyError(
                f"Phương án “{pair}” phải có dạng CHỮ=NỘI_DUNG, ví dụ A=06 tháng.",
                f"Option “{pair}” must be LETTER=TEXT, e.g. A=06 tháng.",
            )
        choices[letter.strip().upper()] = text.strip()
    return choices


def _print_check(answer: Any) -> None:
    """What the check of the answer against its sources changed or could not confirm."""
    check = answer.check
    if not answer.found or check is None:
        return
    if not check.has_content:
        print(f"\n{answer.text}")
        return
    if not check.corrected and not check.unsupported and not check.invalid_citations:
        return
    print("\nKiểm tra căn cứ:")
    for claim in check.corrected:
        old = ", ".join(f"[{n}]" for n in claim.cited)
        new = ", ".join(f"[{n}]" for n in claim.citations)
        print(f"  đã sửa trích dẫn {old} → {new}: {claim.text}")
    for claim in check.unsupported:
        print(f"  chưa có căn cứ: {claim.text}")
    if check.invalid_citations:
        numbers = ", ".join(f"[{n}]" for n in check.invalid_citations)
        print(f"  đã bỏ số nguồn không tồn tại: {numbers}")


def register(sub: Subparsers) -> None:
    ask = sub.add_parser("ask", help="hỏi đáp dựa trên một bộ tài liệu, có trích dẫn")
    ask.add_argument("question")
    ask.add_argument("--collection", required=True)
    ask.add_argument("--top-k", type=int, default=5)
    ask.add_argument("--max-tokens", type=int, help="độ dài tối đa của câu trả lời (token)")
    ask.add_argument(
        "--kind",
        choices=("true_false", "choice", "open"),
        help="loại câu hỏi (mặc định: tự nhận ra): đúng/sai, trắc nghiệm, tự luận",
    )
    ask.add_argument(
        "--choice", action="append", metavar="CHỮ=NỘI_DUNG", help="một phương án trắc nghiệm"
    )
    ask.add_argument("--json", action="store_true")
    ask.set_defaults(func=run_ask)
