"""Fixtures of the desktop tests: real windows on a tmp data dir, and no thread left behind."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from ask_documents import docs_folder, font  # noqa: F401  (fixtures of the ask-mode tests)

from troly.core.config import save_settings
from troly.core.session import Session
from troly.ui import workers
from troly.ui.main_window import MainWindow

MODEL_TIMEOUT_MS = 60_000


@pytest.fixture(autouse=True)
def no_thread_left(qapp: Any) -> Iterator[None]:
    """Fail a test that leaves a worker thread running once its widgets are closed.

    Autouse fixtures are set up first, so this teardown runs after the fixtures that close the
    windows: anything still running here would outlive its window.
    """
    yield
    # A worker that has just emitted its last signal may need a moment to leave its thread.
    deadline = time.monotonic() + 2.0
    while workers.running_threads() and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.01)
    left = [thread.objectName() for thread in workers.running_threads()]
    if left:
        workers.stop_all()  # so that one leak does not fail every later test too
        pytest.fail(f"worker threads still running after the test: {left}")


@pytest.fixture
def make_window(qtbot: Any, troly_home: Path, default_model: Any) -> Iterator[Callable[..., Any]]:
    """Opens main windows on this test's data dir with the real default model."""
    windows: list[MainWindow] = []

    def make(load_model: bool = True, **settings: Any) -> MainWindow:
        session = Session(troly_home, default_model.path)
        # One thread: the suite shares a small machine with other test runs, and llama.cpp's
        # threads spin at barriers, so oversubscribed cores make it crawl. 2048 tokens of
        # context are plenty for these conversations.
        # The first-run page has its own test; the others start on chat.
        settings = {"threads": 1, "context_length": 2048, "welcome_seen": True, **settings}
        session.settings = dataclasses.replace(session.settings, **settings).validated()
        session.user_settings = session.settings
        save_settings(session.paths, session.settings)
        window = MainWindow(session)
        qtbot.addWidget(window)
        window.show()
        window.start(load_model=load_model)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def holder(qapp: Any, troly_home: Path, default_model: Any) -> Iterator[Any]:
    """An engine holder for a page tested on its own (the test gives it the shared engine)."""
    from troly.ui.engine_holder import EngineHolder

    engines = EngineHolder(Session(troly_home, default_model.path))
    yield engines
    engines.shutdown()


@pytest.fixture
def type_text(qtbot: Any) -> Callable[[Any, str], None]:
    """Types text into a widget key by key, Vietnamese letters included.

    QTest.keyClicks aborts on a non-ASCII character (Qt maps characters to key codes through an
    ASCII table), so those are sent as key events carrying their text, as a Vietnamese keyboard
    layout or input method delivers them once composed.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    def type_(widget: Any, text: str) -> None:
        for char in text:
            if char.isascii():
                qtbot.keyClicks(widget, char)
                continue
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(widget, event)

    return type_


@pytest.fixture
def wait_ready(qtbot: Any) -> Callable[[MainWindow], None]:
    """Waits until a window's model is loaded (fails with its error message otherwise)."""

    def wait(window: MainWindow) -> None:
        qtbot.waitUntil(
            lambda: window.engine is not None or window.model_error is not None,
            timeout=MODEL_TIMEOUT_MS,
        )
        assert window.engine is not None, window.model_error

    return wait
