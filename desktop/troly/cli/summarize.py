"""`troly summarize FILE...`: one summary of one or several documents, with its sources."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from troly.cli.common import (
    Subparsers,
    ctrl_c_sets,
    describe_engine,
    open_session,
    print_json,
    shown,
)

STAGES_VI = {
    "read": "đọc tệp",
    "map": "tóm tắt từng phần",
    "merge": "gộp",
    "final": "viết bản tóm tắt",
    "done": "xong",
}


def _progress_line(step: object) -> None:
    s = step  # a troly.core.summarize.model.Progress
    for item in getattr(s, "outline", ()):  # the outline comes first, before any model call
        print(f"{'  ' * item.level}{item.text} (tr. {item.page})", file=sys.stderr)
    left = getattr(s, "seconds_left", None)
    eta = f", còn khoảng {int(left)} giây" if left is not None else ""
    print(
        f"[{s.sections_done}/{s.sections_total} phần, bước {s.done}/{s.total}] "  # type: ignore[attr-defined]
        f"{STAGES_VI.get(s.stage, s.stage)}{eta}",  # type: ignore[attr-defined]
        file=sys.stderr,
    )


def run(args: argparse.Namespace) -> int:
    from troly.core.summarize.cache import SummaryCache
    from troly.core.summarize.export import export
    from troly.core.summarize.model import STYLE_NAMES_VI
    from troly.core.summarize.pipeline import (
        Options,
        SummaryCancelled,
        read_documents,
        summarize,
    )

    session = open_session(args)
    cancel = threading.Event()
    documents = read_documents(args.files, ocr=not args.no_ocr, cancel=cancel)
    engine = session.load_engine()
    cache = None if args.no_cache else SummaryCache.open(session.paths.database_file)
    options = Options(
        partial_tokens=args.partial_tokens,
        final_tokens=args.max_tokens,
        extractive=args.extractive,
    )
    progress = None if args.json or args.quiet else _progress_line
    try:
        with ctrl_c_sets(cancel):
            summary = summarize(engine, documents, args.style, cache, progress, cancel, options)
    except SummaryCancelled as exc:
        print(
            f"troly: đã dừng sau {exc.done}/{exc.total} bước; phần đã xong được lưu, chạy lại "
            "để làm tiếp.",
            file=sys.stderr,
        )
        return 130
    finally:
        if cache is not None:
            cache.close()
    if args.out:
        export(summary, args.out, policy=session.policy)
    if args.json:
        data = summary.as_json()
        data["model"] = (summary.engine or {}).get("model") or engine.name
        if args.out:
            data["out"] = str(Path(args.out).resolve())
        print_json(data)
        return 0
    print(f"{STYLE_NAMES_VI[summary.style]}:\n")
    for point in summary.points:
        head = f"{point.title}: " if point.title else ""
        sources = (
            "; ".join(shown(s.label()) for s in point.sources) or "chưa tìm thấy đoạn nào nêu ý này"
        )
        print(f"- {head}{point.text}\n  (Nguồn: {sources})")
    if summary.disagreements:
        print("\nSố liệu khác nhau giữa các văn bản:")
        for d in summary.disagreements:
            values = "; ".join(
                f"{shown(Path(v.file).name)} tr. {v.page}: {v.value}" for v in d.values
            )
            print(f"- {d.label}: {values}")
    if summary.style == "brief" and summary.deadlines:
        print("\nThời hạn trong văn bản:")
        for dl in summary.deadlines:
            print(f"- {dl.date}: {dl.text} ({shown(Path(dl.file).name)}, tr. {dl.page})")
    stats = summary.stats
    print(
        f"\n[{len(summary.sections)} phần, {stats.model_calls} lượt gọi mô hình, "
        f"{stats.cached_calls} lấy từ bộ nhớ đệm, tổng thời gian "
        f"{max(stats.work_seconds, stats.timings.get('total', 0)):.1f} giây "
        f"(lần này {stats.timings.get('total', 0):.1f} giây)]",
        file=sys.stderr,
    )
    if summary.engine is not None:
        from troly.core.engine.base import EngineInfo

        where = EngineInfo(
            summary.engine["kind"], summary.engine["model"], summary.engine["endpoint"]
        )
        print(f"[{describe_engine(where)}]", file=sys.stderr)
    if args.out:
        print(f"Đã lưu {shown(args.out)}", file=sys.stderr)
    return 0


def register(sub: Subparsers) -> None:
    from troly.core.summarize.model import STYLES

    cmd = sub.add_parser("summarize", help="tóm tắt một hoặc nhiều văn bản, có nguồn từng ý")
    cmd.add_argument(
        "files",
        nargs="+",
        help="tệp tài liệu: PDF, DOCX, DOC, ODT, RTF, XLSX, XLS, ODS, CSV, HTML, ảnh, TXT, MD",
    )
    cmd.add_argument(
        "--style",
        choices=STYLES,
        default="bullets",
        help="short: 5-7 câu; bullets: các ý chính; chapters: theo chương, điều; "
        "brief: báo cáo lãnh đạo",
    )
    cmd.add_argument("--out", help="ghi bản tóm tắt ra tệp .docx hoặc .md")
    cmd.add_argument("--json", action="store_true")
    cmd.add_argument("--quiet", action="store_true", help="không in tiến độ")
    cmd.add_argument("--no-cache", action="store_true", help="không dùng tóm tắt đã lưu")
    cmd.add_argument("--no-ocr", action="store_true", help="không nhận dạng trang ảnh quét")
    cmd.add_argument(
        "--extractive", action="store_true", help="lọc câu quan trọng trước khi đưa cho mô hình"
    )
    cmd.add_argument("--partial-tokens", type=int, default=160, help="độ dài mỗi tóm tắt phần")
    cmd.add_argument("--max-tokens", type=int, default=384, help="độ dài bản tóm tắt cuối")
    cmd.set_defaults(func=run)
