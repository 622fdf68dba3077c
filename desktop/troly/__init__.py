"""TroLy: an offline AI assistant for Vietnamese public servants."""

from __future__ import annotations

import functools
import sys
from pathlib import Path


@functools.cache
def version() -> str:
    """The installed version (pyproject.toml is its one source), read only when asked for.

    The package's METADATA file is read directly: importing importlib.metadata (email, zipfile,
    csv) costs more than the rest of `troly --version`. importlib.metadata is the fallback."""
    for entry in sys.path:
        for metadata_file in Path(entry or ".").glob("troly-*.dist-info/METADATA"):
            try:
                with metadata_file.open(encoding="utf-8") as lines:
                    for line in lines:
                        if line.startswith("Version:"):
                            return line.split(":", 1)[1].strip()
                        if not line.strip():  # the headers end at the first blank line
                            break
            except OSError:
                continue
    from importlib import metadata

    try:
        return metadata.version("troly")
    except metadata.PackageNotFoundError:  # a source tree that was never installed
        return "0.0.0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return version()
    raise AttributeError(f"module 'troly' has no attribute {name!r}")
