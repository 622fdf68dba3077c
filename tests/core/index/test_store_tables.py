"""A file's tables kept as tables in the encrypted index, with the file: stored when it is
indexed, replaced when it changes, removed with it, bounded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from troly.core.documents import read_document
from troly.core.index import store as store_module
from troly.core.index.store import IndexStore
from troly.core.index.sync import sync_collection
from troly.core.vault import forget_database_key, open_encrypted_database

XA = 'Xã,Số hồ sơ tiếp nhận,Tỷ lệ đúng hạn\nXã An Bình,1.245,"96,4%"\nXã Tân Phú,980,"86,7%"\n'


def _docx(path: Path, values: list[str]) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Bảng 1: Kết quả của các phòng")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Phòng", "Số văn bản"
    for name, value in zip(["Phòng Tư pháp", "Phòng Nội vụ"], values, strict=True):
        row = table.add_row().cells
        row[0].text, row[1].text = name, value
    document.add_paragraph("Sau bảng là một đoạn văn.")
    document.save(path)
    return path


def test_tables_are_stored_as_read_and_replaced_with_the_file(
    store: IndexStore, tmp_path: Path
) -> None:
    csv = tmp_path / "xa.csv"
    csv.write_text(XA, encoding="utf-8")
    word = _docx(tmp_path / "phong.docx", ["12", "7"])
    sync_collection(store, "bc", [tmp_path])
    for path in (csv, word):
        read = [t for page in read_document(path).pages for t in page.tables]
        assert store.tables("bc", str(path)) == read and read
    stored = store.tables("bc", str(csv), page=1)[0]
    assert stored.rows[0].cells == ("Xã An Bình", "1.245", "96,4%")
    assert stored.rows[0].address(1) == "B2"
    assert store.tables("bc", str(csv), page=2) == []

    _docx(word, ["15", "9"])
    os.utime(word, ns=(1, 1))  # another size or mtime: read again
    sync_collection(store, "bc", [])
    (table,) = store.tables("bc", str(word))
    assert [row.cells[1] for row in table.rows] == ["15", "9"]

    word.write_bytes(b"not a docx any more")
    sync_collection(store, "bc", [])
    assert store.tables("bc", str(word)) == []  # failed: its tables go with its passages
    csv.unlink()
    sync_collection(store, "bc", [])
    assert store.tables("bc", str(csv)) == []
    assert store.db.execute("SELECT count(*) FROM file_table").fetchone()[0] == 0


def test_a_deleted_collection_takes_its_tables(store: IndexStore, tmp_path: Path) -> None:
    (tmp_path / "xa.csv").write_text(XA, encoding="utf-8")
    sync_collection(store, "bc", [tmp_path])
    store.delete_collection("bc")
    assert store.db.execute("SELECT count(*) FROM file_table").fetchone()[0] == 0


def test_tables_are_encrypted_at_rest(store: IndexStore, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "xa.csv").write_text(XA.replace("An Bình", "Quảng Khê"), "utf-8")
    sync_collection(store, "bc", [tmp_path / "docs"])
    store.db.execute("PRAGMA wal_checkpoint(FULL)")
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("index.db*"))
    assert "Quảng Khê".encode() not in raw and b"file_table" not in raw


def test_only_the_first_cells_of_a_huge_file_are_kept_as_tables(
    store: IndexStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    for n in range(3):
        sheet = book.active if n == 0 else book.create_sheet()
        sheet.title = f"Biểu {n + 1}"
        sheet.append(["Xã", "Số hồ sơ"])
        for i in range(10):
            sheet.append([f"Xã {i}", i])
    book.save(tmp_path / "bieu.xlsx")
    monkeypatch.setattr(store_module, "MAX_TABLE_CELLS", 50)  # 22 cells a sheet
    report = sync_collection(store, "bc", [tmp_path / "bieu.xlsx"])
    assert report.count("indexed") == 1
    names = [t.name for t in store.tables("bc", str(tmp_path / "bieu.xlsx"))]
    assert names == ["Biểu 1", "Biểu 2"]
    # Every sheet is still searchable as passages.
    hits = store.search("Biểu 3 Xã 7", "bc", 3)
    assert any(hit.heading == "Biểu 3" for hit in hits)


def test_an_index_from_before_tables_reads_its_files_again(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "xa.csv").write_text(XA, encoding="utf-8")
    db = tmp_path / "index.db"
    old = IndexStore(open_encrypted_database(db), embedder=None)
    sync_collection(old, "bc", [tmp_path / "docs"])
    with old.db:  # as an index made before tables were kept: by the readers before them
        old.db.execute("DROP TABLE file_table")
        old.db.execute("UPDATE file SET reader_version = 3")
    old.db.close()
    store = IndexStore(open_encrypted_database(db), embedder=None)
    try:
        report = sync_collection(store, "bc", [])
        assert [r.status for r in report.results] == ["indexed"]
        assert store.tables("bc", str(tmp_path / "docs" / "xa.csv"))
        again = sync_collection(store, "bc", [])
        assert [r.status for r in again.results] == ["unchanged"]
    finally:
        store.db.close()
        forget_database_key(db)
