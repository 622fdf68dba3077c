"""The model's echo of its prompt is not part of the answer (questions written for this class:
a small model restating the question, labelling it, or copying the instruction)."""

from troly.core.tasks.ask import NO_ANSWER, Answer, Source
from troly.core.tasks.echo import without_echo

LEAVE = "Người lao động được nghỉ hằng năm bao nhiêu ngày?"
TRIAL = "Thời gian thử việc tối đa là bao lâu?"


def test_a_restated_question_before_the_answer_is_dropped() -> None:
    answer = f"{LEAVE} Người lao động được nghỉ 12 ngày làm việc [1]."
    assert without_echo(answer, LEAVE) == "Người lao động được nghỉ 12 ngày làm việc [1]."


def test_a_labelled_question_and_its_marks_are_dropped() -> None:
    answer = f"Câu hỏi: {TRIAL} [1] Không quá 180 ngày đối với người quản lý doanh nghiệp [1]."
    assert (
        without_echo(answer, TRIAL) == "Không quá 180 ngày đối với người quản lý doanh nghiệp [1]."
    )


def test_the_instruction_copied_is_dropped() -> None:
    answer = (
        "Nêu con số, thời hạn, điều kiện hoặc cơ quan mà câu hỏi cần, chép đúng từ nguồn, có số "
        "nguồn. Thời hạn khiếu nại lần đầu là 90 ngày [2]."
    )
    assert without_echo(answer, "Khiếu nại trong bao lâu?") == (
        "Thời hạn khiếu nại lần đầu là 90 ngày [2]."
    )


def test_an_answer_without_echo_is_unchanged() -> None:
    for answer in (
        "Thời hạn khiếu nại lần đầu là 90 ngày, kể từ ngày nhận quyết định [1].",
        "Không. Người sử dụng lao động không được giữ bản chính văn bằng của người lao động [1].",
        # A question back that brings what the user did not say is the model's own sentence.
        "Bạn hỏi về hợp đồng có thời hạn dưới 12 tháng? Khi đó thử việc không quá 6 ngày [1].",
    ):
        assert without_echo(answer, TRIAL) == answer


def test_an_answer_that_is_only_echo_is_no_answer() -> None:
    assert without_echo(f"Câu hỏi: {TRIAL}", TRIAL) == ""
    source = Source(1, "/x/bo-luat-lao-dong.pdf", 9, "Điều 25. Thời gian thử việc", "…", False)
    answer = Answer(TRIAL, [source], kind="open")
    answer.text = f"{TRIAL} [1]"
    answer.finish()
    assert answer.text == NO_ANSWER and not answer.answered
    assert answer.raw_text == f"{TRIAL} [1]"  # what the model wrote is kept for the record


def test_a_restated_question_with_a_run_of_marks_is_still_the_question() -> None:
    # The marks a small model puts after everything ("[1], [2], [3]") are no words of the
    # question: the restated question is dropped all the same.
    answer = f"{TRIAL} [1], [2], [3]\nKhông quá 180 ngày [1]."
    assert without_echo(answer, TRIAL) == "Không quá 180 ngày [1]."


def test_a_labelled_not_found_is_not_found() -> None:
    from troly.core.tasks.ask import NOT_FOUND, _complete, _open_grounds

    source = Source(1, "/x/bo-luat-lao-dong.pdf", 9, "Điều 25. Thời gian thử việc", "…", False)
    for said in (f"Câu trả lời: {NOT_FOUND}", f"Trả lời: {NOT_FOUND}", f"{TRIAL}\n{NOT_FOUND}"):
        answer = Answer(TRIAL, [source], kind="open")
        answer.text = said
        answer.finish()
        assert not answer.found and answer.text == NOT_FOUND, said
        # Nor is a clause quoted under it.
        assert _open_grounds(said, TRIAL, [source]) == ""
    # The question written back, then a blank line: no answer yet, so generation goes on.
    assert not _complete(f"Câu hỏi: {TRIAL}\n\nK", "open", TRIAL)
    assert _complete(f"Câu hỏi: {TRIAL}\n\nKhông quá 180 ngày [1].\n\n", "open", TRIAL)


def test_a_run_of_marks_past_the_sources_ends_the_answer() -> None:
    # Seen with the 1.5B model: "Trong các nguồn [1], [2], … [88]" until no token was left.
    # Citing a source it was never given ends the answer; a mark cut short is not shown.
    from troly.core.tasks.ask import _runaway

    assert not _runaway("Không quá 180 ngày [1], [2], [3].", 3)
    assert _runaway("Trong các nguồn [1], [2], [3], [4]", 3)
    source = Source(1, "/x/bo-luat-lao-dong.pdf", 9, "Điều 25. Thời gian thử việc", "…", False)
    answer = Answer(TRIAL, [source], kind="open")
    answer.text = "Thời gian thử việc không quá 180 ngày [1], [2], [9"
    answer.finish()
    assert "[9" not in answer.text and "[2]" not in answer.text
    assert answer.raw_text.endswith("[9")  # what the model wrote is kept for the record
