"""The collections of ask mode: their folders and files, indexing with progress and Cancel.

The panel lists from its own connection to the index on the UI thread; indexing runs on an
IndexWorker with another. While it runs the panel only reads results from its signals (and
makes no writes of its own, which the indexer's write transactions would make wait).

The questions it asks the user (a name, "really delete?", which folder or files) go through
plain callables a test can replace to avoid blocking on a modal dialog.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from troly.core.errors import TrolyError
from troly.ui import dialogs, numbers
from troly.ui.collections_panel.files_model import NOT_INDEXED, record_from_result
from troly.ui.collections_panel.widgets import CollectionList, FileTable, ProgressRow, SourcesList
from troly.ui.index_workers import IndexWorker
from troly.ui.jobs import Job

if TYPE_CHECKING:
    from troly.core.index.store import IndexStore
    from troly.core.index.sync import FileResult, SyncReport
    from troly.core.session import Session

log = logging.getLogger(__name__)


class CollectionsPanel(QWidget):
    """Collections, the sources and files of the selected one, and its indexing."""

    collection_changed = Signal(str)  # "" when none is selected
    indexing_changed = Signal(bool)
    indexing_finished = Signal(object)  # SyncReport (cancelled or not)

    def __init__(self, session: Session, language: str = "vi", parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.language = language
        self.store: IndexStore | None = None
        self.last_report: SyncReport | None = None
        self.last_error: str | None = None
        self.job = Job(self, "IndexWorker")  # no engine: indexing runs in a child process
        self._indexing_collection = ""
        # Files of a kind TroLy cannot read yet, by collection, from its last indexing: the
        # index keeps no row for them, so they are known only from the results.
        self._unsupported: dict[str, list[FileResult]] = {}
        self.ask_name: Callable[[], str | None] = self._ask_name
        self.confirm_delete: Callable[[str], bool] = self._confirm_delete
        self.pick_folder: Callable[[], str | None] = self._pick_folder
        self.pick_files: Callable[[], list[str]] = self._pick_files
        self.setAcceptDrops(True)

        self.collection_list = CollectionList(self)
        self.sources = SourcesList(self)
        self.files = FileTable(self)
        self.progress = ProgressRow(self)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.collection_list, 1)
        top_layout.addWidget(self.sources, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setAccessibleName(self.tr("Collections and files"))
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(self.files)
        splitter.setSizes([300, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.progress)

        # The controls tests and callers reach for, by their old names.
        self.new_button = self.collection_list.new_button
        self.reindex_button = self.collection_list.reindex_button
        self.delete_button = self.collection_list.delete_button
        self.cancel_button = self.progress.cancel_button
        self.progress_label = self.progress.label

        self.collection_list.current_changed.connect(self._current_changed)
        self.new_button.clicked.connect(lambda: self.new_collection())
        self.delete_button.clicked.connect(self.delete_current)
        self.reindex_button.clicked.connect(lambda: self.reindex())
        self.sources.add_folder_button.clicked.connect(self.add_folder)
        self.sources.add_files_button.clicked.connect(self.add_files)
        self.sources.remove_button.clicked.connect(self.remove_current_source)
        self.sources.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.progress.cancel_clicked.connect(self.cancel_indexing)
        self.job.busy_changed.connect(self._busy)
        self._update_buttons()

    # -- store and lists --------------------------------------------------------------------

    def set_store(self, store: IndexStore | None, error: str | None = None) -> None:
        """The UI thread's IndexStore, or None (with the reason) when it cannot be opened."""
        self.store = store
        if store is None:
            self.collection_list.set_names([], "")
            self.files.say(error or "")
        self.refresh()

    def collections(self) -> list[str]:
        return self.collection_list.names()

    def current_collection(self) -> str:
        return self.collection_list.current()

    def file_rows(self) -> dict[str, tuple[str, str]]:
        """Shown files: path -> (status, reason) where status is "indexed", "failed" or
        "unsupported" (a kind TroLy cannot read yet)."""
        return {
            r.path: (r.status, r.error if r.status in NOT_INDEXED else "")
            for r in self.files.model.records()
        }

    def refresh(self, select: str | None = None) -> None:
        """Reload the collections, keeping (or setting) the selection."""
        if self.store is None:
            self._update_buttons()
            return
        keep = select if select is not None else self.current_collection()
        self.collection_list.set_names(self.store.collections(), keep)
        self._current_changed(self.current_collection())

    def _current_changed(self, name: str) -> None:
        self._show_collection()
        self.collection_changed.emit(name)

    def _show_collection(self) -> None:
        """The sources and files of the selected collection, from the store."""
        self.sources.clear()
        name = self.current_collection()
        records = []
        if self.store is not None and name:
            try:
                collection_id = self.store.collection_id(name)
                for source in self.store.sources(collection_id):
                    self.sources.add(source)
                records = list(self.store.files(collection_id).values())
                records += [record_from_result(r) for r in self._unsupported.get(name, [])]
            except TrolyError as exc:
                self.files.model.set_records([])
                self.files.say(exc.message(self.language))
                self._update_buttons()
                return
        self.files.model.set_records(records)
        if self.store is not None and not name:
            self.files.say(self.tr("No collection yet: add a folder or files to create one."))
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self.job.running() and self.store is not None
        has_current = bool(self.current_collection())
        self.collection_list.list.setEnabled(idle)
        self.new_button.setEnabled(idle)
        self.delete_button.setEnabled(idle and has_current)
        self.reindex_button.setEnabled(idle and has_current)
        self.sources.add_folder_button.setEnabled(idle)
        self.sources.add_files_button.setEnabled(idle)
        self.sources.remove_button.setEnabled(idle and self.sources.current() is not None)
        self.setAcceptDrops(idle)

    # -- collections ------------------------------------------------------------------------

    def new_collection(self, name: str | None = None) -> str:
        """Create a collection (asking for its name when none is given); "" when not made."""
        if self.store is None or self.indexing():
            return ""
        if name is None:
            name = self.ask_name()
        name = " ".join((name or "").split())
        if not name:
            return ""
        try:
            self.store.collection_id(name, create=True)
        except Exception as exc:  # apsw errors are not TrolyErrors
            self._error(exc, "Could not create a collection")
            return ""
        self.refresh(select=name)
        return name

    def delete_current(self) -> None:
        name = self.current_collection()
        if self.store is None or not name or self.indexing():
            return
        if not self.confirm_delete(name):
            return
        try:
            self.store.delete_collection(name)
        except Exception as exc:
            self._error(exc, "Could not delete a collection")
            return
        self._unsupported.pop(name, None)
        self.collection_list.select_none()
        self.refresh()

    def remove_current_source(self) -> None:
        source = self.sources.current()
        name = self.current_collection()
        if self.store is None or source is None or not name or self.indexing():
            return
        try:
            self.store.remove_source(self.store.collection_id(name), source)
        except Exception as exc:
            self._error(exc, "Could not remove a source")
            return
        # The files found only under that source leave the index on the next sync.
        self.reindex()

    # -- adding and indexing ----------------------------------------------------------------

    def add_folder(self) -> None:
        folder = self.pick_folder()
        if folder:
            self.add_sources([folder])

    def add_files(self) -> None:
        files = self.pick_files()
        if files:
            self.add_sources(files)

    def add_sources(self, paths: Sequence[str | Path]) -> bool:
        """Add folders or files to the selected collection (a new one if none) and index."""
        if self.store is None or self.indexing() or not paths:
            return False
        name = self.current_collection() or self.new_collection(self.tr("My documents"))
        if not name:
            return False
        sources = [str(Path(p).expanduser().resolve()) for p in paths]
        for source in sources:
            self.sources.add(source)
        return self._start(name, sources, force=False)

    def reindex(self, force: bool = False) -> bool:
        """Sync the selected collection with its remembered folders and files."""
        name = self.current_collection()
        if self.store is None or self.indexing() or not name:
            return False
        return self._start(name, [], force)

    def indexing(self) -> bool:
        return self.job.running()

    def indexing_thread(self) -> QThread | None:
        return self.job.qthread()

    def _start(self, name: str, sources: list[str], force: bool) -> bool:
        self._indexing_collection = name
        worker = self.job.start(
            IndexWorker(self.session, name, sources, force, self.language),
            progress=self._progress,
            file_done=self._file_done,
            finished=self._finished,
            failed=self._failed,
        )
        if worker is None:
            return False
        self.last_report = None
        self.last_error = None
        self.progress.show_step(self.tr("Looking for documents…"), 0.0)
        return True

    def cancel_indexing(self) -> None:
        if self.job.running():
            self.job.stop()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(self.tr("Cancelling…"))

    def _busy(self, busy: bool) -> None:
        self.progress.set_running(busy)
        self._update_buttons()
        self.indexing_changed.emit(busy)

    # The job hands on only the current indexing's signals, and ends it (busy off) before
    # `finished` or `failed` reaches these.

    def _progress(self, index: int, count: int, path: str, page: int, pages: int) -> None:
        if self.job.stopping():
            return
        if not path and index >= count:  # the last phase: passages given their vectors
            text = self.tr("Analysing what each passage is about: {done} of {total}").format(
                done=numbers.integer(page), total=numbers.integer(pages)
            )
            self.progress.show_step(text, page / max(pages, 1))
            return
        text = self.tr("File {i} of {n}: {name}").format(
            i=numbers.integer(index + 1), n=numbers.integer(count), name=Path(path).name
        )
        if pages:
            text += " — " + self.tr("page {page} of {pages}").format(
                page=numbers.integer(page), pages=numbers.integer(pages)
            )
        self.progress.show_step(text, (index + (page / pages if pages else 0.0)) / max(count, 1))

    def _file_done(self, index: int, count: int, result: FileResult) -> None:
        self.progress.bar.setValue(int((index + 1) * 1000 / max(count, 1)))
        if result.status == "unchanged" or self.current_collection() != self._indexing_collection:
            return
        self.files.model.upsert(record_from_result(result))

    def _finished(self, report: SyncReport) -> None:
        self.last_report = report
        self._remember_unsupported(self._indexing_collection, report)
        self.refresh(select=self._indexing_collection)
        summary = self.tr("{indexed} indexed, {unchanged} unchanged, {failed} failed").format(
            indexed=numbers.integer(report.count("indexed")),
            unchanged=numbers.integer(report.count("unchanged")),
            failed=numbers.integer(report.count("failed")),
        )
        if report.count("unsupported"):
            summary += ", " + self.tr("{count} not readable yet").format(
                count=numbers.integer(report.count("unsupported"))
            )
        if report.cancelled:
            summary = self.tr("Indexing cancelled: {summary}").format(summary=summary)
        self.progress.show_result(summary)
        self.indexing_finished.emit(report)

    def _remember_unsupported(self, name: str, report: SyncReport) -> None:
        """The files of a kind TroLy cannot read yet that indexing found, to list with the
        collection's files; a cancelled run keeps the ones it did not reach."""
        found = {r.path: r for r in report.results if r.status == "unsupported"}
        if report.cancelled:
            found = {**{r.path: r for r in self._unsupported.get(name, [])}, **found}
        self._unsupported[name] = sorted(found.values(), key=lambda r: r.path)

    def _failed(self, message: str) -> None:
        self.refresh(select=self._indexing_collection)
        self._warn(message)

    def _error(self, exc: Exception, what: str) -> None:
        if isinstance(exc, TrolyError):
            self._warn(exc.message(self.language))
        else:
            log.exception(what)
            self._warn(str(exc))

    def _warn(self, message: str) -> None:
        self.last_error = message
        dialogs.warn(self, self.tr("Documents"), message)

    def shutdown(self) -> None:
        """Stop indexing and join its thread (what is committed stays committed)."""
        self.job.shutdown()

    # -- drag and drop ----------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if self.acceptDrops() and urls and all(u.isLocalFile() for u in urls):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self.add_sources(paths):
            event.acceptProposedAction()
        else:
            event.ignore()

    # -- questions to the user --------------------------------------------------------------

    def _ask_name(self) -> str | None:
        return dialogs.ask_text(
            self,
            self.tr("New collection"),
            self.tr("Name of the collection:"),
            ok=self.tr("Create"),
        )

    def _confirm_delete(self, name: str) -> bool:
        return dialogs.confirm(
            self,
            self.tr("Delete the collection"),
            self.tr(
                "Delete the collection “{name}” and its index? Your files themselves are not "
                "touched."
            ).format(name=name),
            yes=self.tr("Delete"),
            destructive=True,
        )

    def _pick_folder(self) -> str | None:
        return dialogs.pick_folder(self, self.tr("Add a folder of documents"))

    def _pick_files(self) -> list[str]:
        return dialogs.open_files(self, self.tr("Add documents"))
