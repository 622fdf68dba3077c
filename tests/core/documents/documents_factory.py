"""PDF files built at test time (no binary fixtures in git)."""

from __future__ import annotations

from pathlib import Path


def text_pdf(path: Path, pages: list[str], font: Path) -> Path:
    """A PDF with a real text layer, one string per page."""
    import pymupdf

    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page()
        page.insert_font(fontname="vn", fontfile=str(font))
        page.insert_text((72, 100), text, fontname="vn", fontsize=13)
    doc.save(path)
    doc.close()
    return path


def scanned_pdf(path: Path, pages: list[str], font: Path) -> Path:
    """A PDF whose pages are pictures of text, with no text layer: what a scanner makes."""
    import pymupdf

    source = pymupdf.open(text_pdf(path.with_suffix(".src.pdf"), pages, font))
    out = pymupdf.open()
    for page in source:
        pixmap = page.get_pixmap(dpi=200)
        new = out.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, pixmap=pixmap)
    out.save(path)
    out.close()
    source.close()
    return path
