"""The question's words that no document holds, shown beside the answer (a real index)."""

from __future__ import annotations

from pathlib import Path

from tests.core.index.conftest import law_pdf

from troly.core.index.store import IndexStore
from troly.core.index.sync import sync_collection
from troly.core.tasks.absent_words import absent_words, candidate_words
from troly.core.tasks.ask import ask

ARTICLES = [
    (1, "Phạm vi điều chỉnh", "Luật này quy định về quyền và nghĩa vụ của viên chức."),
    (2, "Giấy phép", "Cơ quan có thẩm quyền cấp giấy phép cho viên chức đi nước ngoài."),
]


def test_names_abbreviations_and_function_words_are_no_candidates() -> None:
    question = "Phim của chị Lan theo BLDS được UBND cấp giấy phép phân loại phim không?"
    # "Phim" starts the sentence: a word; "Lan" is a name, "BLDS" and "UBND" abbreviations,
    # "của", "theo", "được", "không" function words; "phim" counts once.
    assert candidate_words(question) == ["phim", "chị", "cấp", "giấy", "phép", "phân", "loại"]
    # A capital after "?" or ":" starts a sentence; "hỏi", "gì", "bao lâu", "ạ" only ask.
    assert candidate_words("Hỏi: Phim là gì? Điện ảnh có từ bao lâu ạ?") == ["phim", "điện", "ảnh"]


def test_only_words_no_passage_holds_are_absent(store: IndexStore, tmp_path: Path) -> None:
    law_pdf(tmp_path / "luat.pdf", ARTICLES)
    sync_collection(store, "luat", [tmp_path / "luat.pdf"])
    question = "Cơ quan nào cấp giấy phép phân loại phim cho viên chức?"
    assert absent_words(store, question, "luat") == ["phân", "loại", "phim"]
    # Compared folded, as the index keeps words: typed without accents, a word is still there.
    assert absent_words(store, "co quan nao cap giay phep cho vien chuc?", "luat") == []


def test_the_answer_names_the_absent_words(engine, store: IndexStore, tmp_path: Path) -> None:
    law_pdf(tmp_path / "luat.pdf", ARTICLES)
    sync_collection(store, "luat", [tmp_path / "luat.pdf"])
    answer, pieces = ask(
        engine,
        store,
        "Cơ quan có thẩm quyền nào cấp giấy phép cho viên chức đi nước ngoài xem phim?",
        "luat",
        max_tokens=4,
    )
    list(pieces)
    assert answer.found and answer.absent_words == ["xem", "phim"]
    assert answer.as_json()["absent_words"] == ["xem", "phim"]
    plain, pieces = ask(
        engine, store, "Cơ quan nào cấp giấy phép cho viên chức?", "luat", max_tokens=4
    )
    list(pieces)
    assert plain.found and plain.absent_words == []


def test_the_answer_check_marks_a_sentence_that_uses_an_absent_word() -> None:
    from troly.core.tasks.ask import Answer, Source

    passage = "Điều 2. Giấy phép\nCơ quan có thẩm quyền cấp giấy phép cho viên chức."
    source = Source(1, "/d/luat.pdf", 1, "Điều 2. Giấy phép", passage, False)
    answer = Answer("Cơ quan nào cấp giấy phép làm phim cho viên chức?", [source])
    answer.absent_words = ["làm", "phim"]
    answer.text = "Cơ quan có thẩm quyền cấp giấy phép làm phim cho viên chức [1]."
    answer.finish()
    assert answer.check is not None and len(answer.check.unsupported) == 1
    assert "[1]" not in answer.text and answer.as_json()["supported"] is False
