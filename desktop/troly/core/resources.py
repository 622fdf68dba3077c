"""One way to find bundled resources, from a checkout, an installed package or a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def project_root() -> Path:
    """The folder that holds `resources/` and `models/`."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    # desktop/troly/core/resources.py -> the checkout root is three levels above `troly`.
    return Path(__file__).resolve().parents[3]


def resource_path(*parts: str) -> Path:
    return project_root().joinpath("resources", *parts)


def manifest_path() -> Path:
    return project_root() / "models" / "manifest.json"
