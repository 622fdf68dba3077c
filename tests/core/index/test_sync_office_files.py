"""A folder as an office keeps it: spreadsheets, web pages, Word 97-2003 and RTF files beside
PDFs, some of them broken or hostile. Each readable one is indexed, each broken one fails with
its own Vietnamese error, and nothing stops the others (issue 25)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.core.documents.sheets_factory import cp1258, xlsx_bomb
from tests.core.documents.test_convert import RTF
from tests.core.index.conftest import law_pdf

from troly.core.documents.convert import LibreOffice
from troly.core.index.store import IndexStore
from troly.core.index.sync import sync_collection


def office_folder(tmp_path: Path) -> Path:
    import openpyxl

    folder = tmp_path / "bao-cao"
    folder.mkdir()
    law_pdf(folder / "luat.pdf", [(1, "Phạm vi điều chỉnh", "Luật này quy định về văn thư.")])
    book = openpyxl.Workbook()
    book.active.title = "Biểu 01"
    book.active.append(["Đơn vị", "Số hồ sơ tiếp nhận"])
    book.active.append(["Xã Tân Lập", 1245])
    book.save(folder / "bieu-01.xlsx")
    (folder / "so-lieu.csv").write_bytes(cp1258("Đơn vị;Tỷ lệ đúng hạn\nXã Hòa Bình;97%\n"))
    (folder / "thong-bao.html").write_text(
        "<html><body><p>Thông báo lịch tiếp công dân.</p></body></html>", encoding="utf-8"
    )
    (folder / "cong-van.rtf").write_text(RTF, encoding="ascii")
    # Broken and hostile ones.
    xlsx_bomb(folder / "bom.xlsx")
    (folder / "hong.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 40)
    (folder / "rong.ods").write_bytes(b"")
    (folder / "trinh-chieu.pptx").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    return folder


@pytest.mark.skipif(not LibreOffice().available(), reason="LibreOffice (soffice) not installed")
def test_mixed_office_folder(store: IndexStore, tmp_path: Path) -> None:
    report = sync_collection(store, "vb", [office_folder(tmp_path)])
    results = {Path(r.path).name: r for r in report.results}
    assert {name: r.status for name, r in results.items()} == {
        "luat.pdf": "indexed",
        "bieu-01.xlsx": "indexed",
        "so-lieu.csv": "indexed",
        "thong-bao.html": "indexed",
        "cong-van.rtf": "indexed",
        "bom.xlsx": "failed",
        "hong.doc": "failed",
        "rong.ods": "failed",
        "trinh-chieu.pptx": "unsupported",
    }
    assert "bom nén" in results["bom.xlsx"].error
    assert "LibreOffice không mở được" in results["hong.doc"].error
    assert "tệp rỗng" in results["rong.ods"].error
    hits = store.search("Xã Tân Lập số hồ sơ tiếp nhận", collection="vb")
    assert any("Biểu 01 | Xã Tân Lập | Số hồ sơ tiếp nhận: 1245 (B2)" in h.text for h in hits)
