"""Summarizing whole documents of any length: map-reduce over their structure, with sources.

The public entry points are re-exported by `troly.core.tasks.summarize`.
"""
