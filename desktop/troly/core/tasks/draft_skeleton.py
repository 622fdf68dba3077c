"""The body of a công văn, tờ trình, báo cáo or kế hoạch, laid out by code from the brief.

Each type's body has its parts (the reason, what is asked or reported, the deadline, the
contact) whatever the model writes: the code places the facts the brief gives and leaves a
visible field ("[thời hạn]") for each one it lacks. The model writes one short part, the reason
phrase (`REASON_SLOT`), and only when its words pass the checks in troly.core.tasks.draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from troly.core.nd30.fields import DraftFields
from troly.core.nd30.types import DocType
from troly.core.tasks.draft_facts import BriefFacts, sentence_case, sentence_case_runs

SKELETON_TYPES = ("cong-van", "to-trinh", "bao-cao", "ke-hoach")
REASON_SLOT = "{ly_do}"  # where the reason phrase goes in the skeleton's lines

DEADLINE_FIELD = "[thời hạn]"
CONTACT_FIELD = "[họ tên, chức vụ người liên hệ]"
PHONE_FIELD = "[số điện thoại]"
# Not "Căn cứ …": the format checker takes a body line starting so for the grounds block.
REASON_FIELD = "[lý do, căn cứ]"
CONTENT_FIELD = "[nội dung cụ thể]"

# What a request of this kind asks for, when the brief lists nothing: the usual headings of
# such an answer, with no name, date or figure in them.
_USUAL_ITEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        r"\bbáo cáo\b",
        (
            "kết quả đạt được, kèm số liệu cụ thể",
            "khó khăn, vướng mắc và nguyên nhân",
            "đề xuất, kiến nghị",
        ),
    ),
    (r"\bcử\b", ("họ tên, chức vụ, đơn vị công tác của người được cử", "số điện thoại liên hệ")),
    (r"\b(?:góp ý|cho ý kiến)\b", ("ý kiến đối với từng nội dung", "đề xuất sửa đổi, bổ sung")),
    (r"\bđăng ký\b", ("danh sách đăng ký: họ tên, chức vụ, đơn vị", "nhu cầu cụ thể")),
    (r"\b(?:rà soát|kiểm tra)\b", ("kết quả rà soát, kiểm tra", "tồn tại và hướng xử lý")),
)
_PROBLEM_RE = re.compile(r"\b(?:còn|chưa|hạn chế|khó khăn|vướng mắc|tồn tại|chậm)\b", re.I)
_PROPOSAL_RE = re.compile(r"\b(?:đề nghị|kiến nghị|đề xuất|phương hướng|tiếp tục)\b", re.I)
_LEADING_VERB_RE = re.compile(
    r"^(?:kính\s+)?(?:đề nghị|đề xuất|xin|trình|báo cáo|xây dựng kế hoạch|kế hoạch|lập kế "
    r"hoạch|ban hành kế hoạch)\s+",
    re.IGNORECASE,
)
_ADDRESSEE_RE = re.compile(
    r"^(?:các|quý|ubnd|hđnd|ủy ban|sở|phòng|ban|bộ|cục|trung tâm|văn phòng|đơn vị|trường)\b",
    re.IGNORECASE,
)


@dataclass
class Skeleton:
    """The body's lines; one of them holds REASON_SLOT, filled by the model or the fallback."""

    lines: list[str]
    reason_fallback: str  # the brief's own reason, the grounds, or a field

    def fill(self, reason: str) -> str:
        reason = reason.strip().rstrip(".,;")
        reason = reason[:1].upper() + reason[1:]
        return "\n".join(line.replace(REASON_SLOT, reason) for line in self.lines)


def agency_name(fields: DraftFields) -> str:
    """The agency as named in a sentence: sentence case, lines joined ("Sở Nội vụ")."""
    return sentence_case(" ".join(fields.co_quan.split())) or "[tên cơ quan]"


def addressees(fields: DraftFields) -> str:
    names = ", ".join(sentence_case(item) for item in fields.kinh_gui)
    return _lower_first(names) if re.match(r"(?:Các|Quý)\b", names) else names


def _lower_first(text: str) -> str:
    """The first letter in lower case, unless it starts a name: an acronym ("UBND tỉnh") or a
    word followed by a capitalised one ("Sở Nội vụ")."""
    words = text.split(maxsplit=2)
    if not words or (len(words[0]) > 1 and words[0].isupper()):
        return text
    if len(words) > 1 and words[1][:1].isupper():
        return text
    return text[:1].lower() + text[1:]


def request_rest(facts: BriefFacts, agency: str) -> str:
    """What is asked, without its leading "đề nghị" or the agency's own name."""
    text = sentence_case_runs(facts.request)
    for name in (agency, agency.upper()):
        if text.lower().startswith(name.lower()):
            text = text[len(name) :].strip(" ,")
    text = _LEADING_VERB_RE.sub("", _lower_first(text))
    return _lower_first(text.strip(" ,.;")) or CONTENT_FIELD


def _items(facts: BriefFacts) -> list[str]:
    if facts.items:
        return [sentence_case_runs(item) for item in facts.items]
    for pattern, items in _USUAL_ITEMS:
        if re.search(pattern, facts.request, re.IGNORECASE):
            return list(items)
    return [CONTENT_FIELD]


def _bullets(items: list[str]) -> list[str]:
    lines = [f"- {_lower_first(item).rstrip(' .;')};" for item in items]
    lines[-1] = lines[-1][:-1] + "."
    return lines


def deadline(facts: BriefFacts) -> str:
    return facts.deadline or f"trước {DEADLINE_FIELD}"


def contact_line(facts: BriefFacts) -> str:
    person = facts.person or CONTACT_FIELD
    role = f", {facts.role}" if facts.role and facts.person else ""
    email = f"; thư điện tử: {facts.email}" if facts.email else ""
    return f"Đầu mối liên hệ: {person}{role}; điện thoại: {facts.phone or PHONE_FIELD}{email}."


def reason_fallback(facts: BriefFacts, fields: DraftFields) -> str:
    """The reason the brief itself gives, else the grounds printed above the body, else a
    field for the user."""
    if facts.reason:
        return re.sub(r"^căn cứ\b", "Thực hiện", sentence_case_runs(facts.reason), flags=re.I)
    if fields.can_cu:
        return "Thực hiện các văn bản nêu trên"
    return REASON_FIELD


def build_skeleton(doc_type: DocType, fields: DraftFields, facts: BriefFacts) -> Skeleton:
    """The lines of the body of this type (SKELETON_TYPES) with the brief's facts placed."""
    agency = agency_name(fields)
    builders = {
        "cong-van": _cong_van,
        "to-trinh": _to_trinh,
        "bao-cao": _bao_cao,
        "ke-hoach": _ke_hoach,
    }
    lines = builders[doc_type.slug](fields, facts, agency)
    return Skeleton(lines, reason_fallback(facts, fields))


def _send_to(facts: BriefFacts, agency: str) -> str:
    return sentence_case_runs(facts.send_to) or agency


def _cong_van(fields: DraftFields, facts: BriefFacts, agency: str) -> list[str]:
    rest = request_rest(facts, agency)
    if not _ADDRESSEE_RE.match(rest) and fields.kinh_gui:
        rest = f"Quý cơ quan {rest}"
    return [
        f"{REASON_SLOT}, {agency} đề nghị {rest}.",
        "Nội dung cụ thể như sau:",
        *_bullets(_items(facts)),
        f"Thời hạn: {deadline(facts)}; văn bản, kết quả gửi về {_send_to(facts, agency)}.",
        contact_line(facts),
        f"{agency} đề nghị Quý cơ quan, đơn vị quan tâm, phối hợp thực hiện./.",
    ]


def _to_trinh(fields: DraftFields, facts: BriefFacts, agency: str) -> list[str]:
    superior = addressees(fields) or "[cấp có thẩm quyền]"
    return [
        "I. SỰ CẦN THIẾT",
        f"{REASON_SLOT}, {agency} kính trình {superior} xem xét, quyết định.",
        "II. NỘI DUNG ĐỀ NGHỊ",
        f"{agency} kính đề nghị {request_rest(facts, agency)}, cụ thể:",
        *_bullets(_items(facts)),
        "III. TỔ CHỨC THỰC HIỆN",
        f"Thời hạn: {deadline(facts)}.",
        contact_line(facts),
        f"{agency} kính trình {superior} xem xét, quyết định./.",
    ]


def _bao_cao(fields: DraftFields, facts: BriefFacts, agency: str) -> list[str]:
    items = [sentence_case_runs(item) for item in facts.items]
    problems = [i for i in items if _PROBLEM_RE.search(i) and not _PROPOSAL_RE.match(i)]
    proposals = [i for i in items if _PROPOSAL_RE.search(i) and i not in problems]
    results = [i for i in items if i not in problems and i not in proposals]
    return [
        f"{REASON_SLOT}, {agency} báo cáo {request_rest(facts, agency)} như sau:",
        "I. TÌNH HÌNH, KẾT QUẢ THỰC HIỆN",
        *_bullets(results or ["[kết quả đạt được, số liệu cụ thể]"]),
        "II. TỒN TẠI, HẠN CHẾ",
        *_bullets(problems or ["[tồn tại, hạn chế và nguyên nhân]"]),
        "III. PHƯƠNG HƯỚNG, KIẾN NGHỊ",
        *_bullets(proposals or ["[phương hướng, kiến nghị]"]),
        f"Thời hạn: {deadline(facts)}.",
        contact_line(facts),
        f"Trên đây là báo cáo của {agency}./.",
    ]


def _ke_hoach(fields: DraftFields, facts: BriefFacts, agency: str) -> list[str]:
    rest = request_rest(facts, agency)
    items = facts.items or [rest]
    return [
        "I. MỤC ĐÍCH, YÊU CẦU",
        f"1. Mục đích: {REASON_SLOT}.",
        "2. Yêu cầu: triển khai đúng nội dung, tiến độ; phân công rõ trách nhiệm của từng "
        "đơn vị, cá nhân.",
        "II. NỘI DUNG, NHIỆM VỤ",
        *_bullets([sentence_case_runs(item) for item in items]),
        "III. TỔ CHỨC THỰC HIỆN",
        f"1. Thời gian thực hiện: {deadline(facts)}.",
        f"2. {agency} chủ trì, theo dõi, đôn đốc; các đơn vị liên quan phối hợp thực hiện.",
        f"3. {contact_line(facts)}",
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị phản ánh về "
        f"{agency} để được hướng dẫn./.",
    ]
