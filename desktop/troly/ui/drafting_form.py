"""The fields of a draft, as a form that shows only what the chosen type of document has.

A công văn has a "Kính gửi" but no "Căn cứ", no "Thẩm quyền" and no "Thư ký"; a quyết định has
its issuing authority and legal grounds; a biên bản is signed by its chair and its secretary.
Rows are built in the order they show, so Tab walks them top to bottom ("Ngày" included).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

from troly.core.nd30.types import BY_SLUG, DRAFTABLE, DocType

_COMMON = (
    "co_quan_chu_quan",
    "co_quan",
    "so",
    "ky_hieu",
    "dia_danh",
    "ngay",
    "do_khan",
    "trich_yeu",
)
_SIGNER = ("quyen_han", "chuc_vu", "nguoi_ky", "noi_nhan", "nguoi_soan")
# Which fields each layout of the writer prints (see troly.core.nd30.writer.build_document).
FIELDS_BY_LAYOUT: dict[str, tuple[str, ...]] = {
    "cong-van": (*_COMMON, "kinh_gui", *_SIGNER),
    "ten-loai": (*_COMMON, "can_cu", "kinh_gui", *_SIGNER),
    "quyet-dinh": (*_COMMON, "tham_quyen", "can_cu", *_SIGNER),
    "bien-ban": (*_COMMON, "can_cu", "chuc_vu", "nguoi_ky", "thu_ky", "noi_nhan", "nguoi_soan"),
}
TEXT_FIELDS = (
    "co_quan_chu_quan",
    "co_quan",
    "so",
    "ky_hieu",
    "dia_danh",
    "trich_yeu",
    "tham_quyen",
    "can_cu",
    "kinh_gui",
    "chuc_vu",
    "nguoi_ky",
    "thu_ky",
    "noi_nhan",
    "nguoi_soan",
)
# The order rows show in (and Tab follows).
ORDER = (
    "co_quan_chu_quan",
    "co_quan",
    "so",
    "ky_hieu",
    "dia_danh",
    "ngay",
    "do_khan",
    "trich_yeu",
    "tham_quyen",
    "can_cu",
    "kinh_gui",
    "quyen_han",
    "chuc_vu",
    "nguoi_ky",
    "thu_ky",
    "noi_nhan",
    "nguoi_soan",
)


class DraftForm(QWidget):
    """The document type and its fields. `values()` gives what DraftFields.from_mapping takes."""

    type_changed = Signal(str)  # slug

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inputs: dict[str, QLineEdit] = {}
        self.rows: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

        self.type_combo = QComboBox(self)
        for doc_type in DRAFTABLE:
            self.type_combo.addItem(doc_type.name, doc_type.slug)
        self.type_combo.setAccessibleName(self.tr("Document type"))
        self.form.addRow(self.tr("Document type"), self.type_combo)

        labels = self.labels()
        for key in ORDER:
            widget = self._make(key, labels[key])
            widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            widget.setMinimumWidth(220)
            label = QLabel(labels[key], self)
            label.setBuddy(widget)
            label.setWordWrap(True)
            self._labels[key] = label
            self.rows[key] = widget
            self.form.addRow(label, widget)
        previous: QWidget = self.type_combo
        for key in ORDER:
            QWidget.setTabOrder(previous, self.rows[key])
            previous = self.rows[key]

        # The công văn is what officials write most.
        self.type_combo.setCurrentIndex(self.type_combo.findData("cong-van"))
        self.type_combo.currentIndexChanged.connect(lambda _i: self._type_changed())
        self._type_changed()

    def labels(self) -> dict[str, str]:
        return {
            "co_quan_chu_quan": self.tr("Parent agency"),
            "co_quan": self.tr("Issuing agency"),
            "so": self.tr("Number"),
            "ky_hieu": self.tr("Code"),
            "dia_danh": self.tr("Place"),
            "ngay": self.tr("Date"),
            "do_khan": self.tr("Urgency"),
            "trich_yeu": self.tr("Subject"),
            "tham_quyen": self.tr("Issuing authority"),
            "can_cu": self.tr("Legal grounds (separated by ;)"),
            "kinh_gui": self.tr("Addressed to (separated by ;)"),
            "quyen_han": self.tr("Signing authority"),
            "chuc_vu": self.tr("Signer's position"),
            "nguoi_ky": self.tr("Signer"),
            "thu_ky": self.tr("Secretary"),
            "noi_nhan": self.tr("Recipients (separated by ;)"),
            "nguoi_soan": self.tr("Drafter's mark and copies"),
        }

    def _make(self, key: str, label: str) -> QWidget:
        if key == "ngay":
            self.date_edit = QDateEdit(QDate.currentDate(), self)
            self.date_edit.setCalendarPopup(True)
            self.date_edit.setDisplayFormat("dd/MM/yyyy")
            self.date_edit.setAccessibleName(label)
            return self.date_edit
        if key == "do_khan":
            self.urgency_combo = QComboBox(self)
            self.urgency_combo.addItem(self.tr("Not urgent"), "")
            for urgency in ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"):
                self.urgency_combo.addItem(urgency, urgency)
            self.urgency_combo.setAccessibleName(label)
            return self.urgency_combo
        if key == "quyen_han":
            self.authority_combo = QComboBox(self)
            self.authority_combo.setEditable(True)
            self.authority_combo.addItems(["", "TM.", "KT.", "Q.", "TL.", "TUQ."])
            self.authority_combo.setAccessibleName(label)
            self.authority_combo.setToolTip(
                self.tr(
                    "TM. (on behalf of the collective), KT. (signing for the head), Q. "
                    "(acting), TL., TUQ. (by delegation); empty when the head signs."
                )
            )
            line_edit = self.authority_combo.lineEdit()  # the combo is editable: it has one
            if line_edit is not None:
                line_edit.setAccessibleName(label)
            return self.authority_combo
        edit = QLineEdit(self)
        edit.setAccessibleName(label)
        self.inputs[key] = edit
        return edit

    # -- the type ---------------------------------------------------------------------------

    def doc_type(self) -> DocType:
        return BY_SLUG[str(self.type_combo.currentData())]

    def set_type(self, slug: str) -> None:
        self.type_combo.setCurrentIndex(self.type_combo.findData(slug))

    def shown_fields(self) -> tuple[str, ...]:
        return FIELDS_BY_LAYOUT[self.doc_type().layout]

    def _type_changed(self) -> None:
        doc_type = self.doc_type()
        shown = set(self.shown_fields())
        for key, widget in self.rows.items():
            self.form.setRowVisible(widget, key in shown)
        minutes = doc_type.layout == "bien-ban"
        self._labels["nguoi_ky"].setText(self.tr("Chair") if minutes else self.tr("Signer"))
        self._labels["chuc_vu"].setText(
            self.tr("Chair's title") if minutes else self.tr("Signer's position")
        )
        self.inputs["trich_yeu"].setPlaceholderText(
            self.tr("Without “V/v”: it is added for a công văn")
            if doc_type.layout == "cong-van"
            else ""
        )
        self.type_changed.emit(doc_type.slug)

    # -- values -----------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """The fields this type has, as text; the hidden ones are left out (not sent empty
        either, so remembered values of another type are kept for it)."""
        shown = set(self.shown_fields())
        values = {key: edit.text() for key, edit in self.inputs.items() if key in shown}
        date = self.date_edit.date()
        values["ngay"] = dt.date(date.year(), date.month(), date.day()).isoformat()
        values["do_khan"] = str(self.urgency_combo.currentData() or "")
        if "quyen_han" in shown:
            values["quyen_han"] = self.authority_combo.currentText()
        return values

    def prefill(self, remembered: dict[str, str]) -> None:
        for key, value in remembered.items():
            if key in self.inputs:
                self.inputs[key].setText(value)
            elif key == "quyen_han":
                self.authority_combo.setCurrentText(value)

    def focus_first_empty(self) -> None:
        for key in ORDER:
            edit = self.inputs.get(key)
            if edit is not None and edit.isVisibleTo(self) and not edit.text().strip():
                edit.setFocus()
                return

    @staticmethod
    def source_names(paths: list[str]) -> str:
        return ", ".join(Path(p).name for p in paths)
