"""`troly audit verify|export`: the hash-chained audit log, for administrators and inspectors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from troly.cli.common import EXIT_ERROR, Parser, Subparsers, print_json


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from troly.core.audit import open_log
    from troly.core.config import Paths

    return open_log(Paths.resolve(args.data_dir).ensure().database_file)


def run_verify(args: argparse.Namespace) -> int:
    """Exit code 0 when the chain is intact, 1 when an entry was edited, deleted or moved."""
    log = _open(args)
    try:
        result = log.verify()
    finally:
        log.db.close()
    if args.json:
        print_json(result.as_json())
    elif result.ok:
        print(f"Nhật ký kiểm toán nguyên vẹn: {result.count} mục, mã băm cuối {result.head}.")
    else:
        print(f"Nhật ký kiểm toán đã bị thay đổi ({len(result.problems)} lỗi):", file=sys.stderr)
        for problem in result.problems:
            print(f"- {problem}", file=sys.stderr)
    return 0 if result.ok else EXIT_ERROR


def run_export(args: argparse.Namespace) -> int:
    log = _open(args)
    try:
        count = log.export(Path(args.out))
        result = log.verify()
    finally:
        log.db.close()
    if args.json:
        print_json({"path": str(Path(args.out).resolve()), "count": count, **result.as_json()})
    else:
        print(f"Đã ghi {count} mục vào {args.out} (mã băm cuối {result.head}).")
        if not result.ok:
            print("Cảnh báo: chuỗi mã băm không nguyên vẹn; xem `troly audit verify`.")
    return 0


def register(sub: Subparsers) -> None:
    audit = sub.add_parser("audit", help="nhật ký kiểm toán (chống sửa, xoá)")
    actions = audit.add_subparsers(dest="audit_action", required=True, parser_class=Parser)
    verify = actions.add_parser("verify", help="kiểm tra nhật ký không bị sửa, xoá, đảo thứ tự")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=run_verify)
    export = actions.add_parser("export", help="xuất nhật ký ra tệp JSON Lines cho thanh tra")
    export.add_argument("--out", required=True, help="tệp .jsonl kết quả")
    export.add_argument("--json", action="store_true")
    export.set_defaults(func=run_export)
