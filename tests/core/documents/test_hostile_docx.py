"""Hostile DOCX files: every open of a user's DOCX (reading for index and summaries, check-format)
goes through the same guard, refuses a zip bomb or broken XML with one clear line, reads a
harmless file however well it compresses, and keeps memory to the text, not the XML tree."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest

from troly.core.documents import DocumentError, read_document
from troly.core.documents.docx import check_zip
from troly.core.nd30.checker import check_docx

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w='
    b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
TAIL = b"</w:body></w:document>"


def write_docx(path: Path, body: Iterable[bytes]) -> Path:
    """A minimal DOCX whose document.xml body is written piece by piece (streamed, so a
    member of hundreds of MB never sits in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(HEAD)
            for piece in body:
                member.write(piece)
            member.write(TAIL)
    return path


def empty_paragraphs(count: int) -> Iterable[bytes]:
    block = b"<w:p/>" * 10_000
    return (block for _ in range(count // 10_000))


def bomb(path: Path) -> Path:
    """300 MB of empty paragraphs, about 300 KB on disk: past DOCX_MAX_UNCOMPRESSED."""
    return write_docx(path, empty_paragraphs(50_000_000))


def troly(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "troly", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )


def assert_one_clear_line(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("troly: ") and words in lines[0]


def test_zip_bomb_is_refused_by_check_format_and_the_reader(tmp_path: Path) -> None:
    path = bomb(tmp_path / "bom.docx")
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(DocumentError, match="bom nén"):
        check_docx(path)
    with pytest.raises(DocumentError, match="bom nén"):
        read_document(path)


def test_check_format_command_on_a_zip_bomb_says_one_line(tmp_path: Path) -> None:
    """It used to take 9.4 GB and more than 240 s."""
    result = troly("check-format", str(bomb(tmp_path / "bom.docx")))
    assert_one_clear_line(result, "bom nén")


def test_lying_declared_sizes_are_refused_by_check_format(tmp_path: Path) -> None:
    """The size declared in the central directory edited down: zipfile stops at it and the
    CRC fails, or the running cap stops the inflating; either way a DocumentError."""
    path = bomb(tmp_path / "lie.docx")
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    start = 0
    while (at := data.find(b"PK\x01\x02", start)) >= 0:  # central directory entries
        if data[at + 46 : at + 46 + len(name)] == name:  # this entry's own file name
            data[at + 24 : at + 28] = (1000).to_bytes(4, "little")
        start = at + 4
    path.write_bytes(bytes(data))
    with pytest.raises(DocumentError):
        check_docx(path)
    with pytest.raises(DocumentError):
        read_document(path)


def test_many_empty_paragraphs_are_not_a_bomb(tmp_path: Path) -> None:
    """200,000 empty paragraphs compress 450:1; a ratio rule refused this harmless file."""
    path = write_docx(tmp_path / "trong.docx", empty_paragraphs(200_000))
    assert path.stat().st_size < 40_000
    document = read_document(path)
    assert document.kind == "docx" and document.text.strip() == ""
    check_zip(path)
    # check-format loads python-docx's object model: so many paragraphs are more than a
    # formatted administrative document holds, said as such, not as a bomb.
    with pytest.raises(DocumentError, match="quá lớn để kiểm tra thể thức"):
        check_docx(path)


def test_malformed_xml_is_a_corrupt_docx_everywhere(tmp_path: Path) -> None:
    unclosed = "<w:p><w:r><w:t>chữ</w:t></w:r>".encode()
    path = write_docx(tmp_path / "hong.docx", [unclosed])
    with pytest.raises(DocumentError, match=r"bị hỏng: phần “word/document\.xml”"):
        read_document(path)
    with pytest.raises(DocumentError, match="bị hỏng"):
        check_docx(path)
    assert_one_clear_line(troly("check-format", str(path)), "tệp DOCX bị hỏng")


def test_too_many_paragraphs_for_a_format_check(tmp_path: Path) -> None:
    paragraph = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    path = write_docx(tmp_path / "dai.docx", (paragraph * 10_000 for _ in range(6)))
    with pytest.raises(DocumentError, match="quá lớn để kiểm tra thể thức"):
        check_docx(path)
    assert read_document(path).text.count("x") == 60_000  # the reader still reads it


def test_big_formatted_docx_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """26 MB of heavily formatted XML around 2 MB of text: python-docx's tree needed more than
    the 300 MB allowed here (a 49 MB DOCX took 2.76 GB); streamed, memory follows the text."""
    paragraph = (
        '<w:p><w:pPr><w:pStyle w:val="Normal"/><w:spacing w:before="0" w:after="120"/>'
        '<w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" '
        'w:hAnsi="Times New Roman"/><w:b/><w:i/><w:sz w:val="28"/></w:rPr>'
        "<w:t>Điều {n} quy định</w:t></w:r></w:p>"
    )
    block = "".join(paragraph.format(n=i) for i in range(1000)).encode()
    path = write_docx(tmp_path / "lon.docx", (block for _ in range(100)))
    script = textwrap.dedent(
        f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (300 * 1024 * 1024,) * 2)
        from pathlib import Path
        from troly.core.documents import read_document
        document = read_document(Path({str(path)!r}))
        print(document.text.count("quy định"))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["100000"]
