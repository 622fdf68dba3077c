"""Summarizing with the real default model: structure, sources, budgets, cancel and resume.

The tiny base model writes poor Vietnamese; these tests assert the pipeline's structure (every
section covered, sources on real pages, no prompt over n_ctx, resumable), not prose quality.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from troly.core.documents import read_document
from troly.core.engine.base import ChatMessage, GenerationParams, TokenStream
from troly.core.index.chunker import chunk_document
from troly.core.summarize.cache import SummaryCache
from troly.core.summarize.export import to_docx, to_markdown
from troly.core.summarize.model import Progress
from troly.core.summarize.pipeline import Options, SummaryCancelled, summarize
from troly.core.vault import forget_database_key

LAW = Path("/work/shared/eval/alqac2023/law.json")
REGULAR = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
OPTIONS = Options(partial_tokens=40, final_tokens=96)


class Recorder:
    """The real engine, with every prompt measured against n_ctx and every call counted."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.calls = 0
        self.worst = 0  # the largest prompt + reply room seen

    @property
    def n_ctx(self) -> int:
        return int(self.engine.n_ctx)

    @property
    def identity(self) -> str:
        return str(self.engine.identity)

    @property
    def info(self) -> Any:
        return self.engine.info

    @property
    def name(self) -> str:
        return str(self.engine.name)

    def count_tokens(self, text: str) -> int:
        return int(self.engine.count_tokens(text))

    def count_prompt_tokens(self, messages: Sequence[ChatMessage]) -> int:
        return int(self.engine.count_prompt_tokens(messages))

    def close(self) -> None:
        pass

    def stream_chat(
        self,
        messages: list[ChatMessage],
        params: GenerationParams,
        cancel: threading.Event | None = None,
    ) -> TokenStream:
        used = self.count_prompt_tokens(messages) + params.max_tokens
        self.worst = max(self.worst, used)
        assert used <= self.n_ctx, f"prompt + reply = {used} > n_ctx {self.n_ctx}"
        self.calls += 1
        self.last: TokenStream = self.engine.stream_chat(messages, params, cancel)
        return self.last


def long_law_pdf(path: Path, articles: int = 16, per_page: int = 2) -> Path:
    """A law of `articles` real articles (ALQAC 2023), in two chapters, a few per page."""
    import pymupdf

    law = json.loads(LAW.read_text(encoding="utf-8"))[0]
    items = law["articles"][:articles]
    doc = pymupdf.open()
    page = None
    y = 0.0
    font = pymupdf.Font(fontfile=str(REGULAR))
    for i, article in enumerate(items):
        if i % per_page == 0:
            page = doc.new_page()
            page.insert_font(fontname="vn", fontfile=str(REGULAR))
            y = 60.0
        assert page is not None
        title, _, body = article["text"].partition("\n")
        lines = []
        if i in (0, articles // 2):
            lines.append("Chương I" if i == 0 else "Chương II")
        lines.append(f"Điều {article['id']}. {title.strip()}")
        for para in body.split("\n"):
            words, current = para.split(), ""
            for word in words:
                trial = f"{current} {word}".strip()
                if font.text_length(trial, fontsize=10) > 480:
                    lines.append(current)
                    current = word
                else:
                    current = trial
            if current:
                lines.append(current)
        for line in lines[:28]:  # long articles are cut so each stays on its page
            page.insert_text((50, y), line, fontname="vn", fontsize=10)
            y += 13
        y += 8
    doc.save(path)
    doc.close()
    return path


@pytest.fixture(scope="module")
def small_engine(default_model: Any) -> Iterator[Any]:
    """A 512-token window: forces several sections and merge rounds on a short document."""
    from troly.core.engine.llama import LlamaEngine

    eng = LlamaEngine(default_model, n_ctx=512, threads=1)
    yield eng
    eng.close()


@pytest.fixture(scope="module")
def law_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return long_law_pdf(tmp_path_factory.mktemp("law") / "luat.pdf")


@pytest.fixture(scope="module")
def law_run(small_engine: Any, law_file: Path) -> tuple[Any, Recorder, list[Progress]]:
    recorder = Recorder(small_engine)
    steps: list[Progress] = []
    summary = summarize(recorder, [law_file], "bullets", progress=steps.append, options=OPTIONS)
    return summary, recorder, steps


def test_every_section_is_covered_and_sources_are_real_pages(
    law_run: tuple[Any, Recorder, list[Progress]], law_file: Path
) -> None:
    summary, recorder, steps = law_run
    document = read_document(law_file)
    chunks = chunk_document(document)
    covered = {p.text for s in summary.sections for p in s.passages}
    assert all(c.text in covered for c in chunks), "a passage is in no section"
    assert len(summary.partials) == len(summary.sections) >= 4
    assert [p.tags for p in summary.partials] == [(s.tag,) for s in summary.sections]
    assert all(p.text.strip() for p in summary.partials)
    # The 512-token window cannot hold every partial summary at once: merged in rounds.
    assert summary.stats.merge_rounds >= 1
    assert summary.points
    pages = {p.number: p.text for p in document.pages}
    tags = {s.tag: s for s in summary.sections}
    # A point no passage supports has its citation dropped; every chapter has a cited one.
    assert sum(bool(p.sources) for p in summary.points) >= 2
    for point in summary.points:
        for source in point.sources:
            assert source.file == str(law_file.resolve())
            section = tags[source.tag]
            assert section.page <= source.page <= section.page_end
            assert source.page in pages
            # The passage shown beside the page is really on the pages named.
            span = " ".join(pages[n] for n in range(source.page, source.page_end + 1))
            assert source.passage.split()[0] in span
    assert steps[-1].stage == "done" and steps[-1].done == steps[-1].total
    assert any(s.seconds_left is not None for s in steps)
    # The outline came first, before any model call; each section's points came with it.
    assert steps[0].outline and steps[0].sections_done == 0
    assert {i.text for i in steps[0].outline if i.level == 0} >= {"Chương I", "Chương II"}
    assert all(not s.outline for s in steps[1:])
    assert summary.outline == list(steps[0].outline)
    assert recorder.worst <= recorder.n_ctx
    assert summary.stats.max_prompt_tokens <= recorder.n_ctx
    data = summary.as_json()
    assert next(p for p in data["points"] if p["sources"])["sources"][0]["page"] >= 1
    assert set(data["timings"]) >= {"read", "map", "reduce", "total"}


def test_docx_and_markdown_export(
    law_run: tuple[Any, Recorder, list[Progress]], tmp_path: Path
) -> None:
    import docx
    from docx.oxml.ns import qn

    summary = law_run[0]
    out = to_docx(summary, tmp_path / "tom-tat.docx")
    doc = docx.Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "luat.pdf" in doc.paragraphs[0].text
    for point in summary.points:
        assert point.text in text
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            fonts = run._element.rPr.rFonts
            for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                assert fonts.get(qn(slot)) == "Times New Roman"
    markdown = to_markdown(summary)
    assert markdown.startswith("# Tóm tắt: luat.pdf")
    assert "Nguồn: luat.pdf, tr." in markdown


def test_cancel_stops_within_seconds_and_the_rerun_resumes_from_the_cache(
    small_engine: Any, law_file: Path, tmp_path: Path
) -> None:
    db = tmp_path / "cache.db"
    cache = SummaryCache.open(db)
    cancel = threading.Event()
    cancelled_at: list[float] = []

    def progress(step: Progress) -> None:
        if step.sections_done == 3 and not cancelled_at:
            # Stop in the middle of the next section's generation, as a user would.
            def stop() -> None:
                cancelled_at.append(time.perf_counter())
                cancel.set()

            threading.Timer(0.5, stop).start()

    first = Recorder(small_engine)
    with pytest.raises(SummaryCancelled):
        summarize(first, [law_file], "short", cache, progress, cancel, OPTIONS)
    stopped = time.perf_counter() - cancelled_at[0]
    # Within a token or two of the call under way, measured against this run's own speed, so
    # that a busy machine, which slows both, does not fail it.
    last = first.last.stats
    per_token = (last.seconds - last.first_token_seconds) / max(1, last.generated_tokens - 1)
    bound = 1.0 + last.first_token_seconds + 10 * per_token
    assert stopped < bound, f"stopping took {stopped:.1f} s (bound {bound:.1f} s)"
    done_before = len(cache) // 2  # each finished call: its reply and the seconds it took
    assert done_before >= 3

    second = Recorder(small_engine)
    summary = summarize(second, [law_file], "short", cache, options=OPTIONS)
    assert summary.stats.cached_calls == done_before
    assert second.calls == summary.stats.model_calls
    assert all(p.cached for p in summary.partials[:done_before])

    # The whole work counts the sections the stopped run wrote (their seconds are stored with
    # them), not only this run's.
    assert summary.stats.work_seconds > summary.stats.run_work_seconds > 0

    third = Recorder(small_engine)
    again = summarize(third, [law_file], "short", cache, options=OPTIONS)
    assert third.calls == 0
    assert again.text == summary.text
    assert again.stats.run_work_seconds == 0
    assert again.stats.work_seconds == pytest.approx(summary.stats.work_seconds, abs=0.01)
    cache.close()
    forget_database_key(db)


SAMPLES = Path(__file__).resolve().parents[3] / "resources" / "samples"


def test_several_files_name_file_and_page_and_show_disagreeing_figures(engine: Any) -> None:
    files = [
        SAMPLES / "cong-van-215-bao-cao-nhanh-quy-3.pdf",
        SAMPLES / "bao-cao-87-ket-qua-quy-3.pdf",
    ]
    recorder = Recorder(engine)
    summary = summarize(
        recorder, files, "brief", options=Options(partial_tokens=48, final_tokens=96)
    )
    names = {str(f.resolve()) for f in files}
    assert {s.file for s in summary.sections} == names
    for point in summary.points:
        for source in point.sources:
            assert source.file in names and source.page >= 1
    rows = {d.label: {Path(v.file).name: v.value for v in d.values} for d in summary.disagreements}
    on_time = next(v for k, v in rows.items() if "đúng hạn" in k)
    assert on_time == {
        "cong-van-215-bao-cao-nhanh-quy-3.pdf": "94,8%",
        "bao-cao-87-ket-qua-quy-3.pdf": "96,5%",
    }
    received = next(v for k, v in rows.items() if "hồ sơ tiếp nhận" in k and "hồ" in k)
    assert set(received.values()) == {"12.380", "12.460"}
    # Figures both files agree on are not listed.
    assert not any("hài lòng" in k for k in rows)
    assert any(d.date == "31/12/2025" for d in summary.deadlines)
    data = summary.as_json()
    assert data["disagreements"] and data["deadlines"]
    assert recorder.worst <= engine.n_ctx
