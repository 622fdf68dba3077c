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
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from troly.core.errors import TrolyError
from troly.ui.index_workers import IndexWorker
from troly.ui.workers import WorkerThread

log = logging.getLogger(__name__)

_PATH_ROLE = Qt.ItemDataRole.UserRole
_FAILED_COLOUR = QColor("#b3261e")
DOCUMENT_FILTER = "*.pdf *.docx *.txt *.md"


def _bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class CollectionsPanel(QWidget):
    """Collections, the sources and files of the selected one, and its indexing."""

    collection_changed = Signal(str)  # "" when none is selected
    indexing_changed = Signal(bool)
    indexing_finished = Signal(object)  # SyncReport (cancelled or not)

    COL_FILE, COL_STATUS, COL_PAGES, COL_OCR, COL_PASSAGES = range(5)

    def __init__(self, session: Any, language: str = "vi", parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.language = language
        self.store: Any = None
        self.last_report: Any = None
        self.last_error: str | None = None
        self._task: WorkerThread | None = None
        self._indexing_collection = ""
        self.ask_name: Callable[[], str | None] = self._ask_name
        self.confirm_delete: Callable[[str], bool] = self._confirm_delete
        self.pick_folder: Callable[[], str | None] = self._pick_folder
        self.pick_files: Callable[[], list[str]] = self._pick_files
        self.setAcceptDrops(True)
        self._build()
        self._update_buttons()

    def _build(self) -> None:
        self.heading = _bold(QLabel(self.tr("Document collections"), self))
        self.heading.setAccessibleName(self.tr("Document collections"))
        self.collection_list = QListWidget(self)
        self.collection_list.setAccessibleName(self.tr("Collection list"))
        self.new_button = QPushButton(self.tr("New…"), self)
        self.new_button.setAccessibleName(self.tr("New collection"))
        self.new_button.setToolTip(self.tr("Create a new collection of documents"))
        self.reindex_button = QPushButton(self.tr("Re-index"), self)
        self.reindex_button.setAccessibleName(self.tr("Re-index the collection"))
        self.reindex_button.setToolTip(
            self.tr("Read the collection's folders and files again: new, changed and removed")
        )
        self.delete_button = QPushButton(self.tr("Delete…"), self)
        self.delete_button.setAccessibleName(self.tr("Delete the collection"))
        collection_buttons = QHBoxLayout()
        collection_buttons.addWidget(self.new_button)
        collection_buttons.addWidget(self.reindex_button)
        collection_buttons.addWidget(self.delete_button)

        self.sources_heading = _bold(QLabel(self.tr("Folders and files"), self))
        self.sources_list = QListWidget(self)
        self.sources_list.setAccessibleName(self.tr("Folders and files of the collection"))
        self.sources_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.add_folder_button = QPushButton(self.tr("Add folder…"), self)
        self.add_folder_button.setAccessibleName(self.tr("Add a folder"))
        self.add_files_button = QPushButton(self.tr("Add files…"), self)
        self.add_files_button.setAccessibleName(self.tr("Add files"))
        self.remove_source_button = QPushButton(self.tr("Remove"), self)
        self.remove_source_button.setAccessibleName(self.tr("Remove the folder or file"))
        self.remove_source_button.setToolTip(
            self.tr("Stop indexing this folder or file; its passages are removed")
        )
        source_buttons = QHBoxLayout()
        source_buttons.addWidget(self.add_folder_button)
        source_buttons.addWidget(self.add_files_button)
        source_buttons.addWidget(self.remove_source_button)
        self.drop_hint = QLabel(self.tr("You can also drop folders and files here."), self)
        self.drop_hint.setAccessibleName(self.tr("Hint"))
        self.drop_hint.setStyleSheet("color: #666;")
        self.drop_hint.setWordWrap(True)

        self.files_heading = _bold(QLabel(self.tr("Files"), self))
        self.counts = QLabel(self)
        self.counts.setAccessibleName(self.tr("File counts"))
        self.counts.setWordWrap(True)
        self.files_tree = QTreeWidget(self)
        self.files_tree.setAccessibleName(self.tr("Files of the collection"))
        self.files_tree.setRootIsDecorated(False)
        self.files_tree.setUniformRowHeights(True)
        self.files_tree.setSortingEnabled(True)
        self.files_tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.files_tree.setHeaderLabels(
            [
                self.tr("File"),
                self.tr("Status"),
                self.tr("Pages"),
                self.tr("OCR pages"),
                self.tr("Passages"),
            ]
        )
        header = self.files_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(self.COL_FILE, QHeaderView.ResizeMode.Stretch)
        for column in (self.COL_STATUS, self.COL_PAGES, self.COL_OCR, self.COL_PASSAGES):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.files_tree.sortByColumn(self.COL_FILE, Qt.SortOrder.AscendingOrder)

        self.failed_heading = _bold(QLabel(self.tr("Files that could not be read"), self))
        self.failed_heading.setStyleSheet("color: #b3261e;")
        self.failed_list = QListWidget(self)
        self.failed_list.setAccessibleName(self.tr("Files that could not be read, and why"))
        self.failed_list.setWordWrap(True)
        self.failed_list.setMaximumHeight(110)

        self.progress_label = QLabel(self)
        self.progress_label.setAccessibleName(self.tr("Indexing progress"))
        self.progress_label.setWordWrap(True)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setAccessibleName(self.tr("Indexing progress"))
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setAccessibleName(self.tr("Cancel indexing"))
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_bar, 1)
        progress_row.addWidget(self.cancel_button)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.heading)
        top_layout.addWidget(self.collection_list, 1)
        top_layout.addLayout(collection_buttons)
        top_layout.addWidget(self.sources_heading)
        top_layout.addWidget(self.sources_list, 1)
        top_layout.addLayout(source_buttons)
        top_layout.addWidget(self.drop_hint)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.files_heading)
        bottom_layout.addWidget(self.counts)
        bottom_layout.addWidget(self.files_tree, 1)
        bottom_layout.addWidget(self.failed_heading)
        bottom_layout.addWidget(self.failed_list)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setAccessibleName(self.tr("Collections and files"))
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([300, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.progress_label)
        layout.addLayout(progress_row)
        self._show_progress(False)

        self.collection_list.currentItemChanged.connect(self._current_changed)
        self.new_button.clicked.connect(lambda: self.new_collection())
        self.delete_button.clicked.connect(self.delete_current)
        self.reindex_button.clicked.connect(lambda: self.reindex())
        self.add_folder_button.clicked.connect(self.add_folder)
        self.add_files_button.clicked.connect(self.add_files)
        self.remove_source_button.clicked.connect(self.remove_current_source)
        self.sources_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.cancel_button.clicked.connect(self.cancel_indexing)

    # -- store and lists --------------------------------------------------------------------

    def set_store(self, store: Any, error: str | None = None) -> None:
        """The UI thread's IndexStore, or None (with the reason) when it cannot be opened."""
        self.store = store
        if store is None:
            self.collection_list.clear()
            self.counts.setText(error or "")
        self.refresh()

    def collections(self) -> list[str]:
        return [self.collection_list.item(r).text() for r in range(self.collection_list.count())]

    def current_collection(self) -> str:
        item = self.collection_list.currentItem()
        return item.text() if item is not None else ""

    def refresh(self, select: str | None = None) -> None:
        """Reload the collections, keeping (or setting) the selection."""
        if self.store is None:
            self._update_buttons()
            return
        keep = select if select is not None else self.current_collection()
        names = self.store.collections()
        self.collection_list.blockSignals(True)
        try:
            self.collection_list.clear()
            for name in names:
                self.collection_list.addItem(name)
            rows = [i for i, n in enumerate(names) if n == keep] or ([0] if names else [])
            if rows:
                self.collection_list.setCurrentRow(rows[0])
        finally:
            self.collection_list.blockSignals(False)
        self._show_collection()
        self.collection_changed.emit(self.current_collection())

    def _current_changed(self, *_: Any) -> None:
        self._show_collection()
        self.collection_changed.emit(self.current_collection())

    def _show_collection(self) -> None:
        """The sources and files of the selected collection, from the store."""
        self.sources_list.clear()
        self.files_tree.clear()
        self.failed_list.clear()
        name = self.current_collection()
        if self.store is not None and name:
            try:
                collection_id = self.store.collection_id(name)
                sources = self.store.sources(collection_id)
                files = self.store.files(collection_id)
            except TrolyError as exc:
                self.counts.setText(exc.message(self.language))
                self._update_buttons()
                return
            for source in sources:
                self._add_source_item(source)
            self.files_tree.setSortingEnabled(False)
            for path, record in files.items():
                self._set_file_row(
                    path,
                    record.status,
                    record.error,
                    record.pages,
                    record.ocr_pages,
                    record.chunks,
                    record.pages_estimated,
                )
            self.files_tree.setSortingEnabled(True)
        self._update_counts()
        self._update_buttons()

    def _add_source_item(self, source: str) -> None:
        for row in range(self.sources_list.count()):
            if self.sources_list.item(row).data(_PATH_ROLE) == source:
                return
        icon = (
            QStyle.StandardPixmap.SP_DirIcon
            if Path(source).is_dir()
            else (QStyle.StandardPixmap.SP_FileIcon)
        )
        item = QListWidgetItem(self.style().standardIcon(icon), source)
        item.setData(_PATH_ROLE, source)
        item.setToolTip(source)
        self.sources_list.addItem(item)

    def _file_items(self) -> list[QTreeWidgetItem]:
        tree = self.files_tree
        items = (tree.topLevelItem(row) for row in range(tree.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _file_item(self, path: str) -> QTreeWidgetItem | None:
        for item in self._file_items():
            if item.data(self.COL_FILE, _PATH_ROLE) == path:
                return item
        return None

    def _set_file_row(
        self,
        path: str,
        status: str,
        error: str,
        pages: int,
        ocr_pages: int,
        chunks: int,
        pages_estimated: bool = False,
    ) -> None:
        item = self._file_item(path)
        if status == "removed":
            if item is not None:
                self.files_tree.takeTopLevelItem(self.files_tree.indexOfTopLevelItem(item))
            return
        if item is None:
            item = QTreeWidgetItem()
            item.setData(self.COL_FILE, _PATH_ROLE, path)
            self.files_tree.addTopLevelItem(item)
        failed = status == "failed"
        item.setText(self.COL_FILE, Path(path).name)
        item.setToolTip(self.COL_FILE, path)
        item.setText(self.COL_STATUS, self.tr("Failed") if failed else self.tr("Indexed"))
        if failed:
            for column in (self.COL_PAGES, self.COL_OCR, self.COL_PASSAGES):
                item.setText(column, "")
        else:
            item.setText(self.COL_PAGES, f"~{pages}" if pages_estimated else str(pages))
            item.setText(self.COL_OCR, str(ocr_pages) if ocr_pages else "")
            item.setText(self.COL_PASSAGES, str(chunks))
        # The reason is the status's tooltip, and a line of the failed list below.
        item.setToolTip(self.COL_STATUS, error if failed else "")
        item.setData(self.COL_PAGES, _PATH_ROLE, error if failed else "")
        brush = QBrush(_FAILED_COLOUR) if failed else QBrush()
        for column in range(self.files_tree.columnCount()):
            item.setForeground(column, brush)
        item.setData(self.COL_STATUS, _PATH_ROLE, status)

    def file_rows(self) -> dict[str, tuple[str, str]]:
        """Shown files: path -> (status, reason) where status is "indexed" or "failed"."""
        rows = {}
        for item in self._file_items():
            rows[item.data(self.COL_FILE, _PATH_ROLE)] = (
                item.data(self.COL_STATUS, _PATH_ROLE),
                item.data(self.COL_PAGES, _PATH_ROLE) or "",
            )
        return rows

    def _update_counts(self) -> None:
        rows = self.file_rows()
        failed = sorted((p, reason) for p, (status, reason) in rows.items() if status == "failed")
        passages = pages = ocr = 0
        for item in self._file_items():
            passages += int(item.text(self.COL_PASSAGES) or 0)
            pages += int(item.text(self.COL_PAGES).lstrip("~") or 0)
            ocr += int(item.text(self.COL_OCR) or 0)
        if self.store is not None and self.current_collection():
            self.counts.setText(
                self.tr(
                    "{files} files: {indexed} indexed, {failed} failed; {pages} pages "
                    "({ocr} by OCR), {passages} passages"
                ).format(
                    files=len(rows),
                    indexed=len(rows) - len(failed),
                    failed=len(failed),
                    pages=pages,
                    ocr=ocr,
                    passages=passages,
                )
            )
        elif self.store is not None:
            self.counts.setText(self.tr("No collection yet: add a folder or files to create one."))
        self.failed_list.clear()
        for path, reason in failed:
            entry = QListWidgetItem(f"{Path(path).name}: {reason}")
            entry.setToolTip(path)
            entry.setData(_PATH_ROLE, path)
            self.failed_list.addItem(entry)
        self.failed_heading.setVisible(bool(failed))
        self.failed_list.setVisible(bool(failed))

    def _update_buttons(self) -> None:
        idle = self._task is None and self.store is not None
        has_current = bool(self.current_collection())
        self.collection_list.setEnabled(idle)
        self.new_button.setEnabled(idle)
        self.delete_button.setEnabled(idle and has_current)
        self.reindex_button.setEnabled(idle and has_current)
        self.add_folder_button.setEnabled(idle)
        self.add_files_button.setEnabled(idle)
        self.remove_source_button.setEnabled(idle and self.sources_list.currentItem() is not None)
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
        except TrolyError as exc:
            self._error(exc.message(self.language))
            return ""
        except Exception as exc:  # apsw errors are not TrolyErrors
            log.exception("Could not create a collection")
            self._error(str(exc))
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
        except TrolyError as exc:
            self._error(exc.message(self.language))
            return
        except Exception as exc:
            log.exception("Could not delete a collection")
            self._error(str(exc))
            return
        self.collection_list.blockSignals(True)
        self.collection_list.setCurrentRow(-1)
        self.collection_list.blockSignals(False)
        self.refresh()

    def remove_current_source(self) -> None:
        item = self.sources_list.currentItem()
        name = self.current_collection()
        if self.store is None or item is None or not name or self.indexing():
            return
        try:
            self.store.remove_source(self.store.collection_id(name), item.data(_PATH_ROLE))
        except TrolyError as exc:
            self._error(exc.message(self.language))
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
            self._add_source_item(source)
        return self._start(name, sources, force=False)

    def reindex(self, force: bool = False) -> bool:
        """Sync the selected collection with its remembered folders and files."""
        name = self.current_collection()
        if self.store is None or self.indexing() or not name:
            return False
        return self._start(name, [], force)

    def indexing(self) -> bool:
        return self._task is not None

    def indexing_thread(self) -> Any:
        return self._task.qthread if self._task is not None else None

    def _start(self, name: str, sources: list[str], force: bool) -> bool:
        self.last_report = None
        self.last_error = None
        worker = IndexWorker(self.session, name, sources, force, self.language)
        worker.progress.connect(self._progress)
        worker.file_done.connect(self._file_done)
        worker.finished.connect(self._finished)
        worker.failed.connect(self._failed)
        self._indexing_collection = name
        self._task = WorkerThread(worker, "IndexWorker").start()
        self.progress_bar.setValue(0)
        self.progress_label.setText(self.tr("Looking for documents…"))
        self._show_progress(True)
        self._update_buttons()
        self.indexing_changed.emit(True)
        return True

    def cancel_indexing(self) -> None:
        if self._task is not None:
            self._task.worker.stop()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(self.tr("Cancelling…"))

    def _from_task(self) -> bool:
        return self._task is not None and self.sender() is self._task.worker

    def _progress(self, index: int, count: int, path: str, page: int, pages: int) -> None:
        if not self._from_task() or self._task is None or self._task.worker.cancel.is_set():
            return
        text = self.tr("File {i} of {n}: {name}").format(i=index + 1, n=count, name=Path(path).name)
        if pages:
            text += " — " + self.tr("page {page} of {pages}").format(page=page, pages=pages)
        self.progress_label.setText(text)
        fraction = (index + (page / pages if pages else 0.0)) / max(count, 1)
        self.progress_bar.setValue(int(fraction * 1000))

    def _file_done(self, index: int, count: int, result: Any) -> None:
        if not self._from_task():
            return
        self.progress_bar.setValue(int((index + 1) * 1000 / max(count, 1)))
        if result.status == "unchanged" or self.current_collection() != self._indexing_collection:
            return
        self.files_tree.setSortingEnabled(False)
        self._set_file_row(
            result.path, result.status, result.error, result.pages, result.ocr_pages, result.chunks
        )
        self.files_tree.setSortingEnabled(True)
        self._update_counts()

    def _end(self) -> None:
        self._task = None
        self._show_progress(False)
        self._update_buttons()
        self.indexing_changed.emit(False)

    def _finished(self, report: Any) -> None:
        if not self._from_task():
            return
        self.last_report = report
        self._end()
        self.refresh(select=self._indexing_collection)
        summary = self.tr("{indexed} indexed, {unchanged} unchanged, {failed} failed").format(
            indexed=report.count("indexed"),
            unchanged=report.count("unchanged"),
            failed=report.count("failed"),
        )
        if report.cancelled:
            summary = self.tr("Indexing cancelled: {summary}").format(summary=summary)
        self.progress_label.setText(summary)
        self.progress_label.show()
        self.indexing_finished.emit(report)

    def _failed(self, message: str) -> None:
        if not self._from_task():
            return
        self._end()
        self.refresh(select=self._indexing_collection)
        self._error(message)

    def _show_progress(self, shown: bool) -> None:
        self.progress_bar.setVisible(shown)
        self.cancel_button.setVisible(shown)
        self.cancel_button.setEnabled(shown)
        self.progress_label.setVisible(shown)

    def _error(self, message: str) -> None:
        self.last_error = message
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Documents"), message, parent=self)
        box.addButton(self.tr("OK"), QMessageBox.ButtonRole.AcceptRole)
        box.setAccessibleName(self.tr("Documents"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def shutdown(self) -> None:
        """Stop indexing and join its thread (what is committed stays committed)."""
        if self._task is not None:
            self._task.stop()
            self._task = None

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
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("New collection"))
        dialog.setLabelText(self.tr("Name of the collection:"))
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setOkButtonText(self.tr("Create"))
        dialog.setCancelButtonText(self.tr("Cancel"))
        dialog.setAccessibleName(self.tr("New collection"))
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.textValue() if accepted else None

    def _confirm_delete(self, name: str) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Delete the collection"))
        box.setAccessibleName(self.tr("Delete the collection"))
        box.setText(
            self.tr(
                "Delete the collection “{name}” and its index? Your files themselves are not "
                "touched."
            ).format(name=name)
        )
        delete = box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is delete

    def _pick_folder(self) -> str | None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder of documents"))
        return folder or None

    def _pick_files(self) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add documents"),
            "",
            self.tr("Documents ({patterns})").format(patterns=DOCUMENT_FILTER),
        )
        return list(files)
