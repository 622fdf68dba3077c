"""The machine's model (installed by troly-model-*.deb in /usr/share/troly/models): used when the
user has no default model of their own, only when it verifies, never ahead of the policy."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from troly.core import policy as policy_module
from troly.core.models import library
from troly.core.models.manifest import load_manifest
from troly.core.session import Session


@pytest.fixture(scope="module")
def system_dir(default_model, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("usr-share-troly") / "models"
    folder.mkdir()
    shutil.copyfile(default_model.path, folder / default_model.path.name)
    return folder


@pytest.fixture(autouse=True)
def no_machine_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    policy_file = tmp_path / "policy.json"  # absent: no policy, unless a test writes one
    monkeypatch.setenv("TROLY_POLICY_FILE", str(policy_file))
    yield policy_file
    policy_module.set_current(None)


def test_fresh_user_gets_the_verified_system_model(
    system_dir: Path, troly_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library, "SYSTEM_MODEL_DIR", system_dir)
    session = Session(troly_home)
    chosen = session.model_path()
    assert chosen == system_dir / load_manifest().default.file_name
    model = session.verify()
    assert model.path == chosen
    assert model.entry is not None and model.entry.id == load_manifest().default.id
    assert not list(session.paths.models.glob("*.gguf"))  # no copy assembled for the user


def test_the_users_own_default_model_comes_first(
    system_dir: Path, troly_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library, "SYSTEM_MODEL_DIR", system_dir)
    session = Session(troly_home)
    own = session.paths.models / load_manifest().default.file_name
    own.write_bytes(b"")  # only its presence matters for the choice
    assert session.model_path() == own


def test_a_system_model_that_does_not_verify_is_not_used(  # type: ignore[no-untyped-def]
    default_model, tmp_path: Path, troly_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    tampered = folder / default_model.path.name
    shutil.copyfile(default_model.path, tampered)
    with tampered.open("r+b") as handle:  # one byte deep in the weights, same size
        handle.seek(default_model.info.file_size // 2)
        byte = handle.read(1)
        handle.seek(-1, 1)
        handle.write(bytes([byte[0] ^ 0xFF]))
    monkeypatch.setattr(library, "SYSTEM_MODEL_DIR", folder)
    session = Session(troly_home)
    assert session.model_path() == session.paths.models / default_model.path.name


def test_the_policy_model_dir_rule_comes_first(
    system_dir: Path,
    tmp_path: Path,
    troly_home: Path,
    no_machine_policy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(library, "SYSTEM_MODEL_DIR", system_dir)
    admin_dir = tmp_path / "admin-models"
    admin_dir.mkdir()
    no_machine_policy.write_text(json.dumps({"model_dir": str(admin_dir)}), encoding="utf-8")
    session = Session(troly_home)
    assert session.model_path() == admin_dir / load_manifest().default.file_name
    side_loaded = admin_dir / "agency-model.gguf"
    side_loaded.write_bytes(b"")
    assert session.model_path() == side_loaded


def test_no_system_folder_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library, "SYSTEM_MODEL_DIR", None)
    assert library.system_default_model(load_manifest()) is None
