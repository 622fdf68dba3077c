"""Summarizing whole documents of any length, with progress, sources and export.

Map-reduce over the documents' structure: partial summaries that each fit the context, merged in
as many rounds as needed, every point of the result naming the file, pages and headings it came
from. Partial summaries are cached in the encrypted database, so a second run, or one resumed
after Stop, does not redo finished work.

The one way in, for the CLI and the UI alike (imported from these modules, so that reading
`model` for a page's layout does not load the pipeline):
- pipeline: `read_documents`, `summarize`, `Options`, `SummaryCancelled`
- model: `Summary`, `Progress`, `STYLES`, `STYLE_NAMES_VI`
- cache: `SummaryCache` (encrypted, resumable), `MemoryCache`
- export: `export` (DOCX or Markdown, atomic, policy-checked), `to_markdown`, `to_docx`
- outline: `build_outline`, `parts` (the document's own structure, found by code)
- points: the checks of the points (whole, not fragments, cited right, every part covered)
"""
