"""Every window fits the screen it opens on, buttons included: a 1366×768 laptop and a
1024×600 netbook (the source viewer used to open at 1180×860, its Close button off-screen)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("screen_fit_probe.py")


@pytest.mark.parametrize("width,height", [(1366, 768), (1024, 600)])
def test_every_window_fits_the_screen(
    width: int, height: int, tmp_path: Path, troly_home: Path, docs_folder: Path
) -> None:
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    result = subprocess.run(
        [sys.executable, str(PROBE), str(troly_home), str(docs_folder)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    sx, sy, sw, sh = found.pop("screen")
    assert (sw, sh) == (width, height)
    expected = {"page viewer", "settings", "model dialog", "file dialog", "save dialog"}
    assert expected <= set(found), sorted(found)
    outside = []
    for name, entry in found.items():
        x, y, w, h = entry["rect"]
        if x < sx or y < sy or x + w > sx + sw or y + h > sy + sh:
            outside.append(f"{name}: {w}×{h} at {x},{y}")
        for text, (left, top, right, bottom) in entry["buttons"].items():
            if left < sx or top < sy or right >= sx + sw or bottom >= sy + sh:
                outside.append(f"{name}: button {text!r} at {left},{top}")
    assert not outside, outside
