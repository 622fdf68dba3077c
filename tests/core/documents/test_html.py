"""HTML pages: text in reading order without scripts or styles, tables kept as tables with
colspan/rowspan resolved, the charset from <meta> or sniffed (issue 25)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.core.documents.sheets_factory import cp1258

from troly.core.documents import DocumentError, read_document
from troly.core.index.chunker import chunk_document

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>Thông báo kết quả</title>
<style>p {{ color: red }}</style><script>var tracking = "không được đọc";</script></head>
<body><h1>Kết quả giải quyết hồ sơ</h1><p>Đoạn mở đầu của thông báo.</p>
<table><caption>Biểu 03</caption>
<tr><th rowspan="2">Đơn vị</th><th colspan="2">Kết quả</th></tr>
<tr><th>Tiếp nhận</th><th>Đúng hạn</th></tr>
<tr><td>Xã A</td><td>1.245</td><td>95%</td></tr>
<tr><td>Xã B</td><td>30</td><td><table><tr><td>lồng</td></tr></table></td></tr>
</table><p>Nơi nhận: như trên.</p><noscript>bật JavaScript</noscript></body></html>"""


def test_html_text_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "thong-bao.html"
    path.write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    document = read_document(path)
    assert document.kind == "html" and document.title == "Thông báo kết quả"
    assert document.text.splitlines() == [
        "Kết quả giải quyết hồ sơ",
        "",
        "Đoạn mở đầu của thông báo.",
        "",
        "Biểu 03 — cột: Đơn vị | Kết quả - Tiếp nhận | Kết quả - Đúng hạn",
        "Biểu 03 | Xã A | Kết quả - Tiếp nhận: 1.245 | Kết quả - Đúng hạn: 95%",
        "Biểu 03 | Xã B | Kết quả - Tiếp nhận: 30 | Kết quả - Đúng hạn: lồng",
        "",
        "Nơi nhận: như trên.",
    ]
    table = document.pages[0].tables[0]
    assert [row.cells for row in table.rows] == [("Xã A", "1.245", "95%"), ("Xã B", "30", "lồng")]
    chunks = chunk_document(document)
    table_chunk = next(c for c in chunks if "Biểu 03 | Xã A" in c.text)
    assert table_chunk.text.startswith(  # the short lines above the table name it
        "Kết quả giải quyết hồ sơ\nĐoạn mở đầu của thông báo.\nBiểu 03 — cột:"
    )


def test_html_in_windows_1258_declared_in_meta(tmp_path: Path) -> None:
    path = tmp_path / "cu.htm"
    path.write_bytes(cp1258(PAGE.format(charset="windows-1258")))
    assert "Biểu 03 | Xã A | Kết quả - Tiếp nhận: 1.245" in read_document(path).text


def test_html_without_charset_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "khong-khai-bao.html"
    path.write_bytes(cp1258("<html><body><p>Ủy ban nhân dân xã Đồng Tâm</p></body></html>"))
    assert read_document(path).text == "Ủy ban nhân dân xã Đồng Tâm"


def test_doc_that_is_really_a_web_page(tmp_path: Path) -> None:
    """Portals often serve a web page saved as .doc: it is read as what it is."""
    path = tmp_path / "quyet-dinh.doc"
    path.write_text("<html><body><p>Quyết định số 12/QĐ-UBND</p></body></html>", "utf-8")
    document = read_document(path)
    assert document.kind == "html" and document.text == "Quyết định số 12/QĐ-UBND"


@pytest.mark.parametrize("content", [b"", b"<html><head><script>x()</script></head></html>"])
def test_empty_html(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "rong.html"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=r"tệp rỗng|không có nội dung"):
        read_document(path)


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_deeply_nested_and_huge_spans_are_bounded(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "long-nhau.html"
    path.write_text(
        "<html><body>"
        + "<div>" * depth
        + "sâu"
        + "</div>" * depth
        + '<table><tr><td colspan="99999999" rowspan="99999">Tổng</td><td>1</td></tr>'
        + "<tr><td>a</td><td>b</td></tr></table></body></html>",
        encoding="utf-8",
    )
    if depth > 2048:  # past libxml2's bound the page is cut there: nothing left to read
        with pytest.raises(DocumentError, match="không có nội dung"):
            read_document(path)
        return
    document = read_document(path)
    assert "sâu" in document.text and "Tổng" in document.text
    assert len(document.text) < 100_000
