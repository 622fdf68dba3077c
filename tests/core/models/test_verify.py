from __future__ import annotations

import shutil
import tracemalloc
from pathlib import Path

import pytest

from troly.core.config import Paths
from troly.core.errors import ModelError
from troly.core.models import verify as verify_module
from troly.core.models.library import hash_cache, import_model
from troly.core.models.manifest import load_manifest
from troly.core.models.verify import HashCache, hash_matches_manifest, sha256_file, verify_model
from troly.core.policy import Policy

DEFAULT_SHA = "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"


def test_default_model_matches_the_manifest(default_model) -> None:
    assert default_model.sha256 == DEFAULT_SHA
    assert hash_matches_manifest(default_model)
    assert default_model.entry is not None
    assert default_model.entry.id == load_manifest().test_model.id


def test_hashing_streams_in_bounded_memory(default_model) -> None:
    tracemalloc.start()
    try:
        digest = sha256_file(default_model.path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert digest == DEFAULT_SHA
    assert peak < 32 * 1024 * 1024  # a 250 MB file, never read whole
    assert default_model.info.file_size > 200 * 1024 * 1024


def test_hash_is_cached_by_path_size_and_mtime(
    default_model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    real = verify_module.sha256_file

    def counting(path: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(verify_module, "sha256_file", counting)
    cache = HashCache(tmp_path / "hashes.json")
    manifest = load_manifest()
    verify_model(default_model.path, manifest, cache, policy=Policy())
    verify_model(default_model.path, manifest, cache, policy=Policy())
    assert len(calls) == 1


def test_tampered_model_is_refused(default_model, tmp_path: Path) -> None:
    tampered = tmp_path / default_model.path.name  # same name as the manifest's entry
    shutil.copyfile(default_model.path, tampered)
    with tampered.open("r+b") as handle:  # one byte deep in the weights
        handle.seek(default_model.info.file_size // 2)
        byte = handle.read(1)
        handle.seek(-1, 1)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ModelError) as err:
        verify_model(tampered, load_manifest(), HashCache(tmp_path / "h.json"), policy=Policy())
    assert "không khớp mã băm" in err.value.message_vi
    assert tampered.name in err.value.message_vi


def test_unknown_model_is_allowed_but_marked_unknown(default_model, tmp_path: Path) -> None:
    other = tmp_path / "mine.gguf"
    shutil.copyfile(default_model.path, other)
    with other.open("ab") as handle:  # trailing bytes: same tensors, another hash
        handle.write(b"\0" * 32)
    model = verify_model(other, load_manifest(), policy=Policy())
    assert model.entry is None
    assert not hash_matches_manifest(model)


def test_import_copies_and_verifies(default_model, tmp_path: Path) -> None:
    paths = Paths.resolve(tmp_path / "home").ensure()
    imported = import_model(default_model.path, paths, load_manifest(), policy=Policy())
    assert imported.path == (paths.models / default_model.path.name).resolve()
    assert imported.sha256 == DEFAULT_SHA
    assert hash_cache(paths).get(imported.path) == DEFAULT_SHA
    assert not list(paths.models.glob("*.part"))
    same_name_elsewhere = _renamed_copy(default_model.path, tmp_path, default_model.path.name)
    with pytest.raises(ModelError, match="đã có một tệp"):
        import_model(same_name_elsewhere, paths, load_manifest(), policy=Policy())


def _renamed_copy(source: Path, tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    target = folder / name
    shutil.copyfile(source, target)
    return target


def test_import_refuses_a_bad_file(tmp_path: Path) -> None:
    paths = Paths.resolve(tmp_path / "home").ensure()
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a model at all" * 1000)
    with pytest.raises(ModelError):
        import_model(bad, paths, load_manifest(), policy=Policy())
    assert list(paths.models.iterdir()) == []
