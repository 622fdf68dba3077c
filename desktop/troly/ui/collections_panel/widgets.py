"""The parts the collections panel is made of: the collection list, the folders and files it
indexes, the table of its files, and the progress row."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStyle,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from troly.ui import numbers, theme
from troly.ui.collections_panel.files_model import (
    COL_FILE,
    COL_OCR,
    COL_PAGES,
    COL_PASSAGES,
    COL_STATUS,
    SORT_ROLE,
    FilesModel,
)

PATH_ROLE = Qt.ItemDataRole.UserRole


def bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    return row


class CollectionList(QWidget):
    """The collections by name, with New, Re-index and Delete."""

    current_changed = Signal(str)  # "" when none is selected

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = bold(QLabel(self.tr("Document collections"), self))
        self.heading.setAccessibleName(self.tr("Document collections"))
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Collection list"))
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(button_row(self.new_button, self.reindex_button, self.delete_button))
        self.list.currentItemChanged.connect(lambda *_: self.current_changed.emit(self.current()))

    def names(self) -> list[str]:
        return [self.list.item(r).text() for r in range(self.list.count())]

    def current(self) -> str:
        item = self.list.currentItem()
        return item.text() if item is not None else ""

    def set_names(self, names: list[str], select: str) -> None:
        """The names, `select` (else the first) selected, without emitting current_changed."""
        self.list.blockSignals(True)
        try:
            self.list.clear()
            self.list.addItems(names)
            if names:
                self.list.setCurrentRow(names.index(select) if select in names else 0)
        finally:
            self.list.blockSignals(False)

    def select_none(self) -> None:
        self.list.blockSignals(True)
        self.list.setCurrentRow(-1)
        self.list.blockSignals(False)


class SourcesList(QWidget):
    """The folders and files a collection indexes, with Add folder, Add files and Remove."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = bold(QLabel(self.tr("Folders and files"), self))
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Folders and files of the collection"))
        # A long path wraps (at "/", or anywhere) to the list's width, whole: nothing is cut
        # or hidden off to the right.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # only past the list's height
        self.add_folder_button = QPushButton(self.tr("Add folder…"), self)
        self.add_folder_button.setAccessibleName(self.tr("Add a folder"))
        self.add_files_button = QPushButton(self.tr("Add files…"), self)
        self.add_files_button.setAccessibleName(self.tr("Add files"))
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.remove_button.setAccessibleName(self.tr("Remove the folder or file"))
        self.remove_button.setToolTip(
            self.tr("Stop indexing this folder or file; its passages are removed")
        )
        self.drop_hint = QLabel(self.tr("You can also drop folders and files here."), self)
        self.drop_hint.setAccessibleName(self.tr("Hint"))
        self.drop_hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(
            button_row(self.add_folder_button, self.add_files_button, self.remove_button)
        )
        layout.addWidget(self.drop_hint)

    def paths(self) -> list[str]:
        return [str(self.list.item(r).data(PATH_ROLE)) for r in range(self.list.count())]

    def current(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(PATH_ROLE)) if item is not None else None

    def add(self, source: str) -> None:
        if source in self.paths():
            return
        kind = (
            QStyle.StandardPixmap.SP_DirIcon
            if Path(source).is_dir()
            else QStyle.StandardPixmap.SP_FileIcon
        )
        item = QListWidgetItem(self.style().standardIcon(kind), source)
        item.setData(PATH_ROLE, source)
        item.setToolTip(source)
        self.list.addItem(item)

    def clear(self) -> None:
        self.list.clear()


class FileTable(QWidget):
    """The files of the collection (a view over FilesModel), their totals, and the files that
    could not be read with the reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FilesModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.heading = bold(QLabel(self.tr("Files"), self))
        self.counts = QLabel(self)
        self.counts.setAccessibleName(self.tr("File counts"))
        self.counts.setWordWrap(True)
        self.view = QTreeView(self)
        self.view.setAccessibleName(self.tr("Files of the collection"))
        self.view.setModel(self.proxy)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        # "bao-cao-87…3.docx" only when the name column is narrower than the name (Qt elides
        # only then): the end tells the PDF and the DOCX of one report apart.
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.view.setSortingEnabled(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.sortByColumn(COL_FILE, Qt.SortOrder.AscendingOrder)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_FILE, QHeaderView.ResizeMode.Stretch)
        for column in (COL_STATUS, COL_PAGES, COL_OCR, COL_PASSAGES):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.failed_heading = bold(QLabel(self.tr("Files that could not be read"), self))
        self.failed_list = QListWidget(self)
        self.failed_list.setAccessibleName(self.tr("Files that could not be read, and why"))
        self.failed_list.setWordWrap(True)
        self.failed_list.setMaximumHeight(110)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.counts)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.failed_heading)
        layout.addWidget(self.failed_list)
        self.model.modelReset.connect(self.update_totals)
        self.model.rowsInserted.connect(self.update_totals)
        self.model.rowsRemoved.connect(self.update_totals)
        self.model.dataChanged.connect(self.update_totals)
        self.update_totals()

    def update_totals(self) -> None:
        totals = self.model.totals()
        counts = self.tr(
            "{files} files: {indexed} indexed, {failed} failed; {pages} pages "
            "({ocr} by OCR), {passages} passages"
        ).format(
            files=numbers.integer(totals.files),
            indexed=numbers.integer(totals.indexed),
            failed=numbers.integer(totals.failed),
            pages=numbers.integer(totals.pages),
            ocr=numbers.integer(totals.ocr_pages),
            passages=numbers.integer(totals.passages),
        )
        if totals.unsupported:
            counts += "; " + self.tr("{count} not readable yet").format(
                count=numbers.integer(totals.unsupported)
            )
        self.counts.setText(counts)
        # Most PDFs have text: a column of empty OCR cells would only take the names' room.
        self.view.setColumnHidden(COL_OCR, totals.ocr_pages == 0)
        self._fit_columns()
        self._list_unread()

    def _list_unread(self) -> None:
        """The files that failed (in the error colour), then those of a kind TroLy cannot read
        yet (greyed), each with its reason: what the user can do about them."""
        self.failed_list.clear()
        colours = theme.colours()
        failed = self.model.failed()
        unsupported = self.model.unsupported()
        for record in failed + unsupported:
            entry = QListWidgetItem(f"{Path(record.path).name}: {record.error}")
            entry.setToolTip(record.path)
            entry.setData(PATH_ROLE, record.path)
            if record.status == "unsupported":
                entry.setForeground(QColor(colours.note))
            self.failed_list.addItem(entry)
        theme.tint(self.failed_heading, "error" if failed else "note")
        self.failed_heading.setVisible(bool(failed or unsupported))
        self.failed_list.setVisible(bool(failed or unsupported))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._list_unread()  # the greyed entries in the new theme's grey
        if event.type() == QEvent.Type.FontChange:
            self._fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    # The longest name given room before the counts' columns give way, in characters.
    NAME_CHARS = 40
    _GIVE_WAY = (COL_PASSAGES, COL_PAGES, COL_STATUS)  # in this order

    def _fit_columns(self) -> None:
        """Names first: in a narrow panel or at a large font size the passages', the pages' and
        then the status column give way (their figures stay in the name's tooltip, a failed
        file is coloured and listed below), rather than every name being cut to "lu…df"."""
        longest = self.view.fontMetrics().horizontalAdvance("x" * self.NAME_CHARS)
        wanted = min(self.view.sizeHintForColumn(COL_FILE), longest)
        for column in self._GIVE_WAY:
            self.view.setColumnHidden(column, False)
        for column in self._GIVE_WAY:
            shown = [
                c
                for c in (COL_STATUS, COL_PAGES, COL_OCR, COL_PASSAGES)
                if not self.view.isColumnHidden(c)
            ]
            others = sum(
                max(self.view.sizeHintForColumn(c), self.view.header().sectionSizeHint(c))
                for c in shown
            )
            if self.view.viewport().width() - others >= wanted:
                return
            self.view.setColumnHidden(column, True)

    def say(self, text: str) -> None:
        """A line in place of the totals (no collection yet, the index unavailable)."""
        self.counts.setText(text)


class ProgressRow(QWidget):
    """Where indexing is, with Cancel; after it ends, what it did."""

    cancel_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setAccessibleName(self.tr("Indexing progress"))
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName(self.tr("Indexing progress"))
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setAccessibleName(self.tr("Cancel indexing"))
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addLayout(row)
        self.cancel_button.clicked.connect(self._cancel)
        self.set_running(False)

    def set_running(self, running: bool) -> None:
        self.bar.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.label.setVisible(running)
        if running:
            self.bar.setValue(0)

    def show_step(self, text: str, fraction: float) -> None:
        self.label.setText(text)
        self.bar.setValue(int(min(max(fraction, 0.0), 1.0) * 1000))

    def show_result(self, text: str) -> None:
        self.set_running(False)
        self.label.setText(text)
        self.label.show()

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("Cancelling…"))
        self.cancel_clicked.emit()
