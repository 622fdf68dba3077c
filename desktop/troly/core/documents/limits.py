"""Limits that keep a hostile or broken file from exhausting memory, disk or time."""

from __future__ import annotations

MAX_TEXT_BYTES = 50 * 1024 * 1024  # a larger .txt is refused, not read
# A PDF or DOCX larger than this is refused before it is read or even hashed (indexing hashes
# a file whole, at about 1 GB/s on a laptop). Generous: a scanned 300-page register at 300 dpi
# is 100-300 MB and a 1000-page PDF that embeds its font on every page 750 MB (read today, see
# test_thousand_page_pdf_bounded_memory); a 1 TB sparse file, which any user can make, would
# otherwise be hashed for about an hour.
MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024
# Total over all zip members, by their declared sizes and by the bytes actually inflated. This
# absolute bound is what stops a zip bomb: a ratio rule also refused a 38 KB DOCX of 200,000
# empty paragraphs (1.2 MB of XML, 450:1), a harmless file.
DOCX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
DOCX_MAX_MEMBERS = 10_000
# check-format and drafting load the whole object model (python-docx, an lxml tree and Python
# objects per paragraph: about 20 times the XML). A formatted administrative document has a
# few MB of XML and a few thousand paragraphs, so these bounds leave ample room.
DOCX_OBJECT_MODEL_MAX_XML = 30 * 1024 * 1024  # total of the XML parts, media aside
DOCX_OBJECT_MODEL_MAX_PARAGRAPHS = 50_000
OCR_DPI = 300
# Pixels per OCR'd page: A4 at 300 dpi is 8.7 MP, A2 34.8 MP; a larger page is rendered at a
# lower resolution so that its image (one byte per pixel, grey) stays near 36 MB and Tesseract's
# working memory a few hundred MB. A 14,400 pt square page asked 3.6 GB at 300 dpi.
OCR_MAX_PIXELS = 36_000_000
# Below this the page's text would be too small in the image to read (12 pt text is ~12 px).
OCR_MIN_DPI = 70
OCR_MAX_PAGES = 500  # scanned pages OCR'd per document (about 2 s each): a book, not a bomb
OCR_TIMEOUT_SECONDS = 120  # per page
MIN_TEXT_CHARS = 25  # fewer meaningful characters on a page: treat it as having no text layer
# Spreadsheets (XLSX, XLS, ODS, CSV): read up to these, with a note, never to a hostile end.
SHEET_MAX_ROWS = 100_000  # per sheet; a million-row export is read in its first rows
SHEET_MAX_COLUMNS = 1_000
WORKBOOK_MAX_CELLS = 1_000_000  # over all sheets, counting each row's full width
SHEET_MAX_MERGES = 10_000
SHEET_MAX_SHARED_STRINGS = 50 * 1024 * 1024  # openpyxl loads them whole, ~10x as objects
XLS_MAX_BYTES = 64 * 1024 * 1024  # xlrd holds a sheet whole: the format allows 16M cells
CSV_MAX_BYTES = MAX_TEXT_BYTES
HTML_MAX_BYTES = MAX_TEXT_BYTES
# LibreOffice converting a .doc/.rtf/.odt: killed (with its process group) past this.
CONVERT_TIMEOUT_SECONDS = 120
# An image (JPG, PNG, TIFF frame) of more pixels is refused before it is decoded: a phone photo
# is 12-50 MP, an A3 scan at 600 dpi 70 MP; a one-colour 50,000 px square PNG is a few MB.
IMAGE_MAX_PIXELS = 150_000_000
