"""`troly consolidate FOLDER`: one báo cáo tổng hợp from the reports of many units."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from troly.cli.common import (
    EXIT_INTERRUPTED,
    Subparsers,
    ctrl_c_sets,
    open_session,
    print_json,
    shown,
)
from troly.core.errors import TrolyError

if TYPE_CHECKING:
    from troly.core.consolidate.model import Consolidation
    from troly.core.consolidate.pipeline import Result


def _progress(done: int, total: int, name: str) -> None:
    if name:
        print(f"[{done + 1}/{total}] đọc {shown(name)}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from troly.core.consolidate import corrections, narrative
    from troly.core.consolidate.pipeline import consolidate_folder
    from troly.core.documents import Cancelled

    folder = Path(args.folder).expanduser()
    if not folder.is_dir():
        raise TrolyError(f"Không tìm thấy thư mục {folder}.", f"No folder {folder}.")
    session = open_session(args)
    for target in (args.out, args.xlsx):
        if target:
            session.policy.check_export(target)  # refused before any file is read
    values = _report_fields(args, session.paths.config) if args.out else {}
    edits = corrections.from_json(_load_json(args.corrections)) if args.corrections else []
    cancel = threading.Event()
    try:
        with ctrl_c_sets(cancel):
            result = consolidate_folder(
                folder, None if args.json or args.quiet else _progress, cancel, not args.no_ocr
            )
    except Cancelled:
        print("troly: đã dừng; chưa ghi tệp nào.", file=sys.stderr)
        return EXIT_INTERRUPTED
    if edits:
        result.table = corrections.apply(result.table, edits)
        result.points, result.dropped_sentences = narrative.build(
            result.table.texts, result.table.values()
        )
    written = _write(args, result, values, session.policy)
    if args.json:
        print_json(
            {
                **result.table.to_json(),
                "points": [vars(p) for p in result.points],
                "dropped_sentences": result.dropped_sentences,
                **written,
            }
        )
        return 0
    _print_text(result)
    for path in written.values():
        print(f"Đã ghi {shown(path)}", file=sys.stderr)
    return 0


def _report_fields(args: argparse.Namespace, config: Path) -> dict[str, str]:
    """The báo cáo's fields: remembered ones, then --field; checked before any file is read."""
    from troly.core.nd30 import DraftFields, get_type
    from troly.core.nd30.memory import load_remembered

    values = load_remembered(config)
    values.setdefault("trich_yeu", "Tổng hợp báo cáo của các đơn vị")
    for pair in args.field or []:
        key, sep, value = pair.partition("=")
        if not sep:
            raise TrolyError(
                f"Trường “{pair}” phải có dạng KHÓA=GIÁ_TRỊ.", f"Field “{pair}” must be KEY=VALUE."
            )
        values[key.strip()] = value
    DraftFields.from_mapping(values).validate(get_type("bao-cao"))
    return values


def _load_json(path: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(Path(path).expanduser().read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TrolyError(
            f"Không đọc được tệp sửa bảng {path}: {exc}.", f"Cannot read {path}: {exc}."
        ) from None
    if not isinstance(data, list):
        raise TrolyError(
            "Tệp sửa bảng phải là một danh sách JSON.", "The corrections file must be a list."
        )
    return data


def _write(args: argparse.Namespace, result: Result, values: dict[str, str], policy: Any) -> dict:
    from troly.core.consolidate.output import write_report, write_xlsx

    written: dict[str, str] = {}
    if args.xlsx:
        written["xlsx"] = str(write_xlsx(result.table, args.xlsx, policy=policy).resolve())
    if args.out:
        path = write_report(result.table, result.points, values, args.out, policy=policy)
        written["out"] = str(path.resolve())
    return written


def _print_text(result: Result) -> None:
    from troly.core.consolidate.model import FLAG_NAMES_VI
    from troly.core.consolidate.narrative import SECTIONS

    table = result.table
    print(f"Tổng hợp {len(table.units)} đơn vị, {len(table.indicators)} chỉ tiêu:")
    _print_table(table)
    if table.flags:
        print(f"\n{len(table.flags)} điểm cần kiểm tra lại:")
        for flag in table.flags:
            print(f"- [{FLAG_NAMES_VI[flag.kind]}] {shown(flag.message)}")
    for section, title in SECTIONS.items():
        mine = [p for p in result.points if p.section == section]
        if mine:
            print(f"\n{title}:")
            for point in mine:
                print(f"- {shown(point.text)} ({', '.join(shown(u) for u in point.units)})")
    for warning in table.warnings:
        print(f"troly: {shown(warning)}", file=sys.stderr)


def _print_table(table: Consolidation) -> None:
    from troly.core.consolidate.output import grid

    rows = grid(table)
    # Indicators down and units across would not fit a terminal: one block per indicator.
    for column, indicator in enumerate(table.indicators, 2):
        note = f" ({indicator.total_note})" if indicator.total_note else ""
        print(f"\n{shown(indicator.label)} [{indicator.key}] — tổng cộng: {rows[-1][column]}{note}")
        for row in rows[1:-1]:
            print(f"  {shown(row[1])}: {row[column] or '—'}")


def register(sub: Subparsers) -> None:
    cmd = sub.add_parser(
        "consolidate", help="tổng hợp báo cáo của nhiều đơn vị thành một báo cáo, có nguồn số liệu"
    )
    cmd.add_argument("folder", help="thư mục chứa báo cáo của các đơn vị")
    cmd.add_argument("--out", help="tệp báo cáo tổng hợp .docx (thể thức Nghị định 30/2020)")
    cmd.add_argument("--xlsx", help="tệp bảng tổng hợp .xlsx")
    cmd.add_argument(
        "--field",
        action="append",
        metavar="KEY=VALUE",
        help="trường của báo cáo (co_quan, ky_hieu, dia_danh, trich_yeu, chuc_vu, nguoi_ky, …)",
    )
    cmd.add_argument(
        "--corrections",
        metavar="FILE.json",
        help="các sửa đổi bảng trước khi ghi: đổi tên, gộp chỉ tiêu, sửa số liệu",
    )
    cmd.add_argument("--json", action="store_true")
    cmd.add_argument("--quiet", action="store_true", help="không in tiến độ")
    cmd.add_argument("--no-ocr", action="store_true", help="không nhận dạng trang ảnh quét")
    cmd.set_defaults(func=run)
