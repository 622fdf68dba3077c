"""An upgrade whose readers read a file differently reads the indexed files again at the next
update, though they did not change: a DOCX indexed as one page gets its estimated pages."""

from __future__ import annotations

from pathlib import Path

import docx

from troly.core.documents.version import READER_VERSION
from troly.core.index.store import IndexStore
from troly.core.index.sync import sync_collection
from troly.core.vault import forget_database_key, open_encrypted_database


def long_law_docx(path: Path, articles: int = 12) -> Path:
    document = docx.Document()
    for n in range(1, articles + 1):
        document.add_paragraph(f"Điều {n}. Quy định số {n}")
        for clause in range(1, 5):
            document.add_paragraph(
                f"{clause}. Cơ quan, tổ chức thực hiện nhiệm vụ thứ {clause} của điều {n} "
                "theo đúng trình tự, thủ tục, thời hạn và thẩm quyền do pháp luật quy định. " * 2
            )
    document.save(path)
    return path


def statuses(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {Path(r.path).name: r.status for r in report.results}


def test_files_read_by_older_readers_are_read_again(store: IndexStore, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    long_law_docx(folder / "luat.docx")
    assert statuses(sync_collection(store, "vb", [folder])) == {"luat.docx": "indexed"}
    (record,) = store.files(store.collection_id("vb")).values()
    assert record.reader_version == READER_VERSION and record.pages > 1

    # As an index built by the readers before: one page, version 1.
    store.db.execute("UPDATE file SET reader_version = 1, pages = 1")
    assert statuses(sync_collection(store, "vb", [])) == {"luat.docx": "indexed"}
    (record,) = store.files(store.collection_id("vb")).values()
    assert record.reader_version == READER_VERSION and record.pages > 1
    # Read once: the next update finds it unchanged.
    assert statuses(sync_collection(store, "vb", [])) == {"luat.docx": "unchanged"}


def test_an_index_from_before_the_version_gains_it(tmp_path: Path) -> None:
    db_file = tmp_path / "index.db"
    db = open_encrypted_database(db_file)
    # The file table as indexes before the readers' version had it.
    db.execute(
        "CREATE TABLE file (id INTEGER PRIMARY KEY, collection_id INTEGER NOT NULL, "
        "path TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, "
        "sha256 TEXT NOT NULL, status TEXT NOT NULL, error TEXT NOT NULL DEFAULT '', "
        "pages INTEGER NOT NULL DEFAULT 0, ocr_pages INTEGER NOT NULL DEFAULT 0, "
        "chunks INTEGER NOT NULL DEFAULT 0, pages_estimated INTEGER NOT NULL DEFAULT 0, "
        "indexed_at REAL NOT NULL, UNIQUE (collection_id, path));"
        "INSERT INTO file VALUES (1, 1, '/d/luat.docx', 1, 1, 'x', 'indexed', '', 1, 0, 3, 1, 1.0)"
    )
    store = IndexStore(db, embedder=None)
    try:
        (record,) = store.files(1).values()
        assert record.reader_version == 1 != READER_VERSION  # read again at the next update
    finally:
        db.close()
        forget_database_key(db_file)
