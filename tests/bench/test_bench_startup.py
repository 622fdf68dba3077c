"""Start-up: seconds from process start until TroLy's main window is shown, against a bare
PySide6 window in the same run (both offscreen), interleaved over rounds: the median of the
paired ratios."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys

from tests.bench.conftest import report

BARE_WINDOW = """
import time, psutil
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1100, 720)
window.show()
def done():
    print(f"shown_after_seconds={time.time() - psutil.Process().create_time():.3f}", flush=True)
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""

ROUNDS = 5


def _shown_after(command: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("shown_after_seconds="))
    return float(line.split("=", 1)[1])


def test_window_is_shown_quickly(default_model) -> None:
    troly = [
        sys.executable,
        "-m",
        "troly",
        "--model",
        str(default_model.path),
        "gui",
        "--exit-after-shown",
    ]
    bare = [sys.executable, "-c", BARE_WINDOW]
    ours: list[float] = []
    baseline: list[float] = []
    for _ in range(ROUNDS):  # interleaved, so both see the same machine load
        ours.append(_shown_after(troly))
        baseline.append(_shown_after(bare))
    ratio = statistics.median(o / b for o, b in zip(ours, baseline, strict=True))
    report(
        "window_shown",
        troly_s=statistics.median(ours),
        bare_pyside6_s=statistics.median(baseline),
        ratio_paired_median=ratio,
    )
    # The model loads after the window is up: TroLy's own start-up adds little to Qt's.
    assert ratio <= 4.0
