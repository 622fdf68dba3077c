"""The Session loads the policy with the manifest's hashes: a policy that cannot be trusted
still lets the shipped models load, and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from troly.cli import main
from troly.core.models.manifest import load_manifest, manifest_hashes
from troly.core.session import Session


@pytest.fixture
def broken_policy(machine_policy: Path) -> Path:
    machine_policy.write_text("{ not json", encoding="utf-8")
    return machine_policy


def test_a_fail_closed_session_allows_exactly_the_manifest_models(
    broken_policy: Path, troly_home: Path
) -> None:
    shipped = {e.sha256 for e in load_manifest().entries if e.sha256}
    assert shipped and set(manifest_hashes()) == shipped
    session = Session()
    assert session.policy.fail_closed
    assert set(session.policy.allowed_model_sha256) == shipped
    # The session hands its own policy to what obeys it.
    assert session.open_index().policy is session.policy


def test_policy_show_lists_the_models_a_fail_closed_policy_allows(
    broken_policy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["policy", "show", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["fail_closed"] is True
    allowed = shown["policy"]["allowed_model_sha256"]["value"]
    assert set(allowed) == set(manifest_hashes())


def test_a_manifest_that_cannot_be_read_allows_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from troly.core.models import manifest

    monkeypatch.setattr(manifest, "manifest_path", lambda: tmp_path / "missing.json")
    assert manifest_hashes() == []
