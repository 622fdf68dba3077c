"""Incremental indexing of a collection: new, changed and removed files.

A file is re-read only when its size or mtime changed and then its hash did too. Each file is
committed on its own, so killing the process mid-way loses nothing already done, duplicates
nothing (a file's passages are replaced in one transaction), and the next run resumes with the
files not yet done.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from troly.core import audit
from troly.core.documents import check_document
from troly.core.documents.errors import DocumentError, utf8_name
from troly.core.documents.kinds import SUPPORTED, UNSUPPORTED
from troly.core.documents.model import Document
from troly.core.documents.sniff import regular_file
from troly.core.documents.version import READER_VERSION
from troly.core.errors import GenerationCancelled, TrolyError
from troly.core.index.chunker import chunk_document
from troly.core.index.store import FileRecord, IndexStore
from troly.core.index.vectors import BATCH
from troly.core.policy import Policy, PolicyError

log = logging.getLogger(__name__)


# "unsupported": a document TroLy cannot read yet; reported, never opened nor stored.
Status = Literal["indexed", "unchanged", "failed", "removed", "unsupported"]
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
        if self.status in ("failed", "unsupported"):
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
    for found in scan(sources):
        if isinstance(found, Path):
            yield found


def scan(sources: Iterable[str | Path]) -> Iterator[Path | FileResult]:
    """The supported files under the given files and folders, sorted, each once; in place of
    one that must not be opened, its failed result: not a regular file (a named pipe blocks
    whoever opens it, a device never ends), a symbolic link loop, a name that is not UTF-8
    (SQLite keeps paths as UTF-8 text, and one such name stopped a whole folder); and for an
    office document TroLy cannot read yet, its "unsupported" result."""
    seen: set[str] = set()
    for source in sources:
        root = Path(source).expanduser()
        candidates: Iterable[Path] = _walk(root) if root.is_dir() else [root]
        for path in candidates:
            found = _candidate(path, direct=path is root)
            if found is None:
                continue
            key = found.path if isinstance(found, FileResult) else str(found)
            if key not in seen:
                seen.add(key)
                yield found


def _candidate(path: Path, direct: bool) -> Path | FileResult | None:
    """The file to index at `path` (symbolic links resolved), its failed or unsupported result,
    or None when it is no document (a folder, another kind of file, a lock or hidden file)."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop: regular_file below says so
        resolved = path.absolute()
    suffix = resolved.suffix.lower()
    if _lock_or_hidden(path, resolved, direct) or suffix not in SUPPORTED | UNSUPPORTED:
        return None
    if utf8_name(str(resolved)) == str(resolved):  # a name that is not is reported below
        try:
            mode = resolved.stat().st_mode
        except FileNotFoundError:
            # A dangling link in a folder is no document; a file given by name that is gone
            # is reported missing when read (one TroLy cannot read is simply no longer there).
            return resolved if direct and suffix in SUPPORTED else None
        except OSError:
            mode = 0
        if stat.S_ISDIR(mode):
            return None
    try:
        regular_file(resolved)  # only stats: never opens a pipe
    except DocumentError as exc:
        return FileResult(utf8_name(str(resolved)), "failed", exc.message_vi)
    if suffix in UNSUPPORTED:  # found by its suffix and a stat only: never opened nor hashed
        return FileResult(utf8_name(str(resolved)), "unsupported", unsupported_reason(resolved))
    return resolved


# Folders no one keeps documents in, skipped with all they hold: a drive's recycle bin and
# system folder on Windows. Hidden folders (.git, .Trash-1000, .cache) are skipped too.
SYSTEM_FOLDERS = frozenset({"$recycle.bin", "system volume information", "__pycache__"})


def _walk(root: Path) -> list[Path]:
    """Everything under `root`, sorted, without descending into hidden or system folders: a
    folder the user adds may be a home or a whole drive, where the trash, a program's cache
    or a version history holds old copies and thousands of files no one meant to index.
    Folders reached through a symbolic link are listed, not entered (as Path.rglob does)."""
    found: list[Path] = []
    for folder, subfolders, files in os.walk(root, followlinks=False):
        subfolders[:] = [name for name in subfolders if not _hidden_folder(Path(folder, name))]
        found.extend(Path(folder, name) for name in subfolders + files)
    return sorted(found)


def _hidden_folder(path: Path) -> bool:
    name = path.name
    if name.startswith(".") or name.lower() in SYSTEM_FOLDERS:
        return True
    try:  # Windows marks its own hidden folders by an attribute, not a name
        attributes = getattr(path.lstat(), "st_file_attributes", 0)
    except OSError:
        return False
    return bool(attributes & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def _lock_or_hidden(path: Path, resolved: Path, direct: bool) -> bool:
    """A lock file Word or Excel keeps beside an open document ("~$bang-luong.xlsx" holds
    the owner's name, never a document), wherever it is; and in a folder, a hidden file: the
    copy a Mac writes beside each file it copies ("._bang-luong.xlsx", 4 KB of resource
    data), an editor's backup. Read, each would fail or index a stray copy; a hidden file
    the user chose by name is read like any other."""
    if path.name.startswith("~$") or resolved.name.startswith("~$"):
        return True
    return not direct and path.name.startswith(".")


def unsupported_reason(path: Path) -> str:
    """Why a file of a kind TroLy cannot read yet is not indexed, and what the user can do:
    slides save as PDF (PowerPoint and Impress both offer it; neither saves them as DOCX)."""
    return f"TroLy chưa đọc được tệp {path.suffix.lower()}; hãy lưu thành PDF để lập chỉ mục."


def source_path(source: str | Path) -> str:
    """A file or folder the user gave, as stored in the collection: absolute, symbolic links
    resolved. TrolyError for one that can never be indexed: a symbolic link loop, a name that
    is not UTF-8, a named pipe or device (checked without opening it)."""
    path = Path(source).expanduser()
    try:
        resolved = path.resolve()
    except RuntimeError:  # a symbolic link loop (Python < 3.13): regular_file says so
        resolved = path.absolute()
    if not resolved.is_dir() and (resolved.exists() or resolved.is_symlink()):
        regular_file(resolved)  # a file: refused now when it can never be read
    elif utf8_name(str(resolved)) != str(resolved):
        raise TrolyError(
            f"Không lập chỉ mục được “{utf8_name(str(resolved))}”: tên thư mục không phải "
            "UTF-8, hãy đổi tên thư mục.",
            f"Cannot index “{utf8_name(str(resolved))}”: the folder name is not UTF-8; rename it.",
        )
    return str(resolved)


def file_sha256(path: Path) -> str:
    """The file's SHA-256; only for a file already checked (check_document): regular, and
    within the size limit."""
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
    """Bring a collection's index in line with its files; `sources` are added to it.

    The store's policy (the Session's) decides what may be indexed: a new source outside the
    allowed folders is refused (PolicyError) before anything is stored; a source stored before
    the policy forbade it is not read, and its files are removed from the index."""
    from troly.core.documents import read_document

    rules = store.policy
    new_sources = [source_path(s) for s in sources]
    for source in new_sources:
        rules.check_index_path(source)  # before anything is stored
    collection_id = store.collection_id(collection, create=True)
    store.add_sources(collection_id, new_sources)
    all_sources = _allowed_sources(rules, store.sources(collection_id))
    files = list(scan(all_sources))  # a file that must not be opened: its failed result
    known = store.files(collection_id)
    report = SyncReport()

    present = {str(p) for p in files if isinstance(p, Path)}
    for known_path, record in known.items():
        if known_path not in present:
            store.remove_file(collection_id, record.id)
            report.results.append(FileResult(known_path, "removed"))
            audit.record(audit.FILE_REMOVED, [known_path], connection=store.db)

    for index, path in enumerate(files):
        if cancel is not None and cancel.is_set():
            report.cancelled = True
            break
        if isinstance(path, FileResult):  # skipped unopened; never stored under its name
            report.results.append(path)
            if path.status == "failed":  # an unsupported kind is no failure: nothing happened
                audit.record(audit.FILE_INDEX_FAILED, [path.path], connection=store.db)
            if progress:
                progress(SyncProgress(index, len(files), path.path, result=path))
            continue
        key = str(path)

        def page_progress(done: int, total: int, i: int = index, p: str = key) -> None:
            if progress:
                progress(SyncProgress(i, len(files), p, done, total))

        page_progress(0, 0)
        try:
            rules.check_index_path(path)  # a symlink inside an allowed folder may lead out
        except PolicyError as exc:
            if key in known:  # indexed before the policy forbade it: no longer searchable
                store.remove_file(collection_id, known[key].id)
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


def _allowed_sources(rules: Policy, sources: list[str]) -> list[str]:
    """The stored sources the policy still allows; the others are kept in the collection (the
    administrator may allow them again) but not read, so their files leave the index."""
    allowed = [s for s in sources if rules.allows_index_path(s)]
    for source in sources:
        if source not in allowed:
            log.warning("Policy: %s is no longer allowed; its files leave the index", source)
    return allowed


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
        info = path.stat()
    except OSError as exc:
        return FileResult(key, "failed", f"Không đọc được tệp: {exc.strerror}")
    # Read by an older reader: read again, though the file is the same (documents.version).
    force = force or (record is not None and record.reader_version != READER_VERSION)
    if not force and record and record.size == info.st_size and record.mtime_ns == info.st_mtime_ns:
        return FileResult(
            key, "unchanged" if record.status == "indexed" else "failed", record.error
        )
    try:
        # Before hashing, which reads the whole file: a pipe put in its place would block, a
        # 1 TB sparse file take an hour.
        check_document(path)
    except DocumentError as exc:
        store.mark_failed(collection_id, key, info.st_size, info.st_mtime_ns, exc.message_vi)
        return FileResult(key, "failed", exc.message_vi)
    try:
        digest = file_sha256(path)
    except OSError as exc:
        store.mark_failed(
            collection_id,
            key,
            info.st_size,
            info.st_mtime_ns,
            f"Không đọc được tệp: {exc.strerror}",
        )
        return FileResult(key, "failed", f"Không đọc được tệp: {exc.strerror}")
    if not force and record and record.status == "indexed" and record.sha256 == digest:
        store.touch_file(record.id, info.st_mtime_ns)
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
        store.mark_failed(collection_id, key, info.st_size, info.st_mtime_ns, exc.message_vi)
        return FileResult(key, "failed", exc.message_vi)
    except Exception as exc:  # a reader bug must not stop the other files
        # The traceback to the log file only: the user gets the file's result line.
        log.info("Unexpected failure reading %s", utf8_name(path.name), exc_info=True)
        message = (
            f"Lỗi không mong đợi khi đọc tệp ({type(exc).__name__}); chi tiết ở nhật ký troly.log."
        )
        store.mark_failed(collection_id, key, info.st_size, info.st_mtime_ns, message)
        return FileResult(key, "failed", message)
    pages = len(document.pages)
    store.replace_file(
        collection_id,
        key,
        info.st_size,
        info.st_mtime_ns,
        digest,
        chunks,
        pages,
        document.ocr_pages,
        document.pages_estimated,
        [(page.number, table) for page in document.pages for table in page.tables],
    )
    return FileResult(key, "indexed", pages=pages, chunks=len(chunks), ocr_pages=document.ocr_pages)
