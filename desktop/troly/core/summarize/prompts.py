"""The summarizing prompts, read from resources/prompts/summarize_*.txt so reviewers can tune
them; their content hash is the prompt version that keys the cache."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from pathlib import Path

from troly.core.resources import resource_path
from troly.core.summarize.model import Partial, Section, SourceRef

_FILES = ("summarize_map.txt", "summarize_merge.txt", "summarize_final.txt", "summarize_styles.txt")


@functools.cache
def _templates() -> dict[str, str]:
    return {name: resource_path("prompts", name).read_text(encoding="utf-8") for name in _FILES}


@functools.cache
def prompt_version() -> str:
    """A short hash of every summarizing prompt: a new wording invalidates cached summaries."""
    digest = hashlib.sha256()
    for name, text in sorted(_templates().items()):
        digest.update(name.encode() + b"\0" + text.encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]


@functools.cache
def style_instructions() -> dict[str, str]:
    result: dict[str, str] = {}
    for line in _templates()["summarize_styles.txt"].splitlines():
        if line.strip() and not line.startswith("#") and "\t" in line:
            key, text = line.split("\t", 1)
            result[key.strip()] = text.strip()
    return result


def instruction(style: str, stage: str) -> str:
    return style_instructions()[f"{style}.{stage}"]


def section_source(section: Section) -> str:
    pages = f"trang {section.page}" + (
        f"-{section.page_end}" if section.page_end > section.page else ""
    )
    return f"{Path(section.file).name}, {pages}, {'; '.join(section.headings)}"


def map_prompt(section: Section, style: str, text: str) -> str:
    return _templates()["summarize_map.txt"].format(
        yeu_cau=instruction(style, "map"),
        ma=section.tag,
        nguon=section_source(section),
        van_ban=text,
    )


def tags_label(tags: Sequence[str]) -> str:
    return "".join(f"[{t}]" for t in tags)


def partial_block(partial: Partial, text: str | None = None) -> str:
    """One input of a merge: its source tags, then its text."""
    return f"Phần {tags_label(partial.tags)}:\n{(text if text is not None else partial.text)}"


def documents_label(files: Sequence[str]) -> str:
    names = sorted({Path(f).name for f in files})
    if len(names) == 1:
        return f"văn bản “{names[0]}”"
    return f"{len(names)} văn bản ({', '.join(names)}); tổng hợp chung, nêu rõ văn bản nào"


def merge_prompt(blocks: Sequence[str], files: Sequence[str]) -> str:
    return _templates()["summarize_merge.txt"].format(
        tai_lieu=documents_label(files), cac_phan="\n\n".join(blocks)
    )


def final_prompt(blocks: Sequence[str], files: Sequence[str], style: str) -> str:
    return _templates()["summarize_final.txt"].format(
        tai_lieu=documents_label(files),
        cac_phan="\n\n".join(blocks),
        yeu_cau=instruction(style, "final"),
    )


def source_line(ref: SourceRef) -> str:
    return ref.label()
