"""The number and code line: "Số: 05/QĐ-UBND", "Số: 12/UBND-VP" (Phụ lục I, Mục II.3)."""

from __future__ import annotations

import re

from troly.core.errors import TrolyError
from troly.core.nd30.types import DocType

# Groups of abbreviations joined by hyphens, without spaces. Phụ lục III's own abbreviations mix
# cases (TTr, QyĐ, CTr), so lower-case letters are allowed inside a group.
KY_HIEU_RE = re.compile(r"^[0-9A-ZĐa-zđ]+(?:-[0-9A-ZĐa-zđ]+)*$")
# "Số: 05/QĐ-UBND" as found in any document; a draft not yet numbered leaves the number blank.
SO_LINE_RE = re.compile(r"^Số\s*(?P<colon>:?)\s*(?P<number>[^/\s]*)\s*/\s*(?P<code>.*?)\s*$")


def format_number(number: int) -> str:
    """A document number as the decree writes it: under 10 with a leading zero ("05")."""
    if number < 1:
        raise TrolyError(
            f"Số văn bản phải là số nguyên dương (nhận được {number}).",
            f"The document number must be a positive integer (got {number}).",
        )
    return f"{number:02d}"


def compose_code(doc_type: DocType, ky_hieu: str) -> str:
    """The code after the slash: "QĐ-UBND" for a type with a title, "UBND-VP" for a công văn.

    `ky_hieu` is the agency's abbreviation ("UBND"), or the whole code ("QĐ-UBND"); for a công
    văn it is the agency's and the drafting unit's abbreviations ("UBND-VP").
    """
    code = "-".join(part.strip() for part in ky_hieu.strip().strip("/").split("-"))
    if not code or not KY_HIEU_RE.match(code):
        raise TrolyError(
            f"Ký hiệu “{ky_hieu}” không hợp lệ: các nhóm chữ viết tắt nối bằng dấu gạch nối "
            "(-), không cách chữ, ví dụ UBND hoặc UBND-VP.",
            f"Invalid code “{ky_hieu}”: abbreviations joined by hyphens without spaces, e.g. "
            "UBND or UBND-VP.",
        )
    if doc_type.abbreviation and code.split("-")[0] != doc_type.abbreviation:
        code = f"{doc_type.abbreviation}-{code}"
    return code


def so_line(doc_type: DocType, number: int | None, ky_hieu: str) -> str:
    """The whole line: "Số: 05/QĐ-UBND"; without a number yet, "Số:      /QĐ-UBND"."""
    code = compose_code(doc_type, ky_hieu)
    # The clerk writes the number in by hand when the document is registered: leave room for it.
    shown = format_number(number) if number is not None else "\u00a0" * 6
    return f"Số: {shown}/{code}"


def parse_number(text: str) -> int | None:
    """The number a user typed ("5", "05", ""), as an int; a TrolyError if it is not one."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise TrolyError(
            f"Số văn bản “{text}” phải là chữ số Ả Rập.",
            f"The document number “{text}” must be Arabic digits.",
        )
    return int(text)
