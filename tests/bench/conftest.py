from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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


@dataclass
class AlqacIndex:
    """The ALQAC law files indexed once for the session (see alqac_index)."""

    store: Any
    seconds: dict[str, float]  # per collection: indexing time, vectors included


@pytest.fixture(scope="session")
def alqac_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AlqacIndex]:
    """The 17 law files of ../shared/eval/alqac2023 (the scans through OCR) indexed once for the
    whole run: the full collection (alqac.ALL) and the partial one without the three held-out
    laws (alqac.PARTIAL). The benches that search or ask share it: giving ~2,400 passages
    their vectors takes minutes on 2 cores, and the partial collection's passages take the
    vectors the full one computed (store.reuse_vectors)."""
    from tests.eval import alqac

    from troly.core.index.store import IndexStore
    from troly.core.vault import forget_database_key, open_encrypted_database

    if not alqac.EVAL_DIR.exists():
        pytest.skip("shared/eval is not beside the checkout")
    db = tmp_path_factory.mktemp("alqac") / "eval.db"
    store = IndexStore(open_encrypted_database(db))
    try:
        seconds = alqac.index_collections(store, alqac.load_gold())
        yield AlqacIndex(store, seconds)
    finally:
        store.db.close()
        forget_database_key(db)
