"""Indicator labels as token sets, so that units' wordings of one indicator meet.

"Số hồ sơ tiếp nhận", "Tổng số hồ sơ đã tiếp nhận trong kỳ" and "đã tiếp nhận … hồ sơ" all
become {hoso, tiepnhan}: accents folded, then the words that only quantify or time a figure
("tổng số", "đã", "trong kỳ", "của", …) dropped. What remains names the thing counted and what
was done to it, and two labels are one indicator when those sets are (nearly) equal.
"""

from __future__ import annotations

import re

from troly.core.text import fold


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Function words, quantifiers and period words: they change how a figure is said, never what
# it counts. "số" is here only as the quantifier "số …" that opens a label: the "sơ" of "hồ
# sơ" folds to "so" too, but "ho so" is joined into one word before STOP is applied. "tthc"
# (thủ tục hành chính) only qualifies "hồ sơ", which offices write with and without it.
STOP = _set(
    "tong so luong cong da duoc dat la co cua cac nhung va trong ky nay bao cao thang quy "
    "nam thuc hien ket qua chi tieu toan xa phuong don vi tinh tai ve voi cho tren gom "
    "tthc theo moi lieu"
)
# Phrases one office writes one way and another a second way: (folded) -> canonical form.
_SYNONYMS = (
    (r"\bdung thoi han\b", "dung han"),
    (r"\b(?:qua|tre thoi|cham) han\b", "tre han"),
    (r"\bxu ly\b", "giai quyet"),  # "xử lý hồ sơ" and "giải quyết hồ sơ" count the same
    (r"\bty le phan tram\b", "ty le"),
    (r"\btrong do\b", ""),  # "trong đó …": a part introduced, not a word of its label
    (r"\bthu tuc hanh chinh\b", "tthc"),
)
# Words of two syllables that reports use, joined into one token: without them the "tiếp" of
# "trực tiếp" would meet the "tiếp" of "tiếp nhận" and a part would look like its total. A
# syllable not in a listed word stays a token of its own.
_WORDS = (
    "ho so|tiep nhan|truc tiep|truc tuyen|giai quyet|dung han|tre han|ty le|can bo|"
    "cong chuc|vien chuc|to chuc|ca nhan|doanh nghiep|khieu nai|to cao|kien nghi|"
    "phan anh|don thu|tiep dan|hoc sinh|giao vien|dan so|lao dong|viec lam|ngan sach|"
    "dich vu|buu chinh|thanh toan|chung thuc|ho tich|khai sinh|ket hon|khai tu|"
    "dang ky|cap phep|dat dai|xay dung|kinh doanh|bao hiem|y te|hoan thanh|tthc|"
    "tuyen truyen|kiem tra|thanh tra|vi pham|xu phat|gia dinh|tro cap|ho tro|"
    "nguoi dan|cong dan|dien tu|chu ky so|mot cua|lien thong"
)
_COMPOUNDS = re.compile(
    r"\b(" + "|".join(sorted(_WORDS.split("|"), key=len, reverse=True)) + r")\b"
)
# At or above this Jaccard similarity of their word sets two labels are one indicator. Labels
# are two to five content words: 0.75 lets one extra word in four pass ("hồ sơ tiếp nhận tại
# bộ phận một cửa" ≈ "hồ sơ tiếp nhận một cửa"), but keeps a part apart from its total, which
# differs by one word of three ("hồ sơ giải quyết" vs "hồ sơ giải quyết đúng hạn": 0.67).
THRESHOLD = 0.75
_WORD = re.compile(r"[a-z0-9]+")


def tokens(label: str) -> frozenset[str]:
    """The content words of a label, folded and without the words in STOP."""
    text = fold(label)
    for pattern, replacement in _SYNONYMS:
        text = re.sub(pattern, replacement, text)
    text = _COMPOUNDS.sub(lambda m: m.group(1).replace(" ", ""), text)
    return frozenset(w for w in _WORD.findall(text) if w not in STOP and not w.isdigit())


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two token sets (1.0 for equal sets, 0.0 when one is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def same_indicator(a: frozenset[str], b: frozenset[str]) -> bool:
    return similarity(a, b) >= THRESHOLD


def is_rate(label: str) -> bool:
    """A label that names a percentage ("Tỷ lệ …", "… (%)")."""
    folded = fold(label)
    return "ty le" in folded or "%" in label or "phan tram" in folded
