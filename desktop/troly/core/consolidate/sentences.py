"""Figures stated in sentences: "đã tiếp nhận 1.245 hồ sơ", "tỷ lệ … đạt 95,5%".

A number counts what its sentence says around it. Two ways of saying it cover the reports:
- verb, number, noun: "(xã) đã tiếp nhận 1.245 hồ sơ" -> "tiếp nhận hồ sơ";
- label, copula, number: "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 95,5%", "Số hồ sơ …: 1.245".
The label is the words between the last marker of the subject ("đã", "được", "có", a comma)
and the number, plus the noun after it; labels.tokens() then drops the function words.
"""

from __future__ import annotations

import re

from troly.core.consolidate.model import Figure, Source
from troly.core.numbers import NUMBER, parse_match
from troly.core.text import fold

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_CLAUSE = re.compile(r"[,;()\n–]| - ")
_WORD = re.compile(r"[^\W\d_]+")


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# After these the number is a date, an article, a year or a count of times, not a figure.
_NOT_FIGURE_BEFORE = _set(
    "nam thang ngay quy dieu khoan muc chuong phan so lan thu khoa giai doan kh qd bc"
)
# A change from another period is not the period's figure ("tăng 12%", "giảm 5 hồ sơ").
# Nor is a figure compared with ("so với 1.000 hồ sơ năm trước").
_CHANGE = _set("tang giam hon vuot voi")
_SUBJECT_END = _set("da duoc co")
_COPULA = _set("dat la bang chiem")
# The noun after a number ends at these words (what follows qualifies or compares it).
_NOUN_END = _set("trong cua voi va tang giam dat la duoc da tai theo gom bang chiem nhu tren")
MAX_LABEL_WORDS = 9


def split(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


_ENDS_SENTENCE = re.compile(r"[.;:!?]$")
_STARTS_BLOCK = re.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.|[a-zđ]\)|[-–•+*])\s")


def logical_lines(text: str) -> list[str]:
    """The text's lines with the lines a PDF wrapped joined again ("… hồ sơ thủ tục hành" +
    "chính, trong đó …"): a line continues on the next unless it ends a sentence, is a heading
    (in capitals, or a few words before a capitalised line: "Kiến nghị"), or the next one opens
    a numbered item or a list. A wrapped line is a full line, longer than a heading."""
    out: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            out.append("")
            continue
        previous = out[-1] if out else ""
        if (
            previous
            and not _ENDS_SENTENCE.search(previous)
            and previous != previous.upper()
            and not _STARTS_BLOCK.match(line)
            and not (len(previous.split()) < 8 and line[:1].isupper())  # a short heading
        ):
            out[-1] = f"{previous} {line}"
        else:
            out.append(line)
    return [line for line in out if line]


def figures(sentence: str, unit: str, file: str, page: int) -> list[Figure]:
    out: list[Figure] = []
    start = 0  # the label of a number is never read across the number before it
    for match in NUMBER.finditer(sentence):
        label = _label(sentence[start:], match, start)
        start = match.end()
        if not label:
            continue
        value, percent = parse_match(match)
        source = Source(file, page, f"câu “{_short(sentence)}”")
        out.append(Figure(unit, label, value, percent, "text", source))
    return out


def _label(rest: str, match: re.Match[str], offset: int) -> str:
    before = rest[: match.start() - offset].rstrip()
    colon = before.endswith(":")
    before = before.rstrip(":").rstrip()
    words = _WORD.findall(_CLAUSE.split(before)[-1])
    folded = [fold(w) for w in words]
    if folded and (folded[-1] in _NOT_FIGURE_BEFORE or folded[-1] in _CHANGE):
        return ""
    if colon or (folded and folded[-1] in _COPULA):
        # "Tổng số hồ sơ đã tiếp nhận là": the whole clause is the label ("đã" is inside it)
        # unless a subject has it ("xã có tỷ lệ … đạt").
        kept = words if colon else words[:-1]
        head = _after_subject(kept, folded[: len(kept)], frozenset({"co"}))
    else:
        head = _after_subject(words, folded, _SUBJECT_END)
    tail = [] if match.group(3) and head else _noun_after(rest[match.end() - offset :])
    label = " ".join([*head, *tail][-MAX_LABEL_WORDS:])
    return label


def _after_subject(words: list[str], folded: list[str], ends: frozenset[str]) -> list[str]:
    """The words after the last of `ends` ("đã", "được", "có"): what precedes is the subject."""
    for index in range(len(words) - 1, -1, -1):
        if folded[index] in ends:
            return words[index + 1 :]
    return words


def _noun_after(after: str) -> list[str]:
    clause = _CLAUSE.split(after, maxsplit=1)[0]
    clause = re.split(r"[.:!?]", clause, maxsplit=1)[0]
    noun: list[str] = []
    words = _WORD.findall(clause)
    for index, word in enumerate(words):
        key = fold(word)
        compares = key == "so" and index + 1 < len(words) and fold(words[index + 1]) == "voi"
        if key in _NOUN_END or compares or len(noun) == 6:
            break  # "so với cùng kỳ": a comparison follows; "sơ" of "hồ sơ" does not stop
        noun.append(word)
    return noun


def _short(sentence: str, limit: int = 90) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"
