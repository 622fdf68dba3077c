"""What every `troly` subcommand shares: the session, JSON output, Ctrl-C handling."""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import threading
import unicodedata
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


# Characters a terminal acts on rather than shows: C0/C1 controls (ESC starts a sequence that
# clears the screen or moves the cursor, CR rewrites the line), line and paragraph separators,
# and the bidirectional overrides that show a name in another order than its letters.
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def shown(text: str) -> str:
    """Text from outside (a file name, a message naming one) as it is safe to print on a
    terminal: control characters as escapes (\\x1b, \\r, \\n), and the bytes of a name that
    is not UTF-8 as \\xff, which print() would otherwise refuse."""
    return "".join(_shown_char(ch) for ch in text)


def _shown_char(ch: str) -> str:
    if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
        return ch.encode("unicode_escape").decode("ascii")
    if "\ud800" <= ch <= "\udfff":  # surrogateescape: the byte the name had
        code = ord(ch)
        return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"
    return ch


def print_json(value: Any) -> None:
    """The command's one JSON document on stdout."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    # A name that is not UTF-8 holds lone surrogates, which stdout cannot encode: as \\udcff
    # escapes the document stays valid JSON (json.loads gives the same string back).
    text = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    sys.stdout.write(text)
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
