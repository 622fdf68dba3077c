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


class Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, exit code 2."""

    def error(self, message: str) -> Any:
        self.exit(EXIT_USAGE, f"troly: {message}\n")


# The object `add_subparsers()` returns, which each command module registers itself on.
if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[Parser]
else:
    Subparsers = argparse._SubParsersAction


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


@contextmanager
def ctrl_c_sets(event: threading.Event) -> Iterator[None]:
    """While a long job runs, Ctrl-C sets its stop flag instead of killing the program."""
    previous = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, lambda *_: event.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def open_session(args: argparse.Namespace) -> Session:
    from troly.core.session import Session, setup_logging

    session = Session(args.data_dir, args.model)
    setup_logging(session.paths)
    return session


def describe_engine(info: EngineInfo) -> str:
    """Where the answer came from, as the status bar says it."""
    if info.kind == "remote":
        return f"Máy chủ của cơ quan: {info.host} · {info.model}"
    return f"Trên máy này · {info.model}"
