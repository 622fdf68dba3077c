"""The `troly` command: the same core as the desktop app, for administrators, scripts and tests.

Each command group lives in its own module with a `register(subparsers)` function. Exit code 0
on success; otherwise one line on stderr saying why, and no traceback. With `--json`, stdout
carries exactly one JSON document whatever happens: the result, or `{"error": {...}}`.

Start-up is kept short: only the module of the command being run is imported (all of them for
`--help`), and each module imports the heavy libraries only inside the functions that use them.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from troly.cli import common
from troly.cli.common import EXIT_ERROR, EXIT_INTERRUPTED, Parser

if TYPE_CHECKING:
    from troly.core.errors import TrolyError

log = logging.getLogger(__name__)

# Each command, and the module that registers it (a module may register several).
COMMANDS: dict[str, str] = {
    "generate": "generate",
    "chat": "chat",
    "models": "models",
    "index": "index",
    "search": "index",
    "ask": "ask",
    "summarize": "summarize",
    "consolidate": "consolidate",
    "draft": "draft",
    "check-format": "draft",
    "policy": "policy",
    "engine": "engine",
    "audit": "audit",
    "wipe": "wipe",
    "gui": "gui",
}
# Options before the command that take a value: skipped when looking for the command's name.
_GLOBAL_WITH_VALUE = {"--data-dir", "--model"}


class _VersionAction(argparse.Action):
    """`--version`, reading the installed version only when asked for."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="in số phiên bản rồi thoát")

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kw: object) -> None:
        from troly import version

        print(f"troly {version()}")
        parser.exit()


def _command_name(argv: Sequence[str]) -> str | None:
    """The command word in argv (after the global options), or None."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _GLOBAL_WITH_VALUE:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with a known command, only that command's module is imported."""
    parser = Parser(prog="troly", description="TroLy: trợ lý AI ngoại tuyến.")
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument("--data-dir", help="thư mục giữ mọi dữ liệu (mặc định: TROLY_HOME)")
    parser.add_argument("--model", help="tệp mô hình GGUF dùng cho lần chạy này")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    if command in COMMANDS:
        modules = [COMMANDS[command]]
    elif command == "--version":  # answered before any command would be looked at
        modules = []
    else:  # --help, a typo, no command: every command, so that usage lists them all
        modules = list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        importlib.import_module(f"troly.cli.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    common.JSON_OUTPUT.wanted = "--json" in argv
    command = _command_name(argv)
    if command is None and "--version" in argv:
        command = "--version"
    args = build_parser(command).parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    from troly.core import netguard

    netguard.install_from_policy()  # every command, even those that open no session
    code, message_vi, message_en = _run(func, args)
    if code != 0 and message_vi:
        # shown(): the message may name a file, whose name may hold terminal controls.
        print(f"troly: {common.shown(message_vi)}", file=sys.stderr)
    if common.JSON_OUTPUT.wanted and not common.JSON_OUTPUT.printed:
        # A script asked for JSON: it gets a document even when the command failed.
        common.print_json(
            {
                "error": {
                    "message": message_vi or "lệnh không thành công; lý do ở stderr.",
                    "message_en": message_en or "the command failed; see stderr.",
                    "exit_code": code,
                }
            }
        )
    return code


def _run(
    func: Callable[[argparse.Namespace], int], args: argparse.Namespace
) -> tuple[int, str, str]:
    """The command's exit code, and the message of its failure (empty when it says why itself)."""
    from troly.core.errors import TrolyError

    try:
        try:
            return func(args), "", ""
        finally:
            common.close_sessions()
    except TrolyError as exc:
        return EXIT_ERROR, exc.message_vi, exc.message_en
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED, "đã dừng.", "interrupted."
    except BrokenPipeError:  # the reader went away: nothing more can be written to it
        common.JSON_OUTPUT.wanted = False
        return EXIT_ERROR, "", ""
    except OSError as exc:
        log.info("OS error", exc_info=True)  # the traceback to the log file, not the terminal
        return EXIT_ERROR, f"lỗi tệp hoặc hệ thống: {exc}", f"file or system error: {exc}"
    except Exception as exc:  # the last line of defence: one line for the user, details logged
        log.info("Unexpected error", exc_info=True)  # to the log file, not the terminal
        damaged = _damaged_database(exc, args)
        if damaged is not None:
            return EXIT_ERROR, damaged.message_vi, damaged.message_en
        return (
            EXIT_ERROR,
            f"lỗi không mong đợi ({type(exc).__name__}: {exc}); chi tiết ở nhật ký troly.log.",
            f"unexpected error ({type(exc).__name__}: {exc}); details in troly.log.",
        )


def _damaged_database(exc: Exception, args: argparse.Namespace) -> TrolyError | None:
    """The clear error, with the way to recover, when `exc` is SQLite finding the encrypted
    database damaged in the middle of the command; None for any other error."""
    from troly.core.config import Paths
    from troly.core.vault import as_damaged_database

    try:
        database = Paths.resolve(getattr(args, "data_dir", None)).database_file
    except (OSError, RuntimeError):  # the data folder itself is the problem: say that error
        return None
    return as_damaged_database(exc, database)
