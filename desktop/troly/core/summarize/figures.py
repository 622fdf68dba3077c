"""Figures and deadlines read from the text itself, not from the model.

When several files are summarized together, each file's figures are extracted with their labels
("tỷ lệ hồ sơ giải quyết đúng hạn ... 96,5%") and the ones the files give differently are listed
side by side, so a disagreement between units is shown rather than averaged away by the model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from troly.core.documents.model import Document
from troly.core.summarize.model import Deadline, Disagreement, FigureValue
from troly.core.text import fold

_DATE = re.compile(
    r"(?:ngày\s+)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"
    r"|ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w/.,-])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w/]|[.,]\d)\s*(%)?")
# Words before a number that make it an identifier or a date part, not a figure.
_NOT_FIGURE_BEFORE = {
    w
    for w in (
        "năm", "tháng", "ngày", "quý", "điều", "khoản", "mục", "chương", "phần", "số",
        "giai", "đoạn", "lần", "thứ", "kỳ", "khóa",
    )
}  # fmt: skip
_STOP = {
    w
    for w in (
        "đã", "đạt", "được", "là", "có", "với", "gồm", "khoảng", "gần", "trên", "hơn", "chỉ",
        "còn", "tới", "đến", "lên", "bằng", "chiếm", "của", "các", "những", "và", "trong",
        "tổng", "cộng", "thì", "mà", "đó", "này", "dưới", "tăng", "giảm",
    )
}  # fmt: skip
_TWO_WORD_UNITS = {
    w for w in ("tỷ", "triệu", "nghìn", "hồ", "cán", "lượt", "đơn", "thủ", "văn", "cuộc")
}
_DEADLINE = re.compile(r"\b(trước|hạn|chậm nhất|hoàn thành|kể từ)\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[,;:()\n]")


@dataclass(frozen=True)
class Figure:
    key: str  # folded label | unit, what files are compared on
    label: str  # as written, for display
    unit: str
    value: str
    file: str
    page: int
    context: str


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


def _label(before: str) -> list[str]:
    # "Tổng số hồ sơ tiếp nhận: 12.380": the label is what precedes the colon.
    clause = _CLAUSE.split(before.rstrip().rstrip(":"))[-1]
    words = _words(clause)
    while words and words[-1].lower() in _STOP:
        words.pop()
    content = [w for w in words if w.lower() not in _STOP]
    return content[-4:]


def _unit(after: str, percent: bool) -> str:
    if percent:
        return "%"
    words = _words(after[:40])
    if not words:
        return ""
    first = words[0].lower()
    if first in _TWO_WORD_UNITS and len(words) > 1:
        return f"{first} {words[1].lower()}"
    return first


def figures(document: Document) -> list[Figure]:
    """The labelled figures of a document (dates and identifiers left out)."""
    found: list[Figure] = []
    file = str(document.path.resolve())
    for page in document.pages:
        for line in page.text.splitlines():
            masked = _DATE.sub(lambda m: " " * len(m.group(0)), line)
            for match in _NUMBER.finditer(masked):
                before = masked[: match.start()]
                prev = _words(before[-20:])
                if prev and prev[-1].lower() in _NOT_FIGURE_BEFORE:
                    continue
                if not before.strip() and masked[match.end() :].lstrip().startswith((".", ")")):
                    continue  # a list number at the start of a line
                label_words = _label(before)
                if len(label_words) < 2:
                    continue
                unit = _unit(masked[match.end() :], match.group(3) is not None)
                value = match.group(0).strip()
                label = " ".join(label_words)
                key = f"{fold(label.lower())}|{fold(unit)}"
                context = line.strip()
                found.append(Figure(key, label, unit, value, file, page.number, context[:200]))
    return found


def _number(value: str) -> str:
    return value.replace(" ", "").replace("%", "").replace(".", "").replace(",", ".")


def disagreements(documents: Sequence[Document]) -> list[Disagreement]:
    """Figures with the same label and unit that two or more files give differently."""
    by_key: dict[str, dict[str, Figure]] = {}
    for document in documents:
        for figure in figures(document):
            by_key.setdefault(figure.key, {}).setdefault(figure.file, figure)
    result: list[Disagreement] = []
    for per_file in by_key.values():
        if len(per_file) < 2:
            continue
        values = {_number(f.value) for f in per_file.values()}
        if len(values) < 2:
            continue
        first = next(iter(per_file.values()))
        label = first.label + (f" ({first.unit})" if first.unit else "")
        result.append(
            Disagreement(
                label,
                tuple(FigureValue(f.file, f.page, f.value, f.context) for f in per_file.values()),
            )
        )
    return result


def deadlines(documents: Sequence[Document]) -> list[Deadline]:
    """Dates the text sets as deadlines ("trước ngày 15/10/2025", "chậm nhất ngày ...")."""
    found: list[Deadline] = []
    seen: set[tuple[str, str]] = set()
    for document in documents:
        file = str(document.path.resolve())
        for page in document.pages:
            text = " ".join(page.text.split())
            for sentence in re.split(r"(?<=[.;])\s+", text):
                if not _DEADLINE.search(sentence):
                    continue
                for match in _DATE.finditer(sentence):
                    d, m, y = [g for g in match.groups() if g is not None][:3]
                    date = f"{int(d):02d}/{int(m):02d}/{y}"
                    if not _DEADLINE.search(sentence[: match.start()][-60:]):
                        continue
                    if (file, date) in seen:
                        continue
                    seen.add((file, date))
                    found.append(Deadline(sentence.strip()[:240], date, file, page.number))
    return found
