"""The files of a collection as a Qt table model over the core's FileRecord list.

The records are the data: the view shows them, the counts are summed from them, and nothing is
read back out of cell text.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from troly.ui import theme

if TYPE_CHECKING:
    from troly.core.index.store import FileRecord
    from troly.core.index.sync import FileResult

RECORD_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
COL_FILE, COL_STATUS, COL_PAGES, COL_OCR, COL_PASSAGES = range(5)

_Index = QModelIndex | QPersistentModelIndex


def record_from_result(result: FileResult, pages_estimated: bool = False) -> FileRecord:
    """The record a file's indexing result stands for until the collection is listed again."""
    from troly.core.index.store import FileRecord

    return FileRecord(
        id=0,
        path=result.path,
        size=0,
        mtime_ns=0,
        sha256="",
        status=result.status,
        error=result.error,
        pages=result.pages,
        ocr_pages=result.ocr_pages,
        chunks=result.chunks,
        pages_estimated=pages_estimated,
    )


# Not in the index: a file that failed, and one of a kind TroLy cannot read yet.
NOT_INDEXED = ("failed", "unsupported")


@dataclasses.dataclass(frozen=True)
class Totals:
    files: int = 0
    failed: int = 0
    pages: int = 0
    ocr_pages: int = 0
    passages: int = 0
    unsupported: int = 0

    @property
    def indexed(self) -> int:
        return self.files - self.failed - self.unsupported


class FilesModel(QAbstractTableModel):
    """One row per file: name, status, pages, OCR pages, passages."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._records: list[FileRecord] = []

    # -- the data ---------------------------------------------------------------------------

    def records(self) -> list[FileRecord]:
        return list(self._records)

    def set_records(self, records: list[FileRecord]) -> None:
        self.beginResetModel()
        self._records = [r for r in records if r.status != "removed"]
        self.endResetModel()

    def upsert(self, record: FileRecord) -> None:
        """A file's new state; a "removed" one leaves the table."""
        row = next((i for i, r in enumerate(self._records) if r.path == record.path), None)
        if record.status == "removed":
            if row is not None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._records[row]
                self.endRemoveRows()
            return
        if row is None:
            self.beginInsertRows(QModelIndex(), len(self._records), len(self._records))
            self._records.append(record)
            self.endInsertRows()
            return
        self._records[row] = record
        self.dataChanged.emit(self.index(row, 0), self.index(row, COL_PASSAGES))

    def totals(self) -> Totals:
        indexed = [r for r in self._records if r.status not in NOT_INDEXED]
        return Totals(
            files=len(self._records),
            failed=len(self.failed()),
            pages=sum(r.pages for r in indexed),
            ocr_pages=sum(r.ocr_pages for r in indexed),
            passages=sum(r.chunks for r in indexed),
            unsupported=len(self.unsupported()),
        )

    def failed(self) -> list[FileRecord]:
        return self._with_status("failed")

    def unsupported(self) -> list[FileRecord]:
        """The files of a kind TroLy cannot read yet (known from the last indexing only)."""
        return self._with_status("unsupported")

    def _with_status(self, status: str) -> list[FileRecord]:
        return sorted((r for r in self._records if r.status == status), key=lambda r: r.path)

    # -- the Qt model -----------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        translate = QCoreApplication.translate
        return (
            translate("FilesModel", "File"),
            translate("FilesModel", "Status"),
            translate("FilesModel", "Pages"),
            translate("FilesModel", "OCR pages"),
            translate("FilesModel", "Passages"),
        )[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        column = index.column()
        failed = record.status == "failed"
        unsupported = record.status == "unsupported"
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(record, column)
        if role == SORT_ROLE:
            values: tuple[Any, ...] = (
                Path(record.path).name.lower(),
                record.status,
                record.pages,
                record.ocr_pages,
                record.chunks,
            )
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_STATUS and record.status in NOT_INDEXED:
                return record.error
            return self._tip(record) if column == COL_FILE else None
        if role == Qt.ItemDataRole.ForegroundRole and failed:
            return QBrush(QColor(theme.colours().error))
        if role == Qt.ItemDataRole.ForegroundRole and unsupported:  # greyed: no error of theirs
            return QBrush(QColor(theme.colours().note))
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= COL_PAGES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @classmethod
    def _tip(cls, record: FileRecord) -> str:
        """The full path, and the counts (their columns give way in a narrow panel)."""
        if record.status in NOT_INDEXED:
            return record.path
        counts = QCoreApplication.translate("FilesModel", "{pages} pages, {passages} passages")
        pages, passages = cls._text(record, COL_PAGES), cls._text(record, COL_PASSAGES)
        status = cls._text(record, COL_STATUS)
        return f"{status}: {counts.format(pages=pages, passages=passages)}\n{record.path}"

    @staticmethod
    def _text(record: FileRecord, column: int) -> str:
        translate = QCoreApplication.translate
        if column == COL_FILE:
            return Path(record.path).name
        if column == COL_STATUS:
            if record.status == "failed":
                return translate("FilesModel", "Failed")
            if record.status == "unsupported":
                return translate("FilesModel", "Not readable yet")
            return translate("FilesModel", "Indexed")
        if record.status in NOT_INDEXED:
            return ""
        if column == COL_PAGES:
            return f"~{record.pages}" if record.pages_estimated else str(record.pages)
        if column == COL_OCR:
            return str(record.ocr_pages) if record.ocr_pages else ""
        return str(record.chunks)
