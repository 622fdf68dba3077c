from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from troly.core.documents import DocumentError, legacy, read_document


def _make_docx(path: Path) -> Path:
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "ỦY BAN NHÂN DÂN TỈNH"
    d.sections[0].footer.paragraphs[0].text = "Chân trang"
    d.add_paragraph("Điều 1. Phạm vi điều chỉnh")
    table = d.add_table(rows=3, cols=3)
    table.cell(0, 0).text = "Số"
    table.cell(0, 1).text = "Tên"
    table.cell(0, 2).text = "Ghi chú"
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = "Hòa"
    merged = table.cell(1, 2).merge(table.cell(2, 2))
    merged.text = "gộp dọc"
    table.cell(2, 0).text = "2"
    table.cell(2, 1).text = "Thúy"
    d.add_paragraph("Sau bảng")
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("Điều 2. Trang hai")
    # A second section that reuses the same header: it must not be repeated.
    d.add_section()
    d.add_paragraph("Điều 3. Phần sau")
    legacy_para = d.add_paragraph()
    run = legacy_para.add_run(legacy.unicode_to_tcvn3("Quản lý nhà nước"))
    run.font.name = ".VnTime"
    caps = d.add_paragraph().add_run(legacy.unicode_to_tcvn3("CỘNG HÒA"))
    caps.font.name = ".VnTimeH"
    vni = d.add_paragraph().add_run(legacy.unicode_to_vni("Điều lệ"))
    vni.font.name = "VNI-Times"
    d.save(path)
    return path


def test_docx_order_tables_headers_pages(tmp_path: Path) -> None:
    doc = read_document(_make_docx(tmp_path / "vb.docx"))
    assert doc.kind == "docx" and doc.pages_estimated
    assert [p.number for p in doc.pages] == [1, 2]
    first, second = doc.pages[0].text, doc.pages[1].text
    assert first.startswith("ỦY BAN NHÂN DÂN TỈNH")
    # The table is read as a table (issue 25): header line, then one line per row, the cell
    # merged down repeated in each row it spans.
    header = "Bảng 1 — cột: Số | Tên | Ghi chú"
    assert first.index("Điều 1.") < first.index(header) < first.index("Sau bảng")
    rows = "Bảng 1 | Hòa | Số: 1 | Ghi chú: gộp dọc\nBảng 1 | Thúy | Số: 2 | Ghi chú: gộp dọc"
    assert rows in first
    assert first.count("gộp dọc") == 2
    assert "Điều 2. Trang hai" in second and "Điều 3. Phần sau" in second
    assert doc.text.count("ỦY BAN NHÂN DÂN TỈNH") == 1
    assert second.rstrip().endswith("Chân trang") and doc.text.count("Chân trang") == 1


def test_docx_legacy_font_runs(tmp_path: Path) -> None:
    doc = read_document(_make_docx(tmp_path / "vb.docx"))
    assert "Quản lý nhà nước" in doc.text
    assert "CỘNG HÒA" in doc.text
    assert "Điều lệ" in doc.text
    assert any("bảng mã cũ" in w for w in doc.warnings)


def test_docx_footnotes_when_present(tmp_path: Path) -> None:
    # python-docx cannot write footnotes: add the part by hand, as Word would.
    path = _make_docx(tmp_path / "vb.docx")
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    notes = (
        f'<w:footnotes {ns}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>---'
        '</w:t></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r>'
        "<w:t>Chú thích một</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    out = tmp_path / "notes.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            dst.writestr(item, data)
        dst.writestr("word/footnotes.xml", notes)
    doc = read_document(out)
    assert "Chú thích một" in doc.text and "---" not in doc.text


def test_zip_bomb_is_refused_before_decompressing(tmp_path: Path) -> None:
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        with z.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):  # 300 MB of zeros, about 300 KB compressed
                member.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(DocumentError, match="bom nén"):
        read_document(path)


def test_zip_bomb_with_lying_sizes(tmp_path: Path) -> None:
    """Declared sizes edited down: the streaming cap still stops it (or the zip is corrupt)."""
    path = tmp_path / "lie.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/media/zeros.bin", b"\0" * (210 * 1024 * 1024))
    data = bytearray(path.read_bytes())
    name = b"word/media/zeros.bin"
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            if name in data[at : at + 120]:
                data[at + size_offset : at + size_offset + 4] = (1000).to_bytes(4, "little")
            start = at + 4
    path.write_bytes(bytes(data))
    with pytest.raises(DocumentError):
        read_document(path)


def test_docx_missing_main_part(tmp_path: Path) -> None:
    path = tmp_path / "thieu.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/styles.xml", "<w:styles/>")
    with pytest.raises(DocumentError, match=r"word/document\.xml"):
        read_document(path)


def test_not_a_zip_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "gia.docx"
    path.write_text("đây chỉ là văn bản", encoding="utf-8")
    with pytest.raises(DocumentError, match="không phải DOCX"):
        read_document(path)


def test_broken_document_xml(tmp_path: Path) -> None:
    src = _make_docx(tmp_path / "vb.docx")
    out = tmp_path / "xml-hong.docx"
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out, "w") as b:
        for item in a.infolist():
            data = a.read(item)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            b.writestr(item, data)
    with pytest.raises(DocumentError, match=r"xml-hong\.docx"):
        read_document(out)
