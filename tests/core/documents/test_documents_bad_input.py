from __future__ import annotations

import os
from pathlib import Path

import pytest

from troly.core.documents import DocumentError, read_document


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "rong.pdf"
    path.write_bytes(b"")
    with pytest.raises(DocumentError, match="rỗng") as info:
        read_document(path)
    assert "rong.pdf" in str(info.value) and "empty" in info.value.message("en")


def test_random_bytes_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "ngau-nhien.pdf"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(DocumentError, match="không phải PDF"):
        read_document(path)


def test_unsupported_type(tmp_path: Path) -> None:
    path = tmp_path / "anh.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    with pytest.raises(DocumentError, match="chưa được hỗ trợ"):
        read_document(path)


def test_legacy_doc_format(tmp_path: Path) -> None:
    path = tmp_path / "cu.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    with pytest.raises(DocumentError, match=r"\.docx"):
        read_document(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="không tìm thấy"):
        read_document(tmp_path / "khong-co.pdf")
