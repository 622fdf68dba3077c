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
class OutlineItem:
    """One heading of a document's own structure (Phần, Chương, Mục, Điều), found by code."""

    level: int  # 0: the top part (Phần or Chương, else the section), deeper levels below it
    text: str  # "Chương II. Tuyển dụng viên chức", "Điều 7. Vị trí việc làm"
    file: str
    page: int
    part: str  # the key of the top part it belongs to (see outline.parts)
    tag: str  # the section that holds it

    def as_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "text": self.text,
            "file": self.file,
            "page": self.page,
            "part": self.part,
            "tag": self.tag,
        }


@dataclass(frozen=True)
class Progress:
    """What the progress callback receives: calls done of the expected total, time left.

    The first report (stage "map", nothing done) carries the outline, before any model call;
    each report after a section carries that section's checked points, to show as they come."""

    stage: Literal["read", "map", "merge", "final", "done"]
    done: int
    total: int
    sections_done: int
    sections_total: int
    seconds_left: float | None  # None until one model call has been timed
    cached: int = 0
    outline: tuple[OutlineItem, ...] = ()
    tag: str = ""  # the section just summarized
    points: tuple[Point, ...] = ()  # its points, citations checked


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
    # Seconds of model work behind this summary, the earlier runs' cached calls included
    # (stored with each cache entry), and this run's share of it.
    work_seconds: float = 0.0
    run_work_seconds: float = 0.0
    prefill_seconds: float = 0.0  # of this run: reading prompts
    decode_seconds: float = 0.0  # of this run: writing
    # The citation check of the points (points.check_citations).
    citations_kept: int = 0
    citations_repointed: int = 0
    citations_dropped: int = 0
    points_dropped: int = 0  # fragments and points cut mid-phrase
    fallback_points: int = 0  # parts the model said nothing usable about: an extract

    def as_json(self) -> dict[str, Any]:
        return {
            "model_calls": self.model_calls,
            "cached_calls": self.cached_calls,
            "prompt_tokens": self.prompt_tokens,
            "generated_tokens": self.generated_tokens,
            "input_tokens": self.input_tokens,
            "max_prompt_tokens": self.max_prompt_tokens,
            "merge_rounds": self.merge_rounds,
            "work_seconds": round(self.work_seconds, 3),
            "run_work_seconds": round(self.run_work_seconds, 3),
            "prefill_seconds": round(self.prefill_seconds, 3),
            "decode_seconds": round(self.decode_seconds, 3),
            "citations_kept": self.citations_kept,
            "citations_repointed": self.citations_repointed,
            "citations_dropped": self.citations_dropped,
            "points_dropped": self.points_dropped,
            "fallback_points": self.fallback_points,
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
    outline: list[OutlineItem] = field(default_factory=list)

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
            "outline": [item.as_json() for item in self.outline],
            "stats": self.stats.as_json(),
            "timings": {k: round(v, 3) for k, v in self.stats.timings.items()},
            "engine": self.engine,
        }
