"""The fields of a draft: what the user fills in, checked and normalised for the writer."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from troly.core.errors import TrolyError
from troly.core.nd30 import spec
from troly.core.nd30.dates import parse_date
from troly.core.nd30.numbering import compose_code, parse_number
from troly.core.nd30.types import DocType

# Every key the CLI and the form accept, with its Vietnamese label for messages and the form.
FIELD_LABELS: dict[str, str] = {
    "co_quan_chu_quan": "cơ quan chủ quản",
    "co_quan": "cơ quan ban hành",
    "so": "số",
    "ky_hieu": "ký hiệu",
    "dia_danh": "địa danh",
    "ngay": "ngày",
    "trich_yeu": "trích yếu",
    "can_cu": "căn cứ",
    "kinh_gui": "kính gửi",
    "noi_nhan": "nơi nhận",
    "quyen_han": "quyền hạn ký",
    "chuc_vu": "chức vụ",
    "nguoi_ky": "người ký",
    "do_khan": "mức độ khẩn",
    "nguoi_soan": "ký hiệu người soạn thảo, số bản",
    "tham_quyen": "thẩm quyền ban hành",
    "thu_ky": "thư ký",
}
LIST_FIELDS = ("can_cu", "kinh_gui", "noi_nhan")

_COMMON_REQUIRED = ("co_quan", "ky_hieu", "dia_danh", "trich_yeu", "chuc_vu", "nguoi_ky")
_REQUIRED_BY_LAYOUT: dict[str, tuple[str, ...]] = {
    "cong-van": (*_COMMON_REQUIRED, "kinh_gui"),
    "quyet-dinh": (*_COMMON_REQUIRED, "can_cu"),
    "ten-loai": _COMMON_REQUIRED,
    "bien-ban": ("co_quan", "ky_hieu", "trich_yeu", "nguoi_ky", "thu_ky"),
}
# Tờ trình goes to a superior, so it names who it is addressed to (Phụ lục I, Mục II.9.b).
_EXTRA_REQUIRED = {"to-trinh": ("kinh_gui",)}

# Which fields a layout prints. A công văn has no thẩm quyền ban hành (only a quyết định names
# its issuing authority under the title, Mẫu 1.2) and no thư ký (only a biên bản is signed by its
# secretary, Mẫu 1.9); a quyết định addresses no one ("Kính gửi"); a biên bản carries its times
# in its body, not a place and date under the motto, has neither grounds nor addressees, and is
# signed by its chair and secretary without a signing authority.
_NOT_IN_LAYOUT: dict[str, frozenset[str]] = {
    "cong-van": frozenset({"tham_quyen", "thu_ky"}),
    "ten-loai": frozenset({"tham_quyen", "thu_ky"}),
    "quyet-dinh": frozenset({"kinh_gui", "thu_ky"}),
    "bien-ban": frozenset({"dia_danh", "ngay", "can_cu", "kinh_gui", "quyen_han", "tham_quyen"}),
}


@dataclass(frozen=True)
class FieldSpec:
    """One field of the drafting form for a given type."""

    key: str  # as FIELD_LABELS and DraftFields name it
    label: str  # in Vietnamese, lower case: "cơ quan ban hành"
    required: bool
    is_list: bool  # typed as "a; b; c" or one item per line


def required_fields(doc_type: DocType) -> tuple[str, ...]:
    """The keys a draft of this type cannot be written without."""
    return _REQUIRED_BY_LAYOUT[doc_type.layout] + _EXTRA_REQUIRED.get(doc_type.slug, ())


def fields_for(doc_type: DocType) -> tuple[FieldSpec, ...]:
    """The fields a document of this type has, in the order of FIELD_LABELS: what a form shows
    for it. Fields not listed are not printed in this type's layout."""
    if doc_type.layout not in _NOT_IN_LAYOUT:
        raise TrolyError(
            f"Loại văn bản “{doc_type.name}” chưa được hỗ trợ để soạn thảo.",
            f"Document type “{doc_type.slug}” cannot be drafted.",
        )
    required = required_fields(doc_type)
    return tuple(
        FieldSpec(key, label, key in required, key in LIST_FIELDS)
        for key, label in FIELD_LABELS.items()
        if key not in _NOT_IN_LAYOUT[doc_type.layout]
    )


# The signing authority: an abbreviation alone ("KT.") or with what it applies to
# ("KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN").
_QUYEN_HAN_RE = re.compile(r"^(TM|KT|Q|TL|TUQ)\s*\.?\s*(.*)$", re.IGNORECASE)
# "V/v" (về việc) as officials type it at the head of a công văn's subject: the writer prints it.
_VV_RE = re.compile(r"(?:v/v|về việc)(?:[\s:.]+|$)", re.IGNORECASE)


def split_list(value: str) -> list[str]:
    """Items of a list field typed as "a; b; c" or one per line."""
    return [item.strip() for item in re.split(r"[;\n]", value) if item.strip()]


def _upper(text: str) -> str:
    return " ".join(text.split()).upper()


@dataclass
class DraftFields:
    """The elements of a document other than its body."""

    co_quan_chu_quan: str = ""
    co_quan: str = ""
    so: int | None = None
    ky_hieu: str = ""
    dia_danh: str = ""
    ngay: dt.date = field(default_factory=dt.date.today)
    trich_yeu: str = ""
    can_cu: list[str] = field(default_factory=list)
    kinh_gui: list[str] = field(default_factory=list)
    noi_nhan: list[str] = field(default_factory=list)
    quyen_han: str = ""
    chuc_vu: str = ""
    nguoi_ky: str = ""
    do_khan: str = ""
    nguoi_soan: str = ""
    tham_quyen: str = ""
    thu_ky: str = ""

    @classmethod
    def from_mapping(cls, values: Mapping[str, str]) -> DraftFields:
        """Fields from text values keyed as FIELD_LABELS; unknown keys are a TrolyError."""
        unknown = sorted(set(values) - set(FIELD_LABELS))
        if unknown:
            raise TrolyError(
                f"Trường không hợp lệ: {', '.join(unknown)}. Các trường: "
                f"{', '.join(FIELD_LABELS)}.",
                f"Unknown field(s): {', '.join(unknown)}. Fields: {', '.join(FIELD_LABELS)}.",
            )
        result = cls()
        for key, raw in values.items():
            value = raw.strip()
            if key == "so":
                result.so = parse_number(value)
            elif key == "ngay":
                if value:
                    result.ngay = parse_date(value)
            elif key in LIST_FIELDS:
                setattr(result, key, split_list(value))
            else:
                setattr(result, key, " ".join(value.split()) if key != "co_quan" else value)
        return result

    def to_mapping(self) -> dict[str, str]:
        """The fields as text, the inverse of from_mapping (lists joined with "; ")."""
        out: dict[str, str] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "so":
                out[f.name] = "" if value is None else str(value)
            elif f.name == "ngay":
                out[f.name] = value.isoformat()
            elif f.name in LIST_FIELDS:
                out[f.name] = "; ".join(value)
            else:
                out[f.name] = value
        return out

    def missing(self, doc_type: DocType) -> list[str]:
        """The required fields this type still lacks, in the order of FIELD_LABELS."""
        required = required_fields(doc_type)
        values = {**vars(self), "trich_yeu": self.subject(doc_type)}
        return [key for key in FIELD_LABELS if key in required and not values[key]]

    def for_type(self, doc_type: DocType) -> DraftFields:
        """A copy without the text of fields this type does not print (fields_for), so that
        nothing downstream acts on them: a Kính gửi given for a quyết định does not put
        "Như trên" in its Nơi nhận."""
        keep = {item.key for item in fields_for(doc_type)}
        blank: dict[str, Any] = {
            f.name: [] if f.name in LIST_FIELDS else ""
            for f in dataclasses.fields(self)
            if f.name not in keep and f.name not in ("so", "ngay")
        }
        return dataclasses.replace(self, **blank)

    def validate(self, doc_type: DocType) -> None:
        """A TrolyError naming every missing required field, or any malformed one."""
        missing = self.missing(doc_type)
        if missing:
            names = ", ".join(f"{key} ({FIELD_LABELS[key]})" for key in missing)
            raise TrolyError(
                f"Thiếu thông tin bắt buộc cho {doc_type.name.lower()}: {names}.",
                f"Missing required fields for {doc_type.slug}: {', '.join(missing)}.",
            )
        compose_code(doc_type, self.ky_hieu)
        if self.do_khan and self.urgency() not in spec.DO_KHAN:
            raise TrolyError(
                f"Mức độ khẩn “{self.do_khan}” không hợp lệ; chọn KHẨN, THƯỢNG KHẨN hoặc HỎA TỐC.",
                f"Invalid urgency “{self.do_khan}”; use KHẨN, THƯỢNG KHẨN or HỎA TỐC.",
            )
        if doc_type.layout != "bien-ban":  # a biên bản is signed by its chair and secretary
            self.signature_lines()

    def subject(self, doc_type: DocType) -> str:
        """The trích yếu as printed after the type's name, or after a công văn's "V/v": for a
        công văn without the "V/v" (or "Về việc") the user typed, so it is not printed twice."""
        text = unicodedata.normalize("NFC", self.trich_yeu.strip())
        if doc_type.layout != "cong-van":
            return text
        while match := _VV_RE.match(text):
            text = text[match.end() :].lstrip()
        return text

    def urgency(self) -> str:
        """The urgency stamp in capitals, "HOẢ" spelt as in spec.DO_KHAN."""
        return _upper(self.do_khan).replace("HOẢ", "HỎA")

    def agency_lines(self) -> list[str]:
        """The issuing agency's name in capitals; a line break the user typed is kept."""
        return [_upper(line) for line in self.co_quan.splitlines() if line.strip()]

    def signature_lines(self) -> list[str]:
        """The capitalised lines above the signature: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]."""
        position = _upper(self.chuc_vu)
        if not self.quyen_han.strip():
            return [position] if position else []
        match = _QUYEN_HAN_RE.match(self.quyen_han.strip())
        if not match:
            raise TrolyError(
                f"Quyền hạn ký “{self.quyen_han}” không hợp lệ; dùng TM., KT., Q., TL. hoặc TUQ.",
                f"Invalid signing authority “{self.quyen_han}”; use TM., KT., Q., TL. or TUQ.",
            )
        abbreviation = match.group(1).upper() + "."
        target = _upper(match.group(2))
        if not target:
            target = self._default_target(abbreviation, position)
        first = f"{abbreviation} {target}"
        # An acting head signs in their own name: "Q. GIÁM ĐỐC" is the whole title.
        if abbreviation == "Q." and target == position:
            return [first]
        return [first, position] if position else [first]

    def _default_target(self, abbreviation: str, position: str) -> str:
        if abbreviation == "TM.":
            return " ".join(self.agency_lines())
        if abbreviation == "KT." and position.startswith("PHÓ "):
            return position.removeprefix("PHÓ ")
        if abbreviation == "Q.":
            return position
        raise TrolyError(
            f"Quyền hạn {abbreviation} cần ghi kèm chức vụ người đứng đầu, ví dụ "
            f"“{abbreviation} GIÁM ĐỐC”.",
            f"{abbreviation} needs the head's title, e.g. “{abbreviation} GIÁM ĐỐC”.",
        )

    def authority(self) -> str:
        """Who issues a quyết định (Mẫu 1.2, note 6): the collective, or the head's title."""
        if self.tham_quyen.strip():
            return _upper(self.tham_quyen)
        agency = " ".join(self.agency_lines())
        lines = self.signature_lines()
        if self.quyen_han.strip() and lines[0].startswith("TM."):
            return lines[0].removeprefix("TM.").strip()
        head = lines[0].split(". ", 1)[1] if self.quyen_han.strip() else lines[0]
        return f"{head} {agency}"
