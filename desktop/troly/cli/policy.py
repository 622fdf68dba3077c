"""`troly policy show`: the administrator's policy in force, and where each value came from."""

from __future__ import annotations

import argparse
import sys

from troly.cli.common import Parser, Subparsers, print_json


def run_show(args: argparse.Namespace) -> int:
    from troly.core.models.manifest import manifest_hashes
    from troly.core.policy import SCHEMA, load_policy, locate_policy

    location = locate_policy()  # once: an ignored TROLY_POLICY_FILE is warned about once
    policy = load_policy(known_hashes=manifest_hashes, location=location)
    if args.json:
        print_json({"file": str(location.path), **policy.as_json()})
        return 0
    print(f"Tệp chính sách: {location.path}")
    if policy.fail_closed:
        print(f"CẢNH BÁO: {policy.error_vi}", file=sys.stderr)
    for warning in policy.warnings:
        print(f"Lưu ý: {warning}", file=sys.stderr)
    for spec in SCHEMA:
        value = getattr(policy, spec.key)
        if isinstance(value, tuple):
            shown = ", ".join(value) if value else "(trống)"
        elif value is None:
            shown = "(không giới hạn)"
        else:
            shown = str(value).lower() if isinstance(value, bool) else str(value)
        print(f"  {spec.key} = {shown}    [{policy.source(spec.key)}]")
    return 0


def register(sub: Subparsers) -> None:
    policy = sub.add_parser("policy", help="chính sách của quản trị viên")
    actions = policy.add_subparsers(dest="policy_action", required=True, parser_class=Parser)
    show = actions.add_parser("show", help="chính sách đang áp dụng và nguồn của từng giá trị")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=run_show)
