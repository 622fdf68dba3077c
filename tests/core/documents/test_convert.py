""".doc, .rtf and .odt converted by LibreOffice in headless mode, in a child process with a
time limit, on a private copy; a file it cannot open, a conversion that hangs, and a machine
without LibreOffice each give one clear Vietnamese error (issue 25)."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from troly.core.documents import DocumentError, read_document
from troly.core.documents.convert import LibreOffice, WordAutomation, read_converted

needs_soffice = pytest.mark.skipif(
    not LibreOffice().available(), reason="LibreOffice (soffice) not installed"
)
# How long a stand-in converter "hangs": a time limit that works ends it long before.
HANG_SECONDS = 600
RTF = (
    r"{\rtf1\ansi\deff0{\fonttbl{\f0 Times New Roman;}}\f0 "
    r"\u7910?y ban nh\u226?n d\u226?n x\u227? \u272?\u7891?ng T\u226?m\par "
    r"B\u225?o c\u225?o k\u7871?t qu\u7843? c\u244?ng t\u225?c.\par}"
)


@needs_soffice
def test_rtf_converted_without_touching_the_users_file(tmp_path: Path) -> None:
    path = tmp_path / "Báo cáo quý I.rtf"
    path.write_text(RTF, encoding="ascii")
    os.chmod(path, 0o444)  # read-only: the converter works on its own copy
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    document = read_document(path)
    assert document.kind == "rtf" and document.path == path
    assert "Ủy ban nhân dân xã Đồng Tâm" in document.text
    assert "Báo cáo kết quả công tác." in document.text
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # nothing left beside it


@needs_soffice
def test_doc_and_odt_converted(tmp_path: Path) -> None:
    """A real .doc and .odt, made by LibreOffice from the RTF, read back."""
    source = tmp_path / "nguon.rtf"
    source.write_text(RTF, encoding="ascii")
    for target in ("doc", "odt"):
        out = tmp_path / target
        out.mkdir()
        LibreOffice().convert(source, out, target)
        document = read_document(out / f"nguon.{target}")
        assert document.kind == target and "Đồng Tâm" in document.text


@needs_soffice
def test_doc_libreoffice_cannot_open(tmp_path: Path) -> None:
    path = tmp_path / "hong.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 40)
    with pytest.raises(DocumentError, match="bị hỏng hoặc LibreOffice không mở được"):
        read_document(path)


def test_garbage_named_doc_is_refused_before_conversion(tmp_path: Path) -> None:
    path = tmp_path / "rac.doc"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(DocumentError, match=r"không phải tệp Word \.doc hợp lệ"):
        read_document(path)


def fake_soffice(tmp_path: Path) -> tuple[Path, Path]:
    """A "soffice" that hangs, with a child of its own, as a stuck LibreOffice does."""
    pids = tmp_path / "pids"
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\nsleep {HANG_SECONDS} &\necho $$ $! > {pids}\nwait\n")
    script.chmod(0o755)
    return script, pids


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")  # a zombie waits only for its reaper


def test_conversion_that_hangs_is_killed_with_its_children(tmp_path: Path) -> None:
    script, pids = fake_soffice(tmp_path)
    path = tmp_path / "treo.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000)
    started = time.monotonic()
    with pytest.raises(DocumentError, match="quá thời gian"):
        read_converted(path, "doc", None, None, LibreOffice(str(script), timeout=1))
    assert time.monotonic() - started < HANG_SECONDS / 2  # killed, not waited for
    for pid in map(int, pids.read_text().split()):
        assert gone(pid)


def test_stop_during_conversion(tmp_path: Path) -> None:
    from troly.core.documents import Cancelled

    script, pids = fake_soffice(tmp_path)
    path = tmp_path / "dung.rtf"
    path.write_text(RTF, encoding="ascii")
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    with pytest.raises(Cancelled):
        read_converted(path, "rtf", None, cancel, LibreOffice(str(script), timeout=600))
    for pid in map(int, pids.read_text().split()):
        assert gone(pid)


def test_without_a_converter_says_what_to_install(tmp_path: Path) -> None:
    path = tmp_path / "cu.odt"
    shutil.copy(Path(__file__), path)
    missing = LibreOffice(str(tmp_path / "khong-co-soffice"))
    assert not missing.available() and not WordAutomation().available()
    with pytest.raises(DocumentError, match=r"cần LibreOffice để đọc tệp ODT.*libreoffice-writer"):
        read_converted(path, "odt", None, None, missing)


# Word's automation is Windows only: its PowerShell script is stood in for by a script with the
# same command line that does what Word would (write the DOCX) or hangs, so what TroLy does
# around it (a private copy, the arguments, the time limit, the result's checks) runs here.
FAKE_POWERSHELL = """#!/bin/sh
# $1..$6: -NoProfile -NonInteractive -ExecutionPolicy Bypass -File SCRIPT; then -Source, -Target
[ "$5" = "-File" ] && [ -f "$6" ] && [ "$7" = "-Source" ] && [ "$9" = "-Target" ] || exit 3
grep -q "SaveAs2" "$6" || exit 4
{behaviour}
"""


def fake_powershell(tmp_path: Path, behaviour: str) -> str:
    script = tmp_path / "powershell"
    script.write_text(FAKE_POWERSHELL.format(behaviour=behaviour), encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def test_word_automation_converts_a_private_copy(tmp_path: Path) -> None:
    import docx

    made = tmp_path / "made.docx"
    document = docx.Document()
    document.add_paragraph("Ủy ban nhân dân xã Đồng Tâm báo cáo.")
    document.save(made)
    word = WordAutomation(fake_powershell(tmp_path, f'cp "{made}" "${{10}}"'), timeout=30)
    path = tmp_path / "Công văn cũ.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 508)
    read = read_converted(path, "doc", None, None, word)
    assert "Ủy ban nhân dân xã Đồng Tâm báo cáo." in read.text and read.path == path


def test_word_automation_that_hangs_is_stopped(tmp_path: Path) -> None:
    word = WordAutomation(fake_powershell(tmp_path, f"sleep {HANG_SECONDS}"), timeout=1)
    path = tmp_path / "treo.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 508)
    started = time.monotonic()
    with pytest.raises(DocumentError, match="quá thời gian"):
        read_converted(path, "doc", None, None, word)
    assert time.monotonic() - started < HANG_SECONDS / 2  # stopped, not waited for
    # Word writing nothing is a file it could not open.
    with pytest.raises(DocumentError, match="Microsoft Word không mở được"):
        read_converted(path, "doc", None, None, WordAutomation(fake_powershell(tmp_path, "true")))


def test_a_broken_conversion_names_the_users_file_not_a_docx(tmp_path: Path) -> None:
    # The converter wrote something that is no DOCX: the user, who gave a .doc, is told of
    # their file and of the converted copy, never of a "tệp DOCX" they do not have.
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 200)
    word = WordAutomation(fake_powershell(tmp_path, f'cp "{broken}" "${{10}}"'), timeout=30)
    path = tmp_path / "Công văn cũ.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 508)
    with pytest.raises(DocumentError) as error:
        read_converted(path, "doc", None, None, word)
    message = error.value.message_vi
    assert "“Công văn cũ.doc”" in message and "bản chuyển đổi từ tệp Word 97-2003" in message
    assert "DOCX" not in message and "DOCX" not in error.value.message_en


@pytest.mark.parametrize("name", ["rong.doc", "rong.rtf", "rong.odt"])
def test_empty_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(DocumentError, match="tệp rỗng"):
        read_document(path)
