"""Summarizing a 100-page PDF: total time, tokens the model reads per input page, the speed-up
of a cached re-run; and whether the extractive pre-pass keeps coverage and saves time."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from tests.bench.conftest import report

from troly.core.index.terms import syllables
from troly.core.summarize.cache import MemoryCache
from troly.core.summarize.pipeline import Options, summarize
from troly.core.text import fold

LAW = Path("/work/shared/eval/alqac2023/law.json")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
OPTIONS = Options(partial_tokens=48, final_tokens=128)


def hundred_page_pdf(path: Path, pages: int = 100) -> Path:
    """Real article texts (ALQAC 2023 laws), one short article per page, chapters every 10."""
    import pymupdf

    articles = [a for law in json.loads(LAW.read_text(encoding="utf-8")) for a in law["articles"]]
    font = pymupdf.Font(fontfile=str(FONT))
    doc = pymupdf.open()
    for n in range(pages):
        article = articles[(n * 7) % len(articles)]  # spread over the laws, never adjacent
        page = doc.new_page()
        page.insert_font(fontname="vn", fontfile=str(FONT))
        title, _, body = article["text"].partition("\n")
        lines = [f"Chương {n // 10 + 1}"] if n % 10 == 0 else []
        lines.append(f"Điều {n + 1}. {title.strip()}")
        words = body.split()[:110]  # about 120 words a page keeps the benchmark to minutes
        current = ""
        for word in words:
            trial = f"{current} {word}".strip()
            if font.text_length(trial, fontsize=11) > 470:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
        y = 70.0
        for line in lines:
            page.insert_text((60, y), line, fontname="vn", fontsize=11)
            y += 15
    doc.save(path)
    doc.close()
    return path


def key_terms(text: str, k: int = 5) -> set[str]:
    counts = Counter(fold(s) for s in syllables(text) if len(s) > 2)
    return {t for t, _ in counts.most_common(k)}


def coverage(summary: Any) -> float:
    """Share of each section's most frequent terms that its partial summary keeps."""
    kept = total = 0
    for section, partial in zip(summary.sections, summary.partials, strict=True):
        wanted = key_terms(" ".join(p.text for p in section.passages))
        have = {fold(s) for s in syllables(partial.text)}
        kept += len(wanted & have)
        total += len(wanted)
    return kept / max(1, total)


@pytest.fixture(scope="module")
def bench_engine(default_model: Any) -> Any:
    from troly.core.engine.llama import LlamaEngine

    eng = LlamaEngine(default_model, n_ctx=2048, threads=1)
    yield eng
    eng.close()


def test_bench_summarize_100_pages(bench_engine: Any, tmp_path: Path) -> None:
    pdf = hundred_page_pdf(tmp_path / "tai-lieu-100-trang.pdf")
    cache = MemoryCache()
    start = time.perf_counter()
    first = summarize(bench_engine, [pdf], "bullets", cache, options=OPTIONS)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    second = summarize(bench_engine, [pdf], "bullets", cache, options=OPTIONS)
    warm = time.perf_counter() - start
    pages = first.pages[str(pdf.resolve())]
    assert pages == 100
    assert second.stats.model_calls == 0 and second.text == first.text
    assert first.stats.max_prompt_tokens <= bench_engine.n_ctx
    report(
        "summarize_100_pages",
        pages=pages,
        sections=len(first.sections),
        model_calls=first.stats.model_calls,
        merge_rounds=first.stats.merge_rounds,
        total_seconds=cold,
        seconds_per_page=cold / pages,
        input_tokens_per_page=first.stats.input_tokens / pages,
        tokens_read_per_page=first.stats.prompt_tokens / pages,
        cached_rerun_seconds=warm,
        cached_speedup=cold / warm,
    )
    assert cold / warm >= 10


def test_bench_extractive_prepass(bench_engine: Any, tmp_path: Path) -> None:
    """Same 30 pages with and without the pre-pass: time, tokens read, coverage."""
    pdf = hundred_page_pdf(tmp_path / "tai-lieu-30-trang.pdf", pages=30)
    figures: dict[str, float] = {}
    for extractive in (False, True):
        options = Options(partial_tokens=48, final_tokens=128, extractive=extractive)
        start = time.perf_counter()
        summary = summarize(bench_engine, [pdf], "bullets", options=options)
        name = "extractive" if extractive else "full"
        figures[f"{name}_seconds"] = time.perf_counter() - start
        figures[f"{name}_tokens_read"] = summary.stats.prompt_tokens
        figures[f"{name}_sections"] = len(summary.sections)
        figures[f"{name}_coverage"] = coverage(summary)
    report(
        "summarize_extractive_prepass",
        **figures,
        time_saved=1 - figures["extractive_seconds"] / figures["full_seconds"],
        coverage_kept=figures["extractive_coverage"] / max(1e-9, figures["full_coverage"]),
    )
