"""Office documents TroLy cannot read yet (.xlsx, .doc, …) are reported with what to do, never
stored nor opened; other kinds of files stay silently ignored (issue 24)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from tests.core.index.conftest import law_pdf

from troly.core.index.store import IndexStore
from troly.core.index.sync import sync_collection, unsupported_reason

ARTICLES = [(1, "Phạm vi điều chỉnh", "Luật này quy định về công tác văn thư.")]


def first_users_folder(tmp_path: Path) -> Path:
    """What a first user added: documents TroLy reads, office files it does not read yet, and
    files that are no documents at all."""
    folder = tmp_path / "ho-so"
    folder.mkdir()
    law_pdf(folder / "luat.pdf", ARTICLES)
    (folder / "ghi-chu.txt").write_text("Họp giao ban sáng thứ Hai.\n", encoding="utf-8")
    with zipfile.ZipFile(folder / "bang-luong.xlsx", "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
    (folder / "cong-van-cu.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    (folder / "setup.exe").write_bytes(b"MZ" + b"\0" * 62)
    (folder / "~$bang-luong.xlsx").write_bytes(b"\0" * 162)  # Excel's lock file
    (folder / "._bang-luong.xlsx").write_bytes(b"\0\x05\x16\x07")  # a Mac's resource copy
    (folder / "so-lieu.csv").mkdir()  # a folder, whatever its name
    os.mkfifo(folder / "ong.csv")  # would block whoever opened it
    return folder


def by_name(results) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {Path(r.path).name: (r.status, r.error) for r in results}


def test_office_files_are_reported_not_stored(store: IndexStore, tmp_path: Path) -> None:
    folder = first_users_folder(tmp_path)
    # 1 TB, sparse: a file that was stat'ed only; checked, it would fail as too large, and
    # hashed it would take an hour.
    with (folder / "du-toan.xls").open("wb") as huge:
        huge.truncate(1 << 40)

    first = by_name(sync_collection(store, "vb", [folder]).results)
    assert set(first) == {
        "luat.pdf",
        "ghi-chu.txt",
        "bang-luong.xlsx",
        "cong-van-cu.doc",
        "du-toan.xls",
    }
    assert first["luat.pdf"][0] == first["ghi-chu.txt"][0] == "indexed"
    assert first["bang-luong.xlsx"] == (
        "unsupported",
        "TroLy chưa đọc được tệp .xlsx; hãy lưu thành PDF hoặc DOCX để lập chỉ mục.",
    )
    assert first["cong-van-cu.doc"][0] == first["du-toan.xls"][0] == "unsupported"
    assert ".doc;" in first["cong-van-cu.doc"][1]

    report = sync_collection(store, "vb", [])
    again = by_name(report.results)
    assert again["luat.pdf"][0] == again["ghi-chu.txt"][0] == "unchanged"
    assert {k: v for k, v in again.items() if v[0] == "unsupported"} == {
        k: v for k, v in first.items() if v[0] == "unsupported"
    }
    assert report.count("unsupported") == 3 and report.count("failed") == 0
    # Nothing is stored for them: not a failure to retry, not a file of the collection.
    stored = {Path(p).name for p in store.files(store.collection_id("vb"))}
    assert stored == {"luat.pdf", "ghi-chu.txt"}
    unsupported = next(r for r in report.results if r.status == "unsupported")
    assert unsupported.as_json() == {
        "file": unsupported.path,
        "status": "unsupported",
        "error": unsupported.error,
    }


def test_a_file_given_by_name_is_reported_too(store: IndexStore, tmp_path: Path) -> None:
    """Hidden or not: the user chose it (the picker's "All files")."""
    sheet = tmp_path / ".so-lieu.ODS"
    sheet.write_bytes(b"PK\x03\x04")
    scan = tmp_path / "bien-ban.jpg"
    scan.write_bytes(b"\xff\xd8\xff\xe0")
    results = by_name(sync_collection(store, "rieng", [sheet, scan]).results)
    assert results == {
        ".so-lieu.ODS": ("unsupported", unsupported_reason(sheet)),
        "bien-ban.jpg": ("unsupported", unsupported_reason(scan)),
    }
    assert ".ods;" in unsupported_reason(sheet)
    assert "lưu thành PDF để" in unsupported_reason(scan)  # a scan becomes a PDF, not a DOCX
    assert store.files(store.collection_id("rieng")) == {}
