"""The grounds of a closed answer: the passage that states the claim, and its clause quoted."""

from __future__ import annotations

from troly.core.tasks import options
from troly.core.tasks.grounding import check_answer

PASSAGE = (
    "Điều 46. Thông báo nghỉ hưu\n"
    "1. Thời điểm nghỉ hưu là ngày 01 của tháng liền kề sau tháng viên chức đủ tuổi nghỉ hưu.\n"
    "2. Trước 06 tháng, tính đến ngày viên chức nghỉ hưu, cơ quan, đơn vị, tổ chức quản lý "
    "viên chức phải thông báo bằng văn bản về thời điểm nghỉ hưu."
)


def test_the_grounds_come_from_the_passage_that_states_the_claim() -> None:
    other = "Điều 2. Thời giờ làm việc\nViên chức làm việc tám giờ mỗi ngày."
    evidence = [other, PASSAGE]
    said = options.claim("A", "Thông báo nghỉ hưu trước bao lâu?", {"A": "Trước 06 tháng"})
    assert options.best_source(said, "Thông báo nghỉ hưu trước bao lâu?", evidence) == 2
    # A combined option says what the options it names say.
    assert options.claim("C", "Câu hỏi?", {"A": "x.", "B": "y", "C": "Cả A, B đều đúng"}) == (
        "x; y"
    )
    assert options.claim("D", "Câu hỏi?", {"A": "x", "B": "y", "D": "Cả 3 phương án trên"}) == (
        "x; y"
    )


def test_the_quote_is_the_clause_that_states_the_claim() -> None:
    said = "Trước 06 tháng, cơ quan phải thông báo về thời điểm nghỉ hưu"
    quoted = options.quote(said, "Thông báo nghỉ hưu trước bao lâu?", PASSAGE)
    assert quoted.startswith("Trước 06 tháng") and quoted in PASSAGE
    # Quoted as the grounds of a verdict, the clause is one claim its source supports.
    check = check_answer(f"Sai. Theo nguồn [1]: “{quoted}”", [PASSAGE])
    assert [c.supported for c in check.claims] == [None, True]
    long = "Điều 9. Dài\n1. " + "viên chức được nghỉ phép năm, " * 20 + "theo quy định."
    cut = options.quote("nghỉ phép năm", "Nghỉ phép?", long)
    assert len(cut) <= options.QUOTE_CHARS + 2 and cut.endswith("…")
