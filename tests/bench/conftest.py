from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/bench/" in str(item.fspath):
            item.add_marker(pytest.mark.bench)


def report(name: str, **figures: float | int | str) -> None:
    """Print a benchmark's figures on one line that is easy to find in CI's output."""
    values = ", ".join(
        f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items()
    )
    print(f"\nBENCH {name}: {values}", flush=True)
