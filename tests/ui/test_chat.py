"""The whole chat pipeline through the window: real model, real encrypted history."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from responsiveness import StallProbe

from troly.core.history import title_from
from troly.core.session import Session

REPLY_TIMEOUT_MS = 180_000

QUESTION = "Thủ đô của Việt Nam là thành phố nào?"


def test_question_streams_a_reply_that_is_saved(
    qtbot: Any, make_window: Any, wait_ready: Any, type_text: Any, troly_home: Path
) -> None:
    window = make_window(max_tokens=48)
    wait_ready(window)
    assert window.chat_view.send_button.isEnabled()

    lengths: list[int] = []
    window.chat_view.transcript.textChanged.connect(
        lambda: lengths.append(len(window.chat_view.text()))
    )
    type_text(window.chat_view.question, QUESTION)
    assert window.chat_view.question.toPlainText() == QUESTION

    probe = StallProbe()
    probe.start()
    with qtbot.waitSignal(window.reply_finished, timeout=REPLY_TIMEOUT_MS) as finished:
        qtbot.keyClick(window.chat_view.question, Qt.Key.Key_Return)
        assert window.generating()
        assert window.chat_view.question.toPlainText() == ""
    stall = probe.stop()
    stats = finished.args[0]
    print(
        f"{probe.summary()}; {stats.generated_tokens} tokens at "
        f"{stats.tokens_per_second:.1f} tokens/s"
    )

    assert stats.generated_tokens > 1
    assert stats.finish_reason in ("stop", "length")
    # The reply streamed: the transcript grew over several updates, not in one go.
    assert len(set(lengths)) >= 4, lengths
    assert stall < 0.100, f"the UI thread froze: {probe.summary()}"
    assert re.search(r"\d+\.\d token", window.status.speed_label.text())
    assert not window.generating()
    assert window.chat_view.send_button.isEnabled()

    transcript = window.chat_view.text()
    assert QUESTION in transcript
    reply = window.turns[-1].content
    assert reply and reply in transcript

    # Reopen the encrypted store from scratch: the conversation and both messages are there.
    store = Session(troly_home).open_history()
    try:
        conversations = store.conversations()
        assert [c.title for c in conversations] == [title_from(QUESTION)]
        messages = store.messages(conversations[0].id)
        assert [(m.role, m.content) for m in messages] == [
            ("user", QUESTION),
            ("assistant", reply),
        ]
    finally:
        store.close()
    assert window.conversations.titles() == [title_from(QUESTION)]
    assert window.conversations.current_id() == conversations[0].id


def test_stop_ends_the_reply_at_once(
    qtbot: Any, make_window: Any, wait_ready: Any, type_text: Any, troly_home: Path
) -> None:
    window = make_window(max_tokens=400)
    wait_ready(window)
    type_text(window.chat_view.question, "Hãy viết một bài văn dài về mùa thu Hà Nội.")
    qtbot.keyClick(window.chat_view.question, Qt.Key.Key_Return)
    thread = window.generation_thread()
    assert thread is not None and window.chat_view.stop_button.isEnabled()

    before = len(window.chat_view.text())
    qtbot.waitUntil(lambda: len(window.chat_view.text()) > before, timeout=REPLY_TIMEOUT_MS)
    with qtbot.waitSignal(window.reply_finished, timeout=REPLY_TIMEOUT_MS) as finished:
        started = time.perf_counter()
        qtbot.mouseClick(window.chat_view.stop_button, Qt.MouseButton.LeftButton)
    elapsed = time.perf_counter() - started
    stats = finished.args[0]
    assert stats.finish_reason == "cancelled"
    assert stats.generated_tokens < 400
    # Stop takes effect within a token or two: measured against this run's own time per token,
    # so that a busy machine, which slows both, does not fail it.
    per_token = (stats.seconds - stats.first_token_seconds) / max(1, stats.generated_tokens - 1)
    assert elapsed < 1.0 + 10 * per_token, f"Stop took {elapsed:.2f} s ({per_token:.3f} s/token)"
    qtbot.waitUntil(lambda: not thread.isRunning(), timeout=30_000)
    assert not window.chat_view.stop_button.isEnabled()

    # What had been written is kept, in the view and in the store.
    partial = window.turns[-1].content
    assert window.turns[-1].role == "assistant"
    store = Session(troly_home).open_history()
    try:
        (conversation,) = store.conversations()
        assert [m.content for m in store.messages(conversation.id)][-1] == partial
    finally:
        store.close()


def test_escape_stops_too(qtbot: Any, make_window: Any, wait_ready: Any, type_text: Any) -> None:
    window = make_window(max_tokens=400)
    wait_ready(window)
    type_text(window.chat_view.question, "Kể một câu chuyện thật dài.")
    qtbot.keyClick(window.chat_view.question, Qt.Key.Key_Return)
    before = len(window.chat_view.text())
    qtbot.waitUntil(lambda: len(window.chat_view.text()) > before, timeout=REPLY_TIMEOUT_MS)
    with qtbot.waitSignal(window.reply_finished, timeout=REPLY_TIMEOUT_MS) as finished:
        qtbot.keyClick(window.chat_view.question, Qt.Key.Key_Escape)
    assert finished.args[0].finish_reason == "cancelled"


def test_follow_up_continues_the_selected_conversation(
    qtbot: Any, make_window: Any, wait_ready: Any, type_text: Any
) -> None:
    window = make_window(max_tokens=16)
    wait_ready(window)
    for question in ("Xin chào.", "Bạn tên là gì?"):
        with qtbot.waitSignal(window.reply_finished, timeout=REPLY_TIMEOUT_MS):
            window.send(question)
    assert [m.role for m in window.turns] == ["user", "assistant", "user", "assistant"]
    (conversation,) = window.history.conversations()
    assert len(window.history.messages(conversation.id)) == 4

    # A new conversation, then back to the first one: its history is shown and continued.
    window.new_conversation()
    assert window.chat_view.text() == "" and window.turns == []
    window.conversations.list.setCurrentRow(0)
    assert window.current_id == conversation.id
    assert "Bạn tên là gì?" in window.chat_view.text()
    with qtbot.waitSignal(window.reply_finished, timeout=REPLY_TIMEOUT_MS):
        window.send("Cảm ơn.")
    assert len(window.history.messages(conversation.id)) == 6
    assert len(window.history.conversations()) == 1
