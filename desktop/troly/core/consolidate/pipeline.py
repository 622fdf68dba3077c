"""`consolidate_folder`: read every report in a folder and build the table, with progress and
Stop; files that cannot be read are named in the warnings, the others still consolidated."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from troly.core.consolidate import extract, narrative, table
from troly.core.consolidate.model import Consolidation, Figure
from troly.core.documents import Cancelled, DocumentError, read_document

# progress(done_files, total_files, file_name)
Progress = Callable[[int, int, str], None]
_SKIP = (".", "~$")  # hidden files and Word's lock files


@dataclass
class Result:
    table: Consolidation
    points: list[narrative.Point]
    dropped_sentences: int  # narrative sentences left out: a number the table does not show


def report_files(folder: Path) -> list[Path]:
    """The folder's files (not its subfolders), in name order."""
    return sorted(
        p
        for p in Path(folder).expanduser().iterdir()
        if p.is_file() and not p.name.startswith(_SKIP)
    )


def consolidate_folder(
    folder: str | Path,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    ocr: bool = True,
) -> Result:
    """Read, extract, match and check. Raises Cancelled when `cancel` is set."""
    files = report_files(Path(folder))
    units: list[str] = []
    found: dict[str, list[Figure]] = {}
    prose: dict[str, list[str]] = {}
    warnings: list[str] = []
    for done, path in enumerate(files):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        if progress is not None:
            progress(done, len(files), path.name)
        try:
            document = read_document(path, ocr=ocr, cancel=cancel)
        except DocumentError as exc:
            warnings.append(exc.message_vi)  # names the file; the others are still read
            continue
        unit = extract.unit_name(document)
        if unit not in units:
            units.append(unit)  # an annex of the same unit adds to its figures
        found.setdefault(unit, []).extend(extract.figures(document, unit))
        prose.setdefault(unit, []).extend(extract.prose(document))
    if progress is not None:
        progress(len(files), len(files), "")
    result = table.build(units, found)
    result.warnings = warnings
    result.texts = prose
    points, dropped = narrative.build(prose, result.values())
    return Result(result, points, dropped)
