from __future__ import annotations

import pytest

from troly.core.errors import TrolyError
from troly.core.index.chunker import Chunk
from troly.core.index.store import IndexStore


def add(store: IndexStore, collection: str, path: str, texts: list[str]) -> None:
    cid = store.collection_id(collection, create=True)
    chunks = [Chunk(i, i + 1, i + 1, f"Điều {i + 1}.", t) for i, t in enumerate(texts)]
    store.replace_file(cid, path, 1, 1, "x", chunks, len(texts), 0, False)


FILLER = [
    "Cơ quan nhà nước có trách nhiệm tổ chức thực hiện các quy định về văn thư lưu trữ.",
    "Người đứng đầu đơn vị chịu trách nhiệm trước pháp luật về hoạt động của đơn vị.",
    "Kinh phí bảo đảm cho hoạt động được bố trí trong dự toán ngân sách hằng năm.",
    "Ủy ban nhân dân các cấp hướng dẫn thi hành luật này tại địa phương.",
]


def test_query_without_diacritics_finds_accented_text(store: IndexStore) -> None:
    add(store, "a", "/d/luat.pdf", [*FILLER, "Người nghiện ma túy phải cai nghiện bắt buộc."])
    hits = store.search("nguoi nghien ma tuy cai nghien bat buoc", "a", 3)
    assert hits and "ma túy" in hits[0].text


def test_d_with_stroke_is_folded(store: IndexStore) -> None:
    add(store, "a", "/d/qd.pdf", [*FILLER, "Quyết định điều động cán bộ được ban hành."])
    hits = store.search("quyet dinh dieu dong", "a", 3)
    assert hits and "điều động" in hits[0].text


def test_accented_matches_rank_first(store: IndexStore) -> None:
    add(
        store,
        "a",
        "/d/x.pdf",
        [*FILLER, "Mức phạt cho hành vi bán hàng rong.", "Mực phát cho hành vi bạn hãng rồng."],
    )
    hits = store.search("mức phạt bán hàng", "a", 5)
    assert hits[0].text == "Mức phạt cho hành vi bán hàng rong."
    unaccented = store.search("muc phat ban hang", "a", 5)
    assert {h.text for h in unaccented[:2]} == {
        "Mức phạt cho hành vi bán hàng rong.",
        "Mực phát cho hành vi bạn hãng rồng.",
    }


def test_collections_are_separate(store: IndexStore) -> None:
    add(store, "one", "/d/a.pdf", [*FILLER, "Quy định về nghỉ phép năm của công chức."])
    add(store, "two", "/d/b.pdf", [*FILLER, "Quy định về nghỉ phép năm của viên chức."])
    hits = store.search("nghỉ phép năm", "two", 10)
    assert hits and all(h.file == "/d/b.pdf" for h in hits)


def test_unknown_collection_is_a_clear_error(store: IndexStore) -> None:
    with pytest.raises(TrolyError) as err:
        store.search("x", "khong-co", 5)
    assert "Không có bộ tài liệu" in err.value.message_vi


def test_replacing_a_file_replaces_its_passages(store: IndexStore) -> None:
    add(store, "a", "/d/a.pdf", [*FILLER, "Thời hạn giải quyết là mười ngày."])
    add(store, "a", "/d/a.pdf", [*FILLER, "Thời hạn giải quyết là mười lăm ngày."])
    hits = store.search("thời hạn giải quyết", "a", 10)
    assert [h.text for h in hits if "Thời hạn" in h.text] == [
        "Thời hạn giải quyết là mười lăm ngày."
    ]
    assert store.chunk_count() == len(FILLER) + 1


def test_a_failed_write_leaves_the_previous_state(store: IndexStore) -> None:
    add(store, "a", "/d/a.pdf", [*FILLER, "Nội dung cũ vẫn còn."])
    cid = store.collection_id("a")
    broken = [Chunk(0, 1, 1, "h", "mới"), Chunk(1, 1, 1, "h", None)]  # type: ignore[arg-type]
    with pytest.raises(Exception):  # noqa: B017 - any failure mid-write
        store.replace_file(cid, "/d/a.pdf", 2, 2, "y", broken, 1, 0, False)
    hits = store.search("nội dung cũ", "a", 3)
    assert hits and hits[0].text == "Nội dung cũ vẫn còn."
    assert store.files(cid)["/d/a.pdf"].sha256 == "x"


def test_common_words_alone_still_rank_something(store: IndexStore) -> None:
    add(store, "a", "/d/a.pdf", FILLER)
    assert store.search("của các và", "a", 3)  # only very common words


def test_hit_json_shape(store: IndexStore) -> None:
    add(store, "a", "/d/a.pdf", [*FILLER, "Thẩm quyền ban hành văn bản."])
    data = store.search("thẩm quyền ban hành", "a", 1)[0].as_json()
    assert set(data) == {"file", "page", "heading", "text", "score", "similarity"}
    assert isinstance(data["page"], int) and isinstance(data["score"], float)


def test_a_slipped_tone_mark_is_searched_for_as_mended(store: IndexStore) -> None:
    # "thĩ" typed for "thì": as typed it is no grammar word, and "thi" would pull every
    # passage about exams first. The passages the question's words find write "viên thì", so
    # the search mends it and ranks as for the question typed right, with the same scores.
    gold = "Giáo viên cần có bằng cử nhân sư phạm."
    exams = "Kỳ thi giáo viên gồm thi viết, thi vấn đáp và thi thực hành."
    allowance = "Giáo viên thì được hưởng phụ cấp theo nghề."
    add(store, "a", "/d/gv.pdf", [*FILLER, exams, allowance, gold])
    right = [(h.text, h.score) for h in store.search("Giáo viên thì cần có bằng gì?", "a", 3)]
    slipped = [(h.text, h.score) for h in store.search("Giáo viên thĩ cần có bằng gì?", "a", 3)]
    assert right[0][0] == gold
    assert [t for t, _ in slipped] == [t for t, _ in right]
    assert [s for _, s in slipped] == pytest.approx([s for _, s in right])
