"""What the tests that install packages for real share: when they run, root, commands."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from typing import Any

import pytest

# Slow, and they change the machine's packages: only with TROLY_TEST_INSTALLER=1 (CI sets it).
INSTALLER_TESTS = [
    pytest.mark.skipif(
        os.environ.get("TROLY_TEST_INSTALLER") != "1",
        reason="installs a .deb for real: set TROLY_TEST_INSTALLER=1",
    ),
    pytest.mark.skipif(
        not sys.platform.startswith("linux") or shutil.which("dpkg") is None,
        reason="Debian only",
    ),
    pytest.mark.timeout(3600),
]


def as_root() -> list[str]:
    """The prefix that runs a command as root, or skip the test."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"]).returncode == 0:
        return ["sudo", "-n"]
    pytest.skip("needs root or password-less sudo")


def run(cmd: list[str], timeout: float = 600, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a command that must succeed; its output is in the failure message."""
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    assert result.returncode == 0, f"{cmd}: {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result
