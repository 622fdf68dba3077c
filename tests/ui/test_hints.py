"""Hints wrap instead of being cut: every long label of the window wraps, and the transcripts'
"what to do" hints show whole on a narrow window."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel


def test_long_labels_wrap_and_transcript_hints_show_whole(qtbot: Any, make_window: Any) -> None:
    window = make_window(load_model=False)
    window.resize(800, 560)
    unwrapped = []
    for mode in window.mode_keys():
        window.set_mode(mode)
        for label in window.findChildren(QLabel):
            if label.isVisibleTo(window) and len(label.text()) > 50 and not label.wordWrap():
                unwrapped.append(f"{mode}: {label.text()[:60]}")
    assert not unwrapped, unwrapped

    for view in (window.chat_view, window.ask_page.view):
        window.set_mode("chat" if view is window.chat_view else "ask")
        hint = view.transcript.hint
        qtbot.waitUntil(hint.isVisible, timeout=10_000)
        # The whole sentence, on as many lines as the width needs, inside the page.
        assert hint.wordWrap() and hint.height() >= hint.heightForWidth(hint.width())
        assert hint.height() > hint.fontMetrics().lineSpacing() * 1.5
        assert hint.geometry().right() <= view.transcript.viewport().width()
    assert "click a source to see the page" in window.ask_page.view.transcript.placeholder()

    # Once something is written the hint goes; a new conversation brings it back.
    window.set_mode("chat")
    window.chat_view.add_user("Xin chào.")
    assert not window.chat_view.transcript.hint.isVisibleTo(window)
    window.new_conversation()
    assert window.chat_view.transcript.hint.isVisibleTo(window)
