"""Every sentence of an answer checked against the passages it was given: wrong citations
re-pointed, unsupported sentences marked, numbers that name no source removed."""

from __future__ import annotations

from troly.core.tasks.grounding import check_answer, numbers_in, split_claims

DIEU_107 = (
    "Điều 107. Làm thêm giờ\n"
    "2. Người sử dụng lao động được sử dụng người lao động làm thêm giờ khi bảo đảm số giờ "
    "làm thêm của người lao động không quá 50% số giờ làm việc bình thường trong 01 ngày; "
    "không quá 40 giờ trong 01 tháng."
)
DIEU_98 = (
    "Điều 98. Tiền lương làm thêm giờ, làm việc vào ban đêm\n"
    "1. Người lao động làm thêm giờ được trả lương tính theo đơn giá tiền lương hoặc tiền "
    "lương thực trả theo công việc đang làm: vào ngày thường, ít nhất bằng 150%."
)


def test_a_sentence_cited_to_the_wrong_passage_is_re_pointed() -> None:
    answer = (
        "Số giờ làm thêm của người lao động không quá 50% số giờ làm việc bình thường trong "
        "01 ngày [2]. Tiền lương làm thêm giờ vào ngày thường ít nhất bằng 150% [2]."
    )
    check = check_answer(answer, [DIEU_107, DIEU_98])
    first, second = check.claims
    assert first.cited == [2] and first.citations == [1]
    assert first.corrected and first.supported
    assert second.citations == [2] and not second.corrected and second.supported
    assert check.text().startswith("Số giờ làm thêm") and "01 ngày. [1]" in check.text()
    assert [c.as_json()["corrected"] for c in check.claims] == [True, False]


def test_a_sentence_no_passage_supports_is_marked() -> None:
    answer = "Sai. Người lao động được làm thêm tối đa 300 giờ mỗi năm trong mọi ngành [1]."
    check = check_answer(answer, [DIEU_107, DIEU_98])
    verdict, claim = check.claims
    assert verdict.text == "Sai." and verdict.supported is None  # a verdict claims nothing
    assert claim.supported is False and claim.citations == [] and claim.cited == [1]
    assert check.unsupported == [claim]
    assert claim.as_json()["supported"] is False


def test_numbers_must_all_be_in_the_source() -> None:
    wrong_figure = "Số giờ làm thêm không quá 60% số giờ làm việc bình thường trong 01 ngày [1]."
    assert check_answer(wrong_figure, [DIEU_107]).claims[0].supported is False
    assert numbers_in("05 ngày, ngày 15/01/2026, 1.500 đồng") == {"5", "15", "1", "2026", "500"}


def test_citations_that_name_no_source_are_removed() -> None:
    answer = "Không quá 40 giờ trong 01 tháng [7] [1]."
    check = check_answer(answer, [DIEU_107])
    assert check.invalid_citations == [7]
    assert "[7]" not in check.text() and check.claims[0].citations == [1]


def test_an_answer_of_citation_marks_only_has_no_content() -> None:
    assert not check_answer("[2] [3]", [DIEU_107, DIEU_98, DIEU_98]).has_content
    assert not check_answer(" [1], [2].", [DIEU_107, DIEU_98]).has_content
    assert check_answer("Đúng. [1]", [DIEU_107]).has_content


def test_a_verdict_or_a_letter_alone_is_no_statement() -> None:
    assert not check_answer("Đúng. [1], [2], [3]", [DIEU_107, DIEU_98, DIEU_98]).has_statement
    assert not check_answer("B.", [DIEU_107]).has_statement
    assert check_answer("Đúng. Không quá 40 giờ trong 01 tháng [1].", [DIEU_107]).has_statement


def test_marks_after_the_full_stop_belong_to_the_sentence_before() -> None:
    claims = split_claims("Không quá 40 giờ trong 01 tháng. [1][2] Được trả ít nhất 150%. [2]")
    assert claims == [
        ("Không quá 40 giờ trong 01 tháng.", [1, 2]),
        ("Được trả ít nhất 150%.", [2]),
    ]
    assert split_claims("Theo [1, 2], không quá 40 giờ.") == [("Theo, không quá 40 giờ.", [1, 2])]


def test_a_number_the_source_gives_for_something_else_is_no_support() -> None:
    # Seen with the 1.5B model on the bundled report: 3.240 is the calls, not the files.
    report = (
        "Tổng số hồ sơ tiếp nhận: 12.460 hồ sơ, tăng 9,7% so với cùng kỳ. Hệ thống tổng đài "
        "đã tiếp nhận 3.240 cuộc gọi. Theo Điều 107 của Bộ luật, trong năm 2026 bổ sung biên chế."
    )
    wrong = check_answer("Quý III đã tiếp nhận 3.240 hồ sơ [1].", [report])
    assert wrong.claims[0].supported is False
    right = check_answer("Quý III đã tiếp nhận 12.460 hồ sơ, tăng 9,7% [1].", [report])
    assert right.claims[0].supported is True
    # Article numbers and years are not amounts: the words after them are the sentence.
    article = check_answer("Điều 107 quy định bổ sung biên chế năm 2026 cho Bộ luật [1].", [report])
    assert article.claims[0].supported is True


def test_what_a_number_counts() -> None:
    from troly.core.tasks.amounts import asked_amount, quantities_in

    found = quantities_in("Số: 87/BC, ngày 14 tháng 10 năm 2025: 12.460 hồ sơ, 9,7% và 05 ngày.")
    assert found == {"12,460": {"hồ"}, "9,7": {"%"}, "5": {"ngày"}}
    assert asked_amount("Đã tiếp nhận bao nhiêu hồ sơ?") == "ho"
    assert asked_amount("Thời hạn là bao lâu?") == ""
    assert asked_amount("Ai ký văn bản?") is None


def test_marks_taken_out_leave_no_run_of_commas() -> None:
    check = check_answer(
        "Sai. Theo nguồn [1], [2], [3], thời hạn tạm trú tối đa là 02 năm.",
        ["Thời hạn tạm trú tối đa là 02 năm.", "Điều 1. Phạm vi", "Điều 2. Đối tượng"],
    )
    assert check.text() == "Sai. Theo nguồn, thời hạn tạm trú tối đa là 02 năm. [1]"
    joined = check_answer(
        "Theo nguồn [1] và [2], thời hạn tạm trú tối đa là 02 năm.",
        ["Thời hạn tạm trú tối đa là 02 năm.", "Điều 1. Phạm vi"],
    )
    assert joined.text() == "Theo nguồn, thời hạn tạm trú tối đa là 02 năm. [1]"


def test_a_run_of_marks_joined_by_commas_after_the_full_stop_is_one_group() -> None:
    # "… 3 năm. [1], [2], [3]": all the marks belong to the sentence; no "," is left over as a
    # sentence of its own.
    claims = split_claims("Chịu sự quản lý 3 năm. [1], [2], [3]\nSau đó được miễn [2].")
    assert claims == [("Chịu sự quản lý 3 năm.", [1, 2, 3]), ("Sau đó được miễn.", [2])]
