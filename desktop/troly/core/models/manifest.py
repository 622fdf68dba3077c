"""The manifest of known models: `models/manifest.json`.

Each entry says what a model file is (name, size, sha256, licence, architecture, chat template,
context length). A hash nobody has checked is `null`, never guessed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from troly.core.errors import ModelError
from troly.core.resources import manifest_path


@dataclass(frozen=True)
class ManifestEntry:
    id: str
    display_name: str
    file_name: str
    size_bytes: int | None
    sha256: str | None
    licence: str
    architecture: str
    chat_template: str
    context_length: int | None
    parameters: str
    quantization: str
    source: str
    notes: str
    # "default": the app's model when installed; "test": the fast model the tests run on, and
    # the app's fallback. Empty for every other entry.
    role: str = ""
    # How set-up assembles a model that PyPI packages carry: "module:path" of each chunk, in
    # order, and the packages to name when they are missing.
    chunks: tuple[str, ...] = ()
    package: str = ""
    licence_file: str = ""  # under models/: the notice written beside the installed file

    @property
    def packaged(self) -> bool:
        return bool(self.chunks)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ManifestEntry:
        sha = raw.get("sha256")
        return cls(
            id=str(raw["id"]),
            display_name=str(raw.get("display_name", raw["id"])),
            file_name=str(raw["file_name"]),
            size_bytes=int(raw["size_bytes"]) if raw.get("size_bytes") is not None else None,
            sha256=str(sha).lower() if sha else None,
            licence=str(raw.get("licence", "")),
            architecture=str(raw.get("architecture", "")),
            chat_template=str(raw.get("chat_template", "")),
            context_length=(
                int(raw["context_length"]) if raw.get("context_length") is not None else None
            ),
            parameters=str(raw.get("parameters", "")),
            quantization=str(raw.get("quantization", "")),
            source=str(raw.get("source", "")),
            notes=str(raw.get("notes", "")),
            role=str(raw.get("role", "")),
            chunks=tuple(str(c) for c in raw.get("chunks", ())),
            package=str(raw.get("package", "")),
            licence_file=str(raw.get("licence_file", "")),
        )


@dataclass(frozen=True)
class Manifest:
    entries: tuple[ManifestEntry, ...]

    @property
    def default(self) -> ManifestEntry:
        """The app's model: the entry whose role is "default", else the first."""
        return next((e for e in self.entries if e.role == "default"), self.entries[0])

    @property
    def test_model(self) -> ManifestEntry:
        """The fast model the pipeline tests run on (role "test"), else the default."""
        return next((e for e in self.entries if e.role == "test"), self.default)

    @property
    def preferred(self) -> tuple[ManifestEntry, ...]:
        """The models the app uses when the user chose none, best first: the default, then the
        test model as the fallback when the default is not installed."""
        if self.test_model is self.default:
            return (self.default,)
        return (self.default, self.test_model)

    def by_id(self, model_id: str) -> ManifestEntry | None:
        return next((e for e in self.entries if e.id == model_id), None)

    def by_sha256(self, sha256: str) -> ManifestEntry | None:
        sha256 = sha256.lower()
        return next((e for e in self.entries if e.sha256 == sha256), None)

    def by_file_name(self, file_name: str) -> ManifestEntry | None:
        return next((e for e in self.entries if e.file_name == file_name), None)


def load_manifest(path: Path | None = None) -> Manifest:
    """Read the manifest; a broken one is an error (it is part of the installed product)."""
    path = path or manifest_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        entries = tuple(ManifestEntry.from_json(item) for item in raw["models"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(
            f"Danh mục mô hình {path} không đọc được: {exc}",
            f"The model manifest {path} cannot be read: {exc}",
        ) from exc
    if not entries:
        raise ModelError(f"Danh mục mô hình {path} trống.", f"The model manifest {path} is empty.")
    return Manifest(entries)


def manifest_hashes() -> list[str]:
    """The SHA-256 of every model the shipped manifest lists, [] when it cannot be read: the
    models a fail-closed policy still allows (passed to policy.load_policy by the Session)."""
    try:
        return [e.sha256 for e in load_manifest().entries if e.sha256]
    except ModelError:
        return []
