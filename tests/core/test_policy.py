"""The administrator's policy: schema, sources, fail-closed, and what it locks or refuses."""

from __future__ import annotations

import base64
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from troly.cli import policy as policy_cli
from troly.cli.common import Parser
from troly.core import audit, netguard, policy
from troly.core.errors import ModelError
from troly.core.policy import PolicyError, load_policy

REPO = Path(__file__).resolve().parents[2]
SHA_A = "a" * 64


@pytest.fixture
def isolated_policy(machine_policy: Path) -> Path:
    """Each test's policy file (conftest's machine_policy: empty until written)."""
    return machine_policy


def write(file: Path, values: dict[str, Any]) -> Path:
    file.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return file


def no_hashes() -> list[str]:
    return []


def test_no_machine_policy_file_means_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The machine's own location absent: no policy. (A file TROLY_POLICY_FILE names that is
    # absent fails closed: test_policy_hostile.py.)
    monkeypatch.delenv(policy.ENV_POLICY_FILE)
    monkeypatch.setattr(policy, "machine_policy_file", lambda: tmp_path / "absent.json")
    p = load_policy(registry={})
    assert not p.fail_closed
    assert p.history_enabled and p.export_enabled and p.allow_model_import
    assert p.allowed_index_folders is None and p.allowed_engine_url is None
    assert all(p.source(spec.key) == "default" for spec in policy.SCHEMA)
    assert p.locked_settings() == frozenset()


def test_file_values_and_sources(isolated_policy: Path, tmp_path: Path) -> None:
    write(
        isolated_policy,
        {
            "_comment": "ignored",
            "history_retention_days": 30,
            "export_enabled": False,
            "allowed_index_folders": [str(tmp_path / "docs")],
            "allowed_model_sha256": [SHA_A.upper()],
            "ui_language": "en",
            "max_threads": 2,
            "allowed_engine_url": "http://10.0.0.5:8080/v1",
        },
    )
    p = load_policy(registry={})
    assert not p.fail_closed and p.warnings == ()
    assert p.history_retention_days == 30 and p.export_enabled is False
    assert p.allowed_model_sha256 == (SHA_A,)
    assert p.engine_host() == ("10.0.0.5", 8080)
    assert p.source("export_enabled") == str(isolated_policy)
    assert p.source("history_enabled") == "default"
    assert p.locked_settings() == {"language", "threads", "model_path"}


def test_registry_wins_over_file(isolated_policy: Path) -> None:
    write(isolated_policy, {"export_enabled": True, "history_retention_days": 30})
    # Group Policy writes REG_DWORD 0/1 and REG_MULTI_SZ lists.
    p = load_policy(registry={"export_enabled": 0, "allowed_model_sha256": [SHA_A]})
    assert p.export_enabled is False
    assert p.source("export_enabled") == "registry:HKLM\\SOFTWARE\\Policies\\TroLy\\export_enabled"
    assert p.history_retention_days == 30
    assert p.source("history_retention_days") == str(isolated_policy)


def test_unknown_keys_are_warned_not_fatal(isolated_policy: Path) -> None:
    write(isolated_policy, {"telemetry": True, "export_enabled": False})
    p = load_policy(registry={})
    assert not p.fail_closed and not p.export_enabled
    assert any("telemetry" in w for w in p.warnings)


@pytest.mark.parametrize(
    "values",
    [
        {"history_retention_days": 0},
        {"history_retention_days": "30"},
        {"max_threads": 1000},
        {"export_enabled": "no"},
        {"allowed_model_sha256": ["abc"]},
        {"allowed_index_folders": ["relative/folder"]},
        {"allowed_engine_url": "ftp://host"},
        {"trusted_manifest_keys": ["bm90IGEga2V5"]},
        {"ui_language": "fr"},
    ],
)
def test_invalid_values_fail_closed(isolated_policy: Path, values: dict[str, Any]) -> None:
    write(isolated_policy, {"export_enabled": True, **values})
    p = load_policy(registry={}, known_hashes=lambda: [SHA_A])
    assert p.fail_closed
    assert "không hợp lệ" in p.error_vi and "hạn chế nhất" in p.error_vi
    assert not p.history_enabled and not p.export_enabled and not p.allow_model_import
    assert p.allowed_index_folders == () and p.allowed_engine_url is None
    assert p.allowed_model_sha256 == (SHA_A,)  # only the manifest's known models
    assert p.source("export_enabled") == "fail-closed"


def test_unreadable_policy_fails_closed(isolated_policy: Path) -> None:
    isolated_policy.write_text("{ not json", encoding="utf-8")
    p = load_policy(registry={}, known_hashes=no_hashes)
    assert p.fail_closed and str(isolated_policy) in p.error_vi
    isolated_policy.write_text("[1, 2]", encoding="utf-8")
    assert load_policy(registry={}, known_hashes=no_hashes).fail_closed


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_permissions_fail_closed(isolated_policy: Path) -> None:
    write(isolated_policy, {})
    isolated_policy.chmod(0)
    assert load_policy(registry={}, known_hashes=no_hashes).fail_closed


def test_example_policy_is_valid() -> None:
    example = REPO / "installer" / "policy" / "policy.example.json"
    p = load_policy(example, registry={})
    assert not p.fail_closed, p.error_vi
    assert p.warnings == ()
    documented = json.loads(example.read_text(encoding="utf-8"))
    assert {spec.key for spec in policy.SCHEMA} <= set(documented)


def test_admx_names_every_key() -> None:
    admx = (REPO / "installer" / "policy" / "troly.admx").read_text(encoding="utf-8")
    for spec in policy.SCHEMA:
        assert f'"{spec.key}"' in admx, spec.key
    for lang in ("vi-VN", "en-US"):
        adml = (REPO / "installer" / "policy" / lang / "troly.adml").read_text(encoding="utf-8")
        assert "<stringTable>" in adml


# -- applied by the session -------------------------------------------------------------------


def test_session_applies_locked_settings(isolated_policy: Path, troly_home: Path) -> None:
    from troly.core.config import Paths, Settings, save_settings
    from troly.core.session import Session

    save_settings(Paths.resolve(troly_home), Settings(language="vi", threads=8))
    write(isolated_policy, {"ui_language": "en", "max_threads": 2})
    session = Session()
    assert session.settings.language == "en" and session.settings.threads == 2
    assert session.user_settings.language == "vi"  # the user's file is not rewritten
    assert {"language", "threads"} <= session.policy.locked_settings()
    assert netguard.is_installed()


def test_history_off_refuses_history_store(isolated_policy: Path) -> None:
    from troly.core.session import Session

    write(isolated_policy, {"history_enabled": False})
    with pytest.raises(PolicyError) as err:
        Session().open_history()
    assert "tắt lưu lịch sử" in err.value.message_vi


# -- indexing only inside allowed folders -----------------------------------------------------


def test_index_refuses_outside_folders_symlinks_and_dotdot(
    isolated_policy: Path, tmp_path: Path
) -> None:
    from troly.core.index.store import IndexStore
    from troly.core.index.sync import sync_collection
    from troly.core.vault import forget_database_key, open_encrypted_database

    allowed = tmp_path / "allowed"
    secret = tmp_path / "secret"
    allowed.mkdir()
    secret.mkdir()
    (allowed / "ok.txt").write_text("Điều 1. Văn bản được phép.", encoding="utf-8")
    (secret / "mat.txt").write_text("Điều 1. Văn bản mật.", encoding="utf-8")
    (allowed / "link.txt").symlink_to(secret / "mat.txt")
    (allowed / "linkdir").symlink_to(secret, target_is_directory=True)
    write(isolated_policy, {"allowed_index_folders": [str(allowed)]})
    db = tmp_path / "index.db"
    store = IndexStore(open_encrypted_database(db), policy=load_policy(registry={}))
    audit.configure(db)  # as the session does
    try:
        for escape in (secret, allowed / ".." / "secret", allowed / "linkdir"):
            with pytest.raises(PolicyError) as err:
                sync_collection(store, "vb", [escape])
            assert "không cho lập chỉ mục" in err.value.message_vi
        report = sync_collection(store, "vb", [allowed])
        status = {Path(r.path).name: (r.status, r.error) for r in report.results}
        assert status["ok.txt"][0] == "indexed"
        # The symlinks inside the allowed folder resolve to the secret file: refused.
        assert status["mat.txt"][0] == "failed"
        assert "không cho lập chỉ mục" in status["mat.txt"][1]
        # Nothing of the secret file is searchable (by meaning, the allowed file is nearest).
        hits = store.search("mật", "vb", 5)
        assert [Path(h.file).name for h in hits] in ([], ["ok.txt"])
        assert all("mật" not in h.text for h in hits)
        entries = list(audit.AuditLog(store.db).entries())
        refused = [e for e in entries if e.action == "policy_refused"]
        assert len(refused) == 4 and refused[-1].files == (str((secret / "mat.txt").resolve()),)
    finally:
        audit.configure(None)
        store.db.close()
        forget_database_key(db)


# -- export, import, models -------------------------------------------------------------------


def test_export_off_refuses_drafts(isolated_policy: Path, tmp_path: Path) -> None:
    from troly.core.nd30 import DraftFields, get_type, write_docx

    write(isolated_policy, {"export_enabled": False})
    out = tmp_path / "out.docx"
    with pytest.raises(PolicyError) as err:
        write_docx(
            get_type("cong-van"),
            DraftFields.from_mapping({}),
            "Nội dung.",
            out,
            policy=load_policy(registry={}),
        )
    assert "không cho xuất" in err.value.message_vi
    assert not out.exists()


def test_import_forbidden(isolated_policy: Path, tmp_path: Path, troly_home: Path) -> None:
    from troly.core.config import Paths
    from troly.core.models.library import import_model
    from troly.core.models.manifest import load_manifest

    write(isolated_policy, {"allow_model_import": False})
    with pytest.raises(PolicyError) as err:
        import_model(
            tmp_path / "x.gguf",
            Paths.resolve(troly_home),
            load_manifest(),
            policy=load_policy(registry={}),
        )
    assert "không cho thêm mô hình" in err.value.message_vi


def test_model_hash_must_be_allowed(isolated_policy: Path, default_model: Any) -> None:
    from troly.core.models.manifest import load_manifest
    from troly.core.models.verify import verify_model

    write(isolated_policy, {"allowed_model_sha256": [SHA_A]})
    with pytest.raises(ModelError) as err:
        verify_model(default_model.path, load_manifest(), policy=load_policy(registry={}))
    assert default_model.path.name in err.value.message_vi
    assert "phê duyệt" in err.value.message_vi
    write(isolated_policy, {"allowed_model_sha256": [SHA_A, default_model.sha256]})
    assert (
        verify_model(default_model.path, load_manifest(), policy=load_policy(registry={})).sha256
        == default_model.sha256
    )


def _keypair() -> tuple[Any, str]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    private = Ed25519PrivateKey.generate()
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return private, base64.b64encode(public).decode()


def test_signed_manifest(isolated_policy: Path, tmp_path: Path, default_model: Any) -> None:
    from troly.core.models.manifest import load_manifest
    from troly.core.models.verify import verify_model

    folder = tmp_path / "agency-models"
    folder.mkdir()
    model = folder / default_model.path.name
    shutil.copyfile(default_model.path, model)
    manifest = folder / "manifest.json"
    entry = {"id": "agency", "file_name": model.name, "sha256": default_model.sha256}
    manifest.write_text(json.dumps({"models": [entry]}), encoding="utf-8")
    private, public = _keypair()
    signature = folder / "manifest.json.sig"
    signature.write_bytes(base64.b64encode(private.sign(manifest.read_bytes())))
    write(isolated_policy, {"trusted_manifest_keys": [public], "model_dir": str(folder)})

    assert (
        verify_model(model, load_manifest(), policy=load_policy(registry={})).sha256
        == default_model.sha256
    )

    # Another agency's key: the signature no longer matches a trusted key.
    _other, other_public = _keypair()
    write(isolated_policy, {"trusted_manifest_keys": [other_public], "model_dir": str(folder)})
    with pytest.raises(ModelError) as err:
        verify_model(model, load_manifest(), policy=load_policy(registry={}))
    assert str(manifest) in err.value.message_vi and "Chữ ký" in err.value.message_vi

    # The manifest edited after signing.
    write(isolated_policy, {"trusted_manifest_keys": [public], "model_dir": str(folder)})
    manifest.write_text(json.dumps({"models": [entry, {**entry, "id": "x"}]}), encoding="utf-8")
    with pytest.raises(ModelError) as err:
        verify_model(model, load_manifest(), policy=load_policy(registry={}))
    assert "manifest.json" in err.value.message_vi

    # No signature at all.
    signature.unlink()
    with pytest.raises(ModelError) as err:
        verify_model(model, load_manifest(), policy=load_policy(registry={}))
    assert "manifest.json.sig" in err.value.message_vi


def test_model_outside_model_dir_not_loaded(
    isolated_policy: Path, tmp_path: Path, default_model: Any
) -> None:
    from troly.core.session import Session

    folder = tmp_path / "admin-models"
    folder.mkdir()
    write(isolated_policy, {"model_dir": str(folder)})
    session = Session(model_path=default_model.path)
    assert session.paths.models == folder
    with pytest.raises(ModelError) as err:
        session.load_engine()
    assert str(folder) in err.value.message_vi


# -- `troly policy show` ----------------------------------------------------------------------


def run_cli(argv: list[str]) -> int:
    parser = Parser(prog="troly")
    parser.add_argument("--data-dir")
    parser.add_argument("--model")
    policy_cli.register(parser.add_subparsers(dest="command", required=True, parser_class=Parser))
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_policy_show_json(isolated_policy: Path, capsys: Any) -> None:
    write(isolated_policy, {"export_enabled": False})
    assert run_cli(["policy", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["file"] == str(isolated_policy)
    assert shown["policy"]["export_enabled"] == {"value": False, "source": str(isolated_policy)}
    assert shown["policy"]["history_enabled"] == {"value": True, "source": "default"}
    assert shown["fail_closed"] is False


def test_policy_show_text_fail_closed(isolated_policy: Path, capsys: Any) -> None:
    isolated_policy.write_text("{", encoding="utf-8")
    assert run_cli(["policy", "show"]) == 0
    out = capsys.readouterr()
    assert "export_enabled = false    [fail-closed]" in out.out
    assert "hạn chế nhất" in out.err


# -- the agency's inference servers ------------------------------------------------------------


def test_engine_keys_and_the_older_single_url(isolated_policy: Path, tmp_path: Path) -> None:
    write(
        isolated_policy,
        {
            "engine_mode": "remote-then-local",
            "engine_endpoints": ["https://llm1.so.gov.vn:8443/v1/", "http://10.0.0.7:8000"],
            "allowed_engine_url": "http://10.0.0.5:8080/v1",
            "engine_model": "qwen2.5-7b-instruct",
            "engine_api_key_file": str(tmp_path / "key"),
            "engine_ca_file": str(tmp_path / "ca.pem"),
            "engine_context_length": 8192,
        },
    )
    p = load_policy(registry={})
    assert not p.fail_closed, p.error_vi
    # Base URLs without "/v1"; the older key is one more endpoint, listed last.
    assert p.engine_urls() == (
        "https://llm1.so.gov.vn:8443",
        "http://10.0.0.7:8000",
        "http://10.0.0.5:8080",
    )
    assert p.engine_targets() == (
        ("llm1.so.gov.vn", 8443),
        ("10.0.0.7", 8000),
        ("10.0.0.5", 8080),
    )
    assert p.uses_remote_engine() and p.engine_policy_set()
    assert p.engine_context_length == 8192


def test_older_url_alone_keeps_working(isolated_policy: Path) -> None:
    write(isolated_policy, {"allowed_engine_url": "http://10.0.0.5:8080/v1"})
    p = load_policy(registry={})
    assert p.engine_urls() == ("http://10.0.0.5:8080",)
    assert p.engine_mode == "local" and not p.uses_remote_engine()  # as before: allowed only


def test_registry_lists_engine_endpoints(isolated_policy: Path) -> None:
    p = load_policy(
        registry={"engine_endpoints": ["http://a:1", "http://b:2"], "engine_mode": "remote"}
    )
    assert p.engine_targets() == (("a", 1), ("b", 2)) and p.engine_mode == "remote"


@pytest.mark.parametrize(
    "values",
    [
        {"engine_mode": "cloud", "engine_endpoints": ["http://a:1"]},
        {"engine_mode": "remote"},  # remote with no server
        {"engine_endpoints": ["ftp://a"]},
        {"engine_endpoints": ["http://user:secret@a:1"]},  # a key in a URL would be shown
        {"engine_context_length": 10},
        {"engine_api_key_file": ""},
        {"engine_model": ""},
    ],
)
def test_invalid_engine_values_fail_closed(isolated_policy: Path, values: dict[str, Any]) -> None:
    write(isolated_policy, values)
    p = load_policy(registry={}, known_hashes=no_hashes)
    assert p.fail_closed and "không hợp lệ" in p.error_vi
    assert p.engine_mode == "local" and p.engine_urls() == ()  # no network at all
    assert "secret" not in p.error_vi


def test_policy_show_lists_engine_keys(
    isolated_policy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(isolated_policy, {"engine_mode": "remote", "engine_endpoints": ["http://10.0.0.7:8000"]})
    parser = Parser(prog="troly")
    policy_cli.register(parser.add_subparsers(dest="command", parser_class=Parser))
    args = parser.parse_args(["policy", "show", "--json"])
    assert args.func(args) == 0
    shown = json.loads(capsys.readouterr().out)["policy"]
    assert shown["engine_mode"] == {"value": "remote", "source": str(isolated_policy)}
    assert shown["engine_endpoints"]["value"] == ["http://10.0.0.7:8000"]
    assert shown["engine_context_length"] == {"value": None, "source": "default"}
