"""What every `troly` subcommand shares: the session, JSON output, Ctrl-C handling."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from troly.core.engine.base import EngineInfo
    from troly.core.session import Session

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class _JsonOutput:
    """Whether the command line asked for JSON, and whether the document has been printed."""

    wanted = False
    printed = False


JSON_OUTPUT = _JsonOutput()


class Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, exit code 2 (and a JSON document when asked for)."""

    def error(self, message: str) -> Any:
        if JSON_OUTPUT.wanted and not JSON_OUTPUT.printed:
            print_json(
                {
                    "error": {
                        "message": f"cách dùng không đúng: {message}",
                        "message_en": f"usage: {message}",
                        "exit_code": EXIT_USAGE,
                    }
                }
            )
        self.exit(EXIT_USAGE, f"troly: {message}\n")


# The object `add_subparsers()` returns, which each command module registers itself on.
if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[Parser]
else:
    Subparsers = argparse._SubParsersAction


def print_json(value: Any) -> None:
    """The command's one JSON document on stdout."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    sys.stdout.flush()
    JSON_OUTPUT.printed = True


@contextmanager
def ctrl_c_sets(event: threading.Event) -> Iterator[None]:
    """While a long job runs, Ctrl-C sets its stop flag instead of killing the program."""
    previous = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, lambda *_: event.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


_SESSIONS: list[Session] = []


def open_session(args: argparse.Namespace) -> Session:
    """The command's session; `close_sessions` frees what it loaded when the command ends."""
    from troly.core.session import Session, setup_logging

    session = Session(args.data_dir, args.model)
    setup_logging(session.paths)
    _SESSIONS.append(session)
    return session


def close_sessions() -> None:
    while _SESSIONS:
        _SESSIONS.pop().close()


def describe_engine(info: EngineInfo) -> str:
    """Where the answer came from, as the status bar says it."""
    if info.kind == "remote":
        return f"Máy chủ của cơ quan: {info.host} · {info.model}"
    return f"Trên máy này · {info.model}"
