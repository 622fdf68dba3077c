"""The user's agency, signer and usual recipients, remembered between drafts.

A small JSON file in the config folder (drafting.json): names and titles only, nothing secret;
a corrupt file is ignored, not fatal.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path

log = logging.getLogger(__name__)

REMEMBERED = (
    "co_quan_chu_quan",
    "co_quan",
    "ky_hieu",
    "dia_danh",
    "quyen_han",
    "chuc_vu",
    "nguoi_ky",
    "noi_nhan",
    "nguoi_soan",
)


def memory_file(config_dir: Path) -> Path:
    return config_dir / "drafting.json"


def load_remembered(config_dir: Path) -> dict[str, str]:
    """The remembered field values (empty when there are none or the file is unreadable)."""
    path = memory_file(config_dir)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("Ignoring unreadable %s: %s", path, exc)
        return {}
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if k in REMEMBERED and isinstance(v, str)}


def remember(config_dir: Path, values: Mapping[str, str]) -> None:
    """Keep the non-empty remembered fields of `values`, written atomically."""
    current = load_remembered(config_dir)
    current.update({k: v for k, v in values.items() if k in REMEMBERED and v.strip()})
    config_dir.mkdir(parents=True, exist_ok=True)
    path = memory_file(config_dir)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(current, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)
