"""Photographed and scanned pages (.png, .jpg, multi-page .tif) through the same OCR as the
scanned pages of a PDF (issue 25)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from tests.core.documents.documents_factory import text_pdf

from troly.core.documents import DocumentError, ocr, read_document

needs_ocr = pytest.mark.skipif(
    not ocr.available(), reason="Tesseract with Vietnamese not installed"
)


def page_images(tmp_path: Path, texts: list[str], font: Path) -> list[tuple[int, int, bytes]]:
    """Grey pictures (width, height, pixels) of pages with the given text, at 150 dpi."""
    import pymupdf

    pdf = pymupdf.open(text_pdf(tmp_path / "nguon.pdf", texts, font))
    images = []
    for page in pdf:
        clip = pymupdf.Rect(0, 60, page.rect.width, 140)
        pixmap = page.get_pixmap(dpi=150, colorspace=pymupdf.csGRAY, clip=clip)
        images.append((pixmap.width, pixmap.height, bytes(pixmap.samples)))
    pdf.close()
    return images


def tiff(path: Path, frames: list[tuple[int, int, bytes]]) -> Path:
    """A multi-page TIFF, one uncompressed 8-bit grey frame per page."""
    out = bytearray(b"II*\x00\x00\x00\x00\x00")
    previous_link = 4
    for width, height, pixels in frames:
        data_offset = len(out)
        out += pixels
        if len(out) % 2:
            out += b"\x00"
        ifd = len(out)
        struct.pack_into("<I", out, previous_link, ifd)
        entries = [
            (256, 4, width),
            (257, 4, height),
            (258, 3, 8),
            (259, 3, 1),
            (262, 3, 1),
            (273, 4, data_offset),
            (277, 3, 1),
            (278, 4, height),
            (279, 4, len(pixels)),
        ]
        out += struct.pack("<H", len(entries))
        for tag, kind, value in entries:
            out += (
                struct.pack("<HHII", tag, kind, 1, value)
                if kind == 4
                else struct.pack("<HHIHH", tag, kind, 1, value, 0)
            )
        previous_link = len(out)
        out += b"\x00\x00\x00\x00"
    path.write_bytes(bytes(out))
    return path


@needs_ocr
def test_png_and_multipage_tiff_are_ocrd(tmp_path: Path, font: Path) -> None:
    import pymupdf

    texts = ["Ủy ban nhân dân xã Đồng Tâm", "Báo cáo kết quả công tác"]
    frames = page_images(tmp_path, texts, font)
    png = tmp_path / "bien-ban.png"
    width, height, pixels = frames[0]
    pymupdf.Pixmap(pymupdf.csGRAY, width, height, pixels, False).save(str(png))
    document = read_document(png)
    assert document.kind == "image" and document.ocr_pages == 1
    assert "Đồng Tâm" in document.text
    scan = read_document(tiff(tmp_path / "so-bo.tif", frames))
    assert [page.number for page in scan.pages] == [1, 2]
    assert "Đồng Tâm" in scan.pages[0].text and "kết quả công tác" in scan.pages[1].text


def test_image_read_with_ocr_off_says_so(tmp_path: Path, font: Path) -> None:
    path = tmp_path / "anh.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(DocumentError, match="cần bật nhận dạng chữ"):
        read_document(path, ocr=False)


@needs_ocr
@pytest.mark.parametrize("name", ["hong.png", "hong.jpg", "hong.tif"])
def test_corrupt_image(tmp_path: Path, name: str) -> None:
    heads = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff\xe0", ".tif": b"II*\x00"}
    path = tmp_path / name
    path.write_bytes(heads[path.suffix] + bytes(range(256)) * 8)
    with pytest.raises(DocumentError, match="tệp ảnh bị hỏng"):
        read_document(path)


@needs_ocr
def test_image_of_too_many_pixels_refused_before_decoding(tmp_path: Path) -> None:
    """A 20,000 x 20,000 PNG of one colour: 400 MB of pixels in a file of a few hundred KB."""
    width = height = 20_000
    row = b"\x00" + b"\xff" * width
    raw = zlib.compress(row * height, 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path = tmp_path / "khong-lo.png"
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    )
    with pytest.raises(DocumentError, match="ảnh quá lớn"):
        read_document(path)


@pytest.mark.parametrize("name", ["rong.png", "rong.jpg", "rong.jpeg", "rong.tif", "rong.tiff"])
def test_empty_image_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(DocumentError, match="tệp rỗng"):
        read_document(path)
