"""Helpers that build real PDF and DOCX files at test time (no binary fixtures in git)."""

from __future__ import annotations

from pathlib import Path

import pytest

EVAL = Path(__file__).parents[3] / "../shared/eval/alqac2023"
FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"),
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: OCR over real scans (seconds per page)")


@pytest.fixture
def font() -> Path:
    """A TrueType font with Vietnamese glyphs (PyMuPDF's built-in fonts have none)."""
    for path in FONTS:
        if path.exists():
            return path
    pytest.skip("no TrueType font with Vietnamese glyphs installed")


@pytest.fixture
def eval_dir() -> Path:
    if not (EVAL / "gold.json").exists():
        pytest.skip(f"evaluation set not found at {EVAL.resolve()}")
    return EVAL
