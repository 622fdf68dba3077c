"""The laws a question names, and whether the user's documents hold them (a real index)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.core.index.conftest import law_pdf

from troly.core.index.store import IndexStore
from troly.core.index.sync import sync_collection
from troly.core.tasks.named_law import missing_laws, named_laws, not_held_message


@pytest.mark.parametrize(
    ("question", "shown", "phrase"),
    [
        (
            "Theo Luật Du Lịch về trách nhiệm quản lý nhà nước về du lịch, …?",
            "Luật Du Lịch",
            "luat du lich",
        ),
        ("… của Luật Điện ảnh là đúng hay sai?", "Luật Điện ảnh", "luat dien anh"),
        (
            "… theo quy định của Luật hôn nhân và gia đình năm 2014?",
            "Luật hôn nhân",
            "luat hon nhan",
        ),
        ("Theo Bộ luật Lao động 2019, người lao động …?", "Bộ luật Lao động", "luat lao dong"),
        ("Theo Luật Dược, thuốc nào …?", "Luật Dược", "luat duoc"),
        ("Căn cứ Luật Đất đai năm 2013, …", "Luật Đất đai", "luat dat dai"),
    ],
)
def test_a_law_cited_by_name_is_found_by_its_first_syllables(
    question: str, shown: str, phrase: str
) -> None:
    [law] = named_laws(question)
    assert (law.shown, law.phrase) == (shown, phrase)


@pytest.mark.parametrize(
    "question",
    [
        "Luật sư có quyền gặp bị can không?",  # a lawyer, not a law
        "Luật này quy định những gì?",  # a sentence's start: no citation
        "Theo BLDS năm 2015, vật là gì?",  # an abbreviation: nothing to match
        "Theo Luật HNGĐ, ai được kết hôn?",
        "Mức phạt theo luật định là bao nhiêu?",  # "luật định": lower case
        "Việc này thực hiện theo quy định của pháp luật về du lịch.",
        "Theo Luật sửa đổi, bổ sung năm 2020, …",
    ],
)
def test_words_that_are_no_law_name_name_no_law(question: str) -> None:
    assert named_laws(question) == []


def test_a_law_named_twice_counts_once() -> None:
    question = "Theo Luật Du lịch, … như Luật Du lịch năm 2017 quy định, và theo Luật Viên chức?"
    assert [law.shown for law in named_laws(question)] == ["Luật Du lịch", "Luật Viên chức"]


ARTICLES = [
    (1, "Phạm vi điều chỉnh", "Luật Viên chức quy định về quyền và nghĩa vụ của viên chức."),
    (2, "Nghỉ phép năm", "Viên chức được nghỉ phép năm mười hai ngày. Tuân thủ pháp luật. Du lịch"),
]


def test_only_a_law_the_documents_name_is_held(store: IndexStore, tmp_path: Path) -> None:
    law_pdf(tmp_path / "luat.pdf", ARTICLES)
    sync_collection(store, "luat", [tmp_path / "luat.pdf"])
    assert store.holds_phrase("luat vien chuc", "luat")
    # Both of its bigrams are in the index ("pháp luật. Du lịch" gives luat_du), but not as
    # adjacent words of one sentence.
    assert store.document_frequencies(["luat_du", "du_lich"], "luat") == {
        "luat_du": 1,
        "du_lich": 1,
    }
    assert not store.holds_phrase("luat du lich", "luat")
    assert missing_laws(store, "Theo Luật Viên chức, nghỉ phép năm bao nhiêu ngày?", "luat") == []
    missing = missing_laws(store, "Theo Luật Du lịch, nghỉ phép năm bao nhiêu ngày?", "luat")
    assert [law.shown for law in missing] == ["Luật Du lịch"]
    assert not_held_message(missing) == "Các tài liệu đã chọn không có Luật Du lịch."
    # Of two laws named, the one the user has is enough.
    both = "Theo Luật Du lịch và theo Luật Viên chức, nghỉ phép năm bao nhiêu ngày?"
    assert missing_laws(store, both, "luat") == []
    # A file's name counts (a scan whose title the OCR lost).
    law_pdf(tmp_path / "Luat_Du-lich 2017.pdf", ARTICLES[1:])
    sync_collection(store, "luat", [tmp_path / "luat.pdf", tmp_path / "Luat_Du-lich 2017.pdf"])
    assert store.holds_phrase("luat du lich", "luat")
    assert not store.holds_phrase("luat dien anh", "luat")
