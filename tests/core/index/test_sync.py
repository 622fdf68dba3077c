"""Incremental indexing with real files in a real encrypted store."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pymupdf
from tests.core.index.conftest import law_pdf

from troly.core.index.store import IndexStore
from troly.core.index.sync import sync_collection

ARTICLES = [
    (1, "Phạm vi điều chỉnh", "Luật này quy định về công tác văn thư."),
    (2, "Đối tượng áp dụng", "Luật này áp dụng đối với cơ quan nhà nước."),
    (3, "Giải thích từ ngữ", "Văn bản đi là văn bản do cơ quan ban hành."),
]


def statuses(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {Path(r.path).name: r.status for r in report.results}


def test_new_unchanged_changed_removed(store: IndexStore, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    a = law_pdf(folder / "a.pdf", ARTICLES)
    b = law_pdf(folder / "b.pdf", ARTICLES[:2])
    first = sync_collection(store, "vb", [folder])
    assert statuses(first) == {"a.pdf": "indexed", "b.pdf": "indexed"}
    chunks = store.chunk_count()

    again = sync_collection(store, "vb", [])  # the folder is remembered
    assert statuses(again) == {"a.pdf": "unchanged", "b.pdf": "unchanged"}
    assert store.chunk_count() == chunks

    os.utime(a, None)  # touched, same content: hashed, not re-read
    assert statuses(sync_collection(store, "vb", []))["a.pdf"] == "unchanged"

    law_pdf(b, [*ARTICLES, (4, "Hiệu lực thi hành", "Luật này có hiệu lực từ năm sau.")])
    a.unlink()
    changed = sync_collection(store, "vb", [])
    assert statuses(changed) == {"a.pdf": "removed", "b.pdf": "indexed"}
    hits = store.search("hiệu lực thi hành", "vb", 3)
    assert hits and Path(hits[0].file).name == "b.pdf" and "Điều 4" in hits[0].heading
    assert all(Path(h.file).name != "a.pdf" for h in store.search("phạm vi điều chỉnh", "vb", 10))


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b"\0" * (300 * 1024 * 1024))


def _encrypted_pdf(path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "mật")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="pw")
    doc.close()


def test_bad_files_fail_alone_with_their_reasons(store: IndexStore, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    law_pdf(folder / "good.pdf", ARTICLES)
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "random.pdf").write_bytes(os.urandom(50_000))
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog" + b"\x00" * 99)
    _encrypted_pdf(folder / "locked.pdf")
    _zip_bomb(folder / "bomb.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    (folder / "noparts.docx").write_bytes(buffer.getvalue())
    report = sync_collection(store, "vb", [folder])
    by_name = {Path(r.path).name: r for r in report.results}
    assert by_name["good.pdf"].status == "indexed"
    for name in (
        "empty.pdf",
        "random.pdf",
        "corrupt.pdf",
        "locked.pdf",
        "bomb.docx",
        "noparts.docx",
    ):
        result = by_name[name]
        assert result.status == "failed", name
        assert result.error and "Traceback" not in result.error
    assert "mật khẩu" in by_name["locked.pdf"].error
    assert "rỗng" in by_name["empty.pdf"].error
    # Failures are remembered with their reason and not retried until the file changes.
    cid = store.collection_id("vb")
    assert store.files(cid)["{}".format(folder / "locked.pdf")].status == "failed"
    again = sync_collection(store, "vb", [])
    assert {Path(r.path).name: r.status for r in again.results}["locked.pdf"] == "failed"
    assert store.search("phạm vi điều chỉnh", "vb", 1)


def test_cancel_stops_between_files(store: IndexStore, tmp_path: Path) -> None:
    import threading

    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(5):
        law_pdf(folder / f"{i}.pdf", ARTICLES)
    cancel = threading.Event()
    done: list[str] = []

    def progress(step) -> None:  # type: ignore[no-untyped-def]
        if step.result is not None:
            done.append(step.path)
            if len(done) == 2:
                cancel.set()

    report = sync_collection(store, "vb", [folder], progress, cancel)
    assert report.cancelled
    assert report.count("indexed") == 2
    resumed = sync_collection(store, "vb", [])
    assert resumed.count("indexed") == 3 and resumed.count("unchanged") == 2


def test_killed_mid_index_loses_nothing_and_resumes(tmp_path: Path, troly_home: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(40):
        law_pdf(
            folder / f"{i:02}.pdf",
            [(n, f"Điều khoản {i}-{n}", "Nội dung " * 200) for n in range(1, 30)],
            per_page=1,
        )
    command = [sys.executable, "-m", "troly", "index", str(folder), "--collection", "vb"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert proc.stderr
    seen = 0
    deadline = time.monotonic() + 120
    while seen < 5 and time.monotonic() < deadline:
        if "đã lập chỉ mục" in proc.stderr.readline():
            seen += 1
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert seen == 5

    from troly.core.session import Session

    store = Session(troly_home).open_index()
    cid = store.collection_id("vb")
    files = store.files(cid)
    assert 5 <= len(files) < 40
    for record in files.values():  # every committed file has exactly its passages
        rows = store.db.execute(
            "SELECT count(*) FROM chunk WHERE file_id = ?", (record.id,)
        ).fetchone()
        assert rows[0] == record.chunks > 0
    store.db.close()

    result = subprocess.run([*command, "--json"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    store = Session(troly_home).open_index()
    files = store.files(store.collection_id("vb"))
    assert len(files) == 40
    assert store.chunk_count() == sum(r.chunks for r in files.values())
    # No duplicates: the same search gives one passage per article.
    hits = store.search("Điều khoản 7-3", "vb", 5)
    assert sum(1 for h in hits if h.heading.endswith("Điều 3. Điều khoản 7-3")) == 1


def test_sync_leaves_the_network_guard_to_its_process(store: IndexStore, tmp_path: Path) -> None:
    """The CLI's Session and the GUI's indexing child install the guard; sync itself does not
    (a library call that patched the socket module would surprise its caller)."""
    from troly.core import netguard

    netguard.uninstall()
    try:
        law_pdf(tmp_path / "a.pdf", ARTICLES)
        assert statuses(sync_collection(store, "vb", [tmp_path / "a.pdf"])) == {"a.pdf": "indexed"}
        assert not netguard.is_installed()
    finally:
        netguard.uninstall()
