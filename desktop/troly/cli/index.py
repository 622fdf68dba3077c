"""`troly index`, `troly search`: the user's own documents (`troly ask` is in ask.py)."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from troly.cli.common import (
    Subparsers,
    ctrl_c_sets,
    open_session,
    print_json,
    shown,
)

STATUS_VI = {
    "indexed": "đã lập chỉ mục",
    "unchanged": "không đổi",
    "failed": "lỗi",
    "removed": "đã gỡ",
    "unsupported": "chưa đọc được",
}


def run_index(args: argparse.Namespace) -> int:
    from troly.core.index.sync import SyncProgress, sync_collection

    session = open_session(args)
    store = session.open_index()
    cancel = threading.Event()

    shown_vectors = -1

    def progress(step: SyncProgress) -> None:
        nonlocal shown_vectors
        if args.json:
            return
        if step.vectors:
            # A line at the start, every tenth of the way and at the end: not one per batch.
            tenth = step.page * 10 // max(step.pages, 1)
            if tenth != shown_vectors:
                shown_vectors = tenth
                print(
                    f"Phân tích nội dung để tìm theo nghĩa: {step.page}/{step.pages} đoạn",
                    file=sys.stderr,
                )
            return
        if step.result is None:
            return
        r = step.result
        extra = f": {shown(r.error)}" if r.status in ("failed", "unsupported") else ""
        detail = f" ({r.pages} trang, {r.chunks} đoạn)" if r.status == "indexed" else ""
        print(
            f"[{step.file_index + 1}/{step.file_count}] {STATUS_VI[r.status]}{detail} "
            f"{shown(Path(r.path).name)}{extra}",
            file=sys.stderr,
        )

    with ctrl_c_sets(cancel):
        report = sync_collection(
            store, args.collection, args.paths, progress, cancel, force=args.force
        )
    if args.json:
        print_json(
            {
                "collection": args.collection,
                "cancelled": report.cancelled,
                "files": [r.as_json() for r in report.results],
            }
        )
    else:
        # Files of a kind TroLy cannot read yet are counted only when there are some.
        unsupported = report.count("unsupported")
        print(
            f"Bộ “{args.collection}”: {report.count('indexed')} tệp mới lập chỉ mục, "
            f"{report.count('unchanged')} không đổi, {report.count('failed')} lỗi, "
            + (f"{unsupported} chưa đọc được, " if unsupported else "")
            + f"{report.count('removed')} đã gỡ."
            + (" Đã dừng giữa chừng." if report.cancelled else "")
        )
    return 130 if report.cancelled else 0


def run_search(args: argparse.Namespace) -> int:
    session = open_session(args)
    hits = session.open_index().search(args.query, args.collection, args.top_k)
    if args.json:
        print_json([h.as_json() for h in hits])
        return 0
    for rank, hit in enumerate(hits, 1):
        name = shown(Path(hit.file).name)
        print(f"{rank}. {name} — trang {hit.page} — {shown(hit.heading)} ({hit.score:.2f})")
        print("   " + hit.text[:200].replace("\n", " "))
    if not hits:
        print("Không tìm thấy đoạn nào phù hợp.")
    return 0


def register(sub: Subparsers) -> None:
    index = sub.add_parser("index", help="lập chỉ mục tệp hoặc thư mục vào một bộ tài liệu")
    index.add_argument("paths", nargs="*", help="tệp hoặc thư mục (bỏ trống: đồng bộ lại)")
    index.add_argument("--collection", required=True)
    index.add_argument("--force", action="store_true", help="đọc lại mọi tệp")
    index.add_argument("--json", action="store_true")
    index.set_defaults(func=run_index)

    search = sub.add_parser("search", help="tìm đoạn văn bản trong một bộ tài liệu")
    search.add_argument("query")
    search.add_argument("--collection", required=True)
    search.add_argument("--top-k", type=int, default=10)
    search.add_argument("--json", action="store_true")
    search.set_defaults(func=run_search)
