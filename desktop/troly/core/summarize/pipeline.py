"""Map-reduce summarizing that never overflows the context window.

1. Split every document into sections that fit a partial-summary prompt (sections.py).
2. Map: one partial summary per section, tagged [S1], [S2] ... and cached.
3. Reduce: pack partial summaries into merge prompts that fit, merge, and repeat until they all
   fit one final prompt; the style's final prompt writes the summary.
4. Every point of the summary names its sections: the tags the model kept, else (a small model
   drops them) the section whose partial summary shares the most words with the point. Sources
   are tracked structurally, so they survive whatever the model writes.

Each prompt is measured with the model's tokenizer before it is sent, and shortened if needed,
so prompt + reply never exceeds n_ctx. The stop flag is checked between calls and per token.

Before any model call, the outline (outline.py) goes out with the first progress report; each
section's own points follow as it is summarized. The final points are made whole, their
citations checked against every passage, and each part left out is covered (points.py). The
time left is priced per prompt and per generated token as measured in this run (rates.py), and
each cached reply keeps the seconds it took, so a resumed summary counts its whole work.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from troly.core import audit
from troly.core.documents import read_document
from troly.core.documents.model import Document
from troly.core.engine.base import ChatMessage, Engine, EngineInfo, GenerationParams
from troly.core.errors import GenerationCancelled
from troly.core.index.terms import syllables
from troly.core.summarize import figures as figures_mod
from troly.core.summarize import points as checks
from troly.core.summarize import prompts
from troly.core.summarize.cache import Cache, cache_key
from troly.core.summarize.extract import sentences
from troly.core.summarize.model import (
    OutlineItem,
    Partial,
    Passage,
    Point,
    Progress,
    Section,
    SourceRef,
    Stats,
    Style,
    Summary,
)
from troly.core.summarize.outline import Part, build_outline, parts, passage_parts
from troly.core.summarize.rates import Rates
from troly.core.summarize.sections import fit_text, split_sections
from troly.core.text import fold

log = logging.getLogger(__name__)

ProgressCallback = Callable[[Progress], None]
_TAG_GROUP = re.compile(r"\[([^\]\n]{0,40})\]")
_TAG = re.compile(r"S\s?(\d+)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•+–]|\d{1,2}[.)]|[a-zđ][.)])\s*")
_MAX_POINTS = {"short": 7, "bullets": 12, "chapters": 40, "brief": 8}
MARGIN = 8  # tokens of slack under n_ctx: templates add a token or two at the seams


class SummaryCancelled(GenerationCancelled):
    """The user pressed Stop; finished partial summaries are in the cache for the next run."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__(f"cancelled after {done} of {total} steps")
        self.done = done
        self.total = total


@dataclass(frozen=True)
class Options:
    style: Style = "bullets"
    partial_tokens: int = 160  # the most a partial (or intermediate merged) summary may take
    final_tokens: int = 384
    extractive: bool = False  # see the benchmark: off unless the measurements say otherwise
    extract_ratio: float = 0.5
    repeat_penalty: float = 1.15
    ocr: bool = True

    def settings_key(self, n_ctx: int) -> dict[str, Any]:
        return {
            "n_ctx": n_ctx,
            "partial_tokens": self.partial_tokens,
            "final_tokens": self.final_tokens,
            "extractive": self.extractive,
            "ratio": self.extract_ratio if self.extractive else 0,
            "repeat_penalty": self.repeat_penalty,
        }


def _terms(text: str) -> set[str]:
    return {fold(s) for s in syllables(text) if len(s) > 1}


def clean_output(text: str, instructions: str = "") -> str:
    """The model's text without echoes of the prompt's instructions and without the loops small
    models fall into (the same line over and over)."""
    lines: list[str] = []
    seen: set[str] = set()
    echo = fold(instructions.lower())
    for raw in text.replace("\r", "").split("\n"):
        line = raw.strip()
        if line.lower() in ("user", "model", "assistant") or (
            len(line) > 8 and fold(line.lower()) in echo
        ):
            continue
        if line.startswith(("---", "Nguồn [", "Tóm tắt [", "Phần [", "Bản gộp", "Bản tóm tắt")):
            if lines:
                break
            continue
        key = fold(line.lower())
        if line and key in seen:
            continue
        seen.add(key)
        lines.append(line)
    return "\n".join(lines).strip()


def _usable(text: str) -> bool:
    return len(_TAG_GROUP.sub(" ", text).split()) >= 3


def _lead(section: Section, budget: int, count: Callable[[str], int]) -> str:
    """The section's opening sentences: what stands in when the model wrote nothing."""
    lead = " ".join(sentences(section.text)[:3])
    return fit_text(lead, budget, count)


def parse_points(text: str, style: str) -> list[tuple[str, list[str]]]:
    """(point text without tags, tags it names) for each line, or each sentence (short)."""
    units: list[str] = []
    for raw in text.splitlines():
        line = _BULLET.sub("", raw).strip()
        if not line:
            continue
        if style == "short":
            units.extend(s for s in re.split(r"(?<=[.!?])\s+", line) if s.strip())
        else:
            units.append(line)
    points: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    for unit in units:
        tags: list[str] = []
        for group in _TAG_GROUP.findall(unit):
            tags.extend(f"S{n}" for n in _TAG.findall(group))
        clean = _TAG_GROUP.sub(lambda m: "" if _TAG.search(m.group(1)) else m.group(0), unit)
        clean = re.sub(r"\s+([.,;:])", r"\1", " ".join(clean.split())).strip(" -")
        key = fold(clean.lower())
        if len(clean.split()) < 3 or key in seen:
            continue
        seen.add(key)
        points.append((clean, list(dict.fromkeys(tags))))
    return points[: _MAX_POINTS.get(style, 12)]


@dataclass
class _Run:
    total: int
    done: int = 0
    sections_done: int = 0
    call_seconds: list[float] = field(default_factory=list)
    rates: Rates = field(default_factory=Rates)
    left_tags: set[str] = field(default_factory=set)  # sections this run must still write


class Summarizer:
    """One summarizing run: give it the engine, a cache, progress and a stop flag."""

    def __init__(
        self,
        engine: Engine,
        options: Options | None = None,
        cache: Cache | None = None,
        progress: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        self.engine = engine
        self.options = options or Options()
        self.cache = cache
        self.on_progress = progress
        self.cancel = cancel or threading.Event()
        self.stats = Stats()
        n_ctx = engine.n_ctx
        # Reply room is bounded by the window so that a merge always packs two or more inputs.
        self.partial_tokens = max(16, min(self.options.partial_tokens, n_ctx // 8))
        self.final_tokens = max(32, min(self.options.final_tokens, n_ctx // 4))
        self.settings = self.options.settings_key(n_ctx)
        self._run = _Run(total=0)
        self._sections: list[Section] = []
        self._files: list[str] = []
        self.engines: list[EngineInfo] = []  # which engine answered each model call
        self._cut = False  # the last reply ended at its token limit
        self._parts: list[Part] = []
        self._passages: checks.Passages | None = None
        self._headings: list[str] = []
        self._candidates: dict[str, list[Point]] = {}  # per part: its sections' own points
        self._outline: list[OutlineItem] = []
        self._where: dict[tuple[str, int], str] = {}  # (section, passage index) -> its part
        self._plan: dict[str, int] = {}  # section tag -> tokens of its map prompt
        self._plan_cached: dict[str, bool] = {}
        self._merge_overhead = 0

    # -- token accounting -------------------------------------------------------------------

    def count(self, text: str) -> int:
        return self.engine.count_tokens(text)

    def prompt_tokens(self, prompt: str) -> int:
        return self.engine.count_prompt_tokens([ChatMessage("user", prompt)])

    def _fit(self, build: Callable[[str], str], text: str, reply: int) -> str:
        """The prompt build(text) makes, text shortened until prompt + reply fits n_ctx."""
        limit = self.engine.n_ctx - reply - MARGIN
        for _ in range(12):
            prompt = build(text)
            excess = self.prompt_tokens(prompt) - limit
            if excess <= 0:
                return prompt
            text = fit_text(text, max(1, self.count(text) - excess - 4), self.count)
        raise AssertionError("the prompt template alone does not fit the context window")

    def section_budget(self) -> int:
        """Tokens of document text one map prompt can hold (with a long source line)."""
        heading = "Chương XVIII > Mục 9 > Điều 999. " + "x" * 60
        probe = Section(
            "S9999", "/" + "x" * 60 + ".pdf", "", (Passage(9999, 9999, heading, ""),), ""
        )
        overhead = self.prompt_tokens(prompts.map_prompt(probe, self.options.style, "") + heading)
        return max(64, self.engine.n_ctx - self.partial_tokens - overhead - 2 * MARGIN)

    # -- model calls ------------------------------------------------------------------------

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise SummaryCancelled(self._run.done, self._run.total)

    def _seconds_left(self) -> float | None:
        """From this run's measured seconds per prompt token and per generated token: the
        sections still to write (cached ones cost nothing), then the merges."""
        run = self._run
        if not run.rates.calls:
            return None
        maps = [self._plan[t] for t in run.left_tags]
        maps_left = len(self._sections) - run.sections_done  # cached ones among them
        merges_left = max(0, run.total - run.done - maps_left)
        reply = run.rates.reply_share()
        partial_reply = reply * self.partial_tokens
        merge_prompt = min(
            self.engine.n_ctx - self.final_tokens,
            int(len(self._sections) * partial_reply) + self._merge_overhead,
        )
        left = sum(run.rates.seconds(tokens, partial_reply) for tokens in maps)
        left += merges_left * run.rates.seconds(merge_prompt, reply * self.final_tokens)
        return left

    def _report(
        self, stage: str, cached: bool = False, tag: str = "", points: Sequence[Point] = ()
    ) -> None:
        run = self._run
        if self.on_progress is not None:
            self.on_progress(
                Progress(
                    stage,  # type: ignore[arg-type]
                    min(run.done, run.total),
                    run.total,
                    run.sections_done,
                    len(self._sections),
                    self._seconds_left(),
                    self.stats.cached_calls,
                    tuple(self._outline) if stage == "map" and run.done == 0 else (),
                    tag,
                    tuple(points),
                )
            )

    def _call(self, prompt: str, max_tokens: int, key: Callable[[str], str]) -> tuple[str, bool]:
        """The model's reply to one prompt: from the cache when this exact work was done.

        `key(model identity)` is the cache key: the identity of the engine that will answer is
        looked up, and the reply is stored under the identity of the one that did (with the
        agency's servers and this PC's model as fallback they can differ)."""
        if self.cache is not None:
            hit = self.cache.get(key(self.engine.identity))
            if hit is not None:
                self.stats.cached_calls += 1
                self._cut = self._remembered(key(self.engine.identity))
                return hit, True
        self._check_cancel()
        messages = [ChatMessage("user", prompt)]
        used = self.prompt_tokens(prompt)
        if used + max_tokens > self.engine.n_ctx:  # _fit guarantees this; never send it
            raise AssertionError(f"prompt of {used} tokens + {max_tokens} exceeds n_ctx")
        self.stats.max_prompt_tokens = max(self.stats.max_prompt_tokens, used + max_tokens)
        params = GenerationParams.greedy(max_tokens, self.options.repeat_penalty)
        start = time.perf_counter()
        stream = self.engine.stream_chat(messages, params, self.cancel)
        text = "".join(stream)
        if stream.stats.finish_reason == "cancelled" or self.cancel.is_set():
            raise SummaryCancelled(self._run.done, self._run.total)
        seconds = time.perf_counter() - start
        self._run.call_seconds.append(seconds)
        measured = stream.stats
        read = measured.prompt_tokens or used
        self.stats.model_calls += 1
        self.stats.prompt_tokens += read
        self.stats.generated_tokens += measured.generated_tokens
        prefill = min(seconds, measured.first_token_seconds or 0.0)
        self.stats.prefill_seconds += prefill
        self.stats.decode_seconds += seconds - prefill
        self.stats.work_seconds += seconds
        self.stats.run_work_seconds += seconds
        self._run.rates.add(
            read - measured.reused_prompt_tokens,
            measured.generated_tokens,
            seconds,
            prefill,
            max_tokens,
        )
        self._cut = measured.finish_reason == "length"
        answered = measured.engine
        if answered is not None:
            self.engines.append(answered)
        if self.cache is not None:
            identity = answered.identity if answered and answered.identity else None
            stored = key(identity or self.engine.identity)
            self.cache.put(stored, text)
            # The seconds it took, so that a resumed run's final message counts the whole work.
            meta = {"seconds": round(seconds, 3), "cut": self._cut}
            self.cache.put(cache_key(kind="seconds", of=stored), json.dumps(meta))
        return text, False

    def _remembered(self, stored: str) -> bool:
        """Adds a cached call's stored seconds to the work; whether its reply was cut."""
        assert self.cache is not None
        raw = self.cache.get(cache_key(kind="seconds", of=stored))
        try:
            meta = json.loads(raw) if raw else {}
        except ValueError:
            meta = {}
        self.stats.work_seconds += float(meta.get("seconds", 0.0))
        return bool(meta.get("cut", False))

    # -- map --------------------------------------------------------------------------------

    def _map_key(self, section: Section, model: str) -> str:
        digest = hashlib.sha256(
            "\0".join(
                [section.text, *section.headings, str(section.page), str(section.page_end)]
            ).encode("utf-8")
        ).hexdigest()
        return cache_key(
            kind="map",
            doc=section.doc_hash,
            section=digest,
            tag=section.tag,
            model=model,
            settings=self.settings,
            style=self.options.style,
            prompt=prompts.prompt_version(),
        )

    def summarize_section(self, section: Section) -> Partial:
        style = self.options.style
        prompt = self._fit(
            lambda text: prompts.map_prompt(section, style, text),
            section.text,
            self.partial_tokens,
        )
        raw, cached = self._call(
            prompt, self.partial_tokens, lambda model: self._map_key(section, model)
        )
        text = clean_output(raw, prompts.map_prompt(section, style, ""))
        if self._cut:  # the reply ran out of room: its last line is cut mid-phrase
            lines = text.splitlines()
            text = "\n".join([*lines[:-1], checks.trim_cut(lines[-1])] if lines else []).strip()
        if _usable(text):
            return Partial(text, (section.tag,), 0, cached)
        return Partial(
            _lead(section, self.partial_tokens, self.count), (section.tag,), 0, cached, True
        )

    # -- reduce -----------------------------------------------------------------------------

    def _tag_span(self, tags: Sequence[str]) -> str:
        if len(tags) <= 3:
            return prompts.tags_label(tags)
        return f"[{tags[0]}]…[{tags[-1]}]"

    def _block(self, partial: Partial) -> str:
        text = fit_text(partial.text, self.partial_tokens, self.count)
        return f"Phần {self._tag_span(partial.tags)}:\n{text}"

    def _merge(self, group: Sequence[Partial], final: bool, level: int) -> Partial:
        blocks = [self._block(p) for p in group]
        style = self.options.style
        reply = self.final_tokens if final else self.partial_tokens

        def build(text: str) -> str:
            if final:
                return prompts.final_prompt([text], self._files, style)
            return prompts.merge_prompt([text], self._files)

        prompt = self._fit(build, "\n\n".join(blocks), reply)

        def key(model: str) -> str:
            return cache_key(
                kind="final" if final else "merge",
                inputs=[[list(p.tags), p.text] for p in group],
                files=[Path(f).name for f in self._files],
                model=model,
                settings=self.settings,
                style=style,
                prompt=prompts.prompt_version(),
            )

        raw, cached = self._call(prompt, reply, key)
        tags = tuple(t for p in group for t in p.tags)
        text = clean_output(raw, build(""))
        if not _usable(text):  # keep the inputs rather than lose them
            text = "\n".join(f"{p.text} {prompts.tags_label(p.tags[:3])}" for p in group)
        return Partial(text, tags, level, cached)

    def _fits_final(self, partials: Sequence[Partial]) -> bool:
        blocks = [self._block(p) for p in partials]
        prompt = prompts.final_prompt(blocks, self._files, self.options.style)
        return self.prompt_tokens(prompt) + self.final_tokens + MARGIN <= self.engine.n_ctx

    def _pack(self, partials: Sequence[Partial]) -> list[list[Partial]]:
        """Consecutive groups of partials whose merge prompt fits, two or more per group."""
        empty = self.prompt_tokens(prompts.merge_prompt([], self._files))
        budget = self.engine.n_ctx - self.partial_tokens - empty - 2 * MARGIN
        groups: list[list[Partial]] = [[]]
        used = 0
        for partial in partials:
            cost = self.count(self._block(partial)) + 2
            if groups[-1] and used + cost > budget:
                groups.append([])
                used = 0
            groups[-1].append(partial)
            used += cost
        return groups

    def reduce(self, partials: list[Partial]) -> Partial:
        """Merge in rounds until everything fits the final prompt; then the final call."""
        level = 0
        current = list(partials)
        while not self._fits_final(current):
            level += 1
            self.stats.merge_rounds = max(self.stats.merge_rounds, level)
            merged: list[Partial] = []
            for group in self._pack(current):
                if len(group) == 1:
                    merged.append(group[0])
                    continue
                merged.append(self._merge(group, final=False, level=level))
                self._run.done += 1
                self._report("merge")
            if len(merged) >= len(current):  # cannot happen with the bounds above
                raise AssertionError("a merge round did not reduce the partial summaries")
            current = merged
        final = self._merge(current, final=True, level=level + 1)
        self._run.done += 1
        self._report("final")
        return final

    def _estimate_calls(self, n: int) -> int:
        per = self.partial_tokens + 24
        cap = max(2, (self.engine.n_ctx - self.final_tokens - 200) // per)
        calls = 0
        while n > cap:
            n = math.ceil(n / cap)
            calls += n
        return calls + 1

    def section_points(self, section: Section, partial: Partial) -> list[Point]:
        """The section's own points, whole and checked: shown as they come, and what a part
        the final summary leaves out is covered with."""
        if partial.fallback or self._passages is None:
            return []
        found = [
            Point(text, (self._source(section, text),))
            for text, _ in parse_points(partial.text, "bullets")
        ]
        own = checks.Passages([section])
        found = checks.whole_points(found, False, self._headings, None, own)
        checked = checks.check_citations(found, own, Stats())
        return [p for p in checked if p.sources]

    # -- sources ----------------------------------------------------------------------------

    def _source(self, section: Section, point: str) -> SourceRef:
        """The section as a source, narrowed to the passage the point most resembles."""
        words = _terms(point)
        best = max(section.passages, key=lambda p: len(words & _terms(p.text)))
        snippet = " ".join(best.text.split())[:300]
        return SourceRef(
            file=section.file,
            page=best.page,
            page_end=best.page_end,
            headings=(best.heading,),
            tag=section.tag,
            passage=snippet,
            pages_estimated=section.pages_estimated,
        )

    def _attribute(
        self, text: str, tags: Sequence[str], candidates: Sequence[tuple[Section, Partial]]
    ) -> tuple[SourceRef, ...]:
        by_tag = {s.tag: s for s, _ in candidates}
        chosen = [by_tag[t] for t in tags if t in by_tag]
        if not chosen:
            words = _terms(text)
            section, _ = max(
                candidates,
                key=lambda c: len(words & _terms(c[1].text + " " + " ".join(c[0].headings))),
            )
            chosen = [section]
        return tuple(self._source(s, text) for s in chosen)

    # -- the whole run ----------------------------------------------------------------------

    def run(self, documents: Sequence[Document]) -> Summary:
        """Summarize one or several documents together."""
        started = time.perf_counter()
        style = self.options.style
        self._files = [str(d.path.resolve()) for d in documents]
        self.stats.input_tokens = sum(self.count(d.text) for d in documents)
        sections = split_sections(
            documents,
            self.count,
            self.section_budget(),
            self.options.extractive,
            self.options.extract_ratio,
        )
        self._sections = sections
        self._outline = build_outline(sections)
        self._parts = parts(sections)
        self._passages = checks.Passages(sections)
        self._where = passage_parts(sections)
        # What a point must say more than: the headings and the documents' own names.
        names = [d.title for d in documents if d.title]
        names += [Path(f).stem.replace("-", " ").replace("_", " ") for f in self._files]
        self._headings = [item.text for item in self._outline] + names
        self._plan_sections(sections)
        self.stats.timings["split"] = time.perf_counter() - started
        groups: dict[str, list[Section]] = {}
        for section in sections:
            groups.setdefault(section.group if style == "chapters" else "", []).append(section)
        extra = sum(self._estimate_calls(len(g)) for g in groups.values() if len(g) > 1)
        self._run = _Run(total=len(sections) + (extra or (0 if style == "chapters" else 1)))
        self._run.left_tags = {s.tag for s in sections if not self._plan_cached[s.tag]}
        self._report("map")  # the outline, before any model call
        self.stats.timings["outline"] = time.perf_counter() - started

        map_start = time.perf_counter()
        partials: list[Partial] = []
        for section in sections:
            self._check_cancel()
            partial = self.summarize_section(section)
            partials.append(partial)
            self._run.done += 1
            self._run.sections_done += 1
            self._run.left_tags.discard(section.tag)
            own = self.section_points(section, partial)
            self._remember_candidates(section, own)
            self._report("map", partial.cached, section.tag, own)
            if self._run.sections_done == 1:
                self.stats.timings["first_section"] = time.perf_counter() - started
        self.stats.timings["map"] = time.perf_counter() - map_start

        reduce_start = time.perf_counter()
        pairs = list(zip(sections, partials, strict=True))
        points: list[Point] = []
        raw_text = ""
        if style == "chapters":
            for title, members in groups.items():
                member_pairs = [(s, p) for s, p in pairs if s in members]
                if len(members) == 1:
                    text = partials[sections.index(members[0])].text
                else:
                    text = self.reduce([p for _, p in member_pairs]).text
                parsed = parse_points(text, "short") or [(text, [])]
                if self._cut and len(parsed) > 1:  # its last sentence ran out of room
                    parsed = parsed[:-1]
                body = " ".join(t for t, _ in parsed)
                tags = [t for _, ts in parsed for t in ts] or [s.tag for s in members]
                sources = tuple(self._source(s, body) for s in members if s.tag in tags)
                sources = sources or tuple(self._source(s, body) for s in members)
                heading = title.split(" > ", 1)[-1] if " > " in title else members[0].headings[0]
                points.append(Point(body, sources, heading))
                raw_text += f"{heading}: {text}\n"
        elif pairs:
            final = self.reduce(partials)
            raw_text = final.text
            for text, tags in parse_points(final.text, style):
                points.append(Point(text, self._attribute(text, tags, pairs)))
            points = self._checked(points, self._cut)
            if not points and style == "brief":  # the partial summaries themselves
                for section, partial in pairs[: _MAX_POINTS.get(style, 12)]:
                    points.append(Point(partial.text, (self._source(section, partial.text),)))
        self.stats.timings["reduce"] = time.perf_counter() - reduce_start

        disagreements = figures_mod.disagreements(documents) if len(documents) > 1 else []
        deadlines = figures_mod.deadlines(documents)
        self.stats.timings["total"] = time.perf_counter() - started
        self._run.done = self._run.total
        self._report("done")
        answered = self.engines[-1] if self.engines else self.engine.info
        return Summary(
            style=style,
            files=self._files,
            pages={str(d.path.resolve()): len(d.pages) for d in documents},
            sections=sections,
            partials=partials,
            points=points,
            disagreements=disagreements,
            deadlines=deadlines,
            stats=self.stats,
            raw_text=raw_text,
            engine=answered.as_json(),
            outline=list(self._outline),
        )

    def _plan_sections(self, sections: Sequence[Section]) -> None:
        """Each section's prompt size and whether the cache holds its summary already: what
        the estimate prices the work left by."""
        if not sections:
            return
        overhead = self.prompt_tokens(prompts.map_prompt(sections[0], self.options.style, ""))
        self._merge_overhead = self.prompt_tokens(
            prompts.final_prompt([], self._files, self.options.style)
        )
        self._plan = {s.tag: self.count(s.text) + overhead for s in sections}
        self._plan_cached = {
            s.tag: self.cache is not None
            and self.cache.get(self._map_key(s, self.engine.identity)) is not None
            for s in sections
        }

    def _remember_candidates(self, section: Section, own: Sequence[Point]) -> None:
        if self._passages is None:
            return
        for point in own:
            index = self._passages.index_of(point.sources[0])
            if index is None:
                continue
            passage = self._passages.items[index][1]
            key = self._where[(section.tag, section.passages.index(passage))]
            self._candidates.setdefault(key, []).append(point)

    def _checked(self, points: list[Point], cut: bool) -> list[Point]:
        """Whole points, citations checked, and every part of the documents represented."""
        assert self._passages is not None
        points = checks.whole_points(points, cut, self._headings, self.stats, self._passages)
        points = checks.check_citations(points, self._passages, self.stats)
        if self.options.style in ("bullets", "short"):
            points = checks.ensure_coverage(
                points, self._parts, self._passages, self._candidates, self.stats, self._headings
            )
        return points


def read_documents(
    paths: Sequence[str | Path], ocr: bool = True, cancel: threading.Event | None = None
) -> list[Document]:
    """Read every file (DocumentError names the one that cannot be read)."""
    return [read_document(Path(p), ocr=ocr, cancel=cancel) for p in paths]


def summarize(
    engine: Engine,
    paths: Sequence[str | Path | Document],
    style: Style = "bullets",
    cache: Cache | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    options: Options | None = None,
) -> Summary:
    """Summarize files (or Documents already read) into one summary whose points name their
    sources. Raises DocumentError for an unreadable file, SummaryCancelled on Stop."""
    options = replace(options or Options(), style=style)
    start = time.perf_counter()
    documents = [
        p if isinstance(p, Document) else read_document(Path(p), ocr=options.ocr, cancel=cancel)
        for p in paths
    ]
    read_seconds = time.perf_counter() - start
    summarizer = Summarizer(engine, options, cache, progress, cancel)
    summary = summarizer.run(documents)
    summary.stats.timings["read"] = read_seconds
    summary.stats.timings["total"] += read_seconds
    audit.record(audit.SUMMARY, [str(d.path) for d in documents], style=style)
    return summary
