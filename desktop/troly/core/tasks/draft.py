"""Drafting the body of an administrative document with the model (local or the agency's).

The model writes only the body, from the user's brief; every other element (agency, number,
date, title, recipients, signature) comes from the fields and is laid out by the ND30 writer.
The prompt lives in resources/prompts/draft_vi.txt so reviewers can read and tune it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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

PROMPT_FILE = ("prompts", "draft_vi.txt")
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
    """The chat that asks the model for the body of a document of this type."""
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
    """Generate the whole body, calling on_piece with each piece; the text is tidied."""
    stream = stream_body(engine, doc_type, fields, brief, params, cancel, sources)
    pieces: list[str] = []
    for piece in stream:
        pieces.append(piece)
        if on_piece is not None:
            on_piece(piece)
    return DraftResult(tidy_body("".join(pieces)), stream.stats)


def tidy_body(text: str) -> str:
    """One paragraph per line, without Markdown or the elements the writer adds itself."""
    lines = [clean_line(line) for line in text.replace("\r", "").split("\n")]
    skip = ("kính gửi", "nơi nhận", "cộng hòa xã hội", "độc lập - tự do")
    kept = [line for line in lines if line and not line.lower().startswith(skip)]
    return "\n".join(kept)
