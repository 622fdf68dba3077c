"""A true/false statement checked against the clause that states it: each kind of changed
detail found ("Sai."), a statement in the clause's own words ("Đúng."), and the statements
the words cannot decide left to the model (None)."""

from __future__ import annotations

import pytest

from troly.core.tasks import options, statement

RESIDENCE = (
    "Điều 27. Điều kiện đăng ký tạm trú\n"
    "1. Công dân đến sinh sống tại chỗ ở hợp pháp ngoài phạm vi đơn vị hành chính cấp xã nơi "
    "đã đăng ký thường trú để lao động, học tập hoặc vì mục đích khác từ 30 ngày trở lên thì "
    "phải thực hiện đăng ký tạm trú.\n"
    "2. Thời hạn tạm trú tối đa là 02 năm và có thể tiếp tục gia hạn nhiều lần."
)
PROPERTY = (
    "Điều 33. Tài sản chung của vợ chồng\n"
    "1. Tài sản chung của vợ chồng gồm tài sản do vợ, chồng tạo ra, thu nhập do lao động.\n"
    "Quyền sử dụng đất mà vợ, chồng có được sau khi kết hôn là tài sản chung của vợ chồng, trừ "
    "trường hợp vợ hoặc chồng được thừa kế riêng, được tặng cho riêng."
)
TERMS = (
    "Điều 3. Giải thích từ ngữ\n"
    "14. Ly hôn là việc chấm dứt quan hệ vợ chồng theo bản án, quyết định có hiệu lực pháp "
    "luật của Tòa án.\n"
    "15. Ly hôn giả tạo là việc lợi dụng ly hôn để trốn tránh nghĩa vụ tài sản mà không nhằm "
    "mục đích chấm dứt hôn nhân."
)
GUIDANCE = (
    "Điều 30. Hướng nghiệp và phân luồng trong giáo dục\n"
    "1. Hướng nghiệp trong giáo dục là hệ thống các biện pháp để giúp học sinh có kiến thức về "
    "nghề nghiệp, khả năng lựa chọn nghề nghiệp."
)
DATA = (
    "Điều 7. Các hành vi bị nghiêm cấm\n"
    "đ) Cơ quan, tổ chức, cá nhân không được cung cấp, trao đổi, sao chép, in trái phép thông "
    "tin, tài liệu từ Cơ sở dữ liệu về cư trú."
)
SCHOOLS = (
    "Điều 6. Hệ thống giáo dục quốc dân\n"
    "3. Chính phủ quy định chi tiết về liên thông giữa các cấp học, trình độ đào tạo trong hệ "
    "thống giáo dục quốc dân.\n"
    "4. Bộ trưởng Bộ Giáo dục và Đào tạo ban hành khung cơ cấu hệ thống giáo dục quốc dân."
)
FILMS = (
    "Điều 14. Hỗ trợ phát triển điện ảnh\n"
    "1. Nhà nước đầu tư cho sản xuất phim phục vụ nhiệm vụ chính trị.\n"
    "2. Nhà nước hỗ trợ sáng tác kịch bản phim, phát hành, phổ biến phim phục vụ vùng cao, "
    "miền núi."
)


def _judged(said: str, passage: str) -> tuple[str | None, str | None]:
    clause = options.clause(said, said, passage)
    return statement.contradiction(said, clause, passage), statement.verdict(said, clause, passage)


@pytest.mark.parametrize(
    ("said", "passage", "kind"),
    [
        # "02 lần": the law gives 02 for years and no number of renewals.
        (
            "Thời hạn tạm trú tối đa là 02 năm và có thể gia hạn thêm nhiều nhất 02 lần",
            RESIDENCE,
            "quantity",
        ),
        (
            "Quyền sử dụng đất mà vợ, chồng có được sau khi kết hôn là tài sản chung của vợ "
            "chồng, kể cả trong trường hợp vợ hoặc chồng được thừa kế riêng",
            PROPERTY,
            "including",
        ),
        (
            "Ly hôn là việc lợi dụng ly hôn để trốn tránh nghĩa vụ tài sản mà không nhằm mục "
            "đích chấm dứt hôn nhân",
            TERMS,
            "term",
        ),
        (
            "Hướng nghiệp trong giáo dục không nhất thiết phải giúp học sinh có kiến thức về "
            "nghề nghiệp, khả năng lựa chọn nghề nghiệp",
            GUIDANCE,
            "negation added",
        ),
        (
            "Cơ quan, tổ chức, cá nhân có thể tự do cung cấp, trao đổi, sao chép, in thông tin, "
            "tài liệu từ Cơ sở dữ liệu về cư trú",
            DATA,
            "negation dropped",
        ),
        (
            "Bộ Giáo dục và Đào tạo quy định chi tiết về liên thông giữa các cấp học, trình độ "
            "đào tạo trong hệ thống giáo dục quốc dân",
            SCHOOLS,
            "body",
        ),
        (
            "Nhà nước chỉ hỗ trợ sáng tác kịch bản phim, phát hành, phổ biến phim phục vụ vùng "
            "cao, miền núi",
            FILMS,
            "only",
        ),
    ],
)
def test_a_changed_detail_makes_the_statement_false(said: str, passage: str, kind: str) -> None:
    assert _judged(said, passage) == (kind, "Sai.")


def test_the_clause_in_its_own_words_makes_the_statement_true() -> None:
    said = "Thời hạn tạm trú tối đa là 02 năm và có thể tiếp tục gia hạn nhiều lần"
    assert _judged(said, RESIDENCE) == (None, "Đúng.")
    said = "Ly hôn là việc chấm dứt quan hệ vợ chồng theo bản án, quyết định của Tòa án"
    assert _judged(said, TERMS) == (None, "Đúng.")


def test_the_body_the_clause_names_is_no_change() -> None:
    # The clause says "Bộ trưởng Bộ Giáo dục và Đào tạo": the same ministry.
    said = "Bộ Giáo dục và Đào tạo ban hành khung cơ cấu hệ thống giáo dục quốc dân"
    assert _judged(said, SCHOOLS) == (None, "Đúng.")
    # "Bộ luật" is a code of law, not a ministry.
    said = "Theo Bộ luật dân sự, Chính phủ quy định chi tiết về liên thông giữa các cấp học"
    assert statement.contradiction(said, options.clause(said, said, SCHOOLS), SCHOOLS) is None


def test_what_the_words_cannot_tell_is_left_to_the_model() -> None:
    # True, in other words than the law's.
    said = "Vợ hoặc chồng được thừa kế riêng quyền sử dụng đất thì đó là tài sản riêng"
    assert _judged(said, PROPERTY) == (None, None)
    # "không" with the law's own "không": nothing was negated that the law states.
    said = "Ly hôn giả tạo không nhằm mục đích chấm dứt hôn nhân"
    assert _judged(said, TERMS)[0] is None


def test_a_negation_elsewhere_in_the_passage_is_no_contradiction() -> None:
    # "không được cung cấp" is about a clause the statement does not restate.
    passage = (
        "Điều 10. Quyền của công dân\n"
        "1. Công dân được khai thác thông tin về cư trú của mình.\n"
        "2. Cơ quan không được cung cấp thông tin cho tổ chức khác khi chưa có sự đồng ý."
    )
    said = "Công dân được khai thác thông tin về cư trú của mình"
    assert _judged(said, passage) == (None, "Đúng.")


def test_words_that_contain_chi_are_not_a_restriction() -> None:
    passage = "Điều 5. Trọng tài viên\n1. Trọng tài viên do các bên chỉ định."
    said = "Trọng tài viên do các bên chỉ định"
    assert statement.contradiction(said, options.clause(said, said, passage), passage) is None
