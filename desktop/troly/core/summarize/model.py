"""The values summarizing trades in: sections, partial summaries, points and their sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Style = Literal["short", "bullets", "chapters", "brief"]
STYLES: tuple[Style, ...] = ("short", "bullets", "chapters", "brief")
STYLE_NAMES_VI: dict[str, str] = {
    "short": "Tóm tắt ngắn (5-7 câu)",
    "bullets": "Các ý chính",
    "chapters": "Tóm tắt theo chương, điều",
    "brief": "Tóm tắt để báo cáo lãnh đạo",
}


@dataclass(frozen=True)
class Passage:
    """One chunk of a section: where it is and what it says (before any extraction)."""

    page: int
    page_end: int
    heading: str
    text: str


@dataclass(frozen=True)
class Section:
    """Consecutive passages of one file that one partial summary covers."""

    tag: str  # "S1", "S2", ... across all files of the run
    file: str  # absolute path
    doc_hash: str
    passages: tuple[Passage, ...]
    text: str  # what the model reads (extracted when the pre-pass is on)
    pages_estimated: bool = False

    @property
    def page(self) -> int:
        return self.passages[0].page

    @property
    def page_end(self) -> int:
        return max(p.page_end for p in self.passages)

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.heading for p in self.passages))

    @property
    def group(self) -> str:
        """The chapter (or file) the section belongs to, for the by-chapter style."""
        first = self.headings[0]
        top = first.split(" > ")[0]
        if top.split(" ")[0].lower() in ("chương", "phần", "mục"):
            return f"{Path(self.file).name} > {top}"
        return Path(self.file).name


@dataclass(frozen=True)
class SourceRef:
    """Where a point came from: a file, a page (and the section's page span), headings."""

    file: str
    page: int
    page_end: int
    headings: tuple[str, ...]
    tag: str
    passage: str = ""  # a few lines of the page, to show beside the page viewer
    pages_estimated: bool = False

    def pages_label(self) -> str:
        approx = "~" if self.pages_estimated else ""
        if self.page_end > self.page:
            return f"tr. {approx}{self.page}–{self.page_end}"
        return f"tr. {approx}{self.page}"

    def label(self) -> str:
        heading = self.headings[0] if self.headings else ""
        parts = [Path(self.file).name, self.pages_label()]
        if heading and heading != Path(self.file).stem:
            parts.append(heading)
        return ", ".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {
            "tag": self.tag,
            "file": self.file,
            "page": self.page,
            "page_end": self.page_end,
            "pages_estimated": self.pages_estimated,
            "headings": list(self.headings),
        }


@dataclass(frozen=True)
class Partial:
    """A summary of one or more sections; `tags` name every section it was built from."""

    text: str
    tags: tuple[str, ...]
    level: int = 0  # 0: a section's own summary; n: built in merge round n
    cached: bool = False
    fallback: bool = False  # the model wrote nothing usable: the section's lead sentences


@dataclass(frozen=True)
class Point:
    text: str
    sources: tuple[SourceRef, ...]
    title: str = ""  # the chapter's name in the by-chapter style

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "title": self.title,
            "sources": [s.as_json() for s in self.sources],
        }


@dataclass(frozen=True)
class FigureValue:
    file: str
    page: int
    value: str
    context: str


@dataclass(frozen=True)
class Disagreement:
    """One figure that the files give differently, each file's value side by side."""

    label: str
    values: tuple[FigureValue, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "values": [
                {"file": v.file, "page": v.page, "value": v.value, "context": v.context}
                for v in self.values
            ],
        }


@dataclass(frozen=True)
class Deadline:
    text: str
    date: str
    file: str
    page: int

    def as_json(self) -> dict[str, Any]:
        return {"date": self.date, "text": self.text, "file": self.file, "page": self.page}


@dataclass(frozen=True)
class Progress:
    """What the progress callback receives: calls done of the expected total, time left."""

    stage: Literal["read", "map", "merge", "final", "done"]
    done: int
    total: int
    sections_done: int
    sections_total: int
    seconds_left: float | None  # None until one model call has been timed
    cached: int = 0


@dataclass
class Stats:
    model_calls: int = 0
    cached_calls: int = 0
    prompt_tokens: int = 0  # tokens the model read
    generated_tokens: int = 0
    input_tokens: int = 0  # tokens of the documents' text, before any extraction
    max_prompt_tokens: int = 0  # largest prompt + reply room of the run
    merge_rounds: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "model_calls": self.model_calls,
            "cached_calls": self.cached_calls,
            "prompt_tokens": self.prompt_tokens,
            "generated_tokens": self.generated_tokens,
            "input_tokens": self.input_tokens,
            "max_prompt_tokens": self.max_prompt_tokens,
            "merge_rounds": self.merge_rounds,
        }


@dataclass
class Summary:
    style: Style
    files: list[str]
    pages: dict[str, int]
    sections: list[Section]
    partials: list[Partial]  # level-0 partials, one per section, in order
    points: list[Point]
    disagreements: list[Disagreement]
    deadlines: list[Deadline]
    stats: Stats
    raw_text: str = ""  # the model's final text, as written
    # The engine that wrote the final text ({"kind", "endpoint", "model"}; see EngineInfo)
    engine: dict[str, Any] | None = None

    @property
    def text(self) -> str:
        """The summary as plain text: one point per line (bullets unless the short style)."""
        if self.style == "short":
            return " ".join(p.text for p in self.points)
        lines = []
        for point in self.points:
            lines.append(f"- {point.title}: {point.text}" if point.title else f"- {point.text}")
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        return {
            "style": self.style,
            "files": self.files,
            "pages": self.pages,
            "summary": self.text,
            "points": [p.as_json() for p in self.points],
            "disagreements": [d.as_json() for d in self.disagreements],
            "deadlines": [d.as_json() for d in self.deadlines],
            "sections": [
                {
                    "tag": s.tag,
                    "file": s.file,
                    "page": s.page,
                    "page_end": s.page_end,
                    "headings": list(s.headings),
                }
                for s in self.sections
            ],
            "stats": self.stats.as_json(),
            "timings": {k: round(v, 3) for k, v in self.stats.timings.items()},
            "engine": self.engine,
        }
