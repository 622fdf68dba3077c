"""Passages cut to the clauses that match the question, in their order, within a budget."""

from __future__ import annotations

from troly.core.tasks.excerpt import ELLIPSIS, excerpt, split_units

ARTICLE = "\n".join(
    [
        "Điều 46. Chế độ hưu trí",
        "1. Viên chức được hưởng chế độ hưu trí theo quy định của pháp luật về lao động và "
        "pháp luật về bảo hiểm xã hội.",
        "2. Trước 06 tháng, tính đến ngày viên chức nghỉ hưu, cơ quan quản lý viên chức phải",
        "thông báo bằng văn bản về thời điểm nghỉ hưu.",
        "3. Trong trường hợp đặc biệt, viên chức có thể được kéo dài thời gian công tác.",
        "4. Viên chức nữ có thể được kéo dài thời gian công tác theo quy định của Chính phủ.",
    ]
)


def words(text: str) -> int:
    return len(text.split())


def test_units_follow_khoan_and_join_wrapped_lines() -> None:
    units = split_units(ARTICLE)
    assert units[0] == "Điều 46. Chế độ hưu trí"
    assert units[2].startswith("2. Trước 06 tháng") and units[2].endswith("thời điểm nghỉ hưu.")
    assert len(units) == 5


def test_the_matching_clause_is_kept_with_the_heading_line() -> None:
    cut = excerpt(ARTICLE, "Thông báo nghỉ hưu được ban hành trước bao lâu?", 30, words)
    lines = cut.split("\n")
    assert lines[0] == "Điều 46. Chế độ hưu trí"
    assert any(line.startswith("2. Trước 06 tháng") for line in lines)
    assert ELLIPSIS in lines and words(cut) <= 30 + 3
    assert "4. Viên chức nữ" not in cut


def test_a_passage_within_the_budget_is_kept_whole() -> None:
    assert excerpt(ARTICLE, "hưu trí", 500, words) == ARTICLE


REPORT = "\n".join(
    [
        "ỦY BAN NHÂN DÂN TỈNH BÌNH SƠN TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "Số: 87/BC-TTPVHCC Bình Sơn, ngày 14 tháng 10 năm 2025",
        "BÁO CÁO Kết quả quý III năm 2025 của Trung tâm về tiếp nhận hồ sơ",
        "1. Công tác tiếp nhận",
        "Trong quý III năm 2025, tổng số hồ sơ tiếp nhận: 12.460 hồ sơ, tăng 9,7%.",
        "2. Tổng đài hỗ trợ đã tiếp nhận 3.240 cuộc gọi trong quý III.",
    ]
)


def test_a_question_for_an_amount_keeps_the_clause_that_gives_it() -> None:
    # The letterhead holds the question's words as often as the figure does; a colon before
    # a number does not end the sentence, or the figure would be cut from what it counts.
    cut = excerpt(REPORT, "Trong quý III năm 2025, Trung tâm tiếp nhận bao nhiêu hồ sơ?", 24, words)
    assert "12.460 hồ sơ" in cut
    assert "ỦY BAN" not in cut and "3.240" not in cut
