"""Multiple choice answered option by option: each option judged "Đúng"/"Sai" over the same
passages (ask._choose), the letter the model holds truest; an option naming others judged as
the options it names, said at once."""

from __future__ import annotations

import threading
from pathlib import Path

from tests.core.index.conftest import law_pdf
from tests.recording_scorer import RecordingScorer

from troly.core.engine.base import ChatMessage, GenerationStats
from troly.core.index.store import IndexStore
from troly.core.index.sync import sync_collection
from troly.core.tasks.ask import SYSTEM_PROMPT, _choose, ask
from troly.core.tasks.question import Question

ARTICLES = [
    (1, "Phạm vi điều chỉnh", "Luật này quy định về quyền và nghĩa vụ của viên chức."),
    (2, "Thời giờ làm việc", "Viên chức làm việc tám giờ mỗi ngày và bốn mươi giờ mỗi tuần."),
    (3, "Nghỉ phép năm", "Viên chức được nghỉ phép năm mười hai ngày làm việc."),
]


def test_each_option_is_judged_over_passages_read_once(
    engine, store: IndexStore, tmp_path: Path
) -> None:
    law_pdf(tmp_path / "luat.pdf", ARTICLES)
    sync_collection(store, "luat", [tmp_path / "luat.pdf"])
    recording = RecordingScorer(engine)
    choices = {"A": "tám ngày", "B": "mười hai ngày", "C": "ba mươi ngày"}
    answer, pieces = ask(
        recording,  # type: ignore[arg-type]
        store,
        "Viên chức được nghỉ phép năm bao nhiêu ngày?",
        "luat",
        choices=choices,
    )
    streamed = "".join(pieces)
    assert answer.choice in choices and streamed.startswith(f"{answer.choice}. Theo nguồn [")
    # One judgment per option, each asking about that option alone, over the same passages.
    assert len(recording.asked) == 3
    users = [messages[-1].content for messages in recording.asked]
    for letter, user in zip(choices, users, strict=True):
        assert f"Đáp án cần xét: {choices[letter]}\n" in user
        assert user.endswith("rồi một câu nêu căn cứ, có số nguồn.")
        others = [text for other, text in choices.items() if other != letter]
        assert not any(f"Đáp án cần xét: {text}\n" in user for text in others)
    passages = [user[: user.index("Câu hỏi:")] for user in users]
    assert passages[0].startswith("Nguồn:\n[1]") and len(set(passages)) == 1
    # The passages are read once: the later options reuse the cached prompt up to the last
    # aligned batch before the option's own lines.
    assert all(s.reused_prompt_tokens > 0 for s in recording.stats[1:])
    assert answer.stats.first_token_seconds >= sum(s.seconds for s in recording.stats) * 0.99


class ScriptedJudge:
    """An engine that judges each option as a script says: the log-probabilities of "Đúng" and
    "Sai" for the option its prompt names."""

    def __init__(self, margins: dict[str, float]) -> None:
        self.margins = margins

    def first_token_logprobs(self, messages, candidates, prefix=""):  # type: ignore[no-untyped-def]
        user = messages[-1].content
        option = user.split("Đáp án cần xét: ", 1)[1].split("\n", 1)[0]
        margin = self.margins[option]
        return [margin / 2 - 1.0, -margin / 2 - 1.0], GenerationStats(seconds=0.5)


def _choose_with(margins: dict[str, float], choices: dict[str, str]) -> str | None:
    q = Question("Viên chức được hưởng những chế độ nào?", "choice", choices)
    messages = [ChatMessage("system", SYSTEM_PROMPT), ChatMessage("user", "Nguồn:\n[1] …\n\n")]
    messages[-1] = ChatMessage("user", messages[-1].content + q.prompt_block())
    decided = _choose(ScriptedJudge(margins), q, messages, threading.Event())  # type: ignore[arg-type]
    return None if decided is None else decided[0]


def test_the_option_the_model_holds_truest_is_chosen() -> None:
    choices = {"A": "nghỉ phép năm", "B": "nghỉ hưu sớm", "C": "nhà công vụ"}
    margins = {"nghỉ phép năm": 1.5, "nghỉ hưu sớm": -2.0, "nhà công vụ": 0.5}
    assert _choose_with(margins, choices) == "A."
    margins["nhà công vụ"] = 2.5
    assert _choose_with(margins, choices) == "C."


def test_an_option_naming_others_is_judged_as_the_options_it_names_said_at_once() -> None:
    choices = {"A": "nghỉ phép năm", "B": "nghỉ ốm", "C": "Cả A và B đều đúng"}
    both = "Tất cả các ý sau đều đúng: nghỉ phép năm; nghỉ ốm"
    margins = {"nghỉ phép năm": 1.0, "nghỉ ốm": 0.4, both: 1.6}
    assert _choose_with(margins, choices) == "C."
    margins[both] = 0.2  # the model holds the two together less true than one alone
    assert _choose_with(margins, choices) == "A."


def test_all_of_the_above_is_said_as_every_other_option() -> None:
    choices = {
        "A": "nghỉ phép năm",
        "B": "nghỉ ốm.",
        "C": "nghỉ thai sản",
        "D": "Cả 3 phương án trên",
    }
    every = "Tất cả các ý sau đều đúng: nghỉ phép năm; nghỉ ốm; nghỉ thai sản"
    margins = {"nghỉ phép năm": 1.0, "nghỉ ốm.": 0.6, "nghỉ thai sản": 0.3, every: 1.2}
    assert _choose_with(margins, choices) == "D."
    margins[every] = -0.3
    assert _choose_with(margins, choices) == "A."


def test_stop_between_options_gives_no_letter(engine) -> None:
    q = Question("Viên chức nghỉ phép năm bao nhiêu ngày?", "choice", {"A": "x", "B": "y"})
    messages = [
        ChatMessage("system", SYSTEM_PROMPT),
        ChatMessage("user", "Nguồn:\n[1] Viên chức nghỉ phép năm 12 ngày.\n\n" + q.prompt_block()),
    ]
    stop = threading.Event()
    stop.set()
    assert _choose(engine, q, messages, stop) is None
