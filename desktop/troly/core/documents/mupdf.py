"""PyMuPDF, imported on first use and kept quiet.

MuPDF reports every problem it meets in a damaged file, and PyMuPDF prints those reports on
stdout by default: a truncated PDF gave 13,137 lines of "MuPDF error: format error: object is
not a stream" before `troly index --json` printed its JSON, so no script could parse it. Here
the reports are kept, not printed: the readers take them after each file and write a summary to
TroLy's log file, and PyMuPDF's own messages go to the log as well.
"""

from __future__ import annotations

import logging
from types import ModuleType

log = logging.getLogger(__name__)

# At most this many of a file's MuPDF messages are logged; the rest are only counted.
LOGGED_MESSAGES = 5

_module: ModuleType | None = None


def load() -> ModuleType:
    """The pymupdf module, with MuPDF's errors and warnings kept off the terminal."""
    global _module
    if _module is None:
        import pymupdf as module

        module.TOOLS.mupdf_display_errors(False)
        module.TOOLS.mupdf_display_warnings(False)
        module.set_messages(pylogging=True, pylogging_name="troly.mupdf")
        module.set_log(pylogging=True, pylogging_name="troly.mupdf")
        # The table finder prints an advertisement for another package on stdout, once.
        getattr(module, "no_recommend_layout", lambda: None)()
        _module = module
    return _module


def forget_messages() -> None:
    """Drop MuPDF's stored messages, before reading a file whose messages are wanted."""
    load().TOOLS.reset_mupdf_warnings()


def log_messages(what: str) -> int:
    """Write a summary of MuPDF's messages since `forget_messages` to the log and drop them.
    Returns how many there were."""
    text = load().TOOLS.mupdf_warnings(reset=1)
    messages = [line for line in str(text).splitlines() if line.strip()]
    if messages:
        log.info(
            "MuPDF reported %d problem(s) reading %s; first: %s",
            len(messages),
            what,
            " | ".join(messages[:LOGGED_MESSAGES]),
        )
    return len(messages)
