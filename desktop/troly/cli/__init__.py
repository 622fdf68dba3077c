"""The `troly` command: the same core as the desktop app, for administrators, scripts and tests.

Each command group lives in its own module with a `register(subparsers)` function. Exit code 0
on success; otherwise one line on stderr saying why, and no traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from troly import __version__
from troly.cli import (
    audit,
    chat,
    draft,
    engine,
    generate,
    gui,
    index,
    models,
    policy,
    summarize,
    wipe,
)
from troly.cli.common import EXIT_ERROR, EXIT_INTERRUPTED, Parser
from troly.core.errors import TrolyError

log = logging.getLogger(__name__)

COMMANDS = [generate, chat, models, index, summarize, draft, policy, engine, audit, wipe, gui]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="troly", description="TroLy: trợ lý AI ngoại tuyến.")
    parser.add_argument("--version", action="version", version=f"troly {__version__}")
    parser.add_argument("--data-dir", help="thư mục giữ mọi dữ liệu (mặc định: TROLY_HOME)")
    parser.add_argument("--model", help="tệp mô hình GGUF dùng cho lần chạy này")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    from troly.core import netguard

    netguard.install_from_policy()  # every command, even those that open no session
    try:
        return func(args)
    except TrolyError as exc:
        print(f"troly: {exc.message_vi}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("troly: đã dừng.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_ERROR
    except OSError as exc:
        print(f"troly: lỗi tệp hoặc hệ thống: {exc}", file=sys.stderr)
        log.info("OS error", exc_info=True)  # the traceback to the log file, not the terminal
        return EXIT_ERROR
    except Exception as exc:  # the last line of defence: one line for the user, details logged
        log.info("Unexpected error", exc_info=True)  # to the log file, not the terminal
        print(
            f"troly: lỗi không mong đợi ({type(exc).__name__}: {exc}); chi tiết ở nhật ký "
            "troly.log.",
            file=sys.stderr,
        )
        return EXIT_ERROR
