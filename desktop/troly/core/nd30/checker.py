"""`check-format`: every departure from Phụ lục I found in any DOCX, each with its rule.

The elements are found once (locate.py), by their text, so documents from other agencies and
other word processors are checked the same way; then each check below looks at one element.
Formats are resolved through the style hierarchy (see styles.py). The findings come in the order
of CHECKS, which follows the page from the header down.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from troly.core.documents.docx import open_object_model
from troly.core.errors import TrolyError
from troly.core.nd30 import spec
from troly.core.nd30.appearance import appearance, missing
from troly.core.nd30.body_check import check_body
from troly.core.nd30.check_page import (
    check_page_numbers,
    check_runs,
    check_sections,
    runs_past_first_page,
)
from troly.core.nd30.dates import DATE_LINE_RE, date_problems
from troly.core.nd30.findings import Finding
from troly.core.nd30.locate import Located, locate
from troly.core.nd30.metrics import text_width_twips
from troly.core.nd30.numbering import KY_HIEU_RE, SO_LINE_RE
from troly.core.nd30.reader import Para
from troly.core.nd30.rule_lines import check_rule

E = spec.ELEMENTS
# "V/v V/v ..." or "V/v Về việc ...": the subject typed with its own "V/v" after the printed one.
_DOUBLED_VV = re.compile(r"V/v[\s:.]*(?:V/v|về việc)(?:\s|$)", re.IGNORECASE)
_AUTHORITIES = ("TM", "KT", "Q", "TL", "TUQ")


def _format(key: str, para: Para, problems: list[str], vi: str, en: str) -> list[Finding]:
    """One finding per problem with an element's wording: "{vi}: {problem}."."""
    return [
        Finding(f"format-{key}", f"{vi}: {p}.", f"{en}: {p}.", E[key].rule, para.where)
        for p in problems
    ]


def _styled(paras: list[Para], key: str) -> list[Finding]:
    return [finding for para in paras for finding in appearance(para, key)]


# -- the checks, each on one element ----------------------------------------------------------


def _quoc_hieu(d: Located) -> list[Finding]:
    if d.quoc_hieu is None:
        return [missing("quoc_hieu", "Quốc hiệu “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”")]
    return appearance(d.quoc_hieu, "quoc_hieu")


def _tieu_ngu(d: Located) -> list[Finding]:
    tn = d.tieu_ngu
    if tn is None:
        return [missing("tieu_ngu", "Tiêu ngữ “Độc lập - Tự do - Hạnh phúc”")]
    out = appearance(tn, "tieu_ngu")
    if tn.text != spec.TIEU_NGU:
        out.append(
            Finding(
                "text-tieu_ngu",
                f"Tiêu ngữ viết “{tn.text}”, phải là “{spec.TIEU_NGU}”.",
                "The motto must read “Độc lập - Tự do - Hạnh phúc”.",
                E["tieu_ngu"].rule,
                tn.where,
            )
        )
    return out + check_rule(
        [tn], d.following(tn), (1.0, 1.0), "tieu_ngu", spec.RULE_MOTTO_RULE, "Tiêu ngữ"
    )


def number_problems(text: str) -> list[str]:
    """What is wrong with a "Số: ..." line, in Vietnamese (Mục II.3)."""
    match = SO_LINE_RE.match(text)
    if match is None:
        return []
    problems = []
    if not match.group("colon"):
        problems.append("sau từ “Số” phải có dấu hai chấm")
    number = match.group("number")
    if number and not number.isdigit():
        problems.append(f"số “{number}” phải bằng chữ số Ả Rập")
    elif number and (len(number) != 2 if int(number) < 10 else number.startswith("0")):
        problems.append(f"số “{number}” phải ghi {int(number):02d}")
    code = match.group("code")
    if not KY_HIEU_RE.match(code):
        problems.append(
            f"ký hiệu “{code}” phải gồm các nhóm chữ viết tắt nối bằng dấu "
            "gạch nối (-), không cách chữ"
        )
    elif code != code.upper() and not re.search(r"TTr|CTr|QyĐ|TrS", code):
        problems.append(f"ký hiệu “{code}” phải viết in hoa")
    return problems


def _number(d: Located) -> list[Finding]:
    so = d.so
    if so is None:
        return [missing("so_ky_hieu", "số, ký hiệu văn bản (“Số: ...”)")]
    return appearance(so, "so_ky_hieu") + _format(
        "so_ky_hieu",
        so,
        number_problems(so.text),
        f"Số, ký hiệu “{so.text}”",
        f"Number line “{so.text}”",
    )


def _agency(d: Located) -> list[Finding]:
    if not d.agency_expected:
        return []
    if not d.agency:
        return [missing("co_quan", "tên cơ quan, tổ chức ban hành")]
    out = _styled(d.parent_agency, "co_quan_chu_quan") + _styled(d.agency, "co_quan")
    return out + check_rule(
        d.agency,
        d.following(d.agency[-1]),
        spec.RULE_FRACTION_RANGE,
        "co_quan",
        spec.RULE_AGENCY_RULE,
        "tên cơ quan ban hành",
    )


def _header_position(d: Located) -> list[Finding]:
    """The motto at the top right, the agency at the top left, in one row (Mục IV)."""
    qh, so = d.quoc_hieu, d.so
    if qh is None or so is None or not d.agency:
        return []
    motto_column = (qh.cell or (0, 0))[1]
    if qh.table == so.table and motto_column > (d.agency[0].cell or (0, 0))[1]:
        return []
    return [
        Finding(
            "position-header",
            "Quốc hiệu, Tiêu ngữ phải ở bên phải, tên cơ quan ban hành bên trái, cùng hàng.",
            "The motto belongs top right, the agency top left.",
            spec.RULE_POSITIONS,
            qh.where,
        )
    ]


def _subject_cv(d: Located) -> list[Finding]:
    """A công văn's "V/v ..." (ô 5b): its look, and "V/v" written once."""
    vv = d.vv
    if vv is None:
        return []
    out = appearance(vv, "trich_yeu_cv")
    if _DOUBLED_VV.match(vv.text):
        out.append(
            Finding(
                "format-trich_yeu_cv",
                f"Trích yếu “{vv.text}”: chữ “V/v” (về việc) bị viết hai lần.",
                f"Subject “{vv.text}”: “V/v” (về việc) is written twice.",
                E["trich_yeu_cv"].rule,
                vv.where,
            )
        )
    return out


def _type_name(d: Located) -> list[Finding]:
    if d.type_name is None:
        if d.vv is not None:  # a công văn has no type name
            return []
        return [missing("ten_loai", "tên loại và trích yếu nội dung văn bản")]
    return appearance(d.type_name, "ten_loai")


def _summary(d: Located) -> list[Finding]:
    """The trích yếu under the type's name, and the rule under it (ô 5a)."""
    if d.summary is None:
        return []
    return appearance(d.summary, "trich_yeu") + check_rule(
        [d.summary],
        d.following(d.summary),
        spec.RULE_FRACTION_RANGE,
        "trich_yeu",
        E["trich_yeu"].rule,
        "trích yếu",
    )


def _date(d: Located) -> list[Finding]:
    line = d.date
    if line is None:
        if d.minutes:  # Mẫu 1.9: a biên bản carries its times in its body
            return []
        return [
            missing(
                "dia_danh_ngay",
                "địa danh và thời gian ban hành (“..., ngày ... tháng ... năm ...”)",
            )
        ]
    match = DATE_LINE_RE.match(line.text)
    assert match is not None  # locate found it by this pattern
    problems = date_problems(match.group("day"), match.group("month"), match.group("year"))
    place = match.group("place")
    if not match.group("comma"):
        problems.append("sau địa danh phải có dấu phẩy")
    if place and not place[0].isupper():
        problems.append("chữ cái đầu của địa danh phải viết hoa")
    return appearance(line, "dia_danh_ngay") + _format(
        "dia_danh_ngay",
        line,
        problems,
        f"Dòng ngày tháng “{line.text}”",
        f"Date line “{line.text}”",
    )


def _addressees(d: Located) -> list[Finding]:
    """ "Kính gửi:" and its list, "- ...;" each and "." after the last (Mục II.9.b)."""
    kg = d.kinh_gui
    if kg is None:
        return []
    out = appearance(kg, "kinh_gui")
    rule = E["kinh_gui"].rule
    if not kg.text.startswith("Kính gửi:"):
        out.append(
            Finding(
                "format-kinh_gui",
                "Sau “Kính gửi” phải có dấu hai chấm (:).",
                "“Kính gửi” must be followed by a colon.",
                rule,
                kg.where,
            )
        )
    for index, para in enumerate(d.addressees):
        out += appearance(para, "kinh_gui")
        end = "." if index == len(d.addressees) - 1 else ";"
        if not para.text.endswith(end):
            out.append(
                Finding(
                    "format-kinh_gui",
                    f"Dòng “{para.text}” phải kết thúc bằng “{end}”.",
                    f"Line must end with “{end}”.",
                    rule,
                    para.where,
                )
            )
    return out


def _urgency(d: Located) -> list[Finding]:
    return _styled(d.urgency, "do_khan")


def _recipient_problems(text: str, last: bool) -> list[str]:
    problems = []
    if not text.startswith("-"):
        problems.append("đầu dòng phải có gạch đầu dòng (-)")
    if not text.endswith("." if last else ";"):
        problems.append("cuối dòng phải có dấu " + ("chấm (.)" if last else "chấm phẩy (;)"))
    return problems


def _recipients(d: Located) -> list[Finding]:
    """ "Nơi nhận:", one "- ...;" line each, "- Lưu: VT, ..." last (Mục II.9.b)."""
    label = d.noi_nhan
    if label is None:
        return [missing("noi_nhan", "phần “Nơi nhận”")]
    out = appearance(label, "noi_nhan_label")
    if not label.text.startswith("Nơi nhận:"):
        out.append(
            Finding(
                "format-noi_nhan",
                "Sau “Nơi nhận” phải có dấu hai chấm (:).",
                "“Nơi nhận” must be followed by a colon.",
                E["noi_nhan_label"].rule,
                label.where,
            )
        )
    out += _styled(d.after_recipients, "nguoi_soan")
    for index, para in enumerate(d.recipients):
        last = index == len(d.recipients) - 1
        out += appearance(para, "noi_nhan") + _format(
            "noi_nhan",
            para,
            _recipient_problems(para.text, last),
            f"Nơi nhận “{para.text}”",
            f"Recipient line “{para.text}”",
        )
    if not d.archive_found:
        out.append(
            Finding(
                "format-noi_nhan",
                "Nơi nhận thiếu dòng cuối “- Lưu: VT, ...”.",
                "The recipients lack the final “- Lưu: VT, ...” line.",
                E["noi_nhan"].rule,
                label.where,
            )
        )
    return out


def _signer(d: Located) -> list[Finding]:
    """The signing authority ("KT.", "TM." ... with their full stop), title and name."""
    out = []
    for para in d.signer_titles:
        out += appearance(para, "quyen_han")
        first = para.text.split()[0]
        if first.rstrip(".") in _AUTHORITIES and not first.endswith("."):
            out.append(
                Finding(
                    "format-quyen_han",
                    f"Quyền hạn “{first}” phải có dấu chấm: “{first}.”.",
                    f"“{first}” must end with a full stop.",
                    E["quyen_han"].rule,
                    para.where,
                )
            )
    return out + _styled(d.signer_names, "nguoi_ky")


def _sections(d: Located) -> list[Finding]:
    return check_sections(d.document)


def _runs(d: Located) -> list[Finding]:
    return check_runs(d.paras)


def _page_numbers(d: Located) -> list[Finding]:
    return check_page_numbers(d.document, d.reader.styles, runs_past_first_page(d.paras))


Check = Callable[[Located], list[Finding]]
CHECKS: tuple[Check, ...] = (
    _sections,
    _quoc_hieu,
    _tieu_ngu,
    _number,
    _agency,
    _header_position,
    _subject_cv,
    _type_name,
    _summary,
    _date,
    _addressees,
    _urgency,
    _recipients,
    _signer,
    check_body,
    _runs,
    _page_numbers,
)


def check_document(document: Any) -> list[Finding]:
    """Departures from Phụ lục I of a python-docx Document."""
    located = locate(document)
    return [finding for check in CHECKS for finding in check(located)]


def check_docx(path: str | Path) -> list[Finding]:
    """Departures from Phụ lục I of the DOCX at `path`; a TrolyError if it cannot be read."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise TrolyError(f"Không tìm thấy tệp {path}.", f"File not found: {path}.")
    # The guarded opener: zip-bomb, size and XML checks before python-docx builds its tree.
    return check_document(open_object_model(path))


__all__ = ["CHECKS", "Finding", "check_document", "check_docx", "text_width_twips"]
