"""`troly gui`: the desktop app."""

from __future__ import annotations

import argparse

from troly.cli.common import Subparsers


def run(args: argparse.Namespace) -> int:
    from troly.ui.app import run_app

    return run_app(args.data_dir, args.model, exit_after_shown=args.exit_after_shown)


def register(sub: Subparsers) -> None:
    gui = sub.add_parser("gui", help="mở ứng dụng")
    gui.add_argument("--exit-after-shown", action="store_true", help=argparse.SUPPRESS)
    gui.set_defaults(func=run)
