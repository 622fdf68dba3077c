"""The Times New Roman width table: data under resources/, found by the one resource locator."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import fitz
import pytest

from troly.core.errors import TrolyError
from troly.core.nd30 import metrics
from troly.core.resources import resource_path

LIBERATION = Path("/usr/share/fonts/truetype/liberation2")  # fonts-liberation2, set-up installs it
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")


@pytest.fixture
def fresh_tables() -> Iterator[None]:
    """The tables read again from wherever the locator points now, and again after the test."""
    metrics._tables.cache_clear()
    yield
    metrics._tables.cache_clear()


def test_the_table_matches_liberation_serif_advance_widths() -> None:
    data = json.loads(resource_path(*metrics.WIDTHS_FILE).read_text(encoding="utf-8"))
    assert set(data["styles"]) == set(STYLES)
    printable = {chr(code) for code in range(32, 127)} | set("ĐđƠơƯư")
    for style in STYLES:
        font_file = LIBERATION / f"LiberationSerif-{style}.ttf"
        if not font_file.is_file():
            pytest.skip(f"{font_file} is not installed (scripts/setup.sh installs it)")
        font = fitz.Font(fontfile=str(font_file))
        table = data["styles"][style]
        assert set(table) == printable, style
        wrong = {
            char: (width, round(font.text_length(char, fontsize=data["units_per_em"])))
            for char, width in table.items()
            if width != round(font.text_length(char, fontsize=data["units_per_em"]))
        }
        assert not wrong, (style, wrong)


def test_widths_follow_the_table_and_vietnamese_letters_take_their_base_width() -> None:
    # H, o, a: 722 + 500 + 444 units at 10 pt, in twips (1/20 pt).
    assert metrics.text_width_twips("Hoa", 10) == round((722 + 500 + 444) * 10 / 1000 * 20)
    assert metrics.text_width_twips("CỘNG HÒA", 13, bold=True) == metrics.text_width_twips(
        "CONG HOA", 13, bold=True
    )
    assert metrics.text_width_pt("W", 12, bold=True) > metrics.text_width_pt("W", 12)


def test_the_table_is_found_in_a_frozen_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_tables: None
) -> None:
    """Under PyInstaller, resources/ sits at the top of the bundle (installer/troly.spec
    collects every file under resources/ but the .ts sources)."""
    bundled = tmp_path / "resources" / "nd30"
    bundled.mkdir(parents=True)
    data = json.loads(resource_path(*metrics.WIDTHS_FILE).read_text(encoding="utf-8"))
    data["styles"]["Regular"]["H"] = 2000  # so the test can tell which file was read
    (bundled / metrics.WIDTHS_FILE[-1]).write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert metrics.text_width_twips("H", 10) == 400


def test_a_missing_table_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_tables: None
) -> None:
    shutil.copytree(resource_path("prompts"), tmp_path / "resources" / "prompts")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    with pytest.raises(TrolyError) as caught:
        metrics.text_width_twips("Hoa", 13)
    assert "cài đặt lại" in caught.value.message("vi")
