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
    # The passages' words take their accents, the asking words the accents people ask with.
    assert " ".join(restore_accents(plain, passages)) == "thời gian thử việc tối đa là bao lâu"
    assert " ".join(restore_accents(analyse("nguoi lao dong nghi hang nam"), passages)) == (
        "người lao động nghỉ hằng năm"
    )


def test_restoring_weighs_each_word_by_its_neighbours() -> None:
    """Questions typed without accents, written for this class: where a law's frequent word
    folds like the question's ("bảo đảm", "nhiều", "tội", "tại khoản", "nghị định"), the words
    around it decide, not how often it occurs alone."""
    from troly.core.words import restore_accents

    passages = [
        "Điều 5. Bảo đảm quyền lợi\nNhà nước bảo đảm nhiều chính sách. Người phạm tội bị xử lý.",
        "Điều 9. Nghị định hướng dẫn\nChính phủ ban hành nghị định tại khoản 2 Điều này.",
        "Điều 12. Nghỉ việc\nNgười lao động nghỉ việc phải báo trước 30 ngày.",
        "Điều 20. Tài khoản\nNgười dùng tự đăng ký tài khoản trên mạng xã hội.",
        "Điều 31. Con dấu\nCơ quan được ủy quyền quản lý con dấu.",
    ]
    cases = {
        "nguoi lao dong nghi viec phai bao truoc bao nhieu ngay": (
            "người lao động nghỉ việc phải báo trước bao nhiêu ngày"
        ),
        # "tre em" is in no passage: it stays as typed.
        "tre em duoc tu dang ky tai khoan khong": "tre em được tự đăng ký tài khoản không",
        "toi co the uy quyen quan ly con dau khong": ("tôi có thể ủy quyền quản lý con dấu không"),
    }
    for typed, meant in cases.items():
        assert " ".join(restore_accents(analyse(typed), passages)) == meant


MEANING_PASSAGES = [
    "Điều 468. Lãi suất\nLãi suất vay do các bên thỏa thuận; lãi tối đa không vượt quá 20%/năm.",
    "Điều 8. Thời hạn giải quyết\nThời hạn giải quyết khiếu nại lần đầu không quá 30 ngày.",
]


def test_a_slipped_tone_mark_is_mended_by_the_passages() -> None:
    # Written for the class "one tone mark wrong, as a quick typist slips": the word the
    # passages never write, with a neighbour they write it beside, is mended; a word no
    # passage pairs with anything ("trẻ em") is the user's own and stays.
    from troly.core.words import text_for_meaning

    slipped = analyse("Cho vay lấy lài tối đa bao nhiêu một năm?")
    assert text_for_meaning(slipped, MEANING_PASSAGES) == (
        "cho vay lấy lãi tối đa bao nhiêu một năm"
    )
    kept = analyse("Trẻ em được vay lấy lãi không?")
    assert text_for_meaning(kept, MEANING_PASSAGES) == kept.text
    timed = analyse("Thời hạn giải quyết khiếu nại lần đầu là mấy ngày?")
    assert text_for_meaning(timed, MEANING_PASSAGES) == timed.text  # nothing to mend


def test_the_polite_frame_is_not_read_by_meaning() -> None:
    # As officials type to a colleague, with and without accents; the asking words stay.
    from troly.core.words import text_for_meaning

    cases = {
        "Cho em hỏi, thời hạn giải quyết khiếu nại lần đầu là bao lâu ạ?": (
            "thời hạn giải quyết khiếu nại lần đầu là bao lâu"
        ),
        "Xin hỏi lãi suất vay tối đa là bao nhiêu vậy ạ?": "lãi suất vay tối đa là bao nhiêu",
        "anh chi cho em hoi lai suat vay toi da bao nhieu nhe": ("lãi suất vay tối đa bao nhiêu"),
    }
    for typed, read in cases.items():
        assert text_for_meaning(analyse(typed), MEANING_PASSAGES) == read
    # A question that is only its frame keeps its words.
    only_frame = analyse("Cho em hỏi ạ")
    assert text_for_meaning(only_frame, MEANING_PASSAGES) == only_frame.text


def test_the_polite_frame_is_not_searched_for() -> None:
    # "em" of "Cho em hỏi" is the asker, not the "em" of "trẻ em": it is no search term. With
    # the frame gone, the words searched are those of the question typed plainly.
    framed = analyse("Cho em hỏi, hồ sơ xin cấp hộ chiếu gồm những gì vậy ạ?")
    plain = analyse("Hồ sơ xin cấp hộ chiếu gồm những gì?")
    assert framed.search_terms == plain.search_terms and "em" not in framed.search_terms
    assert framed.content_words == plain.content_words
    # Inside the question "em" stays: the question is about children.
    assert "tre_em" in analyse("Cho em hỏi, trẻ em mấy tuổi được đi học vậy ạ?").search_terms
    assert "tre_em" in analyse("cho em hoi tre em may tuoi duoc di hoc vay a").search_terms


def test_a_slipped_grammar_word_is_mended_before_it_is_searched() -> None:
    # A quick typist's "thĩ" for "thì": as typed it is no grammar word, so "thi" would be
    # searched for and match every "thi hành". Mended from the passages, it is "thì" again.
    from troly.core.words import mended

    passages = [
        "Điều 5. Điều kiện làm giáo viên\nNgười muốn làm giáo viên thì phải có bằng cử nhân.",
        "Điều 9. Thi hành\nLuật này được thi hành từ năm sau.",
    ]
    slipped = analyse("Muốn làm giáo viên thĩ cần bằng gì?")
    assert "thi" in slipped.search_terms
    fixed = mended(slipped, passages)
    assert "thi" not in fixed.search_terms
    assert fixed.search_terms == analyse("Muốn làm giáo viên thì cần bằng gì?").search_terms
    # Nothing to mend, or typed without accents: the same question object comes back.
    right = analyse("Muốn làm giáo viên thì cần bằng gì?")
    assert mended(right, passages) is right
    plain = analyse("muon lam giao vien thi can bang gi")
    assert mended(plain, passages) is plain


def test_a_question_typed_without_accents_is_written_out_with_them() -> None:
    # What the model is shown: the accents the question's words have in the passages, with
    # the question's case and punctuation; a word no passage holds stays as typed.
    from troly.core.words import with_accents

    passages = [
        "Điều 113. Nghỉ hằng năm\n1. Người lao động làm việc đủ 12 tháng thì được nghỉ hằng "
        "năm 12 ngày làm việc.",
        "Điều 25. Thời gian thử việc\nThời gian thử việc tối đa không quá 180 ngày.",
    ]
    assert with_accents(analyse("Nguoi lao dong duoc nghi hang nam bao nhieu ngay?"), passages) == (
        "Người lao động được nghỉ hằng năm bao nhiêu ngày?"
    )
    assert with_accents(analyse("THOI GIAN thu viec toi da, cong ty ABC?"), passages) == (
        "THỜI GIAN thử việc tối đa, cong ty ABC?"
    )
    typed = "Thời gian thử việc tối đa?"
    assert with_accents(analyse(typed), passages) == typed
