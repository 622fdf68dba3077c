"""The elements of any DOCX found once, by their text, for the checks to read.

The Quốc hiệu, "Số:", the date line, "Nơi nhận:" ... are recognised by what they say, not by our
own layout, so documents from other agencies and other word processors are read the same way.
What is not found stays None (or empty); each check decides whether that is a fault.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from troly.core.nd30 import spec
from troly.core.nd30.dates import DATE_LINE_RE
from troly.core.nd30.numbering import SO_LINE_RE
from troly.core.nd30.reader import DocumentReader, Para
from troly.core.nd30.types import type_by_title


def fold(text: str) -> str:
    """Text compared with the fixed wording: one space, capitals, one spelling of "HÒA"."""
    return " ".join(text.split()).upper().replace("HOÀ", "HÒA")


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


@dataclass
class Located:
    """Every element found in one document, and the paragraphs that are not body text."""

    document: Any
    reader: DocumentReader
    paras: list[Para]
    quoc_hieu: Para | None = None
    tieu_ngu: Para | None = None
    so: Para | None = None
    # The agency block is looked for only when "Số:" sits in a header table.
    agency_expected: bool = False
    parent_agency: list[Para] = field(default_factory=list)  # cơ quan chủ quản, when present
    agency: list[Para] = field(default_factory=list)  # the issuer's lines
    vv: Para | None = None  # a công văn's "V/v ..." (ô 5b)
    type_name: Para | None = None  # "QUYẾT ĐỊNH", "BÁO CÁO" ... (ô 5a)
    summary: Para | None = None  # the trích yếu under the type's name
    minutes: bool = False  # a biên bản: no date line under the motto
    date: Para | None = None
    kinh_gui: Para | None = None
    addressees: list[Para] = field(default_factory=list)  # the "- ...;" lines under Kính gửi
    urgency: list[Para] = field(default_factory=list)
    noi_nhan: Para | None = None
    recipients: list[Para] = field(default_factory=list)  # up to and with "- Lưu: ..."
    archive_found: bool = False
    after_recipients: list[Para] = field(default_factory=list)  # the drafter's mark
    signer_titles: list[Para] = field(default_factory=list)
    signer_names: list[Para] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # paragraphs identified as an element

    def find(self, test: Callable[[Para], bool], start: int = 0) -> Para | None:
        for para in self.paras[start:]:
            if para.text and test(para):
                return para
        return None

    def following(self, para: Para) -> list[Para]:
        """The paragraphs after `para` in the same container (cell or body)."""
        out = []
        for other in self.paras[para.index :]:
            if (other.table, other.cell) != (para.table, para.cell):
                break
            out.append(other)
        return out

    def mark(self, *paras: Para | None) -> None:
        self.used.update(p.index for p in paras if p is not None)

    @property
    def body_start(self) -> Para | None:
        """The last element before the body: the trích yếu, else the type's name."""
        return self.summary or self.type_name


def locate(document: Any) -> Located:
    """Find every element of a python-docx Document once."""
    reader = DocumentReader(document)
    found = Located(document, reader, list(reader.paras))
    for step in (_motto, _number, _agency, _title, _date, _addressees, _urgency):
        step(found)
    _recipients(found)
    _signer(found)
    return found


def _motto(d: Located) -> None:
    d.quoc_hieu = d.find(lambda p: fold(p.text) == spec.QUOC_HIEU)
    d.tieu_ngu = d.find(
        lambda p: re.sub(r"\s*-\s*", "-", p.text.lower()) == "độc lập-tự do-hạnh phúc"
    )
    d.mark(d.quoc_hieu, d.tieu_ngu)


def _number(d: Located) -> None:
    d.so = d.find(lambda p: bool(SO_LINE_RE.match(p.text)) and len(p.text) < 60)
    d.mark(d.so)


def _agency(d: Located) -> None:
    so = d.so
    if so is None or so.table is None:
        return
    d.agency_expected = True
    before = [
        p
        for p in d.paras
        if (p.table, p.cell) == (so.table, so.cell) and p.index < so.index and p.text
    ]
    if not before:
        # Two-row headers put the agency in the cell above the number.
        column = (so.cell or (0, 0))[1]
        before = [
            p
            for p in d.paras
            if p.table == so.table
            and p.cell is not None
            and p.cell[1] == column
            and p.index < so.index
            and p.text
        ]
    before = [p for p in before if not set(p.text) <= {"_", "-", " "}]
    if not before:
        return
    # The issuer is the bold name; the lines above it name the parent agency.
    issuer = [p for p in before if p.all("bold")] or [before[-1]]
    start = before.index(issuer[0])
    d.parent_agency, d.agency = before[:start], before[start:]
    d.mark(*before)


def _title(d: Located) -> None:
    d.vv = d.find(lambda p: p.text.startswith("V/v"))
    d.mark(d.vv)
    name = d.find(lambda p: p.table is None and type_by_title(p.text) is not None)
    if name is None:
        return
    d.type_name = name
    d.mark(name)
    d.minutes = fold(name.text) == "BIÊN BẢN"
    summary = [p for p in d.following(name)[:3] if p.text][:1]
    if summary and not type_by_title(summary[0].text) and summary[0].fmt.jc == "center":
        d.summary = summary[0]
        d.mark(d.summary)


def _date(d: Located) -> None:
    qh = d.quoc_hieu

    def in_header(p: Para) -> bool:
        # The date sits in the header; a date inside the body's sentences is not it.
        if qh is not None and qh.table is not None:
            return p.table == qh.table
        return p.index <= 15

    d.date = d.find(
        lambda p: in_header(p) and bool(DATE_LINE_RE.match(p.text)) and len(p.text) < 120
    )
    d.mark(d.date)


def _addressees(d: Located) -> None:
    kg = d.find(lambda p: p.text.startswith("Kính gửi"))
    if kg is None:
        return
    d.kinh_gui = kg
    d.mark(kg)
    # "Kính gửi: Sở Nội vụ." names its one addressee on the line: what follows is the body,
    # even when the body opens with a dash. A list follows only a bare "Kính gửi:".
    named_inline = bool(kg.text.split(":", 1)[-1].strip(" .")) if ":" in kg.text else False
    for para in [] if named_inline else d.following(kg):
        if not para.text.startswith(("-", "+", "•")):
            break
        d.addressees.append(para)
    d.mark(*d.addressees)


def _urgency(d: Located) -> None:
    d.urgency = [p for p in d.paras if fold(p.text).replace("HOẢ", "HỎA") in spec.DO_KHAN]
    d.mark(*d.urgency)


def _recipients(d: Located) -> None:
    label = d.find(lambda p: p.text.startswith("Nơi nhận"))
    if label is None:
        return
    d.noi_nhan = label
    items = [p for p in d.following(label) if p.text]
    archive = next((i for i, p in enumerate(items) if "Lưu" in p.text[:6]), None)
    d.archive_found = archive is not None
    d.recipients = items[: archive + 1] if archive is not None else items
    d.after_recipients = items[len(d.recipients) :]
    d.mark(label, *items)


def _signer(d: Located) -> None:
    """The signer's block: the table cell beside "Nơi nhận", titles in capitals, then names."""
    label = d.noi_nhan
    if label is None or label.table is None:
        return
    cells = [
        p
        for p in d.paras
        if p.table == label.table and p.cell != label.cell and p.text and not p.text.startswith("(")
    ]
    d.signer_titles = [p for p in cells if is_upper(p.text)]
    d.mark(*d.signer_titles)
    if d.signer_titles:
        d.signer_names = [p for p in cells if not is_upper(p.text)]
        d.mark(*d.signer_names)
