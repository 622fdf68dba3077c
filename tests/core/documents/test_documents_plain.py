from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from troly.core.documents import DocumentError, legacy, read_document

SAMPLE = "Điều 1. Phạm vi điều chỉnh\nLuật này quy định về quản lý nhà nước và hòa giải."


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
    ],
)
def test_unicode_encodings(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(bom + SAMPLE.encode(encoding))
    doc = read_document(path)
    assert doc.text == SAMPLE
    assert doc.kind == "txt" and doc.pages_estimated and not doc.warnings


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Word wrote it: letters it has, else base letter + combining tone."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            tone = next(c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", decomposed.replace(tone, ""))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return out


def test_windows_1258(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    # cp1258 stores most tones as combining marks: decoding then NFC gives the letters back.
    path.write_bytes(_cp1258(SAMPLE))
    assert read_document(path).text == SAMPLE


@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_legacy_text_files(tmp_path: Path, name: str) -> None:
    encode = legacy.unicode_to_tcvn3 if name == "tcvn3" else legacy.unicode_to_vni
    path = tmp_path / "cu.txt"
    path.write_bytes(encode(SAMPLE).encode("latin-1"))
    doc = read_document(path)
    assert doc.text == SAMPLE
    assert any("bảng mã cũ" in w for w in doc.warnings)


def test_form_feeds_split_pages_and_markdown(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Tiêu đề\n\nTrang một\fTrang hai\fTrang ba", encoding="utf-8")
    doc = read_document(path)
    assert doc.kind == "md" and doc.title == "Tiêu đề"
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.pages[2].text == "Trang ba"


def test_huge_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(51 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(DocumentError, match="quá lớn"):
        read_document(path)


def test_binary_named_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(DocumentError, match=r"x\.txt"):
        read_document(path)
