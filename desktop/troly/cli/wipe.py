"""`troly wipe`: remove all of this user's TroLy data and its key, after confirmation."""

from __future__ import annotations

import argparse
import sys

from troly.cli.common import EXIT_ERROR, EXIT_USAGE, Subparsers, print_json

CONFIRM_WORD = "XOA"


def run(args: argparse.Namespace) -> int:
    from troly.core.config import Paths
    from troly.core.retention import wipe

    paths = Paths.resolve(args.data_dir)
    if not args.yes:
        if not sys.stdin.isatty():
            print(
                "troly: cần --yes để xoá toàn bộ dữ liệu khi không chạy trong cửa sổ dòng lệnh.",
                file=sys.stderr,
            )
            return EXIT_USAGE
        print(
            f"Sẽ xoá toàn bộ dữ liệu TroLy trong {paths.data} (lịch sử, chỉ mục, nhật ký, "
            "cài đặt, bộ nhớ đệm) và khoá mã hoá trong keyring. Không thể hoàn tác.",
            file=sys.stderr,
        )
        answer = input(f"Gõ {CONFIRM_WORD} để xác nhận: ").strip().upper()
        if answer not in (CONFIRM_WORD, "XÓA"):
            print("Đã huỷ, không xoá gì.", file=sys.stderr)
            return EXIT_ERROR
    report = wipe(paths)
    if args.json:
        print_json(report.as_json())
    else:
        print(f"Đã xoá {len(report.removed)} mục dữ liệu của TroLy.")
        if report.failed:
            print("Không xoá được: " + ", ".join(report.failed), file=sys.stderr)
    return EXIT_ERROR if report.failed else 0


def register(sub: Subparsers) -> None:
    wipe = sub.add_parser("wipe", help="xoá toàn bộ dữ liệu TroLy của người dùng này")
    wipe.add_argument("--yes", action="store_true", help="không hỏi xác nhận")
    wipe.add_argument("--json", action="store_true")
    wipe.set_defaults(func=run)
