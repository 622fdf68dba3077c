"""The words of a question that no document holds, said beside the answer (a real index, the
real pipeline-test model)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.core.index.conftest import law_pdf

from troly.core.index.store import IndexStore
from troly.core.index.sync import sync_collection
from troly.core.tasks.absent_words import absent_words, candidate_terms, candidate_words
from troly.core.tasks.ask import ask

ARTICLES = [
    (1, "Phạm vi điều chỉnh", "Luật này quy định về quyền và nghĩa vụ của viên chức."),
    (2, "Giấy phép", "Cơ quan có thẩm quyền cấp giấy phép cho viên chức đi nước ngoài."),
    (3, "Học tập", "Viên chức được học tập, bồi dưỡng và bày tỏ nguyện vọng với thủ trưởng."),
    (4, "Thiết bị", "Thiết bị điện tử có ảnh hưởng đến sức khỏe phải được kiểm định."),
]
LICENCE = "Điều 2. Giấy phép\nCơ quan có thẩm quyền cấp giấy phép cho viên chức đi nước ngoài."
DEVICES = "Điều 4. Thiết bị\nThiết bị điện tử có ảnh hưởng đến sức khỏe phải được kiểm định."


@pytest.fixture
def indexed(store: IndexStore, tmp_path: Path) -> IndexStore:
    law_pdf(tmp_path / "luat.pdf", ARTICLES)
    sync_collection(store, "luat", [tmp_path / "luat.pdf"])
    return store


def test_names_abbreviations_and_function_words_are_no_candidates() -> None:
    question = "Phim của chị Lan theo BLDS được UBND cấp giấy phép phân loại phim không?"
    # "Phim" starts the sentence: a word; "Lan" is a name, "BLDS" and "UBND" abbreviations,
    # "của", "theo", "được", "không" function words; "phim" counts once.
    assert candidate_words(question) == ["phim", "chị", "cấp", "giấy", "phép", "phân", "loại"]
    # A capital after "?" or ":" starts a sentence; "hỏi", "gì", "bao lâu", "ạ" only ask, and
    # "tôi", "mấy", "luôn" are how a person asks or overstates, not what a law says.
    assert candidate_words("Hỏi: Phim là gì? Điện ảnh có từ bao lâu ạ?") == ["phim", "điện", "ảnh"]
    assert candidate_words("Tôi hỏi mấy điều luôn đúng?") == []


def test_terms_are_pairs_of_words_inside_one_clause() -> None:
    terms = candidate_terms("Máy phát điện, ảnh hưởng của ông Lan tới phim?")
    # No pair across the comma, none with a name ("Lan") or a function word ("của").
    assert [t.text for t in terms] == ["máy phát", "phát điện", "ảnh hưởng", "tới phim"]
    assert (terms[1].before, terms[1].after) == ("máy", "")


def test_a_word_no_passage_holds_is_absent(indexed: IndexStore) -> None:
    question = "Cơ quan nào cấp giấy phép phân loại phim cho viên chức?"
    # "phân loại" and "loại phim" are not named again: their words are.
    assert absent_words(indexed, question, "luat", LICENCE) == ["phân", "loại", "phim"]
    # Compared folded, as the index keeps words: typed without accents, a word is still there.
    assert absent_words(indexed, "co quan nao cap giay phep cho vien chuc?", "luat") == []


def test_a_term_no_passage_holds_is_absent_unless_the_passage_speaks_of_it(
    indexed: IndexStore,
) -> None:
    # "điện" and "ảnh" are each in the documents ("điện tử", "ảnh hưởng"), "điện ảnh" is not.
    question = "Cơ quan nào cấp giấy phép về điện ảnh cho viên chức?"
    assert absent_words(indexed, question, "luat", LICENCE) == ["điện ảnh"]
    # A passage that holds one of its syllables may be about it: the pair may be two words.
    assert absent_words(indexed, question, "luat", DEVICES) == []
    # "vọng học" is the end of "nguyện vọng", which the documents hold, and a word after it.
    straddle = "Viên chức có nguyện vọng học tại nước ngoài thì ai cấp giấy phép?"
    assert absent_words(indexed, straddle, "luat", LICENCE) == []


def test_the_words_are_a_note_beside_the_answer(engine, indexed: IndexStore) -> None:
    question = "Cơ quan có thẩm quyền nào cấp giấy phép cho viên chức đi nước ngoài xem phim?"
    answer, pieces = ask(engine, indexed, question, "luat", max_tokens=4)
    list(pieces)
    # The passage on licences is about the question: answered, and the words said beside it.
    assert answer.found and answer.sources
    assert answer.absent_words == ["xem", "phim"]
    assert answer.notes == [
        "Không tài liệu nào trong bộ có từ “xem”, “phim”: câu trả lời có thể không đúng điều bạn "
        "hỏi."
    ]
    assert answer.as_json()["absent_words"] == ["xem", "phim"]
    plain, pieces = ask(
        engine, indexed, "Cơ quan nào cấp giấy phép cho viên chức?", "luat", max_tokens=4
    )
    list(pieces)
    assert plain.found and plain.absent_words == [] and plain.sources and plain.notes == []


def test_a_question_typed_without_accents_asks_with_its_question_words() -> None:
    # "bao lau" is "bao lâu" typed plainly: "lau" asks, it is no word to look up (nor is
    # "toi", which may be "tôi"); with accents "mấy" (how many) is not "máy" (machine).
    assert candidate_words("thoi gian thu viec toi da la bao lau?") == ["thoi", "gian", "thu"]
    assert candidate_words("Máy phát điện mấy pha?") == ["máy", "phát", "điện", "pha"]


def test_the_polite_frame_is_no_word_to_look_up() -> None:
    # "em" of "Cho em hỏi" is the asker: a note "no document has the word 'em'" would be wrong.
    asked = "Cho em hỏi, viên chức bị kỷ luật cảnh cáo thì bao lâu không được nâng lương vậy ạ?"
    assert "em" not in candidate_words(asked)
    assert {"viên", "chức", "lương"} <= set(candidate_words(asked))
    assert "em" in candidate_words("Cho em hỏi, trẻ em mấy tuổi thì đi học vậy ạ?")
    assert "em" not in candidate_words("cho em hoi tre con may tuoi thi di hoc vay a")
