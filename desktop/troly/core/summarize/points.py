"""Points a reader can trust: whole, not fragments, cited to the passage that states them, and
every part of the document represented.

- Whole: a reply that ran out of tokens ends mid-phrase ("… không phân biệt dân tộc, nam"); its
  last point is cut back to its last whole sentence, or dropped. A point that ends on a comma,
  a colon or a dash is cut too, whatever the reason.
- Not a fragment: fewer than five syllables ("Đơn vị sự nghiệp"), a line in capitals, or a
  point that only repeats a heading of the document names a topic and says nothing of it.
- Cited right: the point's content terms are matched against every passage of the documents,
  as the answer check matches an answer's sentences (tasks/grounding.py, which this layer may
  not import: the same measure, on the same `content_terms`). The cited passage is kept when
  it supports the point, else the best passage that does, else the citation is dropped.
- Covered: a part (Chương, else Phần, else a section) no point cites gets one from its own
  partial summary when a line of it is whole and supported there, else an extract of the part:
  its first article's title and opening sentence, cited to that article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from troly.core.summarize.extract import sentences
from troly.core.summarize.model import Passage, Point, Section, SourceRef, Stats
from troly.core.summarize.outline import Part, passage_parts
from troly.core.text import fold
from troly.core.words import content_terms

SUPPORT_THRESHOLD = 0.5  # as the answer check: half the point's content terms in the passage
MIN_SYLLABLES = 7  # about four Vietnamese words
TAIL_WORDS = 4  # a point ending on these words where its source goes on mid-phrase is cut
MAX_EXTRACT_WORDS = 45
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE_END = re.compile(r"[.!?…;](?=\s|$)")
_DANGLING = re.compile(r"[,:\-–(/]\s*$")
_CLAUSE = re.compile(r"(?:^|\s)(?:\d{1,3}\.|[a-zđ]\))\s+")
_HEADING = re.compile(r"^(Điều|Chương|Mục|Phần)\s+\S+\s*[.:]?\s*", re.IGNORECASE)


def _numbers(text: str) -> set[str]:
    found = set()
    for raw in _NUMBER.findall(text):
        found |= {part.lstrip("0") or "0" for part in re.split(r"[.,]", raw) if part}
    return found


def support(point: str, passage: str) -> float:
    """Share of the point's content terms the passage holds; 0 when the passage lacks one of
    its numbers (a figure from elsewhere is not support)."""
    return _support(point, content_terms(passage), _numbers(passage))


def _support(point: str, terms: set[str], numbers: set[str]) -> float:
    wanted_numbers = _numbers(point)
    if wanted_numbers and not wanted_numbers <= numbers:
        return 0.0
    wanted = content_terms(point)
    if not wanted:
        return 0.0
    return len(wanted & terms) / len(wanted)


def trim_cut(text: str) -> str:
    """A point that ended mid-phrase, back to its last whole sentence ("" when none is left)."""
    text = text.rstrip()
    ends = list(_SENTENCE_END.finditer(text))
    if not ends:
        return ""
    kept = text[: ends[-1].end()].rstrip(" ;")
    return kept if len(kept.split()) >= MIN_SYLLABLES else ""


def trim_head(text: str) -> str:
    """A point that starts mid-sentence ("đơn khởi kiện. Tòa án yêu cầu …": the tail of a
    sentence the model began elsewhere) without that tail, when a whole sentence follows."""
    if not text[:1].islower():
        return text
    first_end = _SENTENCE_END.search(text)
    if first_end is None:
        return text  # one sentence that starts in lower case: the model's own style
    head, rest = text[: first_end.end()], text[first_end.end() :].strip()
    if len(re.findall(r"\w+", head)) >= MIN_SYLLABLES or len(rest.split()) < MIN_SYLLABLES:
        return text
    return rest


def _folded(text: str) -> str:
    return " ".join(fold(text.lower()).split())


def is_fragment(text: str, headings: Sequence[str] = ()) -> bool:
    """True for a point that names a topic and states nothing about it: too short, in
    capitals, or nothing left once the document's headings it repeats are taken out."""
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return True
    if len(re.findall(r"\w+", text)) < MIN_SYLLABLES:
        return True
    rest = _folded(text)
    forms = {_folded(form).strip(" .;:") for h in headings for form in (h, _HEADING.sub("", h))}
    for title in sorted(forms, key=len, reverse=True):  # "Điều 32. Thay đổi vị trí việc
        if len(title) > 3 and title in rest:  # làm" before the "Vị trí việc làm" of Điều 7
            rest = rest.replace(title, " ")
    rest = re.sub(r"\b(\d{1,3}|[a-zđ])[.)]", " ", rest)  # a clause's number: "1.", "b)"
    # What is left once the headings are out must still say something: "là 24 tháng".
    return len(re.findall(r"\w+", rest)) < 3


def stops_mid_phrase(text: str, sources: Sequence[str]) -> bool:
    """True when the point's last words are in the sources (folded, spaces collapsed) and
    wherever they are, the same phrase goes on with more words: the point copied a line of
    the page and stopped where the line did."""
    words = _folded(text).rstrip(" .;:").split()
    if len(words) < TAIL_WORDS:
        return False
    tail = re.compile(re.escape(" ".join(words[-TAIL_WORDS:])))
    follows = [flat[m.end() : m.end() + 2] for flat in sources for m in tail.finditer(flat)]
    return bool(follows) and all(re.match(r"\s\w", after) for after in follows)


def whole_points(
    points: Sequence[Point],
    cut: bool,
    headings: Sequence[str],
    stats: Stats | None = None,
    passages: Passages | None = None,
) -> list[Point]:
    """Points without fragments; the last one trimmed when the reply was `cut` by the token
    limit, and any that ends on a dangling comma or colon, or where its cited passage goes on
    mid-phrase, trimmed the same way; one that starts with the tail of a sentence, without
    it."""
    kept: list[Point] = []
    for index, point in enumerate(points):
        text = point.text
        if (
            (cut and index == len(points) - 1)
            or _DANGLING.search(text)
            or (passages is not None and stops_mid_phrase(text, passages.flat))
        ):
            text = trim_cut(text)
        text = trim_head(text)
        if not text or is_fragment(text, headings):
            if stats is not None:
                stats.points_dropped += 1
            continue
        kept.append(Point(text, point.sources, point.title) if text != point.text else point)
    return kept


@dataclass
class Passages:
    """Every passage of the run with its section, to check citations against."""

    sections: Sequence[Section]
    items: list[tuple[Section, Passage]] = field(default_factory=list)
    terms: list[set[str]] = field(default_factory=list)  # measured once, checked many times
    numbers: list[set[str]] = field(default_factory=list)
    flat: list[str] = field(default_factory=list)  # folded, one space between words

    def __post_init__(self) -> None:
        self.items = [(s, p) for s in self.sections for p in s.passages]
        self.terms = [content_terms(p.text) for _, p in self.items]
        self.numbers = [_numbers(p.text) for _, p in self.items]
        self.flat = [_folded(p.text) for _, p in self.items]

    def scores(self, text: str) -> list[float]:
        return [_support(text, t, n) for t, n in zip(self.terms, self.numbers, strict=True)]

    def score(self, text: str, index: int) -> float:
        return _support(text, self.terms[index], self.numbers[index])

    def index_of(self, ref: SourceRef) -> int | None:
        """The passage a citation names. A long article is cut into several passages with the
        same page and heading: the one whose opening the citation keeps is that one."""
        same_place = [
            i
            for i, (section, passage) in enumerate(self.items)
            if section.tag == ref.tag
            and passage.page == ref.page
            and (not ref.headings or passage.heading == ref.headings[0])
        ]
        for i in same_place:
            if ref.passage and _opening(self.items[i][1]) == ref.passage:
                return i
        return same_place[0] if same_place else None


def _opening(passage: Passage) -> str:
    return " ".join(passage.text.split())[:300]


def source_ref(section: Section, passage: Passage) -> SourceRef:
    return SourceRef(
        file=section.file,
        page=passage.page,
        page_end=passage.page_end,
        headings=(passage.heading,),
        tag=section.tag,
        passage=_opening(passage),
        pages_estimated=section.pages_estimated,
    )


def check_citations(points: Sequence[Point], passages: Passages, stats: Stats) -> list[Point]:
    """Each point cited to the passage that supports it best among those it names, else to
    the best supporting passage of the documents, else to none."""
    checked: list[Point] = []
    for point in points:
        scores = passages.scores(point.text)
        cited = [i for i in (passages.index_of(s) for s in point.sources) if i is not None]
        own = [i for i in cited if scores[i] >= SUPPORT_THRESHOLD]
        best = max(range(len(scores)), key=lambda i: scores[i]) if scores else None
        if own:
            stats.citations_kept += 1
            chosen = max(own, key=lambda i: scores[i])
        elif best is not None and scores[best] >= SUPPORT_THRESHOLD:
            stats.citations_repointed += 1
            chosen = best
        else:
            stats.citations_dropped += 1
            checked.append(Point(point.text, (), point.title))
            continue
        checked.append(Point(point.text, (source_ref(*passages.items[chosen]),), point.title))
    return checked


def supported(point: Point, passages: Passages) -> bool:
    """The citation-accuracy measure: the point cites a passage that supports it."""
    for ref in point.sources:
        i = passages.index_of(ref)
        if i is not None and passages.score(point.text, i) >= SUPPORT_THRESHOLD:
            return True
    return False


def covered_parts(points: Sequence[Point], parts: Sequence[Part], passages: Passages) -> set[str]:
    """Keys of the parts some point cites a passage of."""
    where = passage_parts(passages.sections)
    keys: set[str] = set()
    for point in points:
        for ref in point.sources:
            i = passages.index_of(ref)
            if i is None:
                continue
            section, passage = passages.items[i]
            keys.add(where[(section.tag, section.passages.index(passage))])
    return keys


def extract_point(part: Part, passages: Passages, headings: Sequence[str] = ()) -> Point | None:
    """The part in its own words: its first article's title and opening sentence (the first
    passage that says something: a title page or a bare heading does not)."""
    where = passage_parts(passages.sections)
    for section, passage in passages.items:
        if where[(section.tag, section.passages.index(passage))] != part.key:
            continue
        lines = [line.strip() for line in passage.text.splitlines() if line.strip()]
        body = [line for line in lines if not _HEADING.match(line) and not line.isupper()]
        title = _HEADING.sub("", passage.heading.split(" > ")[-1]).strip()
        # The article's title went on to the next line (a clause "d) …" is not that).
        if body and body[0][:1].islower() and not _CLAUSE.match(body[0]):
            title, body = f"{title} {body[0]}", body[1:]
        # Without the clause numbers ("1.", "a)"), which would read as sentences of their own.
        flat = _CLAUSE.sub(" ", " ".join(body))
        opening = next(iter(sentences(flat)), "")
        if opening and len(opening.split()) <= MAX_EXTRACT_WORDS:
            opening = opening.rstrip(" ;:,.") + "."
            text = f"{title}: {opening}" if title and title not in opening else opening
        elif title:
            # Not "Điều 9 – Điều 11 quy định về …": the span's numbers are in no passage, and
            # the point would fail the very check its citation must pass.
            text = f"Quy định về {title[:1].lower()}{title[1:]}."
        else:
            continue
        if is_fragment(opening or text, headings):
            continue
        return Point(text, (source_ref(section, passage),), "")
    return None


def ensure_coverage(
    points: list[Point],
    parts: Sequence[Part],
    passages: Passages,
    candidates: dict[str, list[Point]],
    stats: Stats,
    headings: Sequence[str] = (),
) -> list[Point]:
    """Points with one more for every required part none of them cites: the best of the
    part's own candidate points (whole, cited inside it), else an extract of it. Added points
    go where the part is in the document's order."""
    covered = covered_parts(points, parts, passages)
    order = {p.key: i for i, p in enumerate(parts)}
    where = passage_parts(passages.sections)
    result = list(points)
    for part in parts:
        if not part.required or part.key in covered:
            continue
        extra: Point | None = None
        for candidate in candidates.get(part.key, []):
            if covered_parts([candidate], parts, passages) == {part.key}:
                extra = candidate
                break
        if extra is None:
            extra = extract_point(part, passages, headings)
            stats.fallback_points += extra is not None
        if extra is not None:
            result.append(extra)
    return sorted(result, key=lambda p: _position(p, order, where, passages))


def _position(
    point: Point, order: dict[str, int], where: dict[tuple[str, int], str], passages: Passages
) -> int:
    for ref in point.sources:
        i = passages.index_of(ref)
        if i is not None:
            section, passage = passages.items[i]
            return order.get(where[(section.tag, section.passages.index(passage))], 0)
    return len(order)
