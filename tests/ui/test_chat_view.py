"""The question box's keys, without a model: Enter sends, Shift+Enter starts a line, Esc stops."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from troly.ui.chat_view import ChatView


def make_view(qtbot: Any, ready: bool = True) -> ChatView:
    view = ChatView()
    qtbot.addWidget(view)
    view.set_ready(ready)
    view.show()
    return view


def test_shift_enter_inserts_a_newline_and_does_not_send(qtbot: Any) -> None:
    view = make_view(qtbot)
    sent: list[str] = []
    view.send_requested.connect(sent.append)
    qtbot.keyClicks(view.question, "first line")
    qtbot.keyClick(view.question, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(view.question, "second line")
    assert view.question.toPlainText() == "first line\nsecond line"
    assert sent == []

    qtbot.keyClick(view.question, Qt.Key.Key_Return)
    assert sent == ["first line\nsecond line"]
    assert view.question.toPlainText() == ""


def test_enter_on_an_empty_box_sends_nothing(qtbot: Any) -> None:
    view = make_view(qtbot)
    sent: list[str] = []
    view.send_requested.connect(sent.append)
    qtbot.keyClicks(view.question, "   ")
    qtbot.keyClick(view.question, Qt.Key.Key_Enter)
    assert sent == []


def test_while_the_model_loads_the_question_waits(qtbot: Any) -> None:
    view = make_view(qtbot, ready=False)
    sent: list[str] = []
    view.send_requested.connect(sent.append)
    assert view.question.isEnabled()
    assert not view.send_button.isEnabled()
    assert view.send_button.toolTip()
    qtbot.keyClicks(view.question, "hello")
    qtbot.keyClick(view.question, Qt.Key.Key_Return)
    assert sent == [] and view.question.toPlainText() == "hello"  # kept, not lost

    view.set_ready(True)
    qtbot.mouseClick(view.send_button, Qt.MouseButton.LeftButton)
    assert sent == ["hello"]


def test_escape_asks_to_stop_and_buttons_follow_generation(qtbot: Any) -> None:
    view = make_view(qtbot)
    stops: list[bool] = []
    view.stop_requested.connect(lambda: stops.append(True))
    view.set_generating(True)
    assert view.stop_button.isEnabled() and not view.send_button.isEnabled()
    qtbot.keyClick(view.question, Qt.Key.Key_Escape)
    assert stops == [True]
    view.set_generating(False)
    assert not view.stop_button.isEnabled() and view.send_button.isEnabled()


def test_every_control_has_an_accessible_name(qtbot: Any) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLabel, QPlainTextEdit, QTextEdit

    view = make_view(qtbot)
    for kind in (QAbstractButton, QPlainTextEdit, QTextEdit, QLabel):
        for widget in view.findChildren(kind):
            assert widget.accessibleName(), widget
