"""What a content word is, for a question typed with accents, without them, or spoken."""

from __future__ import annotations

from troly.core.words import analyse, content_terms, stop_mask


def test_typed_with_accents_words_are_compared_with_their_accents() -> None:
    # "mấy" asks, "máy" is a machine; "cơ" of "cơ quan" is not "có"; "ma" of "ma túy" not "mà".
    q = analyse("Máy phát điện có mấy pha?")
    assert q.accented and q.content_words == ["máy", "phát", "điện", "pha"]
    assert "co_quan" in analyse("Cơ quan nào cấp giấy phép?").search_terms
    assert {"ma", "ma_tuy"} <= set(analyse("Người nghiện ma túy được cai ở đâu?").search_terms)


def test_typed_without_accents_question_words_are_compared_folded() -> None:
    q = analyse("nguoi lao dong duoc nghi phep nam bao nhieu ngay?")
    assert not q.accented
    assert "duoc" not in q.search_terms and "bao" not in q.search_terms
    assert {"nghi_phep", "phep_nam", "lao_dong"} <= set(q.search_terms)
    # A folded question word that may be a content word stays a term: "toi da" is "tối đa".
    assert "toi_da" in analyse("lam them gio toi da bao nhieu gio?").search_terms


def test_how_a_person_asks_is_not_what_the_question_is_about() -> None:
    spoken = analyse("Cho mình hỏi, thời gian thử việc tối đa là bao lâu vậy ạ?")
    written = analyse("Thời gian thử việc tối đa là bao lâu?")
    assert spoken.search_terms == written.search_terms
    assert spoken.content_words == written.content_words


def test_a_passage_and_a_question_meet_on_folded_terms() -> None:
    passage = "Thời gian thử việc không quá 180 ngày đối với người quản lý doanh nghiệp."
    plain = analyse("thoi gian thu viec toi da bao lau")
    assert {"thoi_gian", "thu_viec"} <= plain.content_terms & content_terms(passage)


def test_ambiguous_folded_words_can_be_stopped_where_a_list_of_words_is_wanted() -> None:
    spoken = ["bao", "lau", "toi"]
    assert stop_mask(spoken, accented=False) == [True, False, False]
    assert stop_mask(spoken, accented=False, keep_ambiguous=False) == [True, True, True]


def test_a_question_typed_without_accents_takes_those_of_the_passages() -> None:
    from troly.core.words import restore_accents

    passages = [
        "Điều 25. Thời gian thử việc\nThời gian thử việc tối đa 180 ngày đối với người quản lý.",
        "Điều 113. Nghỉ hằng năm\nNgười lao động được nghỉ hằng năm 12 ngày làm việc.",
    ]
    plain = analyse("thoi gian thu viec toi da la bao lau?")
    # Each run of syllables the passages hold takes their accents; the rest stays as typed.
    assert restore_accents(plain, passages) == "thời gian thử việc tối đa la bao lau"
    assert restore_accents(analyse("nguoi lao dong nghi hang nam"), passages) == (
        "người lao động nghỉ hằng năm"
    )
