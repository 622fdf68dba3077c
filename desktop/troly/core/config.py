"""Where TroLy keeps its files, and the user's typed settings.

All state lives under one data directory: `--data-dir`, else `TROLY_HOME`, else the platform's
per-user folders. Settings are JSON with a schema version; a corrupt file falls back to defaults
with a warning and is kept aside, never silently overwritten with nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "TroLy"
SETTINGS_SCHEMA_VERSION = 1

DEFAULT_SYSTEM_PROMPT = (
    "Bạn là TroLy, trợ lý của cán bộ, công chức Việt Nam. Trả lời bằng tiếng Việt, "
    "ngắn gọn, chính xác, đúng văn phong hành chính. Nếu không biết, hãy nói là không biết."
)


@dataclass(frozen=True)
class Paths:
    """Every folder TroLy writes to. One root when a data dir is given, else the platform's."""

    data: Path
    config: Path
    cache: Path
    models: Path
    logs: Path

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> Paths:
        root = data_dir or os.environ.get("TROLY_HOME")
        if root:
            base = Path(root).expanduser().resolve()
            paths = cls(
                data=base,
                config=base / "config",
                cache=base / "cache",
                models=base / "models",
                logs=base / "logs",
            )
        else:
            data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
            paths = cls(
                data=data,
                config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
                cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
                models=data / "models",
                logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
            )
        return paths

    def ensure(self) -> Paths:
        for folder in (self.data, self.config, self.cache, self.models, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
            # Owner only: history, keys' metadata and caches are nobody else's business.
            if os.name == "posix":
                folder.chmod(0o700)
        return self

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def database_file(self) -> Path:
        return self.data / "troly.db"


def _physical_cores() -> int:
    import psutil

    return max(1, psutil.cpu_count(logical=False) or os.cpu_count() or 1)


def default_threads() -> int:
    """Threads that generate tokens when the user set none: the physical cores less one, at
    least one. llama.cpp's threads meet at a barrier after every layer, so when another program
    holds one of the cores the whole step waits for the descheduled thread: measured on a
    shared 2-core machine (issue 12), 2 threads generated 1.0 token/s where 1 thread made 6.0,
    and beside one more busy process 0.14 where 1 thread made 2.0. Hyper-threads gain nothing."""
    return max(1, _physical_cores() - 1)


def default_batch_threads() -> int:
    """Threads that read the prompt when the user set none: as many as generate. Reading a
    prompt is large matrix products with fewer barriers, yet beside busy programs it collapses
    too: on the shared 2-core machine 2 threads read 80 tokens/s where 1 read 144, and beside
    one more busy process 20 where 1 read 72 (issue 12, tests/bench/test_bench_threads.py).
    Every core reads faster while the others are idle: see default_burst_threads."""
    return default_threads()


def default_burst_threads() -> int:
    """Threads that read a prompt while no other program wants a core: all the physical ones.
    The engine looks at the load before each batch of the prompt (engine/cpu_load.py) and goes
    back to default_batch_threads as soon as another program runs, so the busy case above
    never applies; on an idle PC the core left free would otherwise be wasted."""
    return _physical_cores()


THEMES = ("system", "light", "dark")


@dataclass
class Settings:
    """The user's settings, with defaults for everything."""

    schema_version: int = SETTINGS_SCHEMA_VERSION
    language: str = "vi"
    model_path: str = ""
    temperature: float = 0.7
    top_p: float = 0.9
    max_tokens: int = 512
    context_length: int = 4096
    threads: int = 0  # 0: automatic (default_threads, default_batch_threads and burst_threads)
    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    font_size: int = 0  # points; 0: the desktop's own size
    theme: str = "system"  # "system" (follows the desktop's light or dark), "light", "dark"
    welcome_seen: bool = False  # the first-run page has been shown
    extra: dict[str, Any] = field(default_factory=dict)

    def effective_threads(self) -> int:
        """Generation threads: the user's (or the administrator's) value, else the default."""
        return self.threads if self.threads > 0 else default_threads()

    def effective_batch_threads(self) -> int:
        """Prompt-reading threads: a set value applies to both, else default_batch_threads."""
        return self.threads if self.threads > 0 else default_batch_threads()

    def effective_burst_threads(self) -> int:
        """Prompt-reading threads on an idle PC: none beyond the others when a value is set
        (the user's or the administrator's count is the count), else default_burst_threads."""
        return 0 if self.threads > 0 else default_burst_threads()

    def validated(self) -> Settings:
        """A copy with every value brought inside its sane range."""
        return dataclasses.replace(
            self,
            language=self.language if self.language in ("vi", "en") else "vi",
            temperature=min(max(float(self.temperature), 0.0), 2.0),
            top_p=min(max(float(self.top_p), 0.0), 1.0),
            max_tokens=min(max(int(self.max_tokens), 1), 32768),
            context_length=min(max(int(self.context_length), 256), 131072),
            threads=min(max(int(self.threads), 0), 256),
            font_size=0 if int(self.font_size) <= 0 else min(max(int(self.font_size), 8), 28),
            theme=self.theme if self.theme in THEMES else "system",
            welcome_seen=bool(self.welcome_seen),
        )


def _migrate(raw: dict[str, Any]) -> dict[str, Any]:
    """Bring an older settings file up to the current schema. Version 1 is the first."""
    raw = dict(raw)
    raw["schema_version"] = SETTINGS_SCHEMA_VERSION
    return raw


def load_settings(paths: Paths) -> Settings:
    """Read the settings; a missing file gives defaults, a corrupt one defaults and a warning."""
    path = paths.settings_file
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("settings file is not a JSON object")
    except (OSError, ValueError) as exc:
        backup = path.with_suffix(".corrupt.json")
        log.warning(
            "Settings file %s is unreadable (%s); using defaults, kept as %s", path, exc, backup
        )
        with contextlib.suppress(OSError):
            path.replace(backup)
        return Settings()
    raw = _migrate(raw)
    known = {f.name for f in dataclasses.fields(Settings)}
    values = {k: v for k, v in raw.items() if k in known}
    try:
        return Settings(**values).validated()
    except (TypeError, ValueError) as exc:
        log.warning("Settings file %s has bad values (%s); using defaults", path, exc)
        return Settings()


def save_settings(paths: Paths, settings: Settings) -> None:
    """Write the settings atomically: a crash mid-write leaves the previous file."""
    paths.ensure()
    path = paths.settings_file
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps(dataclasses.asdict(settings.validated()), ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    os.replace(tmp, path)
