"""Summarizing whole documents of any length, with progress, sources and export.

Map-reduce over the documents' structure (see troly.core.summarize.pipeline): partial summaries
that each fit the context, merged in as many rounds as needed, every point of the result naming
the file, pages and headings it came from. Partial summaries are cached in the encrypted
database, so a second run, or one resumed after Stop, does not redo finished work.
"""

from __future__ import annotations

from troly.core.summarize.cache import MemoryCache, SummaryCache, cache_key
from troly.core.summarize.export import export, to_docx, to_markdown
from troly.core.summarize.figures import deadlines, disagreements, figures
from troly.core.summarize.model import (
    STYLE_NAMES_VI,
    STYLES,
    Deadline,
    Disagreement,
    Partial,
    Point,
    Progress,
    Section,
    SourceRef,
    Stats,
    Style,
    Summary,
)
from troly.core.summarize.pipeline import (
    Options,
    ProgressCallback,
    Summarizer,
    SummaryCancelled,
    read_documents,
    summarize,
)
from troly.core.summarize.prompts import prompt_version

__all__ = [
    "STYLES",
    "STYLE_NAMES_VI",
    "Deadline",
    "Disagreement",
    "MemoryCache",
    "Options",
    "Partial",
    "Point",
    "Progress",
    "ProgressCallback",
    "Section",
    "SourceRef",
    "Stats",
    "Style",
    "Summarizer",
    "Summary",
    "SummaryCache",
    "SummaryCancelled",
    "cache_key",
    "deadlines",
    "disagreements",
    "export",
    "figures",
    "prompt_version",
    "read_documents",
    "summarize",
    "to_docx",
    "to_markdown",
]
