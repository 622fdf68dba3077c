from __future__ import annotations

import pytest

FIGURES: list[str] = []  # shown again at the end of the run by tests/conftest.py


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/bench/" in str(item.fspath):
            item.add_marker(pytest.mark.bench)


def report(name: str, **figures: float | int | str) -> None:
    """Print a benchmark's figures on one line, and again in the run's closing summary, so
    they show in CI's output without `-s`."""
    values = ", ".join(
        f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items()
    )
    line = f"BENCH {name}: {values}"
    FIGURES.append(line)
    print(f"\n{line}", flush=True)
