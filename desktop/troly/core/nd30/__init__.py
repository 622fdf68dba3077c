"""Decree 30/2020/NĐ-CP: document types, numbering, dates, the DOCX writer and the checker."""

from __future__ import annotations

from troly.core.nd30.fields import FIELD_LABELS, DraftFields, FieldSpec, fields_for
from troly.core.nd30.types import ALL_TYPES, DRAFTABLE, DocType, get_type
from troly.core.nd30.writer import build_document, write_docx

__all__ = [
    "ALL_TYPES",
    "DRAFTABLE",
    "FIELD_LABELS",
    "DocType",
    "DraftFields",
    "FieldSpec",
    "build_document",
    "fields_for",
    "get_type",
    "write_docx",
]
