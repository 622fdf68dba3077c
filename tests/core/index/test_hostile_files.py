"""Hostile files met while indexing: a name that is not UTF-8, named pipes and devices, a 1 TB
sparse file, symbolic link loops, a reader that fails unexpectedly. Each one is that file's
failed result; the files after it are still indexed, and nothing blocks."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from troly.core.documents import DocumentError, check_document, read_document
from troly.core.documents.errors import utf8_name
from troly.core.documents.limits import MAX_FILE_BYTES
from troly.core.errors import TrolyError
from troly.core.index.store import IndexStore
from troly.core.index.sync import SyncReport, sync_collection

GOOD = "Quyết định về thời hạn lưu trữ hồ sơ của cơ quan nhà nước.\n"
BOUND = 60  # seconds: generous on a busy machine; before the fixes these cases never ended


def finishes(work: Callable[[], Any], seconds: float = BOUND) -> Any:
    """work()'s result, or a failed test when it does not end in time (a daemon thread, so a
    regression fails the test instead of hanging the run)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box["value"]


def by_name(report: SyncReport) -> dict[str, Any]:
    return {Path(r.path).name: r for r in report.results}


def good_file(folder: Path, name: str = "z-good.txt") -> Path:
    path = folder / name
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_name_not_utf8_is_skipped_and_the_rest_indexed(store: IndexStore, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/a-bao-cao-\xff.txt", "wb") as bad:
        bad.write(b"Noi dung\n")
    good_file(folder)

    for expected in ("indexed", "unchanged"):  # the second run too
        results = by_name(finishes(lambda: sync_collection(store, "vb", [folder])))
        assert results["z-good.txt"].status == expected
        bad_result = results["a-bao-cao-\\xff.txt"]  # shown with the byte escaped
        assert bad_result.status == "failed"
        assert "tên tệp không phải UTF-8, hãy đổi tên tệp" in bad_result.error
        bad_result.path.encode("utf-8")  # printable and storable as it is
    stored = store.files(store.collection_id("vb"))
    assert [Path(p).name for p in stored] == ["z-good.txt"]  # the bad name never stored
    assert store.search("thời hạn lưu trữ", "vb", 3)


def test_folder_named_not_utf8_given_directly_is_refused(store: IndexStore, tmp_path: Path) -> None:
    folder = os.fsdecode(os.fsencode(tmp_path) + b"/ho-so-\xfe")
    os.mkdir(folder)
    with pytest.raises(TrolyError) as err:
        sync_collection(store, "vb", [folder])
    assert "không phải UTF-8" in str(err.value) and "\\xfe" in str(err.value)
    assert store.collections() == []  # refused before anything was stored


def test_fifo_in_folder_is_skipped_unopened(store: IndexStore, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    os.mkfifo(folder / "a-ong-dan.txt")
    good_file(folder)
    results = by_name(finishes(lambda: sync_collection(store, "vb", [folder])))
    assert results["a-ong-dan.txt"].status == "failed"
    assert "không phải tệp thông thường" in results["a-ong-dan.txt"].error
    assert results["z-good.txt"].status == "indexed"


def test_fifo_given_directly_is_refused(store: IndexStore, tmp_path: Path) -> None:
    pipe = tmp_path / "ong-dan.txt"
    os.mkfifo(pipe)
    with pytest.raises(DocumentError, match="không phải tệp thông thường"):
        finishes(lambda: sync_collection(store, "vb", [pipe]))


@pytest.mark.parametrize("device", ["fifo", "/dev/zero", "/dev/urandom"])
def test_reader_refuses_pipes_and_devices_before_opening(tmp_path: Path, device: str) -> None:
    if device == "fifo":
        path = tmp_path / "ong-dan.txt"
        os.mkfifo(path)
    else:
        path = Path(device)
        if not path.exists():
            pytest.skip(f"no {device} here")
    with pytest.raises(DocumentError, match="không phải tệp thông thường"):
        finishes(lambda: read_document(path))


def test_huge_sparse_files_are_refused_unhashed(store: IndexStore, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, head in (("a-lon.txt", b""), ("b-lon.pdf", b"%PDF-1.7\n")):
        with open(folder / name, "wb") as f:  # 1 TB, a few KB on disk
            f.write(head)
            f.truncate(1 << 40)
    good_file(folder)
    results = by_name(finishes(lambda: sync_collection(store, "vb", [folder])))
    for name in ("a-lon.txt", "b-lon.pdf"):
        assert results[name].status == "failed" and "tệp quá lớn" in results[name].error
    assert results["z-good.txt"].status == "indexed"


def test_size_limits_by_kind(tmp_path: Path) -> None:
    pdf = tmp_path / "lon.pdf"
    with open(pdf, "wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(MAX_FILE_BYTES + 2**30)
    with pytest.raises(DocumentError, match=r"tệp quá lớn \(3 GB, giới hạn 2 GB\)"):
        check_document(pdf)
    text = tmp_path / "vua.txt"
    text.write_text(GOOD, encoding="utf-8")
    assert check_document(text) == "txt"


def test_symlink_loops(store: IndexStore, tmp_path: Path) -> None:
    loop = tmp_path / "vong.txt"
    loop.symlink_to(loop)
    with pytest.raises(DocumentError, match="vòng liên kết tượng trưng"):
        sync_collection(store, "vb", [loop])  # given directly: refused, nothing stored
    assert store.collections() == []
    with pytest.raises(DocumentError, match="vòng liên kết tượng trưng"):
        read_document(loop)

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a-vong.txt").symlink_to(folder / "a-vong.txt")  # met inside a folder
    good_file(folder)
    results = by_name(sync_collection(store, "vb", [folder]))
    assert results["a-vong.txt"].status == "failed"
    assert "vòng liên kết tượng trưng" in results["a-vong.txt"].error
    assert results["z-good.txt"].status == "indexed"


def test_reader_bug_is_one_files_result_without_traceback(
    store: IndexStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    """The test is about the catch-all, so the reader bug itself is simulated."""
    import troly.core.documents as documents

    real = documents.read_document

    def buggy(path: Path, **kwargs: Any) -> Any:
        if path.name.startswith("a-"):
            raise ValueError("reader bug")
        return real(path, **kwargs)

    monkeypatch.setattr(documents, "read_document", buggy)
    folder = tmp_path / "docs"
    folder.mkdir()
    good_file(folder, "a-loi.txt")
    good_file(folder)
    with caplog.at_level(logging.INFO):
        results = by_name(sync_collection(store, "vb", [folder]))
    assert results["a-loi.txt"].status == "failed"
    assert "Lỗi không mong đợi khi đọc tệp (ValueError)" in results["a-loi.txt"].error
    assert results["z-good.txt"].status == "indexed"
    # The traceback goes to the log file (INFO), never to the terminal (WARNING and above).
    assert any(r.exc_info for r in caplog.records if r.levelno == logging.INFO)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING and r.exc_info]


def test_utf8_name() -> None:
    assert utf8_name("Quyết định.txt") == "Quyết định.txt"
    assert utf8_name(os.fsdecode(b"bao-cao-\xff.txt")) == "bao-cao-\\xff.txt"
    assert utf8_name("\ud800") == "\\ud800"
