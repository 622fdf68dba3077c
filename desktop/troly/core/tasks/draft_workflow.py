"""The draft workflow the CLI and the drafting page share: write the DOCX, check its format,
remember the fields for the next draft (written twice before, issue 24)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from troly.core.nd30 import DraftFields, write_docx
from troly.core.nd30.checker import check_docx
from troly.core.nd30.findings import Finding
from troly.core.nd30.memory import remember
from troly.core.nd30.types import DocType
from troly.core.policy import Policy
from troly.core.tasks.draft import missing_facts


@dataclass
class DraftExport:
    """A written draft: where it is, what the format check found, the fields left to fill."""

    path: Path
    findings: list[Finding]
    body: str
    missing: list[str] = field(default_factory=list)


def export_draft(
    doc_type: DocType,
    values: Mapping[str, str],
    body: str,
    out: str | Path,
    *,
    policy: Policy,
    config_dir: Path | None,
) -> DraftExport:
    """Write the document to `out`, check it against Phụ lục I, and remember the fields the
    user gave (in `config_dir`; None: remember nothing). Raises TrolyError (a missing field,
    export refused by the policy) before anything is written or remembered."""
    fields = DraftFields.from_mapping(values)
    path = write_docx(doc_type, fields, body, out, policy=policy)
    if config_dir is not None:
        remember(config_dir, values)
    return DraftExport(path, check_docx(path), body, missing_facts(body))
