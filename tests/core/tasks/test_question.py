"""The kind of a question decides the shape of its answer."""

from __future__ import annotations

from troly.core.tasks.question import answer_choice, answer_verdict, parse_question


def test_true_false_phrasings() -> None:
    q = parse_question("Viên chức được nghỉ phép năm 12 ngày, đúng hay sai?")
    assert q.kind == "true_false"
    assert "“Đúng.” hoặc “Sai.”" in q.prompt_block()
    # A statement to judge says so only through the caller (a question bank's label).
    statement = "Bộ Giáo dục và Đào tạo quy định việc liên thông."
    assert parse_question(statement).kind == "open"
    assert parse_question(statement, kind="true_false").kind == "true_false"


def test_choices_given_apart_or_written_in_the_question() -> None:
    given = parse_question("Thời hạn là bao lâu?", {"A": "06 tháng", "B": "03 tháng"})
    assert given.kind == "choice" and given.choices == {"A": "06 tháng", "B": "03 tháng"}
    assert "A. 06 tháng\nB. 03 tháng" in given.prompt_block()
    inline = parse_question("Thời hạn là bao lâu?\nA. 06 tháng\nB. 04 tháng\nC. 03 tháng")
    assert inline.kind == "choice" and inline.text == "Thời hạn là bao lâu?"
    assert inline.choices == {"A": "06 tháng", "B": "04 tháng", "C": "03 tháng"}
    assert "06" in inline.match_words.search_terms
    # Letters out of order are not a list of options.
    assert parse_question("Xem mục B. và mục A. của Điều 5").kind == "open"


def test_verdict_and_letter_read_from_the_answer() -> None:
    q = parse_question("Thời hạn?", {"A": "06 tháng", "B": "03 tháng"})
    assert answer_choice("B. Theo [1], thời hạn là 03 tháng.", q) == "B"
    assert answer_choice("Đáp án A: 06 tháng [1]", q) == "A"
    assert answer_choice("E. không có", q) is None
    assert answer_verdict("Đúng. Theo [1] …") == "Đúng"
    assert answer_verdict("sai, vì [2]") == "Sai"
    assert answer_verdict("Theo [1], …") is None


def test_a_question_ending_in_a_verb_and_khong_is_open() -> None:
    # "sử dụng không?" asks whether something may be used: no statement to judge.
    assert parse_question("Con dấu cũ còn được sử dụng không?").kind == "open"
    assert parse_question("con dau cu con duoc su dung khong?").kind == "open"
    # A tag after a comma, or "có đúng không", asks whether a statement is true.
    assert parse_question("Thử việc tối đa 60 ngày, đúng không?").kind == "true_false"
    assert parse_question("thu viec toi da 60 ngay, dung khong?").kind == "true_false"
    assert parse_question("Thử việc tối đa 60 ngày có đúng không?").kind == "true_false"
