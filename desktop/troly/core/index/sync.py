"""Incremental indexing of a collection: new, changed and removed files.

A file is re-read only when its size or mtime changed and then its hash did too. Each file is
committed on its own, so killing the process mid-way loses nothing already done, duplicates
nothing (a file's passages are replaced in one transaction), and the next run resumes with the
files not yet done.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from troly.core import audit, policy
from troly.core.documents.model import Document
from troly.core.errors import GenerationCancelled, TrolyError
from troly.core.index.chunker import chunk_document
from troly.core.index.store import FileRecord, IndexStore
from troly.core.index.vectors import BATCH
from troly.core.policy import PolicyError

log = logging.getLogger(__name__)

SUPPORTED = {".pdf", ".docx", ".txt", ".md"}

Status = Literal["indexed", "unchanged", "failed", "removed"]
_AUDIT_ACTIONS = {
    "indexed": audit.FILE_INDEXED,
    "failed": audit.FILE_INDEX_FAILED,
    "removed": audit.FILE_REMOVED,
}


@dataclass(frozen=True)
class FileResult:
    path: str
    status: Status
    error: str = ""
    pages: int = 0
    chunks: int = 0
    ocr_pages: int = 0

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"file": self.path, "status": self.status}
        if self.status == "failed":
            data["error"] = self.error
        if self.status == "indexed":
            data.update(pages=self.pages, chunks=self.chunks, ocr_pages=self.ocr_pages)
        return data


@dataclass
class SyncReport:
    results: list[FileResult] = field(default_factory=list)
    cancelled: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)


@dataclass(frozen=True)
class SyncProgress:
    """Where indexing is: file i of n, and the page within that file; in the last phase
    (path "", file_index == file_count), passages given their vectors: page of pages."""

    file_index: int
    file_count: int
    path: str
    page: int = 0
    pages: int = 0
    result: FileResult | None = None  # set once the file is done

    @property
    def vectors(self) -> bool:
        return not self.path and self.file_index >= self.file_count


ProgressCallback = Callable[[SyncProgress], None]


def discover(sources: Iterable[str | Path]) -> Iterator[Path]:
    """The supported files under the given files and folders, sorted, each once."""
    seen: set[Path] = set()
    for source in sources:
        root = Path(source).expanduser()
        candidates: Iterable[Path] = (
            sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        )
        for path in candidates:
            resolved = path.resolve()
            if resolved.suffix.lower() in SUPPORTED and resolved not in seen:
                # Office's lock files ("~$name.docx") are not documents.
                if resolved.name.startswith("~$"):
                    continue
                seen.add(resolved)
                yield resolved


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sync_collection(
    store: IndexStore,
    collection: str,
    sources: Iterable[str | Path],
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    force: bool = False,
    ocr: bool = True,
) -> SyncReport:
    """Bring a collection's index in line with its files; `sources` are added to it."""
    from troly.core.documents import read_document

    rules = policy.current()
    new_sources = [str(Path(s).expanduser().resolve()) for s in sources]
    for source in new_sources:
        rules.check_index_path(source)  # before anything is stored
    collection_id = store.collection_id(collection, create=True)
    store.add_sources(collection_id, new_sources)
    all_sources = store.sources(collection_id)
    files = list(discover(all_sources))
    known = store.files(collection_id)
    report = SyncReport()

    present = {str(p) for p in files}
    for known_path, record in known.items():
        if known_path not in present:
            store.remove_file(collection_id, record.id)
            report.results.append(FileResult(known_path, "removed"))
            audit.record(audit.FILE_REMOVED, [known_path], connection=store.db)

    for index, path in enumerate(files):
        if cancel is not None and cancel.is_set():
            report.cancelled = True
            break
        key = str(path)

        def page_progress(done: int, total: int, i: int = index, p: str = key) -> None:
            if progress:
                progress(SyncProgress(i, len(files), p, done, total))

        page_progress(0, 0)
        try:
            rules.check_index_path(path)  # a symlink inside an allowed folder may lead out
        except PolicyError as exc:
            result = FileResult(key, "failed", exc.message_vi)
            report.results.append(result)
            if progress:
                progress(SyncProgress(index, len(files), key, result=result))
            continue
        try:
            result = _sync_file(
                store,
                collection_id,
                path,
                known.get(key),
                force,
                ocr,
                read_document,
                page_progress,
                cancel,
            )
        except GenerationCancelled:
            report.cancelled = True
            break
        report.results.append(result)
        if result.status != "unchanged":
            audit.record(_AUDIT_ACTIONS[result.status], [key], connection=store.db)
        if progress:
            progress(SyncProgress(index, len(files), key, result=result))
    if not report.cancelled:
        # After the files, so that a passage is searchable by its words at once; resumable,
        # since only passages without a vector are embedded.
        report.cancelled = not embed_passages(store, collection_id, len(files), progress, cancel)
    store.refresh_statistics(collection_id)
    return report


def embed_passages(
    store: IndexStore,
    collection_id: int,
    file_count: int = 0,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> bool:
    """Give every passage of a collection that has none its vector (vectors.py), a batch per
    transaction; False when cancelled (what was stored stays)."""
    pending = store.chunks_without_vectors(collection_id)
    embedder = store.embedder
    if not pending or embedder is None:
        return True
    reused = store.reuse_vectors(collection_id, pending)
    # Each distinct text once (the same file twice in a folder, a heading repeated): its
    # vector goes to every passage that has it.
    by_text: dict[str, list[int]] = {}
    for chunk_id, text in pending:
        if chunk_id not in reused:
            by_text.setdefault(text, []).append(chunk_id)
    texts = list(by_text)
    for start in range(0, len(texts), BATCH):
        if cancel is not None and cancel.is_set():
            return False
        if progress:
            progress(SyncProgress(file_count, file_count, "", start, len(texts)))
        batch = texts[start : start + BATCH]
        vectors = embedder.passages(batch)
        ids = [(i, row) for row, text in enumerate(batch) for i in by_text[text]]
        store.put_vectors(
            collection_id,
            [i for i, _ in ids],
            [batch[row] for _, row in ids],
            [vectors[row] for _, row in ids],
        )
    if progress and texts:
        progress(SyncProgress(file_count, file_count, "", len(texts), len(texts)))
    return True


def _sync_file(
    store: IndexStore,
    collection_id: int,
    path: Path,
    record: FileRecord | None,
    force: bool,
    ocr: bool,
    read_document: Callable[..., Document],
    page_progress: Callable[[int, int], None],
    cancel: threading.Event | None,
) -> FileResult:
    key = str(path)
    try:
        stat = path.stat()
    except OSError as exc:
        return FileResult(key, "failed", f"Không đọc được tệp: {exc.strerror}")
    if not force and record and record.size == stat.st_size and record.mtime_ns == stat.st_mtime_ns:
        return FileResult(
            key, "unchanged" if record.status == "indexed" else "failed", record.error
        )
    try:
        digest = file_sha256(path)
    except OSError as exc:
        store.mark_failed(
            collection_id,
            key,
            stat.st_size,
            stat.st_mtime_ns,
            f"Không đọc được tệp: {exc.strerror}",
        )
        return FileResult(key, "failed", f"Không đọc được tệp: {exc.strerror}")
    if not force and record and record.status == "indexed" and record.sha256 == digest:
        store.touch_file(record.id, stat.st_mtime_ns)
        return FileResult(key, "unchanged")
    try:
        document = read_document(path, ocr=ocr, progress=page_progress, cancel=cancel)
        chunks = chunk_document(document)
        if not chunks:
            raise TrolyError(
                "Tệp không có nội dung chữ nào đọc được.", "The file has no readable text."
            )
    except GenerationCancelled:
        raise
    except TrolyError as exc:
        store.mark_failed(collection_id, key, stat.st_size, stat.st_mtime_ns, exc.message_vi)
        return FileResult(key, "failed", exc.message_vi)
    except Exception as exc:  # a reader bug must not stop the other files
        log.exception("Unexpected failure reading %s", path.name)
        message = f"Lỗi không mong đợi khi đọc tệp ({type(exc).__name__})."
        store.mark_failed(collection_id, key, stat.st_size, stat.st_mtime_ns, message)
        return FileResult(key, "failed", message)
    pages = len(document.pages)
    store.replace_file(
        collection_id,
        key,
        stat.st_size,
        stat.st_mtime_ns,
        digest,
        chunks,
        pages,
        document.ocr_pages,
        document.pages_estimated,
    )
    return FileResult(key, "indexed", pages=pages, chunks=len(chunks), ocr_pages=document.ocr_pages)
