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
    chat = window.chat_page
    assert window.chat_view.send_button.isEnabled()

    lengths: list[int] = []
    window.chat_view.transcript.textChanged.connect(
        lambda: lengths.append(len(window.chat_view.text()))
    )
    type_text(window.chat_view.question, QUESTION)
    assert window.chat_view.question.toPlainText() == QUESTION
    live: list[float] = []
    chat.speed_changed.connect(live.append)

    probe = StallProbe()
    probe.start()
    with qtbot.waitSignal(chat.reply_finished, timeout=REPLY_TIMEOUT_MS) as finished:
        qtbot.keyClick(window.chat_view.question, Qt.Key.Key_Return)
        assert chat.generating() and window.engines.busy()
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
    assert re.search(r"about \d+([.,]\d)? words/s", window.status.speed_label.text())
    assert chat.last_speed == stats.tokens_per_second
    # While it streamed the figure was the reply's own speed, not a stale or partial one.
    assert live and live[-1] == stats.tokens_per_second
    # Live figures over a few tokens vary with the machine's load; an order of magnitude off
    # would be a wrong unit or a figure that counts the prompt.
    assert all(0.1 * stats.tokens_per_second < v < 10 * stats.tokens_per_second for v in live)
    # Another page shows its own figure (none yet), not the chat's.
    window.set_mode("summarize")
    assert not window.status.speed_label.isVisibleTo(window)
    window.set_mode("chat")
    assert window.status.speed_label.isVisibleTo(window)
    assert not chat.generating() and not window.engines.busy()
    assert window.chat_view.send_button.isEnabled()

    transcript = window.chat_view.text()
    assert QUESTION in transcript
    reply = chat.turns[-1].content
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
    # The title names the conversation once: Qt adds the application's name itself.
    assert window.windowTitle() == title_from(QUESTION)


def test_stop_ends_the_reply_at_once(
    qtbot: Any, make_window: Any, wait_ready: Any, type_text: Any, troly_home: Path
) -> None:
    window = make_window(max_tokens=400)
    wait_ready(window)
    chat = window.chat_page
    type_text(window.chat_view.question, "Hãy viết một bài văn dài về mùa thu Hà Nội.")
    qtbot.keyClick(window.chat_view.question, Qt.Key.Key_Return)
    thread = chat.generation_thread()
    assert thread is not None and window.chat_view.stop_button.isEnabled()

    before = len(window.chat_view.text())
    qtbot.waitUntil(lambda: len(window.chat_view.text()) > before, timeout=REPLY_TIMEOUT_MS)
    with qtbot.waitSignal(chat.reply_finished, timeout=REPLY_TIMEOUT_MS) as finished:
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

    # What had been written is kept, in the view and in the store, marked as stopped.
    partial = chat.turns[-1].content
    assert chat.turns[-1].role == "assistant"
    assert window.chat_view.finish_note("cancelled", partial) in window.chat_view.text()
    store = Session(troly_home).open_history()
    try:
        (conversation,) = store.conversations()
        last = store.messages(conversation.id)[-1]
        assert (last.content, last.finish) == (partial, "cancelled")
    finally:
        store.close()

    # After a restart, the reply still reads as stopped.
    window.close()
    again = make_window(load_model=False)
    again.conversations.list.setCurrentRow(0)
    assert again.chat_page.turns[-1].finish == "cancelled"
    assert again.chat_view.finish_note("cancelled", partial) in again.chat_view.text()


def test_escape_stops_too(qtbot: Any, make_window: Any, wait_ready: Any, type_text: Any) -> None:
    window = make_window(max_tokens=400)
    wait_ready(window)
    type_text(window.chat_view.question, "Kể một câu chuyện thật dài.")
    qtbot.keyClick(window.chat_view.question, Qt.Key.Key_Return)
    before = len(window.chat_view.text())
    qtbot.waitUntil(lambda: len(window.chat_view.text()) > before, timeout=REPLY_TIMEOUT_MS)
    with qtbot.waitSignal(window.chat_page.reply_finished, timeout=REPLY_TIMEOUT_MS) as finished:
        qtbot.keyClick(window.chat_view.question, Qt.Key.Key_Escape)
    assert finished.args[0].finish_reason == "cancelled"


def test_follow_up_continues_the_selected_conversation(
    qtbot: Any, make_window: Any, wait_ready: Any, type_text: Any
) -> None:
    window = make_window(max_tokens=16)
    wait_ready(window)
    chat = window.chat_page
    for question in ("Xin chào.", "Bạn tên là gì?"):
        with qtbot.waitSignal(chat.reply_finished, timeout=REPLY_TIMEOUT_MS):
            window.send(question)
    assert [m.role for m in chat.turns] == ["user", "assistant", "user", "assistant"]
    (conversation,) = chat.history.conversations()
    assert len(chat.history.messages(conversation.id)) == 4

    # A new conversation, then back to the first one: its history is shown and continued.
    window.new_conversation()
    assert window.chat_view.text() == "" and chat.turns == []
    window.conversations.list.setCurrentRow(0)
    assert chat.current_id == conversation.id
    assert "Bạn tên là gì?" in window.chat_view.text()
    with qtbot.waitSignal(chat.reply_finished, timeout=REPLY_TIMEOUT_MS):
        window.send("Cảm ơn.")
    assert len(chat.history.messages(conversation.id)) == 6
    assert len(chat.history.conversations()) == 1


def test_copy_and_regenerate_the_last_reply(qtbot: Any, make_window: Any, wait_ready: Any) -> None:
    from PySide6.QtGui import QGuiApplication

    window = make_window(max_tokens=12)
    wait_ready(window)
    chat = window.chat_page
    with qtbot.waitSignal(chat.reply_finished, timeout=REPLY_TIMEOUT_MS):
        window.send("Xin chào.")
    first = chat.turns[-1]
    assert "Sao chép" in window.chat_view.text() or "Copy" in window.chat_view.text()

    if first.content:  # the tiny model may say nothing; copying an empty reply is not offered
        window.chat_view.activate_link("copy:1")
        assert QGuiApplication.clipboard().text() == first.content

    with qtbot.waitSignal(chat.reply_finished, timeout=REPLY_TIMEOUT_MS):
        window.chat_view.activate_link("regenerate:")
        assert chat.generating()
    # The old reply left the conversation and the store; the new one took its place.
    assert [t.role for t in chat.turns] == ["user", "assistant"]
    stored = chat.history.messages(chat.current_id)
    assert [m.role for m in stored] == ["user", "assistant"]
    assert chat.turns[-1] is not first and stored[-1].id == chat.turns[-1].message_id
    assert stored[-1].content == chat.turns[-1].content
