"""Decree 30/2020/NĐ-CP: document types, numbering, dates, the DOCX writer and the checker.

The names below are imported on first use: the writer needs python-docx, which the command line
should not load just to list the document types.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the real names, for the type checker
    from troly.core.nd30.fields import FIELD_LABELS, DraftFields, FieldSpec, fields_for
    from troly.core.nd30.types import ALL_TYPES, DRAFTABLE, DocType, get_type
    from troly.core.nd30.writer import build_document, write_docx

_WHERE = {
    "ALL_TYPES": "types",
    "DRAFTABLE": "types",
    "DocType": "types",
    "get_type": "types",
    "FIELD_LABELS": "fields",
    "DraftFields": "fields",
    "FieldSpec": "fields",
    "fields_for": "fields",
    "build_document": "writer",
    "write_docx": "writer",
}

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


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'troly.core.nd30' has no attribute {name!r}")
    return getattr(importlib.import_module(f"troly.core.nd30.{_WHERE[name]}"), name)
