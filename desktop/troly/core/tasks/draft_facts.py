"""The facts of a draft's brief, and the guard that keeps invented ones out of its body.

A small model asked for a công văn copies the agency's name in capitals mid-sentence ("SỞ NỘI VỤ
đề nghị …") and, asked for more than a sentence, invents deadlines, people and figures. Here:
agency names are put in sentence case in code; the deadline, the contact and where to send are
read from the brief; and every number or capitalised name a model writes that the brief (or the
form) does not hold is replaced by a visible field such as "[số liệu]" for the user to fill.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

# Words that name the kind of an agency; the word after them starts its own name ("Sở Nội vụ",
# "Kho bạc Nhà nước"), a level word ("tỉnh", "huyện") is followed by a place ("tỉnh Bắc Ninh").
_AGENCY_KINDS = (
    "ủy ban nhân dân",
    "hội đồng nhân dân",
    "bảo hiểm xã hội",
    "văn phòng",
    "công an",
    "trung tâm",
    "tổng cục",
    "chi cục",
    "thanh tra",
    "kho bạc",
    "ban quản lý",
    "ban chỉ đạo",
    "ủy ban",
    "hội đồng",
    "sở",
    "bộ",
    "phòng",
    "ban",
    "cục",
    "vụ",
    "viện",
    "trường",
    "đài",
    "báo",
)
_LEVELS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "xã", "phường")
# Acronyms officials write in agency names; a word without a vowel ("HĐND", "TTTT") is one too.
_ACRONYMS = frozenset(
    {"UBND", "HĐND", "MTTQ", "TP", "TP.", "TW", "CNTT", "THPT", "THCS", "BQL", "BCĐ", "ĐHQG"}
)
_SCHOOL_KINDS = frozenset({"THPT", "THCS", "TH", "MN"})
_VOWELS = set("aăâeêioôơuưy")

FIELD_RE = re.compile(r"\[[^\]]*\]")
_NUMBER_RE = re.compile(r"\d+(?:[.,/:-]\d+)*")
_WORD_RE = re.compile(r"[^\W\d_][\w&.-]*", re.UNICODE)
# A line's own numbering ("1.", "II.", "a)", "-") is the layout's, not a fact.
_LEAD_RE = re.compile(r"^\s*(?:[-+•]\s*|\d+(?:\.\d+)*[.)]\s*|[IVXLC]+\.\s*|[a-zđ]\)\s*)")
_SENTENCE_END_RE = re.compile(r"[.!?:;]\s+|\n")
# Honorifics and the words code puts capitalised inside its own sentences.
_ALLOWED_CAPITALS = frozenset({"quý"})


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def _is_acronym(word: str) -> bool:
    bare = word.strip(".,;:()")
    letters = unicodedata.normalize("NFD", bare.lower())  # "ở" → "o" and its marks
    has_vowel = any(c in _VOWELS for c in letters)
    return bare.upper() in _ACRONYMS or (bare.isupper() and len(bare) > 1 and not has_vowel)


def _is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _match_phrase(words: list[str], start: int, phrases: tuple[str, ...]) -> int:
    """How many words of one of `phrases` begin at words[start] (0 when none)."""
    for phrase in phrases:
        parts = phrase.split()
        if [_fold(w) for w in words[start : start + len(parts)]] == parts:
            return len(parts)
    return 0


def sentence_case(name: str) -> str:
    """An agency's name as written inside a sentence: "SỞ NỘI VỤ" → "Sở Nội vụ", "UBND TỈNH
    BẮC NINH" → "UBND tỉnh Bắc Ninh". A name already in mixed case is kept as typed."""
    name = " ".join(name.split())
    if not _is_all_caps(name):
        return name
    words = name.split()
    out: list[str] = []
    start_of_name = True  # the next word begins a name: capitalised
    place = False  # after a level word every word of the place is capitalised
    i = 0
    while i < len(words):
        word = words[i]
        if _is_acronym(word):
            out.append(word)
            i += 1
            start_of_name = True
            place = word.upper() in _SCHOOL_KINDS  # "Trường THPT Chu Văn An"
            continue
        after_joint = bool(out) and _fold(out[-1]) in ("và", "-", "–")
        level = _match_phrase(words, i, _LEVELS) if not after_joint else 0
        kind = _match_phrase(words, i, _AGENCY_KINDS) if not place else 0
        if level and out:
            out.extend(_fold(w) for w in words[i : i + level])
            i += level
            place, start_of_name = True, True
            continue
        if kind and start_of_name:
            parts = [_fold(w) for w in words[i : i + kind]]
            out.append(parts[0].capitalize())
            out.extend(parts[1:])
            i += kind
            continue
        lower = _fold(word)
        out.append(lower.capitalize() if start_of_name or place else lower)
        start_of_name = word in ("-", "–") or lower in ("và", ",")
        i += 1
    return " ".join(out)


def sentence_case_runs(text: str) -> str:
    """Every run of two or more all-capital words inside `text` put in sentence case (a model
    copies the header's "SỞ NỘI VỤ" into its sentences); a lone acronym is left alone."""
    tokens = re.split(r"(\s+)", text)
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        words = [t for t in run if t.strip()]
        if len(words) >= 2 and not all(_is_acronym(w) for w in words):
            out.append(sentence_case("".join(run).strip()))
            out.append("".join(run)[len("".join(run).rstrip()) :])
        else:
            out.extend(run)
        run.clear()

    for token in tokens:
        core = token.strip(".,;:()")
        capitals = core in ("-", "–") or (_is_all_caps(core) and core.isalpha())
        if (token.strip() and capitals) or (not token.strip() and run):
            run.append(token)
        else:
            flush()
            out.append(token)
    flush()
    return "".join(out)


# -- what the brief gives --------------------------------------------------------------------

_DATE = (
    r"\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?"
    r"|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?"
)
_DEADLINE_RE = re.compile(
    r"(?:(?:trước|chậm nhất(?: là)?|không muộn hơn|hạn chót|hạn)\s+"
    r"(?:\d{1,2}\s*(?:giờ|h)(?:\s*\d{1,2})?\s+)?(?:ngày\s+)?(?:" + _DATE + r"))"
    r"|(?:trong\s+(?:tháng|quý)\s+[\dIVX]+(?:\s*/\s*\d{4}|\s+năm\s+\d{4})?)"
    r"|(?:trong\s+(?:vòng\s+)?\d+\s+ngày(?:\s+làm việc)?(?:\s+kể từ[^,.;]*)?)",
    re.IGNORECASE,
)
_SEND_TO_RE = re.compile(
    r"gửi\s+(?:về|cho|đến|tới)\s+(.+?)(?=\s+(?:trước|chậm nhất|qua|bằng|theo|để|trong)\b|[,.;]|$)",
    re.IGNORECASE,
)
# 9 or 10 digits after the 0 (+84), grouped as people write them: "0912 345 678", "0222.3812.345".
_PHONE_RE = re.compile(r"(?<!\d)(?:\+84|0)\d{2}(?:[ .]?\d){7,8}(?!\d)")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PERSON_RE = re.compile(
    r"(?:\b(?:ông|bà|đồng chí|đ/c)\s+)([A-ZÀ-Ỹ][\wà-ỹ]*(?:\s+[A-ZÀ-Ỹ][\wà-ỹ]*){1,3})"
    r"(?:\s*,\s*([^,;.]*?(?:chuyên viên|trưởng|phó|cán bộ|văn thư|kế toán)[^,;.]*))?",
)
_REASON_RE = re.compile(
    r"(?:^|(?<=[,.;:]\s))((?:để|nhằm|thực hiện(?!\s+(?:trong|trước|từ|chậm|xong))|căn cứ|"
    r"triển khai|trả lời|theo chỉ đạo|theo đề nghị|theo kế hoạch|theo công văn|do|vì)\s[^,.;]+)"
    # "nhằm" states a purpose wherever it stands: "… trong quý III nhằm chấn chỉnh …".
    r"|\b(nhằm\s[^,.;]+)",
    re.IGNORECASE,
)
_ITEMS_RE = re.compile(r"(?:gồm|bao gồm|như sau|các nội dung|cụ thể)\s*:?\s*(.+)$", re.IGNORECASE)


@dataclass
class BriefFacts:
    """What the brief states, read by code; empty strings where it does not say."""

    brief: str
    deadline: str = ""
    send_to: str = ""
    person: str = ""
    role: str = ""
    phone: str = ""
    email: str = ""
    reason: str = ""
    items: list[str] = field(default_factory=list)
    request: str = ""  # the brief without the clauses read into the fields above


def _items(brief: str) -> list[str]:
    """The content items the brief lists: lines starting "-", "+" or "1.", or after "gồm:"."""
    lines = [line.strip() for line in brief.splitlines() if line.strip()]
    listed = [_LEAD_RE.sub("", line) for line in lines[1:] if _LEAD_RE.match(line)]
    if listed:
        return [item.rstrip(" ;.,") for item in listed if item]
    first = re.split(r"\.\s|\.$|\n", brief.strip(), maxsplit=1)[0]
    match = _ITEMS_RE.search(first) or re.search(r"(?<!liên hệ):\s*(.+)$", first, re.IGNORECASE)
    if match is None or re.match(r"\s*(?:liên hệ|đầu mối)", match.group(1), re.IGNORECASE):
        return []
    text = match.group(1).strip()
    separator = ";" if ";" in text else ","
    return [part.strip(" .;") for part in text.split(separator) if len(part.split()) >= 2]


def read_brief(brief: str) -> BriefFacts:
    """The deadline, contact, where to send, the reason and the listed items of a brief."""
    text = " ".join(brief.split())
    facts = BriefFacts(brief=brief.strip())
    if match := _DEADLINE_RE.search(text):
        facts.deadline = match.group(0).strip()
    if match := _SEND_TO_RE.search(text):
        facts.send_to = match.group(1).strip()
    if match := _PHONE_RE.search(text):
        facts.phone = match.group(0).strip()
    if match := _EMAIL_RE.search(text):
        facts.email = match.group(0)
    if match := _PERSON_RE.search(text):
        facts.person = match.group(0).split(",")[0].strip()
        facts.role = (match.group(2) or "").strip()
    if match := _REASON_RE.search(text):
        facts.reason = (match.group(1) or match.group(2)).strip()
    facts.items = _items(brief)
    facts.request = _request(text, facts)
    return facts


def _request(text: str, facts: BriefFacts) -> str:
    """The brief's first sentence without what the other parts say (deadline, contact …)."""
    first = re.split(r"(?<=[.;])\s+|\s*:\s*", text, maxsplit=1)[0]
    for part in (facts.deadline, facts.reason):
        if part:
            first = first.replace(part, "")
    first = re.sub(r"\b(?:liên hệ|đầu mối)\b.*$", "", first, flags=re.IGNORECASE)
    # "…, danh sách gửi về Phòng Nghiệp vụ": the deadline line says where, with what.
    first = re.sub(
        r"(?:,\s*)?(?:(?:văn bản|báo cáo|danh sách|kết quả|hồ sơ)\s+)?" + _SEND_TO_RE.pattern,
        "",
        first,
        flags=re.IGNORECASE,
    )
    first = re.sub(r"\s*,\s*(?=,|$)|^\s*,\s*", "", first)
    return " ".join(first.split()).strip(" ,;.")


# -- the guard -------------------------------------------------------------------------------


def _sentences(line: str) -> list[str]:
    line = _LEAD_RE.sub("", FIELD_RE.sub(" , ", line))
    return [part for part in _SENTENCE_END_RE.split(line) if part.strip()]


def _capital_runs(sentence: str) -> list[tuple[int, int, bool]]:
    """The runs of capitalised words of a sentence: (start, end, at the sentence's start). A
    lone capitalised first word is the sentence's, not a name, and is left out."""
    words = list(_WORD_RE.finditer(sentence))
    bare = [m.group(0).strip(".-") for m in words]
    caps = [w[:1].isupper() and _fold(w) not in _ALLOWED_CAPITALS for w in bare]
    spans: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(words):
        if not caps[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and caps[j + 1]:
            if sentence[words[j].end() : words[j + 1].start()].strip():
                break
            j += 1
        if i > 0 or j > 0:
            spans.append((words[i].start(), words[j].end(), i == 0))
        i = j + 1
    return spans


def _given(*texts: str) -> tuple[set[str], str]:
    """The numbers of the given texts, and their words folded, one space between."""
    joined = "\n".join(texts)
    numbers = set(_NUMBER_RE.findall(joined)) | set(re.findall(r"\d+", joined))
    words = " ".join(_fold(w.strip(".-")) for w in _WORD_RE.findall(joined))
    return numbers, f" {words} "


def _known_name(run: str, given_text: str, at_start: bool) -> bool:
    """Whether the run's words stand together in a given text; at a sentence's start, the
    words after the first one may ("Giao Phòng Nội vụ")."""
    words = [_fold(w.strip(".-")) for w in _WORD_RE.findall(run)]
    if f" {' '.join(words)} " in given_text:
        return True
    return at_start and f" {' '.join(words[1:])} " in given_text


def invented_facts(body: str, *given: str) -> list[str]:
    """Numbers and capitalised names in `body` that none of the `given` texts holds; fields
    ("[thời hạn]"), a line's numbering, headings in capitals and a sentence's first word are
    not facts. A name counts as given when its words stand together in a given text."""
    numbers, given_text = _given(*given)
    found: list[str] = []
    for line in body.splitlines():
        if _is_all_caps(line):
            continue  # a section heading: "I. MỤC ĐÍCH, YÊU CẦU"
        for sentence in _sentences(line):
            found += [n for n in _NUMBER_RE.findall(sentence) if n not in numbers]
            for start, end, at_start in _capital_runs(sentence):
                if not _known_name(sentence[start:end], given_text, at_start):
                    found.append(sentence[start:end])
    return found


def scrub(text: str, *given: str) -> tuple[str, int]:
    """`text` with each number or capitalised name the given texts lack replaced by a field
    ("[số liệu]", "[tên]"), and how many were replaced."""
    numbers, given_text = _given(*given)
    count = 0

    def number(match: re.Match[str]) -> str:
        nonlocal count
        if match.group(0) in numbers:
            return match.group(0)
        count += 1
        return "[số liệu]"

    text = _NUMBER_RE.sub(number, text)
    pieces: list[str] = []
    for sentence in re.split(r"(?<=[.!?:;])\s+", text):
        kept = sentence
        for start, end, at_start in reversed(_capital_runs(sentence)):
            if not _known_name(sentence[start:end], given_text, at_start):
                kept = kept[:start] + "[tên]" + kept[end:]
                count += 1
        pieces.append(kept)
    return " ".join(pieces), count


def words_known(text: str, given: Sequence[str], usual: frozenset[str]) -> float:
    """The share of `text`'s words found in the given texts or among `usual` words (1.0 for
    no words): how much of a model's phrase comes from the brief rather than elsewhere."""
    _, given_text = _given(*given)
    words = [_fold(w.strip(".-")) for w in _WORD_RE.findall(text)]
    if not words:
        return 1.0
    known = [w for w in words if f" {w} " in given_text or w in usual]
    return len(known) / len(words)
