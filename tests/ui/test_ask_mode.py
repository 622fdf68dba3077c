"""Ask mode through the main window: real files, the real encrypted index, the real model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ask_documents import NOT_FOUND_QUESTION, QUESTION
from PySide6.QtCore import Qt

from troly.core.tasks.ask import NOT_FOUND

ANSWER_TIMEOUT_MS = 180_000
INDEX_TIMEOUT_MS = 120_000


def indexed_window(qtbot: Any, make_window: Any, wait_ready: Any, folder: Path) -> Any:
    window = make_window(max_tokens=96)
    assert window.mode_keys()[1:3] == ["chat", "ask"]
    window.set_mode("ask")
    assert window.pages.currentWidget() is window.ask_page
    panel = window.ask_page.panel
    with qtbot.waitSignal(panel.indexing_finished, timeout=INDEX_TIMEOUT_MS):
        assert panel.add_sources([folder])
    wait_ready(window)
    return window


def test_the_answer_streams_then_its_sources_open_the_cited_page(
    qtbot: Any, make_window: Any, wait_ready: Any, type_text: Any, docs_folder: Path
) -> None:
    window = indexed_window(qtbot, make_window, wait_ready, docs_folder)
    page = window.ask_page
    view = page.view
    assert view.send_button.isEnabled()

    lengths: list[int] = []
    view.transcript.textChanged.connect(lambda: lengths.append(len(view.text())))
    sources_at_first_piece: list[int] = []
    type_text(view.question, QUESTION)
    with qtbot.waitSignal(page.answer_finished, timeout=ANSWER_TIMEOUT_MS) as finished:
        qtbot.keyClick(view.question, Qt.Key.Key_Return)
        assert page.asking() and view.stop_button.isEnabled()
        page.job.worker.pieces.connect(
            lambda _text: sources_at_first_piece.append(view.sources.count())
        )
    answer = finished.args[0]
    # The sources were listed before the first token arrived, not when the answer ended.
    assert sources_at_first_piece and sources_at_first_piece[0] == len(answer.sources) > 0
    assert answer.found and answer.text
    assert len(set(lengths)) >= 4, lengths  # streamed, not shown at once
    assert QUESTION in view.text() and answer.text[:20] in view.text()
    assert not page.asking() and not view.stop_button.isEnabled()

    # The sources: "[n] file — page p — heading", the cited article among them.
    labels = view.source_labels()
    assert labels and all(label.startswith("[") for label in labels)
    row = next(i for i, label in enumerate(labels) if "Điều 12" in label)
    assert "luat-vien-chuc.pdf — page 2 — " in labels[row]

    item = view.sources.item(row)
    qtbot.mouseClick(
        view.sources.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.sources.visualItemRect(item).center(),
    )
    viewer = page.viewer()
    qtbot.waitUntil(viewer.isVisible, timeout=30_000)
    assert viewer.path == docs_folder / "luat-vien-chuc.pdf"
    assert viewer.page == 2 and viewer.kind == "pdf"
    assert viewer.highlights, "the cited passage is not highlighted"
    viewer.close()


def test_switching_collection_clears_the_previous_answer(
    qtbot: Any, make_window: Any, wait_ready: Any, docs_folder: Path
) -> None:
    window = indexed_window(qtbot, make_window, wait_ready, docs_folder)
    page = window.ask_page
    view = page.view
    with qtbot.waitSignal(page.answer_finished, timeout=ANSWER_TIMEOUT_MS):
        assert page.ask(QUESTION)
    assert view.text() and view.source_labels()
    first = page.panel.current_collection()

    assert page.panel.new_collection("Văn bản khác") == "Văn bản khác"
    assert page.panel.current_collection() == "Văn bản khác"
    assert view.text() == "" and view.source_labels() == []
    assert "Văn bản khác" in view.collection_label.text()
    # Back to the first: its question and answer again, as the history keeps them.
    page.panel.collection_list.list.setCurrentRow(page.panel.collections().index(first))
    assert page.panel.current_collection() == first and QUESTION in view.text()

    # Switching while an answer is being written: it stops, and nothing of it shows under the
    # other collection's name.
    with qtbot.waitSignal(page.answer_finished, timeout=ANSWER_TIMEOUT_MS) as finished:
        assert page.ask(QUESTION)  # open: up to 384 tokens, so it is still writing
        qtbot.waitUntil(lambda: view.source_labels() != [], timeout=ANSWER_TIMEOUT_MS)
        page.panel.collection_list.list.setCurrentRow(
            page.panel.collections().index("Văn bản khác")
        )
    assert finished.args[0].stats.finish_reason == "cancelled"
    assert view.text() == "" and view.source_labels() == []


def test_a_question_the_documents_do_not_answer_says_so(
    qtbot: Any, make_window: Any, wait_ready: Any, docs_folder: Path
) -> None:
    window = indexed_window(qtbot, make_window, wait_ready, docs_folder)
    page = window.ask_page
    with qtbot.waitSignal(page.answer_finished, timeout=ANSWER_TIMEOUT_MS) as finished:
        assert page.ask(NOT_FOUND_QUESTION)
    assert not finished.args[0].found
    assert NOT_FOUND in page.view.text()
    assert page.view.source_labels() == []


def test_stop_ends_the_answer(
    qtbot: Any, make_window: Any, wait_ready: Any, docs_folder: Path
) -> None:
    window = indexed_window(qtbot, make_window, wait_ready, docs_folder)
    page = window.ask_page
    view = page.view
    assert page.ask(QUESTION)  # an open question: an answer of up to 384 tokens
    thread = page.ask_thread()
    before = len(view.text())
    qtbot.waitUntil(lambda: len(view.text()) > before + 10, timeout=ANSWER_TIMEOUT_MS)
    with qtbot.waitSignal(page.answer_finished, timeout=30_000) as finished:
        qtbot.keyClick(view.question, Qt.Key.Key_Escape)
    assert finished.args[0].stats.finish_reason == "cancelled"
    assert view.tr("(stopped)") in view.text()
    qtbot.waitUntil(lambda: not thread.isRunning(), timeout=30_000)


def test_the_original_file_of_a_source_opens_in_its_application(
    qtbot: Any, make_window: Any, docs_folder: Path
) -> None:
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtGui import QDesktopServices

    from troly.core.tasks.ask import Source

    class Catcher(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.urls: list[str] = []

        @Slot(QUrl)
        def open(self, url: QUrl) -> None:
            self.urls.append(url.toLocalFile())

    catcher = Catcher()
    # What the desktop would open, caught: a test must not start a PDF reader.
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        window = make_window(load_model=False)
        view = window.ask_page.view
        pdf = str(docs_folder / "luat-vien-chuc.pdf")
        view.show_sources([Source(1, pdf, 2, "Điều 12", "Viên chức được nghỉ", False)])
        assert not view.original_button.isEnabled()
        view.sources.setCurrentRow(0)
        qtbot.mouseClick(view.original_button, Qt.MouseButton.LeftButton)
        assert catcher.urls == [pdf]
        viewer = window.ask_page.open_source(view.current_source())
        qtbot.mouseClick(viewer.original_button, Qt.MouseButton.LeftButton)
        assert catcher.urls == [pdf, pdf]
        viewer.close()
    finally:
        QDesktopServices.unsetUrlHandler("file")


def test_chat_still_works_beside_ask_mode(make_window: Any) -> None:
    window = make_window(load_model=False)
    assert window.mode() == "chat"
    assert window.pages.currentWidget() is window.chat_page
    window.set_mode("ask")
    assert window.mode() == "ask" and window.focusWidget() is window.ask_page.view.question
    window.set_mode("chat")
    assert window.focusWidget() is window.chat_view.question
    if "draft" in window.mode_keys():
        window.set_mode("draft")
        assert window.pages.currentWidget() is window.drafting_page
