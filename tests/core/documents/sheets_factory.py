# ruff: noqa: E501  (OOXML namespace and content-type strings)
"""Spreadsheets built at test time: XLSX written part by part (fast for a million rows), ODS
from its content.xml, CSV in Windows-1258, and zip bombs of both."""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Biểu 01" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    ),
}
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)


def xlsx_with_rows(path: Path, rows: int) -> Path:
    """An XLSX whose one sheet has `rows` rows of a label and a number, written directly."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in _XLSX_PARTS.items():
            book.writestr(name, text)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_HEAD.encode())
            for start in range(1, rows + 1, 10_000):
                sheet.write(
                    "".join(
                        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Xã {r}</t></is></c>'
                        f'<c r="B{r}"><v>{r}</v></c></row>'
                        for r in range(start, min(start + 10_000, rows + 1))
                    ).encode()
                )
            sheet.write(b"</sheetData></worksheet>")
    return path


def zip_bomb(path: Path, parts: dict[str, str], member: str, size: int = 300 << 20) -> Path:
    """A valid-looking package with one member inflating to `size` bytes of zeros."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        block = b"0" * (1 << 20)
        with archive.open(member, "w", force_zip64=True) as out:
            for _ in range(size >> 20):
                out.write(block)
    return path


def xlsx_bomb(path: Path) -> Path:
    return zip_bomb(path, _XLSX_PARTS, "xl/worksheets/sheet1.xml")


ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:spreadsheet>"
)


def ods(path: Path, tables: dict[str, str]) -> Path:
    """An ODS whose content.xml holds `tables` (name -> the rows' XML)."""
    body = "".join(
        f'<table:table table:name="{n}">{rows}</table:table>' for n, rows in tables.items()
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", ODS_MIMETYPE, zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml",
            _ODS_HEAD + body + "</office:spreadsheet></office:body></office:document-content>",
            zipfile.ZIP_DEFLATED,
        )
    return path


def ods_row(cells: Iterable[str], repeat: int = 1) -> str:
    xml = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>'
        if c
        else "<table:table-cell/>"
        for c in cells
    )
    attrs = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{attrs}>{xml}</table:table-row>"


def ods_bomb(path: Path) -> Path:
    return zip_bomb(path, {"mimetype": ODS_MIMETYPE}, "content.xml")


def cp1258(text: str) -> bytes:
    """Text as Vietnamese Windows (Windows-1258) writes it: letters with a circumflex, breve or
    horn precomposed, tones as combining marks."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return out
