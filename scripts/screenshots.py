"""Screenshots of every mode of the window, as a user sees it on a screen of a given size.

Run on an X screen (Xvfb) inside a keyring session; it takes a few minutes with the default
model, since chat and ask mode each answer a real question first:

    xvfb-run -s "-screen 0 1366x768x24" bash scripts/with-keyring.sh \
        .venv/bin/python scripts/screenshots.py docs/screens 1366x768

The window is maximized on the screen, as a user opens it; each mode is saved as
DIR/SIZE-MODE.png. State lives in a throw-away TROLY_HOME, with the bundled samples indexed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "resources" / "samples"
COLLECTION = "Văn bản mẫu"
CHAT_QUESTION = "Soạn giúp tôi ba ý chính cho bài phát biểu khai mạc hội nghị sơ kết quý III."
ASK_QUESTION = "Trong quý III năm 2025, Trung tâm đã tiếp nhận tổng cộng bao nhiêu hồ sơ?"


def _index_samples(home: Path) -> None:
    troly = ROOT / ".venv" / "bin" / "troly"
    subprocess.run(
        [str(troly), "index", str(SAMPLES), "--collection", COLLECTION, "--json"],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "TROLY_HOME": str(home)},
    )


def main(out_dir: str, size: str) -> int:
    home = Path(tempfile.mkdtemp(prefix="troly-screens-"))
    os.environ["TROLY_HOME"] = str(home)
    _index_samples(home)

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from troly.core.session import Session
    from troly.ui import theme
    from troly.ui.app import install_translators
    from troly.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName("TroLy")
    session = Session()
    translators = install_translators(app, session.settings.language)
    theme.follow_system(app, session.settings.theme, session.settings.font_size)
    window = MainWindow(session)
    window.showMaximized()
    window.start()

    def wait(signal: object | None = None, seconds: float = 0.5) -> None:
        loop = QEventLoop()
        if signal is not None:
            signal.connect(loop.quit)  # type: ignore[attr-defined]
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    def shoot(mode: str) -> None:
        wait(seconds=0.5)  # let layouts settle and the page paint
        path = Path(out_dir) / f"{size}-{mode}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        app.primaryScreen().grabWindow(0).save(str(path))
        print(path, flush=True)

    started = time.monotonic()
    while window.engine is None and window.model_error is None:
        wait(seconds=0.2)
        if time.monotonic() - started > 300:
            break
    window.set_mode("welcome")
    shoot("welcome")
    window.set_mode("chat")
    window.send(CHAT_QUESTION)
    wait(window.chat_page.reply_finished, 600)
    shoot("chat")
    window.set_mode("ask")
    panel = window.ask_page.panel
    panel.collection_list.list.setCurrentRow(panel.collections().index(COLLECTION))
    window.ask_page.ask(ASK_QUESTION)
    wait(window.ask_page.answer_finished, 600)
    shoot("ask")
    window.set_mode("summarize")
    shoot("summarize")
    window.set_mode("draft")
    shoot("draft")
    window.close()
    del translators
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
