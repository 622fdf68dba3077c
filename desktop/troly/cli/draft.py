"""`troly draft` and `troly check-format`: documents laid out as Decree 30/2020/NĐ-CP requires."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from troly.cli.common import Subparsers, ctrl_c_sets, open_session, print_json
from troly.core.errors import TrolyError

if TYPE_CHECKING:
    from troly.core.nd30 import DraftFields
    from troly.core.nd30.types import DocType
    from troly.core.session import Session


def _field_values(pairs: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise TrolyError(
                f"Trường “{pair}” phải có dạng KHÓA=GIÁ_TRỊ.",
                f"Field “{pair}” must be KEY=VALUE.",
            )
        values[key.strip()] = value
    return values


def run_draft(args: argparse.Namespace) -> int:
    from troly.core.nd30 import DraftFields, get_type
    from troly.core.nd30.memory import load_remembered
    from troly.core.tasks.draft_workflow import export_draft

    doc_type = get_type(args.type)
    session = open_session(args)
    session.policy.check_export(args.out)  # before the model spends a minute on the body
    given = _field_values(args.field or [])
    values = {**load_remembered(session.paths.config), **given}
    fields = DraftFields.from_mapping(values)
    _warn_unused(doc_type, given)
    fields.validate(doc_type)  # before the model runs: a missing field is found in a second
    if args.body_file:
        body = Path(args.body_file).expanduser().read_text(encoding="utf-8")
    else:
        body = _drafted_body(args, session, doc_type, fields)
    config = None if args.no_remember else session.paths.config
    result = export_draft(
        doc_type, values, body, args.out, policy=session.policy, config_dir=config
    )
    if args.json:
        print_json(
            {
                "path": str(result.path),
                "findings": [f.to_json() for f in result.findings],
                "body": body,
                "missing": result.missing,
            }
        )
        return 0
    if not args.body_file:
        print(body)
    print(f"Đã ghi {result.path}")
    if result.missing:
        print("Cần điền các thông tin còn thiếu trong nội dung: " + ", ".join(result.missing))
    for finding in result.findings:
        print(f"- {finding.line()}")
    return 0


def _drafted_body(
    args: argparse.Namespace, session: Session, doc_type: DocType, fields: DraftFields
) -> str:
    from troly.core.tasks.draft import draft_body, draft_params, source_texts

    sources = source_texts(args.source or [])  # a bad file fails before the model loads
    engine = session.load_engine()
    cancel = threading.Event()
    with ctrl_c_sets(cancel):
        result = draft_body(
            engine,
            doc_type,
            fields,
            args.brief,
            draft_params(args.max_tokens or session.settings.max_tokens),
            cancel,
            sources=sources,
        )
    return result.body


def _warn_unused(doc_type: DocType, given: dict[str, str]) -> None:
    """Say which given fields this type does not print, rather than drop them silently."""
    from troly.core.nd30 import FIELD_LABELS, fields_for

    kept = {item.key for item in fields_for(doc_type)}
    for key, value in given.items():
        if value.strip() and key not in kept:
            print(
                f"Bỏ qua trường {key} ({FIELD_LABELS[key]}): {doc_type.name.lower()} không có "
                "thành phần này.",
                file=sys.stderr,
            )


def run_check(args: argparse.Namespace) -> int:
    """Exit code 0 when the document conforms, 1 when there are findings."""
    from troly.core.nd30.checker import check_docx

    findings = check_docx(args.file)
    if args.json:
        print_json(
            {"path": str(Path(args.file).resolve()), "findings": [f.to_json() for f in findings]}
        )
    elif findings:
        print(f"{len(findings)} điểm chưa đúng Phụ lục I, Nghị định 30/2020/NĐ-CP:")
        for finding in findings:
            print(f"- {finding.line()}")
    else:
        print("Không phát hiện điểm nào sai thể thức theo Phụ lục I, Nghị định 30/2020/NĐ-CP.")
    return 1 if findings else 0


def register(sub: Subparsers) -> None:
    from troly.core.nd30.fields import FIELD_LABELS
    from troly.core.nd30.types import DRAFTABLE

    draft = sub.add_parser("draft", help="soạn văn bản hành chính theo Nghị định 30/2020/NĐ-CP")
    draft.add_argument("--type", required=True, choices=[t.slug for t in DRAFTABLE])
    draft.add_argument(
        "--field",
        action="append",
        metavar="KEY=VALUE",
        help="trường của văn bản: "
        + ", ".join(FIELD_LABELS)
        + " (ngay: NNNN-TT-NN; can_cu, kinh_gui, noi_nhan: phân cách bằng ';')",
    )
    source = draft.add_mutually_exclusive_group(required=True)
    source.add_argument("--brief", help="yêu cầu để mô hình soạn phần nội dung")
    source.add_argument("--body-file", help="tệp văn bản chứa sẵn phần nội dung")
    draft.add_argument(
        "--source",
        action="append",
        metavar="FILE",
        help="văn bản liên quan mà nội dung trả lời hoặc viện dẫn (có thể lặp lại)",
    )
    draft.add_argument("--out", required=True, help="tệp DOCX kết quả")
    draft.add_argument("--max-tokens", type=int, default=None)
    draft.add_argument("--no-remember", action="store_true", help="không ghi nhớ các trường")
    draft.add_argument("--json", action="store_true")
    draft.set_defaults(func=run_draft)

    check = sub.add_parser("check-format", help="kiểm tra thể thức DOCX theo Phụ lục I NĐ 30")
    check.add_argument("file")
    check.add_argument("--json", action="store_true")
    check.set_defaults(func=run_check)
