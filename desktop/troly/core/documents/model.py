"""What every reader produces: a document as a list of pages of normalized text."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from troly.core.documents.tables import Table


@dataclass(frozen=True)
class Page:
    """One page of text. `number` is 1-based. For formats that do not store pages (DOCX, TXT)
    the reader splits where the file itself records a page break (Word's rendered breaks, form
    feeds) and marks the document's numbers as estimated."""

    number: int
    text: str
    ocr: bool = False  # the text came from OCR of a scanned page
    # The page's tables as rows of cells (sheets, HTML, DOCX and PDF); their rendering is in `text`.
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True)
class Document:
    path: Path
    kind: str  # "pdf", "docx", "txt", "md", "xlsx", "xls", "ods", "csv", "html", "image", …
    pages: list[Page]
    title: str = ""
    pages_estimated: bool = False  # page numbers are estimates (DOCX, TXT), not the file's own
    warnings: list[str] = field(default_factory=list)  # Vietnamese, for the per-file status

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages)

    @property
    def ocr_pages(self) -> int:
        return sum(1 for page in self.pages if page.ocr)
