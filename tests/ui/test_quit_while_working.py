"""Quitting while work runs asks first (issue 24): "keep working" leaves everything running,
"stop and quit" stops the work through each page's own Stop, keeps what was done, and closes.

The question is the real message box, answered by a timer as a user would click it; the app's
Vietnamese translation is installed so the test reads what the user reads.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from troly.core.resources import resource_path
from troly.core.session import Session
from troly.ui.app import install_translators, remove_translators

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
REPLY_TIMEOUT_MS = 180_000
# Short partial summaries: each section is one quick model call, and two documents make many.
SMALL_SUMMARIES = {"summarize": {"partial_tokens": 32, "final_tokens": 64}}
LONG_QUESTION = "Hãy viết một bài văn dài về mùa thu Hà Nội."
# "Stop and quit" closes within a few seconds: a reply stops within a token or two. Below the
# window's 10 s safety net, so that the pages' own Stop is what lets it close.
CLOSE_TIMEOUT_MS = 8_000


class WindowManagerClose(QCloseEvent):
    """The close the window system sends when the user clicks the title bar's ×: Qt marks it
    spontaneous, which an event made in a test cannot be (the offscreen platform has no title
    bar to click)."""

    def spontaneous(self) -> bool:
        return True


@pytest.fixture
def vietnamese(qapp: Any, tmp_path: Path) -> Iterator[None]:
    """TroLy's Vietnamese translation, compiled fresh from the .ts source."""
    lrelease = str(Path(sys.executable).with_name("pyside6-lrelease"))
    qm = tmp_path / "troly_vi.qm"
    subprocess.run(
        [lrelease, str(resource_path("i18n", "troly_vi.ts")), "-qm", str(qm)],
        check=True,
        capture_output=True,
    )
    translators = install_translators(qapp, "vi", qm)
    yield
    remove_translators(qapp, translators)


def answer_question(button: str, read: list[str]) -> None:
    """When the next question shows: read its text and buttons, then click `button` (or close
    it, which keeps working). It gives up after 30 s, so a missing question fails the test's
    assertions instead of leaving a timer behind."""
    deadline = time.monotonic() + 30

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if time.monotonic() < deadline:
                QTimer.singleShot(20, look)
            return
        read.append(box.text())
        read.extend(b.text() for b in box.buttons())
        chosen = [b for b in box.buttons() if b.text() == button]
        if chosen:
            chosen[0].click()
        else:
            box.reject()

    QTimer.singleShot(20, look)


def start_reply(window: Any, qtbot: Any, type_text: Any) -> None:
    """A long reply in chat, already writing."""
    type_text(window.chat_view.question, LONG_QUESTION)
    qtbot.keyClick(window.chat_view.question, Qt.Key.Key_Return)
    before = len(window.chat_view.text())
    qtbot.waitUntil(lambda: len(window.chat_view.text()) > before, timeout=REPLY_TIMEOUT_MS)


def test_closing_with_nothing_running_closes_at_once(make_window: Any) -> None:
    window = make_window(load_model=False)
    asked: list[list[str]] = []
    window.confirm_quit = lambda running: asked.append(running) or False
    assert window.running_work() == []

    close = WindowManagerClose()
    QApplication.sendEvent(window, close)
    assert close.isAccepted()
    window.quit_action.trigger()  # File ▸ Exit
    assert not window.isVisible()
    assert asked == []


def test_keep_working_leaves_the_reply_running_to_its_end(
    vietnamese: None, qtbot: Any, make_window: Any, engine: Any, type_text: Any
) -> None:
    window = make_window(load_model=False, max_tokens=200)
    window.engines.use(engine, owned=False)
    chat = window.chat_page
    start_reply(window, qtbot, type_text)
    assert window.running_work() == ["soạn câu trả lời"]

    read: list[str] = []
    answer_question("Tiếp tục làm việc", read)
    close = WindowManagerClose()  # the title bar's ×
    QApplication.sendEvent(window, close)
    question, *buttons = read
    assert question == "Đang soạn câu trả lời. Dừng và thoát?"
    assert sorted(buttons) == ["Dừng và thoát", "Tiếp tục làm việc"]  # order: the platform's
    assert not close.isAccepted() and window.isVisible()

    # The reply goes on to its own end, not stopped.
    with qtbot.waitSignal(chat.reply_finished, timeout=REPLY_TIMEOUT_MS) as finished:
        pass
    assert finished.args[0].finish_reason != "cancelled"
    assert window.running_work() == []
    # Nothing runs any more: the next close goes through without a question.
    close = WindowManagerClose()
    QApplication.sendEvent(window, close)
    assert close.isAccepted()


def test_stop_and_quit_keeps_the_summary_done_so_far(
    vietnamese: None, qtbot: Any, make_window: Any, engine: Any
) -> None:
    files = [
        SAMPLES / "bao-cao-87-ket-qua-quy-3.pdf",
        SAMPLES / "ke-hoach-52-chuyen-doi-so-2026.pdf",
    ]
    window = make_window(load_model=False, extra=SMALL_SUMMARIES)
    window.engines.use(engine, owned=False)
    page = window.summarize_page
    window.set_mode("summarize")
    page.set_files(files)
    page.start()
    steps: list[Any] = []
    page.job.worker.progress.connect(steps.append)  # type: ignore[union-attr]
    # At least one section summarized, so there is something the next run can resume from.
    qtbot.waitUntil(lambda: any(s.sections_done >= 1 for s in steps), timeout=REPLY_TIMEOUT_MS)
    assert page.is_running(), "the summary ended before the test could quit"
    assert window.running_work() == ["tóm tắt văn bản"]

    read: list[str] = []
    answer_question("Dừng và thoát", read)
    window.quit_action.trigger()  # File ▸ Exit, as Ctrl+Q
    assert read[0] == "Đang tóm tắt văn bản. Dừng và thoát?"
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=CLOSE_TIMEOUT_MS)
    assert not page.is_running()
    # The page stopped through its own Stop: it said so, as when the user presses Stop.
    assert page.status_label.text() == page.tr(
        "Stopped. Finished sections are kept: summarizing again resumes from there."
    )

    # The next run resumes: its first sections come from the cache.
    again = make_window(load_model=False, extra=SMALL_SUMMARIES)
    again.engines.use(engine, owned=False)
    again.summarize_page.set_files(files)
    again.summarize_page.start()
    resumed: list[Any] = []
    again.summarize_page.job.worker.progress.connect(resumed.append)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: any(s.cached >= 1 for s in resumed), timeout=REPLY_TIMEOUT_MS)
    # The fixture's teardown closes this window from code, mid-summary: no question is asked.


def test_stop_and_quit_keeps_the_reply_so_far(
    vietnamese: None,
    qtbot: Any,
    make_window: Any,
    engine: Any,
    type_text: Any,
    troly_home: Path,
) -> None:
    window = make_window(load_model=False, max_tokens=400)
    window.engines.use(engine, owned=False)
    start_reply(window, qtbot, type_text)

    read: list[str] = []
    answer_question("Dừng và thoát", read)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert read and read[0] == "Đang soạn câu trả lời. Dừng và thoát?"
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=CLOSE_TIMEOUT_MS)

    # The reply written so far is in the history, marked as stopped.
    store = Session(troly_home).open_history()
    try:
        (conversation,) = store.conversations()
        last = store.messages(conversation.id)[-1]
        assert last.role == "assistant" and last.content and last.finish == "cancelled"
    finally:
        store.close()
