"""Stop is quick for every long task (issue 24): a chat reply, a document answer, a draft and a
summary, each started in the real window with the real model, stopped with its page's own Stop
button once it is really working, and timed until the page is no longer busy.

The user's bound is 2 s. This suite shares a small machine with other work, so what is asserted
scales with the machine: the user's 2 s or a number of generation steps, whichever is longer, a
step being one token's time on the same engine, measured in the same run before and after the
four stops (the slower of the two, should the load change in between). The figures are printed
(`pytest -s`) and kept in the run's BENCH summary for the closing note.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ask_documents import QUESTION, long_pdf
from PySide6.QtCore import Qt
from tests.bench.conftest import report

USER_BOUND_SECONDS = 2.0  # what the issue asks; printed beside each figure
# A Stop is seen between two tokens, or by llama.cpp's abort callback within a batch of prompt
# reading; the rest is handing signals to the UI thread. Well under this many token times.
STOP_BOUND_STEPS = 40
WORK_TIMEOUT_MS = 180_000
INDEX_TIMEOUT_MS = 120_000
LONG_QUESTION = "Hãy viết một bài văn dài về mùa thu Hà Nội."


def stop_and_time(qtbot: Any, stop_button: Any, busy: Callable[[], bool]) -> float:
    """Click Stop; the seconds until the page says it is no longer busy."""
    assert busy() and stop_button.isEnabled(), "the task ended before it could be stopped"
    started = time.monotonic()
    qtbot.mouseClick(stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not busy(), timeout=WORK_TIMEOUT_MS)
    return time.monotonic() - started


def chat_latency(qtbot: Any, window: Any) -> tuple[float, float]:
    """Stop a reply once its first words are shown; (latency, seconds per token)."""
    page = window.chat_page
    window.set_mode("chat")
    page.new_conversation()  # a second measurement waits for its own reply's words
    page.send(LONG_QUESTION)
    qtbot.waitUntil(
        lambda: len(page.view.text()) > len(LONG_QUESTION) + 20, timeout=WORK_TIMEOUT_MS
    )
    with qtbot.waitSignal(page.reply_finished, timeout=WORK_TIMEOUT_MS) as finished:
        latency = stop_and_time(qtbot, page.view.stop_button, page.generating)
    stats = finished.args[0]
    assert stats.finish_reason == "cancelled"
    assert stats.generated_tokens > 1 and stats.tokens_per_second > 0
    return latency, 1 / stats.tokens_per_second


def answer_latency(qtbot: Any, window: Any, folder: Path) -> float:
    """Stop a document answer as soon as its sources are found: the model is reading them."""
    window.set_mode("ask")
    page = window.ask_page
    with qtbot.waitSignal(page.panel.indexing_finished, timeout=INDEX_TIMEOUT_MS):
        assert page.panel.add_sources([folder])
    qtbot.waitUntil(lambda: page.view.send_button.isEnabled(), timeout=WORK_TIMEOUT_MS)
    with qtbot.waitSignal(page.answer_started, timeout=WORK_TIMEOUT_MS):
        assert page.ask(QUESTION)
    with qtbot.waitSignal(page.answer_finished, timeout=WORK_TIMEOUT_MS) as finished:
        latency = stop_and_time(qtbot, page.view.stop_button, page.asking)
    assert finished.args[0].stats.finish_reason == "cancelled"
    return latency


def draft_latency(qtbot: Any, window: Any) -> float:
    """Stop a draft once the first words of its body are shown."""
    window.set_mode("draft")
    page = window.drafting_page
    values = {
        "co_quan": "Sở Thông tin và Truyền thông",
        "ky_hieu": "STTTT-VP",
        "dia_danh": "Bắc Ninh",
        "chuc_vu": "Giám đốc",
        "nguoi_ky": "Nguyễn Văn An",
        "noi_nhan": "Sở Nội vụ",
        "trich_yeu": "phối hợp tập huấn kỹ năng số",
        "kinh_gui": "Sở Nội vụ",
    }
    for key, value in values.items():
        page.inputs[key].setText(value)
    page.brief_edit.setPlainText("Đề nghị cử cán bộ tham dự tập huấn kỹ năng số trong tháng 12.")
    page.draft_button.click()
    qtbot.waitUntil(lambda: bool(page.body_edit.toPlainText()), timeout=WORK_TIMEOUT_MS)
    latency = stop_and_time(qtbot, page.stop_button, page.is_drafting)
    assert page.status_label.text() == page.tr("Stopped. You can edit the body and export it.")
    return latency


def summary_latency(qtbot: Any, window: Any, document: Path) -> float:
    """Stop a summary once its first section is done: the model is on the next one."""
    window.set_mode("summarize")
    page = window.summarize_page
    page.set_files([document])
    page.start()
    qtbot.waitUntil(lambda: page.progress_bar.value() >= 1, timeout=WORK_TIMEOUT_MS)
    assert page.progress_bar.value() < page.progress_bar.maximum()  # more model calls to come
    latency = stop_and_time(qtbot, page.cancel_button, page.is_running)
    assert page.summary is None
    assert page.status_label.text() == page.tr(
        "Stopped. Finished sections are kept: summarizing again resumes from there."
    )
    return latency


def test_stop_ends_every_long_task_within_seconds(
    qtbot: Any, make_window: Any, wait_ready: Any, docs_folder: Path, font: Path, tmp_path: Path
) -> None:
    # Room for long work: none of it may end on its own before Stop is pressed (the summary's
    # sections are written at length, each a model call of many seconds).
    window = make_window(max_tokens=600, extra={"summarize": {"partial_tokens": 256}})
    wait_ready(window)
    document = long_pdf(tmp_path / "quy-dinh-dai.pdf", font, pages=60)

    chat, step_before = chat_latency(qtbot, window)
    figures = {
        "chat reply": chat,
        "document answer": answer_latency(qtbot, window, docs_folder),
        "draft": draft_latency(qtbot, window),
        "summary": summary_latency(qtbot, window, document),
    }
    chat_again, step_after = chat_latency(qtbot, window)
    figures["chat reply"] = max(chat, chat_again)
    step = max(step_before, step_after)
    bound = max(USER_BOUND_SECONDS, STOP_BOUND_STEPS * step)
    print(f"\nOne generation step: {step * 1000:.0f} ms; bound asserted {bound:.2f} s")
    slow: dict[str, str] = {}
    for name, seconds in figures.items():
        mark = (
            "" if seconds <= USER_BOUND_SECONDS else f" (over the {USER_BOUND_SECONDS:g} s asked)"
        )
        print(f"Stop latency, {name}: {seconds:.2f} s = {seconds / step:.1f} steps{mark}")
        if seconds > bound:
            slow[name] = f"Stop on the {name} took {seconds:.2f} s, {seconds / step:.0f} steps"
    report("stop latency (s)", step=step, **{k.replace(" ", "_"): v for k, v in figures.items()})
    assert not window.running_work()
    assert not slow, list(slow.values())
