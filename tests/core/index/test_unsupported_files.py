"""Office documents TroLy cannot read yet (slides: .ppt, .pptx) are reported with what to do,
never stored nor opened; other kinds of files stay silently ignored (issue 24), and so do the
lock and hidden copies that sit beside documents of every kind; a pipe under a document's name
is reported whatever the kind (issue 25)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from tests.core.index.conftest import law_pdf
from tests.core.index.test_hostile_files import finishes

from troly.core.index.store import IndexStore
from troly.core.index.sync import SUPPORTED, UNSUPPORTED, sync_collection, unsupported_reason

ARTICLES = [(1, "Phạm vi điều chỉnh", "Luật này quy định về công tác văn thư.")]
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # PowerPoint 97-2003, as Word and Excel 97-2003


def first_users_folder(tmp_path: Path) -> Path:
    """What a first user added: documents TroLy reads, slides it does not read yet, and files
    that are no documents at all."""
    folder = tmp_path / "ho-so"
    folder.mkdir()
    law_pdf(folder / "luat.pdf", ARTICLES)
    (folder / "ghi-chu.txt").write_text("Họp giao ban sáng thứ Hai.\n", encoding="utf-8")
    with zipfile.ZipFile(folder / "trinh-chieu.pptx", "w") as slides:
        slides.writestr("[Content_Types].xml", "<Types/>")
        slides.writestr("ppt/presentation.xml", "<presentation/>")
    (folder / "bai-giang-cu.ppt").write_bytes(OLE + b"\0" * 504)
    (folder / "setup.exe").write_bytes(b"MZ" + b"\0" * 62)
    (folder / "~$trinh-chieu.pptx").write_bytes(b"\0" * 162)  # PowerPoint's lock file
    (folder / "._trinh-chieu.pptx").write_bytes(b"\0\x05\x16\x07")  # a Mac's resource copy
    (folder / "so-lieu.pptx").mkdir()  # a folder, whatever its name
    return folder


def by_name(results) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {Path(r.path).name: (r.status, r.error) for r in results}


def test_slides_are_reported_not_stored(store: IndexStore, tmp_path: Path) -> None:
    folder = first_users_folder(tmp_path)
    # 1 TB, sparse: a file that was stat'ed only; checked, it would fail as too large, and
    # hashed it would take an hour.
    with (folder / "tap-huan.PPTX").open("wb") as huge:
        huge.truncate(1 << 40)

    first = by_name(sync_collection(store, "vb", [folder]).results)
    assert set(first) == {
        "luat.pdf",
        "ghi-chu.txt",
        "trinh-chieu.pptx",
        "bai-giang-cu.ppt",
        "tap-huan.PPTX",
    }
    assert first["luat.pdf"][0] == first["ghi-chu.txt"][0] == "indexed"
    assert first["trinh-chieu.pptx"] == (
        "unsupported",
        "TroLy chưa đọc được tệp .pptx; hãy lưu thành PDF để lập chỉ mục.",
    )
    assert first["bai-giang-cu.ppt"][0] == first["tap-huan.PPTX"][0] == "unsupported"
    assert "tệp .ppt;" in first["bai-giang-cu.ppt"][1]
    assert "tệp .pptx;" in first["tap-huan.PPTX"][1]

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
    slides = tmp_path / ".bao-cao.PPTX"
    slides.write_bytes(b"PK\x03\x04")
    old = tmp_path / "bai-giang.ppt"
    old.write_bytes(OLE)
    notes = tmp_path / ".ghi-chu.txt"
    notes.write_text("Họp giao ban sáng thứ Hai.\n", encoding="utf-8")
    results = by_name(sync_collection(store, "rieng", [slides, old, notes]).results)
    assert results == {
        ".bao-cao.PPTX": ("unsupported", unsupported_reason(slides)),
        "bai-giang.ppt": ("unsupported", unsupported_reason(old)),
        ".ghi-chu.txt": ("indexed", ""),
    }
    assert ".pptx;" in unsupported_reason(slides)
    assert {Path(p).name for p in store.files(store.collection_id("rieng"))} == {".ghi-chu.txt"}


def test_lock_and_hidden_files_are_skipped_for_every_kind(
    store: IndexStore, tmp_path: Path
) -> None:
    """Beside each document, for every kind TroLy reads or reports: Office's lock file, a
    Mac's resource copy and a hidden file. None is read, failed or reported; the document is
    indexed."""
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    (folder / "ghi-chu.txt").write_text("Họp giao ban sáng thứ Hai.\n", encoding="utf-8")
    kinds = sorted(SUPPORTED | UNSUPPORTED)
    for suffix in kinds:
        for prefix in ("~$", "._", "."):
            # Garbage of the kind's own name: read, each would fail.
            (folder / f"{prefix}so-lieu{suffix}").write_bytes(b"\0\x05\x16\x07" + b"\0" * 60)
    (folder / "~$bao-cao.docx").write_bytes(b"\0" * 162)
    assert len(list(folder.iterdir())) == 3 * len(kinds) + 2

    report = sync_collection(store, "vb", [folder])
    assert by_name(report.results) == {"ghi-chu.txt": ("indexed", "")}
    # A lock file given by name is still no document.
    assert sync_collection(store, "khoa", [folder / "~$bao-cao.docx"]).results == []


def test_a_pipe_is_reported_whatever_its_kind(store: IndexStore, tmp_path: Path) -> None:
    """A named pipe blocks whoever opens it: under the name of a table, a PDF or slides, it is
    reported, unopened, as not a regular file; the folder's documents are still indexed."""
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    (folder / "ghi-chu.txt").write_text("Họp giao ban sáng thứ Hai.\n", encoding="utf-8")
    for name in ("ong.csv", "ong.pdf", "ong.pptx"):
        os.mkfifo(folder / name)
    (folder / "so-lieu.csv").mkdir()  # a folder, whatever its name: no document

    results = by_name(finishes(lambda: sync_collection(store, "vb", [folder])).results)
    assert set(results) == {"ghi-chu.txt", "ong.csv", "ong.pdf", "ong.pptx"}
    assert results["ghi-chu.txt"] == ("indexed", "")
    for name in ("ong.csv", "ong.pdf", "ong.pptx"):
        status, error = results[name]
        assert status == "failed" and "không phải tệp thông thường" in error, name
    # The same words as for a PDF.
    assert results["ong.csv"][1].replace("ong.csv", "ong.pdf") == results["ong.pdf"][1]


def test_hidden_and_system_folders_are_not_entered(store: IndexStore, tmp_path: Path) -> None:
    """A folder added whole may be a home or a drive: its trash, a version history, a cache
    and Windows' recycle bin hold old copies no one meant to index. Their documents are not
    read; a folder merely named with a dot inside is, like the folder given by name."""
    folder = tmp_path / "tai-lieu"
    for inner in (".Trash-1000/files", ".git/objects", "$RECYCLE.BIN/S-1-5-21", "con"):
        (folder / inner).mkdir(parents=True)
        law_pdf(folder / inner / "luat.pdf", ARTICLES)
    hidden_root = tmp_path / ".an"
    hidden_root.mkdir()
    law_pdf(hidden_root / "luat.pdf", ARTICLES)

    report = sync_collection(store, "vb", [folder])
    assert [Path(r.path).relative_to(folder).as_posix() for r in report.results] == ["con/luat.pdf"]
    # A hidden folder the user chose by name is read like any other.
    report = sync_collection(store, "an", [hidden_root])
    assert [Path(r.path).name for r in report.results] == ["luat.pdf"]
