from __future__ import annotations

import json
from pathlib import Path

import pytest

from troly.core.config import Paths, Settings, load_settings, save_settings


def test_data_dir_isolates_everything(tmp_path: Path) -> None:
    paths = Paths.resolve(tmp_path / "x").ensure()
    for folder in (paths.config, paths.cache, paths.models, paths.logs):
        assert folder.is_dir()
        assert tmp_path in folder.parents


def test_troly_home_is_used(troly_home: Path) -> None:
    assert Paths.resolve().data == troly_home.resolve()


def test_defaults_when_missing(tmp_path: Path) -> None:
    settings = load_settings(Paths.resolve(tmp_path))
    assert settings == Settings()
    assert settings.language == "vi"


def test_round_trip(tmp_path: Path) -> None:
    paths = Paths.resolve(tmp_path)
    save_settings(paths, Settings(temperature=0.2, max_tokens=64, system_prompt="Chào"))
    loaded = load_settings(paths)
    assert (loaded.temperature, loaded.max_tokens, loaded.system_prompt) == (0.2, 64, "Chào")


def test_corrupt_file_falls_back_and_is_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    paths = Paths.resolve(tmp_path).ensure()
    paths.settings_file.write_text("{ not json", encoding="utf-8")
    assert load_settings(paths) == Settings()
    assert "unreadable" in caplog.text
    assert paths.settings_file.with_suffix(".corrupt.json").read_text() == "{ not json"


def test_missing_keys_and_bad_values(tmp_path: Path) -> None:
    paths = Paths.resolve(tmp_path).ensure()
    paths.settings_file.write_text(
        json.dumps({"temperature": 9, "top_p": -1, "unknown": 1, "language": "fr"}),
        encoding="utf-8",
    )
    settings = load_settings(paths)
    assert settings.temperature == 2.0
    assert settings.top_p == 0.0
    assert settings.language == "vi"
    assert settings.max_tokens == Settings().max_tokens


def test_threads_default_to_physical_cores() -> None:
    assert Settings().effective_threads() >= 1
    assert Settings(threads=3).effective_threads() == 3
    assert Settings(threads=3).effective_batch_threads() == 3  # the user's value wins for both
    assert Settings(threads=3).effective_burst_threads() == 0  # and no more on an idle PC


def test_automatic_threads_leave_a_core_to_the_rest_of_the_pc(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from troly.core import config

    for cores, generate, batch in ((1, 1, 1), (2, 1, 1), (8, 7, 7)):
        monkeypatch.setattr(config, "_physical_cores", lambda cores=cores: cores)
        assert Settings().effective_threads() == generate
        assert Settings().effective_batch_threads() == batch
        # Every core reads a prompt while no other program wants one (engine/cpu_load.py).
        assert Settings().effective_burst_threads() == cores
