"""Files the user saves (drafts, summaries), written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from troly.core.errors import TrolyError


def write_atomically(target: str | Path, write: Callable[[BinaryIO], object]) -> Path:
    """Call `write` with a file beside `target`, then rename it over `target`.

    A failure, a crash or a kill leaves the previous file (or none), never half of one. The file
    is created as any file the user saves is, with the permissions their umask gives, not
    private as a temporary file (tempfile.mkstemp) would be: it is a document to share. An
    OSError is a TrolyError naming the file.
    """
    target = Path(target).expanduser()
    partial = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "xb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())  # on disk before the rename makes it the file
        os.replace(partial, target)
    except OSError as exc:
        raise TrolyError(
            f"Không ghi được tệp {target}: {exc.strerror or exc}",
            f"Cannot write {target}: {exc.strerror or exc}",
        ) from exc
    finally:
        with contextlib.suppress(OSError):  # gone once renamed; never hide the first error
            partial.unlink()
    return target
