"""Drafting the body of an administrative document with the model (local or the agency's).

Every element other than the body (agency, number, date, title, recipients, signature) comes
from the fields and is laid out by the ND30 writer. A công văn, tờ trình, báo cáo or kế hoạch
gets the body its type has from code (draft_skeleton: reason, content, deadline, contact, with
a field for each fact the brief lacks); the model writes only the reason phrase, kept when it
passes `accept_reason` (a 1.5B model asked for the whole body restated the brief in one
sentence, issue 24). The other types are written by the model whole, from
resources/prompts/draft_vi.txt. The prompts live in resources/prompts so reviewers can tune them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from troly.core.engine.base import (
    ChatMessage,
    Engine,
    GenerationParams,
    GenerationStats,
    TokenStream,
)
from troly.core.nd30.body import clean_line
from troly.core.nd30.fields import DraftFields
from troly.core.nd30.types import DocType
from troly.core.resources import resource_path
from troly.core.tasks.draft_facts import (
    FIELD_RE,
    read_brief,
    scrub,
    sentence_case_runs,
    words_known,
)
from troly.core.tasks.draft_skeleton import (
    SKELETON_TYPES,
    agency_name,
    build_skeleton,
)

PROMPT_FILE = ("prompts", "draft_vi.txt")
REASON_PROMPT_FILE = ("prompts", "draft_reason_vi.txt")
# The reason is a phrase of 8-25 words: this many tokens hold it with room to spare.
REASON_TOKENS = 64
# A source document quoted into the prompt ("trả lời văn bản số ...") is cut to this length so
# the brief and the answer keep their room in a small context.
MAX_SOURCE_CHARS = 3000
# Drafting is greedy, as summarizing is: the same brief gives the same body, and the 1.5B
# model's sampled words strayed (at temperature 0.7 it signed off "Cordialy," and left a
# "[Chúng tôi]" to fill). The penalty keeps greedy decoding out of a loop: without it, one
# draft was "TÔI CÔNG VÀO TÔI ĐƯA ĐƯA VÀO" fifteen times (issue 12).
REPEAT_PENALTY = 1.15


def draft_params(max_tokens: int) -> GenerationParams:
    """How the body is generated, whatever the chat's sampling settings."""
    return GenerationParams.greedy(max_tokens, REPEAT_PENALTY)


def load_prompt() -> str:
    """The prompt template, with {co_quan}, {loai}, {trich_yeu}, {kinh_gui}, {can_cu},
    {brief}, {tai_lieu} and {huong_dan} placeholders."""
    return resource_path(*PROMPT_FILE).read_text(encoding="utf-8")


def source_texts(paths: Sequence[str | Path]) -> list[str]:
    """The text of documents the draft answers or cites, each headed by its file name, read
    with the same readers as indexing (OCR included). Raises DocumentError for a bad file."""
    from troly.core.documents import read_document

    texts = []
    for path in paths:
        document = read_document(Path(path))
        texts.append(f"[{Path(path).name}]\n{document.text}")
    return texts


def build_messages(
    doc_type: DocType,
    fields: DraftFields,
    brief: str,
    sources: Sequence[str] = (),
    system: Sequence[ChatMessage] = (),
) -> list[ChatMessage]:
    """The chat that asks the model for the whole body of a document of this type (the
    types the code lays out, SKELETON_TYPES, ask only for the reason: reason_messages)."""
    fields = fields.for_type(doc_type)
    addressees = "; ".join(fields.kinh_gui)
    grounds = "; ".join(item.strip().rstrip(";.") for item in fields.can_cu if item.strip())
    quoted = ""
    if sources:
        text = "\n\n".join(source.strip() for source in sources)[:MAX_SOURCE_CHARS]
        quoted = f"\nVăn bản liên quan (trích dẫn đúng số, ký hiệu khi viện dẫn):\n{text}\n"
    # The agency as it is written in a sentence ("Sở Thông tin và Truyền thông"), not in the
    # header's capitals: the body speaks in its name.
    agency = " ".join(fields.co_quan.split()) or "cơ quan"
    prompt = load_prompt().format(
        co_quan=agency,
        loai=doc_type.name.lower(),
        trich_yeu=fields.subject(doc_type) or brief.strip()[:120],
        kinh_gui=f"Văn bản gửi: {addressees}.\n" if addressees else "",
        # The writer prints the grounds before the body: the model builds on them, not repeats.
        can_cu=f"Căn cứ đã có ở đầu văn bản (không viết lại): {grounds}.\n" if grounds else "",
        brief=brief.strip(),
        tai_lieu=quoted,
        huong_dan=(doc_type.guidance or "Viết nội dung đầy đủ, rõ ràng.").replace(
            "{co_quan}", agency
        ),
    )
    return [*system, ChatMessage("user", prompt)]


def _quoted(sources: Sequence[str]) -> str:
    if not sources:
        return ""
    text = "\n\n".join(source.strip() for source in sources)[:MAX_SOURCE_CHARS]
    return f"\nVăn bản liên quan:\n{text}\n"


def reason_messages(
    doc_type: DocType, fields: DraftFields, brief: str, sources: Sequence[str] = ()
) -> list[ChatMessage]:
    """The chat that asks the model for the reason phrase of a body the code lays out."""
    template = resource_path(*REASON_PROMPT_FILE).read_text(encoding="utf-8")
    prompt = template.format(
        co_quan=agency_name(fields),
        loai=doc_type.name.lower(),
        trich_yeu=fields.subject(doc_type) or brief.strip()[:120],
        brief=brief.strip() + _quoted(sources),
    )
    return [ChatMessage("user", prompt)]


def given_texts(fields: DraftFields, brief: str, sources: Sequence[str] = ()) -> list[str]:
    """What a body may state: the brief, the form's fields and the related documents."""
    values = fields.to_mapping()
    keys = ("co_quan_chu_quan", "co_quan", "trich_yeu", "can_cu", "kinh_gui", "noi_nhan")
    return [brief, *(values[key] for key in keys), *sources]


_REASON_START_RE = re.compile(
    # Not "Căn cứ": the format checker takes a body line starting so for the grounds block.
    r"^(?:nhằm|để|thực hiện|theo|triển khai|do|bảo đảm|đảm bảo)\b",
    re.IGNORECASE,
)
# The words of a reason that need no source: the usual words of an official's reason phrase.
_USUAL_TEXT = (
    "nhằm để thực hiện căn cứ theo triển khai do bảo đảm tăng cường nâng cao hiệu quả chất "
    "lượng công tác kịp thời đúng quy định tiến độ phục vụ yêu cầu nhiệm vụ của và các cho "
    "trong việc được có là tốt hơn chỉ đạo kế hoạch văn bản năm nay tới này đó"
)
_USUAL_WORDS = frozenset(_USUAL_TEXT.split())


def accept_reason(text: str, given: Sequence[str]) -> str | None:
    """The model's reason phrase tidied, or None when it fails a check: it must start as a
    reason does ("Nhằm", "Thực hiện" …), be 4 to 30 words, be mostly the brief's own words,
    and hold at most one name, date or figure the brief lacks (replaced by a field)."""
    lines = [clean_line(line) for line in text.replace("\r", "").split("\n")]
    first = next((line for line in lines if line), "").strip(" \"'“”‘’")
    phrase = re.split(r"[.;!?](?=\s|$)", first)[0]  # not inside "1.250"
    # The phrase stops where a sentence of its own begins: ", Sở … đề nghị", ", chúng tôi đã",
    # ", UBND xã … đã tiếp": the code writes the agency's sentence itself.
    phrase = re.sub(r",[^,]*\b(?:đề nghị|báo cáo|kính trình)\b.*$", "", phrase)
    phrase = re.split(r",\s*(?=[A-ZÀ-Ỹ]|chúng tôi\b|đơn vị\b|cơ quan\b)", phrase)[0]
    phrase = sentence_case_runs(phrase.strip(" ,"))
    words = phrase.split()
    if not _REASON_START_RE.match(phrase) or not 4 <= len(words) <= 30:
        return None
    if re.search(r"\b(?:chúng tôi|tôi|chúng ta)\b", phrase, re.IGNORECASE):
        return None  # not the agency's voice
    if not any(ord(c) > 127 for c in phrase):
        return None
    phrase, replaced = scrub(phrase, *given)
    known = words_known(FIELD_RE.sub(" ", phrase), given, _USUAL_WORDS)
    return phrase if replaced <= 1 and known >= 0.6 else None


def stream_body(
    engine: Engine,
    doc_type: DocType,
    fields: DraftFields,
    brief: str,
    params: GenerationParams,
    cancel: threading.Event | None = None,
    sources: Sequence[str] = (),
) -> TokenStream:
    """The body as it is generated: iterate for text pieces; `.stats` once it ends.

    The engine fits the prompt into its context and stops at params.max_tokens or when
    `cancel` is set.
    """
    messages = build_messages(doc_type, fields, brief, sources)
    return engine.stream_chat(messages, params, cancel)


@dataclass
class DraftResult:
    """A finished body and how generation went."""

    body: str
    stats: GenerationStats
    missing: list[str] = field(default_factory=list)  # the fields left for the user to fill
    model_part: bool = False  # the model's reason phrase passed the checks and is in the body


def missing_facts(body: str) -> list[str]:
    """The fields still in a body ("[thời hạn]" …), once each, in order: what the user fills."""
    return list(dict.fromkeys(FIELD_RE.findall(body)))


def draft_body(
    engine: Engine,
    doc_type: DocType,
    fields: DraftFields,
    brief: str,
    params: GenerationParams,
    cancel: threading.Event | None = None,
    on_piece: Callable[[str], None] | None = None,
    sources: Sequence[str] = (),
) -> DraftResult:
    """Generate the whole body, calling on_piece with each piece the model writes.

    For SKELETON_TYPES the body is the type's skeleton with the model's reason phrase when it
    passes accept_reason (else the brief's own reason or a field); after a Stop, too, the body
    is whole. Other types: the model's text, tidied. Either way an all-capital name is put in
    sentence case, and `missing` lists the fields left to fill."""
    if doc_type.slug in SKELETON_TYPES:
        return _skeleton_body(engine, doc_type, fields, brief, params, cancel, on_piece, sources)
    stream = stream_body(engine, doc_type, fields, brief, params, cancel, sources)
    text = tidy_body(sentence_case_runs(_collect(stream, on_piece)))
    return DraftResult(text, stream.stats, missing_facts(text))


def _collect(stream: TokenStream, on_piece: Callable[[str], None] | None) -> str:
    pieces: list[str] = []
    for piece in stream:
        pieces.append(piece)
        if on_piece is not None:
            on_piece(piece)
    return "".join(pieces)


def _skeleton_body(
    engine: Engine,
    doc_type: DocType,
    fields: DraftFields,
    brief: str,
    params: GenerationParams,
    cancel: threading.Event | None,
    on_piece: Callable[[str], None] | None,
    sources: Sequence[str],
) -> DraftResult:
    fields = fields.for_type(doc_type)
    skeleton = build_skeleton(doc_type, fields, read_brief(brief))
    reason_params = GenerationParams.greedy(min(params.max_tokens, REASON_TOKENS), REPEAT_PENALTY)
    messages = reason_messages(doc_type, fields, brief, sources)
    stream = engine.stream_chat(messages, reason_params, cancel)
    written = _collect(stream, on_piece)
    stopped = stream.stats.finish_reason == "cancelled"
    reason = None if stopped else accept_reason(written, given_texts(fields, brief, sources))
    body = skeleton.fill(reason or skeleton.reason_fallback)
    return DraftResult(body, stream.stats, missing_facts(body), reason is not None)


def tidy_body(text: str) -> str:
    """One paragraph per line, without Markdown or the elements the writer adds itself."""
    lines = [clean_line(line) for line in text.replace("\r", "").split("\n")]
    skip = ("kính gửi", "nơi nhận", "cộng hòa xã hội", "độc lập - tự do")
    kept = [line for line in lines if line and not line.lower().startswith(skip)]
    return "\n".join(kept)
