"""Saved documents are written whole or not at all, with the permissions of any file the user
saves: a draft and a summary alike."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest
from tests.core.nd30.conftest import write

from troly.core.atomic_write import write_atomically
from troly.core.errors import TrolyError
from troly.core.policy import Policy
from troly.core.summarize.export import export
from troly.core.summarize.model import Point, SourceRef, Stats, Summary


@pytest.fixture(params=[0o022, 0o027, 0o077])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def a_summary(tmp_path: Path) -> Summary:
    source = str(tmp_path / "cong-van.pdf")
    point = Point("Sở đề nghị báo cáo trước ngày 20.", (SourceRef(source, 1, 1, (), "S1"),))
    return Summary("brief", [source], {source: 1}, [], [], [point], [], [], Stats())


def test_drafts_and_summaries_get_the_umask_permissions(umask: int, tmp_path: Path) -> None:
    draft = write("cong-van", tmp_path)
    summary_docx = export(a_summary(tmp_path), tmp_path / "tom-tat.docx", policy=Policy())
    summary_md = export(a_summary(tmp_path), tmp_path / "tom-tat.md", policy=Policy())
    expected = 0o666 & ~umask
    assert {mode(draft), mode(summary_docx), mode(summary_md)} == {expected}
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cong-van.docx",
        "tom-tat.docx",
        "tom-tat.md",
    ]  # no partial file left beside them


def test_a_failed_write_keeps_the_previous_file_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "du-thao.docx"
    target.write_bytes(b"previous")

    def fails_half_way(handle: BinaryIO) -> None:
        handle.write(b"half of the new")
        raise OSError(28, "No space left on device")

    with pytest.raises(TrolyError) as caught:
        write_atomically(target, fails_half_way)
    assert "Không ghi được tệp" in caught.value.message("vi")
    assert "No space left" in caught.value.message("en")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["du-thao.docx"]

    def breaks(handle: BinaryIO) -> None:
        handle.write(b"x")
        raise ValueError("a bug, not the disk")

    with pytest.raises(ValueError):  # not the user's fault: not dressed as a disk error
        write_atomically(target, breaks)
    assert [p.name for p in tmp_path.iterdir()] == ["du-thao.docx"]


def test_a_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "bao-cao").write_text("a file where the folder should be")
    with pytest.raises(TrolyError, match="Không ghi được tệp"):
        write_atomically(tmp_path / "bao-cao" / "a.docx", lambda handle: handle.write(b"x"))
