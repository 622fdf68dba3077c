"""Limits that keep a hostile or broken file from exhausting memory, disk or time."""

from __future__ import annotations

MAX_TEXT_BYTES = 50 * 1024 * 1024  # a larger .txt is refused, not read
DOCX_MAX_UNCOMPRESSED = 200 * 1024 * 1024  # total over all zip members
DOCX_MAX_RATIO = 100  # uncompressed / compressed, for members above DOCX_RATIO_FLOOR
DOCX_RATIO_FLOOR = 1024 * 1024  # small members may compress very well (repetitive XML)
DOCX_MAX_MEMBERS = 10_000
OCR_DPI = 300
OCR_TIMEOUT_SECONDS = 120  # per page
MIN_TEXT_CHARS = 25  # fewer meaningful characters on a page: treat it as having no text layer
