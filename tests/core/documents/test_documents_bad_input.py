from __future__ import annotations

import os
from pathlib import Path

import pytest

from troly.core.documents import DocumentError, ocr, read_document
from troly.core.documents.convert import LibreOffice

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
needs_soffice = pytest.mark.skipif(
    not LibreOffice().available(), reason="LibreOffice (soffice) not installed"
)


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


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        # PowerPoint 97-2003 begins as every OLE file does, Word's and Excel's too.
        ("bai-giang.ppt", OLE + b"\0" * 2000, "tệp Office đời cũ “.ppt” chưa được hỗ trợ"),
        ("trinh-chieu.pptx", b"PK\x05\x06" + b"\0" * 18, "không phải văn bản hay bảng tính"),
    ],
)
def test_unsupported_type(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError, match=reason) as info:
        read_document(path)
    assert name in str(info.value)


@pytest.mark.skipif(not ocr.available(), reason="Tesseract (vie) not installed")
def test_random_bytes_named_png(tmp_path: Path) -> None:
    """An image now goes to OCR: one that does not decode is said to be corrupt, once."""
    path = tmp_path / "anh.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    with pytest.raises(DocumentError, match="tệp ảnh bị hỏng") as info:
        read_document(path)
    assert str(info.value).count("anh.png") == 1 and "corrupt" in info.value.message("en")


@needs_soffice
def test_legacy_doc_format(tmp_path: Path) -> None:
    """A .doc is converted now: one LibreOffice cannot open is named as such, not read as
    noise, and the folder is left as it was."""
    folder = tmp_path / "van-ban"
    folder.mkdir()
    path = folder / "cu.doc"
    path.write_bytes(OLE + b"\0" * 2000)
    problem = r"“cu\.doc”: tệp Word 97-2003 \(\.doc\) bị hỏng hoặc LibreOffice không mở được\.$"
    with pytest.raises(DocumentError, match=problem):
        read_document(path)
    assert [p.name for p in folder.iterdir()] == ["cu.doc"]


def test_legacy_doc_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TROLY_SOFFICE", str(tmp_path / "khong-co-soffice"))
    path = tmp_path / "cu.doc"
    path.write_bytes(OLE + b"\0" * 2000)
    with pytest.raises(DocumentError, match=r"cần LibreOffice để đọc tệp Word 97-2003"):
        read_document(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="không tìm thấy"):
        read_document(tmp_path / "khong-co.pdf")
