"""The consolidated table as the user checks and corrects it: one row per indicator, one column
per unit and a last column of totals. Every edit (a figure typed, a label renamed, two
indicators merged, one removed) becomes a correction of troly.core.consolidate.corrections,
applied to the table as read, so the totals and flags are computed again by code each time.

Colours come from the theme when a cell is painted, so they follow a switch to dark at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from troly.core.consolidate import corrections
from troly.core.consolidate.model import Consolidation, Indicator
from troly.core.errors import TrolyError
from troly.core.numbers import format_number, parse_cell
from troly.ui import dialogs, theme

Index = QModelIndex | QPersistentModelIndex
CORRECTED_ROLE = Qt.ItemDataRole.UserRole + 1  # True for a value the user typed
FLAGGED_ROLE = Qt.ItemDataRole.UserRole + 2  # the flags' messages on this cell (a list)
TOTAL_COLUMN = 0
UNITS_FROM = 1  # the first unit's column
# How strongly a flagged cell's background takes the theme's warning colour: enough to be seen
# at a glance, little enough that the figure stays readable in light and dark.
FLAG_TINT = 0.28
SPARE_PER_COLUMN = 48  # pixels a column may gain when the table is narrower than the page


class ConsolidationModel(QAbstractTableModel):
    """Rows: indicators, their labels in the rows' header (which stays in sight when 20 or 30
    units make the table scroll sideways); columns: the total, then the units."""

    changed = Signal()  # the table was corrected: totals, flags and narrative are new
    refused = Signal(str)  # an edit that cannot be made, said in the user's language

    def __init__(self, parent: QWidget | None = None, language: str = "vi") -> None:
        super().__init__(parent)
        self.language = language
        self.original: Consolidation | None = None  # as read
        self.table: Consolidation | None = None  # as corrected
        self.edits: list[corrections.Edit] = []
        self._flags: dict[tuple[str, str], list[str]] = {}

    # -- content ----------------------------------------------------------------------------

    def set_table(self, table: Consolidation | None) -> None:
        self.beginResetModel()
        self.original, self.table, self.edits = table, table, []
        self._index_flags()
        self.endResetModel()
        self.changed.emit()

    def correct(self, edit: corrections.Edit) -> bool:
        """Apply one more correction to the table as read (with the earlier ones)."""
        if self.original is None:
            return False
        try:
            table = corrections.apply(self.original, [*self.edits, edit])
        except TrolyError as exc:
            self.refused.emit(exc.message(self.language))
            return False
        self.beginResetModel()
        self.edits.append(edit)
        self.table = table
        self._index_flags()
        self.endResetModel()
        self.changed.emit()
        return True

    def _index_flags(self) -> None:
        self._flags = {}
        for flag in self.table.flags if self.table is not None else []:
            self._flags.setdefault((flag.indicator, flag.unit), []).append(flag.message)

    def indicator_at(self, row: int) -> Indicator | None:
        if self.table is None or not 0 <= row < len(self.table.indicators):
            return None
        return self.table.indicators[row]

    def unit_at(self, column: int) -> str:
        """The unit of a column; "" for the label and total columns."""
        units = self.table.units if self.table is not None else []
        return units[column - UNITS_FROM] if UNITS_FROM <= column < UNITS_FROM + len(units) else ""

    def total_column(self) -> int:
        return TOTAL_COLUMN

    def cell_of(self, key: str, unit: str) -> QModelIndex:
        """The index showing an indicator's figure for a unit ("" for its total)."""
        if self.table is None:
            return QModelIndex()
        row = next((r for r, i in enumerate(self.table.indicators) if i.key == key), -1)
        column = TOTAL_COLUMN if not unit else self.table.units.index(unit) + UNITS_FROM
        return self.index(row, column) if row >= 0 else QModelIndex()

    # -- Qt's model -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.indicators)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.units) + UNITS_FROM

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Vertical:
            indicator = self.indicator_at(section)
            if indicator is None:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return indicator.label
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._label_tooltip(indicator)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.unit_at(section) or self.tr("Total")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == TOTAL_COLUMN:
            return self.tr("Total")
        return two_lines(self.unit_at(section))

    def _label_tooltip(self, indicator: Indicator) -> str:
        lines = [self.tr("Double-click to rename; right-click to merge or leave it out.")]
        others = sorted(indicator.wordings - {indicator.label})
        if others:
            lines.append(self.tr("Also written as:"))
            lines += [f"• {wording}" for wording in others]
        return "\n".join(lines)

    def rename(self, row: int, label: str) -> bool:
        indicator = self.indicator_at(row)
        text = label.strip()
        if indicator is None or not text or text == indicator.label:
            return False
        return self.correct(corrections.Rename(indicator.key, text))

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid() and index.column() != self.total_column():
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        indicator = self.indicator_at(index.row()) if index.isValid() else None
        if indicator is None:
            return None
        column = index.column()
        unit = self.unit_at(column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(indicator, column, unit)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(indicator, column, unit)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == FLAGGED_ROLE:
            return self._flags_at(indicator, column, unit)
        if role == CORRECTED_ROLE:
            cell = indicator.cells.get(unit)
            return cell is not None and cell.corrected
        return self._look(indicator, column, unit, role)

    def _text(self, indicator: Indicator, column: int, unit: str) -> str:
        if column == self.total_column():
            total = indicator.total
            return "" if total is None else format_number(total, indicator.percent)
        cell = indicator.cells.get(unit)
        return "" if cell is None else format_number(cell.value, indicator.percent)

    def _flags_at(self, indicator: Indicator, column: int, unit: str) -> list[str]:
        return self._flags.get((indicator.key, unit), [])

    def _tooltip(self, indicator: Indicator, column: int, unit: str) -> str:
        lines: list[str] = []
        if column == TOTAL_COLUMN:
            lines.append(indicator.total_note or self.tr("Sum of the units' figures"))
        else:
            cell = indicator.cells.get(unit)
            if cell is not None:
                source = self.tr("Source: {where}")
                lines += [source.format(where=f.source.label()) for f in cell.figures]
                if cell.corrected:
                    lines.append(self.tr("Value corrected by you."))
        lines += self._flags_at(indicator, column, unit)
        return "\n".join(lines)

    def _look(self, indicator: Indicator, column: int, unit: str, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and self._flags_at(indicator, column, unit):
            return flag_colour()
        if role == Qt.ItemDataRole.FontRole:
            cell = indicator.cells.get(unit)
            if column == self.total_column() or (cell is not None and cell.corrected):
                font = QFont()
                font.setBold(column == self.total_column())
                font.setItalic(cell is not None and cell.corrected)
                return font
        if role == Qt.ItemDataRole.ForegroundRole:
            cell = indicator.cells.get(unit)
            if cell is not None and cell.corrected:
                return QColor(theme.colours().question)  # the user's own value, as in chat
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        indicator = self.indicator_at(index.row()) if index.isValid() else None
        if indicator is None or role != Qt.ItemDataRole.EditRole:
            return False
        text = str(value).strip()
        unit = self.unit_at(index.column())
        if not unit or text == self._text(indicator, index.column(), unit):
            return False
        parsed = parse_cell(text)
        if parsed is None:
            self.refused.emit(self.tr("“{text}” is not a number.").format(text=text))
            return False
        return self.correct(corrections.SetValue(indicator.key, unit, parsed[0]))


def two_lines(name: str) -> str:
    """A unit's name on two lines, broken at the space nearest its middle ("Xã Quảng\nPhú"):
    the columns stay as narrow as their figures, and more units fit across."""
    spaces = [i for i, char in enumerate(name) if char == " "]
    if len(name) < 10 or not spaces:
        return name
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return f"{name[:cut]}\n{name[cut + 1 :]}"


def flag_colour() -> QColor:
    """The theme's warning colour blended into the table's background (a light tan on white,
    a dark amber on the dark theme's grey), computed when painted: a theme switch shows at
    once."""
    app = QApplication.instance()
    base = (
        app.palette().color(QPalette.ColorRole.Base)
        if isinstance(app, QApplication)
        else QColor("white")
    )
    tone = QColor(theme.colours().warning)
    mix = FLAG_TINT
    return QColor(
        round(base.red() * (1 - mix) + tone.red() * mix),
        round(base.green() * (1 - mix) + tone.green() * mix),
        round(base.blue() * (1 - mix) + tone.blue() * mix),
    )


class FlagFrame(QStyledItemDelegate):
    """A flagged cell framed in the theme's warning colour as well as tinted: the selection's
    highlight covers the tint, and the frame stays, so a flag is seen on the cell the user is
    on (and by a reader who cannot tell the tint from the background)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        if not index.data(FLAGGED_ROLE):
            return
        painter.save()
        pen = QPen(QColor(theme.colours().warning))
        pen.setWidth(2)
        painter.setPen(pen)
        painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
        painter.restore()


class ConsolidationTable(QTableView):
    """The editable table: double-click (or F2, or type) to correct a figure, double-click a
    label to rename it; the right-click menu (on a row or its label) also merges an indicator
    with another or leaves it out."""

    def __init__(self, model: ConsolidationModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.table_model = model
        self.setAccessibleName(self.tr("Consolidated table"))
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked
            | QTableView.EditTrigger.EditKeyPressed
            | QTableView.EditTrigger.AnyKeyPressed
        )
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu_at)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        labels = self.verticalHeader()
        labels.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        labels.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        labels.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        labels.customContextMenuRequested.connect(self._label_menu_at)
        labels.sectionDoubleClicked.connect(self.rename_dialog)
        self._natural: list[int] = []  # each column's width for its contents
        self.setItemDelegate(FlagFrame(self))
        model.modelReset.connect(self._fit_columns)

    def _fit_columns(self) -> None:
        # The figures as narrow as they can be; the labels whole up to 40% of the page.
        self.resizeColumnsToContents()
        self.verticalHeader().setMaximumWidth(max(self.width() * 2 // 5, 240))
        self._natural = [self.columnWidth(c) for c in range(self.model().columnCount())]
        self._spread()

    def _spread(self) -> None:
        """The room left over shared among the columns (a little each at most), so a table of
        a few units does not huddle at the left."""
        if not self._natural:
            return
        spare = self.viewport().width() - sum(self._natural)
        share = min(max(spare, 0) // len(self._natural), SPARE_PER_COLUMN)
        for column, width in enumerate(self._natural):
            self.setColumnWidth(column, width + share)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._spread()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            # A larger font set live: rows as tall as its lines, columns as wide as its figures.
            self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
            if self.table_model.rowCount():
                self._fit_columns()

    def context_menu(self, row: int) -> QMenu | None:
        """The menu of an indicator's row ("Merge with…", "Leave out this indicator")."""
        if self.table_model.indicator_at(row) is None:
            return None
        menu = QMenu(self)
        menu.setAccessibleName(self.tr("Indicator"))
        rename = menu.addAction(self.tr("Rename…"))
        rename.triggered.connect(lambda: self.rename_dialog(row))
        merge = menu.addAction(self.tr("Merge with…"))
        merge.triggered.connect(lambda: self.merge_dialog(row))
        merge.setEnabled(bool(self.merge_candidates(row)))
        remove = menu.addAction(self.tr("Leave out this indicator"))
        remove.triggered.connect(lambda: self.remove(row))
        return menu

    def _menu_at(self, point: QPoint) -> None:
        self._show_menu(self.indexAt(point).row(), self.viewport().mapToGlobal(point))

    def _label_menu_at(self, point: QPoint) -> None:
        labels = self.verticalHeader()
        self._show_menu(labels.logicalIndexAt(point), labels.mapToGlobal(point))

    def _show_menu(self, row: int, where: QPoint) -> None:
        menu = self.context_menu(row)
        if menu is not None:
            menu.exec(where)
            menu.deleteLater()

    def rename_dialog(self, row: int) -> None:
        mine = self.table_model.indicator_at(row)
        if mine is None:
            return
        label = dialogs.ask_text(
            self, self.tr("Rename the indicator"), self.tr("Indicator:"), mine.label
        )
        if label is not None:
            self.table_model.rename(row, label)

    def merge_candidates(self, row: int) -> list[Indicator]:
        """The indicators a row can be merged with: the others of its kind (count or rate)."""
        table, mine = self.table_model.table, self.table_model.indicator_at(row)
        if table is None or mine is None:
            return []
        return [i for i in table.indicators if i is not mine and i.percent == mine.percent]

    def merge_dialog(self, row: int) -> None:
        """Ask which indicator is the same as this row's; the row keeps its label."""
        mine = self.table_model.indicator_at(row)
        candidates = self.merge_candidates(row)
        if mine is None or not candidates:
            return
        chosen = dialogs.choose_item(
            self,
            self.tr("Merge indicators"),
            self.tr("“{label}” is the same indicator as:").format(label=mine.label),
            [i.label for i in candidates],
        )
        if chosen is not None:
            self.merge(row, candidates[chosen].key)

    def merge(self, row: int, other_key: str) -> bool:
        mine = self.table_model.indicator_at(row)
        if mine is None:
            return False
        return self.table_model.correct(corrections.Merge((other_key,), mine.key))

    def remove(self, row: int) -> bool:
        mine = self.table_model.indicator_at(row)
        if mine is None:
            return False
        return self.table_model.correct(corrections.Remove(mine.key))
