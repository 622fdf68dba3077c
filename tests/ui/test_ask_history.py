"""Questions asked of documents are kept in the encrypted history like chat: after a restart
the collection's questions and answers are on screen again, with their sources, and the user
can forget them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ask_documents import NOT_FOUND_QUESTION, QUESTION
from test_ask_mode import ANSWER_TIMEOUT_MS, indexed_window

from troly.core.tasks.ask import NOT_FOUND


def test_answers_are_there_after_a_restart_and_can_be_forgotten(
    qtbot: Any, make_window: Any, wait_ready: Any, docs_folder: Path
) -> None:
    window = indexed_window(qtbot, make_window, wait_ready, docs_folder)
    page = window.ask_page
    assert not page.view.forget_button.isVisible()  # nothing asked yet
    with qtbot.waitSignal(page.answer_finished, timeout=ANSWER_TIMEOUT_MS) as first:
        assert page.ask(QUESTION)
    with qtbot.waitSignal(page.answer_finished, timeout=ANSWER_TIMEOUT_MS) as second:
        assert page.ask(NOT_FOUND_QUESTION)
    answer, missed = first.args[0], second.args[0]
    assert answer.found and not missed.found
    assert page.view.forget_button.isVisible()
    collection = page.panel.current_collection()
    window.close()

    again = make_window(load_model=False)  # a restart: a new window on the same data
    again.set_mode("ask")
    view = again.ask_page.view
    qtbot.waitUntil(lambda: again.ask_page.panel.current_collection() == collection)
    text = view.text()
    assert text.index(QUESTION) < text.index(NOT_FOUND_QUESTION)  # in the order asked
    assert answer.text[:40] in text and NOT_FOUND in text
    # The last answer found nothing: no sources. The kept answer's own sources come back.
    assert view.source_labels() == []
    kept = again.ask_page.history.questions(collection)
    assert [q.question for q in kept] == [NOT_FOUND_QUESTION, QUESTION]
    assert view.forget_button.isVisible()

    asked: list[str] = []
    again.ask_page.confirm_forget = lambda name: asked.append(name) or False
    again.ask_page.forget_questions()
    assert asked == [collection] and len(again.ask_page.history.questions(collection)) == 2
    again.ask_page.confirm_forget = lambda name: True
    view.forget_button.click()
    assert again.ask_page.history.questions(collection) == []
    assert QUESTION not in view.text() and not view.forget_button.isVisible()
