"""Summaries and drafts with the real model, checked by rules anyone can read:

- a summary is faithful when every number and date it states appears in its source, and it
  covers a section when one of that section's key terms (its most frequent content syllables)
  appears in it;
- a draft has no placeholders ("[...]", "Ngày tháng năm", "……", "xxx"), no English, and the
  agency's voice: no first person singular, no chat-style opening or closing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from troly.core.engine.base import Engine
from troly.core.index.terms import syllables
from troly.core.resources import resource_path
from troly.core.tasks.grounding import numbers_in
from troly.core.text import fold
from troly.core.words import stop_mask

SUMMARY_SAMPLES = ("bao-cao-87-ket-qua-quy-3.pdf", "ke-hoach-52-chuyen-doi-so-2026.docx")
PLACEHOLDER = re.compile(
    r"\[\s*(?:\.\.\.|…|[^\]\n]{0,40})\s*\]|ngày\s*(?:\.+\s*)?tháng\s*(?:\.+\s*)?năm\b|"
    r"\.{4,}|…{2,}|\bx{3,}\b|_{3,}",
    re.I,
)
# English words that are no Vietnamese syllable (so "to", "do", "ban" are not counted).
ENGLISH = re.compile(
    r"\b(the|and|of|is|are|with|for|this|that|which|will|shall|please|dear|regards|"
    r"sincerely|report|meeting|training|department|office|here|below|following|we|our)\b",
    re.I,
)
FIRST_PERSON = re.compile(r"(?<!chúng )\b(tôi|mình|em|tớ)\b", re.I)
CHATTY = re.compile(
    r"^(dưới đây|sau đây là|chắc chắn|vâng|xin chào|tôi xin|hy vọng|hi vọng)|"
    r"(hy vọng|hi vọng) (thông tin|văn bản) này",
    re.I | re.M,
)

DRAFT_FIELDS = {
    "co_quan_chu_quan": "UBND TỈNH BẮC NINH",
    "co_quan": "Sở Thông tin và Truyền thông",
    "so": "12",
    "ky_hieu": "STTTT-VP",
    "dia_danh": "Bắc Ninh",
    "ngay": "2026-01-05",
    "trich_yeu": "cử cán bộ tham dự tập huấn kỹ năng số",
    "kinh_gui": "Sở Nội vụ",
    "noi_nhan": "Văn phòng UBND tỉnh",
    "chuc_vu": "Giám đốc",
    "nguoi_ky": "Nguyễn Văn An",
}
DRAFT_BRIEFS = (
    "Đề nghị Sở Nội vụ cử 02 cán bộ tham dự lớp tập huấn kỹ năng số từ ngày 15/01/2026 đến "
    "ngày 17/01/2026 tại Hội trường Sở Thông tin và Truyền thông; danh sách gửi trước ngày "
    "10/01/2026.",
    "Đề nghị các phòng chuyên môn báo cáo kết quả chuyển đổi số quý IV năm 2025 trước ngày "
    "20/01/2026.",
)


def _bigrams(text: str) -> list[str]:
    spoken = syllables(text)
    stop = stop_mask(spoken, accented=True)
    units = [fold(s) for s in spoken]
    return [
        f"{a}_{b}"
        for (a, b), (sa, sb) in zip(pairwise(units), pairwise(stop), strict=True)
        if not sa and not sb and not (a + b).isdigit()
    ]


def key_terms(text: str, k: int = 3) -> set[str]:
    """A section's most frequent content words: two-syllable terms ("hồ sơ", "kinh phí"),
    folded, that hold no function word."""
    return {t for t, _ in Counter(_bigrams(text)).most_common(k)}


_ROMAN = re.compile(r"^\s*[IVX]{1,4}\.\s+\S", re.M)
_ARABIC = re.compile(r"^\s*\d{1,2}\.\s+\S", re.M)


def document_sections(text: str) -> list[str]:
    """The document's own parts: at its roman-numbered headings (I., II.), else at its
    numbered ones (1., 2.), else the whole text."""
    for pattern in (_ROMAN, _ARABIC):
        starts = [m.start() for m in pattern.finditer(text)]
        if len(starts) >= 2:
            return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    return [text]


def summary_figures(summary_text: str, source_text: str, sections: Sequence[str]) -> dict:
    stated = numbers_in(summary_text)
    in_source = numbers_in(source_text)
    unfaithful = sorted(stated - in_source)
    summary_terms = set(_bigrams(summary_text))
    covered = [bool(key_terms(s) & summary_terms) for s in sections if s.strip()]
    return {
        "numbers": len(stated),
        "unfaithful_numbers": unfaithful,
        "faithful": not unfaithful,
        "sections": len(covered),
        "section_coverage": sum(covered) / len(covered) if covered else None,
    }


def draft_figures(body: str) -> dict[str, Any]:
    return {
        "placeholders": PLACEHOLDER.findall(body),
        "english": ENGLISH.findall(body),
        "first_person": FIRST_PERSON.findall(body),
        "chatty": [m.group(0) for m in CHATTY.finditer(body)],
        "paragraphs": len([p for p in body.split("\n") if p.strip()]),
    }


def run_summaries(engine: Engine) -> list[dict[str, Any]]:
    from troly.core.documents import read_document
    from troly.core.summarize.pipeline import summarize

    rows = []
    for name in SUMMARY_SAMPLES:
        path = resource_path("samples", name)
        document = read_document(path)
        summary = summarize(engine, [document], style="bullets")  # type: ignore[arg-type]
        source = "\n".join(p.text for p in document.pages)
        figures = summary_figures(summary.text, source, document_sections(source))
        figures.update(file=name, summary=summary.text)
        rows.append(figures)
    return rows


def run_drafts(engine: Engine) -> list[dict[str, Any]]:
    from troly.core.nd30 import DraftFields, get_type
    from troly.core.tasks.draft import draft_body, draft_params

    rows = []
    doc_type = get_type("cong-van")
    fields = DraftFields.from_mapping(DRAFT_FIELDS)
    for brief in DRAFT_BRIEFS:
        result = draft_body(engine, doc_type, fields, brief, draft_params(400))
        figures = draft_figures(result.body)
        figures.update(brief=brief, body=result.body)
        rows.append(figures)
    return rows


def run(engine: Engine, work: Path) -> dict[str, Any]:
    return {"summaries": run_summaries(engine), "drafts": run_drafts(engine)}


def table(figures: dict[str, Any]) -> str:
    lines = ["## Summaries and drafts", "", "| document | check | result |", "|---|---|---|"]
    for row in figures["summaries"]:
        bad = ", ".join(row["unfaithful_numbers"]) or "none"
        kept = row["numbers"] - len(row["unfaithful_numbers"])
        lines.append(
            f"| {row['file']} | numbers found in the source | {kept}/{row['numbers']} "
            f"(not in the source: {bad}) |"
        )
        coverage = row["section_coverage"]
        shown = f"{coverage:.2f}" if coverage is not None else "—"
        lines.append(
            f"| {row['file']} | sections' key terms covered | {shown} of {row['sections']} |"
        )
    for i, row in enumerate(figures["drafts"], 1):
        problems = [
            f"{k}: {', '.join(map(str, row[k]))}"
            for k in ("placeholders", "english", "first_person", "chatty")
            if row[k]
        ]
        verdict = "; ".join(problems) or "clean"
        lines.append(f"| draft {i} (công văn) | placeholders, English, voice | {verdict} |")
    return "\n".join(lines)
