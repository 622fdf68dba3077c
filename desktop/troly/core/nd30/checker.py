"""`check-format`: every departure from Phụ lục I found in any DOCX, each with its rule.

The elements are found by their text (the Quốc hiệu, "Số:", the date line, "Nơi nhận:" ...),
not by our own layout, so documents from other agencies and other word processors are checked
the same way. Formats are resolved through the style hierarchy (see styles.py).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError

from troly.core.errors import TrolyError
from troly.core.nd30 import spec
from troly.core.nd30.check_page import check_page_numbers, check_runs, check_sections
from troly.core.nd30.dates import DATE_LINE_RE, date_problems
from troly.core.nd30.findings import Finding
from troly.core.nd30.metrics import longest_line_twips, text_width_twips, wrap_lines
from troly.core.nd30.numbering import KY_HIEU_RE, SO_LINE_RE
from troly.core.nd30.reader import DocumentReader, Para
from troly.core.nd30.types import type_by_title

E = spec.ELEMENTS
_TEXT_WIDTH = spec.mm(spec.TEXT_WIDTH_MM)
_INDENT_RANGE = (
    spec.mm(spec.FIRST_LINE_INDENT_RANGE_MM[0]) - 15,
    spec.mm(spec.FIRST_LINE_INDENT_RANGE_MM[1]) + 15,
)
_GROUNDS = ("căn cứ", "theo đề nghị", "xét ")


def _fold(text: str) -> str:
    return " ".join(text.split()).upper().replace("HOÀ", "HÒA")


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _style(para: Para, key: str) -> list[Finding]:
    """Size, weight, slant and case of an element against what Phụ lục I sets for it."""
    e = E[key]
    out: list[Finding] = []
    size = para.size
    if size is not None and not e.accepts(size):
        allowed = (
            f"{e.sizes[0]:g}" if e.sizes[0] == e.sizes[1] else f"{e.sizes[0]:g}-{e.sizes[1]:g}"
        )
        out.append(
            Finding(
                f"size-{key}",
                f"{e.name_vi}: cỡ chữ {size:g}, phải là {allowed}.",
                f"{key}: size {size:g} pt, must be {allowed}.",
                e.rule,
                para.where,
            )
        )
    if para.runs and e.bold != para.all("bold") and (e.bold or para.any("bold")):
        vi = "phải in đậm" if e.bold else "không được in đậm"
        out.append(
            Finding(
                f"bold-{key}",
                f"{e.name_vi}: {vi}.",
                f"{key}: bold must be {e.bold}.",
                e.rule,
                para.where,
            )
        )
    if para.runs and e.italic != para.all("italic") and (e.italic or para.any("italic")):
        vi = "phải in nghiêng" if e.italic else "phải là kiểu chữ đứng (không nghiêng)"
        out.append(
            Finding(
                f"italic-{key}",
                f"{e.name_vi}: {vi}.",
                f"{key}: italic must be {e.italic}.",
                e.rule,
                para.where,
            )
        )
    upper = _is_upper(para.text) or para.all("caps")
    letters = sum(c.isalpha() for c in para.text)
    if e.upper is True and not upper:
        out.append(
            Finding(
                f"case-{key}",
                f"{e.name_vi}: phải viết in hoa.",
                f"{key}: must be in capitals.",
                e.rule,
                para.where,
            )
        )
    elif e.upper is False and upper and letters > 3:
        out.append(
            Finding(
                f"case-{key}",
                f"{e.name_vi}: phải viết in thường.",
                f"{key}: must not be all capitals.",
                e.rule,
                para.where,
            )
        )
    return out


def _missing(key: str, name_vi: str, rule: str) -> Finding:
    return Finding(f"missing-{key}", f"Thiếu {name_vi}.", f"Missing: {key}.", rule)


class _Check:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.reader = DocumentReader(document)
        self.paras = [p for p in self.reader.paras]
        self.findings: list[Finding] = []
        self.used: set[int] = set()  # paragraphs identified as an element

    def find(self, test: Any, start: int = 0) -> Para | None:
        for para in self.paras[start:]:
            if para.text and test(para):
                return para
        return None

    def following(self, para: Para) -> list[Para]:
        """The paragraphs after `para` in the same container (cell or body)."""
        out = []
        for other in self.paras[para.index :]:
            if (other.table, other.cell) != (para.table, para.cell):
                break
            out.append(other)
        return out

    # -- rules under text -----------------------------------------------------------------------

    def rule_length(self, para: Para) -> int | None:
        """Length in twips of the rule drawn under `para`, 0 when present but unmeasured, None
        when there is none."""
        if "bottom" in para.fmt.borders and para.cell_width is not None:
            return para.cell_width - para.fmt.left - para.fmt.right
        if para.underlined:
            return 0
        candidates = [para, *self.following(para)[:2]]
        for index, other in enumerate(candidates):
            widths = [w for w in other.drawing_widths if w != 0]
            if widths and (index == 0 or not other.text):
                return max(widths) if max(widths) > 0 else 0
            if index == 0:
                continue
            if other.text and set(other.text) <= {"_", "-", " ", "—"}:
                return 0
            if other.text:
                return None
            if other.fmt.borders & {"bottom", "top"}:
                width = other.cell_width if other.table is not None else _TEXT_WIDTH
                if width is None:
                    return 0
                return width - other.fmt.left - other.fmt.right
        return None

    def check_rule(
        self, para: Para, low: float, high: float, key: str, rule: str, name_vi: str
    ) -> None:
        length = self.rule_length(para)
        if length is None:
            self.findings.append(
                Finding(
                    f"rule-{key}",
                    f"Thiếu đường kẻ ngang dưới {name_vi}.",
                    f"No rule under {key}.",
                    rule,
                    para.where,
                )
            )
            return
        if length <= 0:
            return
        size = para.size or E[key].size
        width = para.cell_width or _TEXT_WIDTH
        lines = [p.text for p in self._block(para)]
        text_width = max(longest_line_twips(t, size, width, bold=True) for t in lines)
        if text_width <= 0:
            return
        ratio = length / text_width
        if not low - 0.06 <= ratio <= high + 0.06:
            self.findings.append(
                Finding(
                    f"rule-length-{key}",
                    f"Đường kẻ dưới {name_vi} dài {ratio:.0%} dòng chữ.",
                    f"The rule under {key} is {ratio:.0%} of the text.",
                    rule,
                    para.where,
                )
            )

    def _block(self, para: Para) -> list[Para]:
        return getattr(self, "_blocks", {}).get(para.index, [para])

    # -- elements -------------------------------------------------------------------------------

    def motto(self) -> None:
        qh = self.find(lambda p: _fold(p.text) == spec.QUOC_HIEU)
        if qh is None:
            self.findings.append(
                _missing(
                    "quoc_hieu",
                    "Quốc hiệu “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”",
                    E["quoc_hieu"].rule,
                )
            )
        else:
            self.used.add(qh.index)
            self.findings += _style(qh, "quoc_hieu")
        tn = self.find(
            lambda p: re.sub(r"\s*-\s*", "-", p.text.lower()) == "độc lập-tự do-hạnh phúc"
        )
        if tn is None:
            self.findings.append(
                _missing("tieu_ngu", "Tiêu ngữ “Độc lập - Tự do - Hạnh phúc”", E["tieu_ngu"].rule)
            )
            return
        self.used.add(tn.index)
        self.findings += _style(tn, "tieu_ngu")
        if tn.text != spec.TIEU_NGU:
            self.findings.append(
                Finding(
                    "text-tieu_ngu",
                    f"Tiêu ngữ viết “{tn.text}”, phải là “{spec.TIEU_NGU}”.",
                    "The motto must read “Độc lập - Tự do - Hạnh phúc”.",
                    E["tieu_ngu"].rule,
                    tn.where,
                )
            )
        self.check_rule(tn, 1.0, 1.0, "tieu_ngu", spec.RULE_MOTTO_RULE, "Tiêu ngữ")

    def number(self) -> Para | None:
        so = self.find(lambda p: bool(SO_LINE_RE.match(p.text)) and len(p.text) < 60)
        if so is None:
            self.findings.append(
                _missing("so_ky_hieu", "số, ký hiệu văn bản (“Số: ...”)", E["so_ky_hieu"].rule)
            )
            return None
        self.used.add(so.index)
        self.findings += _style(so, "so_ky_hieu")
        match = SO_LINE_RE.match(so.text)
        assert match is not None
        problems = []
        if not match.group("colon"):
            problems.append("sau từ “Số” phải có dấu hai chấm")
        number = match.group("number")
        if number and (
            not number.isdigit()
            or (int(number) < 10 and len(number) != 2)
            or (int(number) >= 10 and number.startswith("0"))
        ):
            problems.append(
                f"số “{number}” phải ghi {int(number):02d}"
                if number.isdigit()
                else f"số “{number}” phải bằng chữ số Ả Rập"
            )
        code = match.group("code")
        if not KY_HIEU_RE.match(code):
            problems.append(
                f"ký hiệu “{code}” phải gồm các nhóm chữ viết tắt nối bằng dấu "
                "gạch nối (-), không cách chữ"
            )
        elif code != code.upper() and not re.search(r"TTr|CTr|QyĐ|TrS", code):
            problems.append(f"ký hiệu “{code}” phải viết in hoa")
        for problem in problems:
            self.findings.append(
                Finding(
                    "format-so_ky_hieu",
                    f"Số, ký hiệu “{so.text}”: {problem}.",
                    f"Number line “{so.text}”: {problem}.",
                    E["so_ky_hieu"].rule,
                    so.where,
                )
            )
        return so

    def agency(self, so: Para | None) -> None:
        if so is None or so.table is None:
            return
        before = [
            p
            for p in self.paras
            if (p.table, p.cell) == (so.table, so.cell) and p.index < so.index and p.text
        ]
        if not before:
            # Two-row headers put the agency in the cell above the number.
            before = [
                p
                for p in self.paras
                if p.table == so.table
                and p.cell is not None
                and p.cell[1] == (so.cell or (0, 0))[1]
                and p.index < so.index
                and p.text
            ]
        before = [p for p in before if not set(p.text) <= {"_", "-", " "}]
        if not before:
            self.findings.append(
                _missing("co_quan", "tên cơ quan, tổ chức ban hành", E["co_quan"].rule)
            )
            return
        issuer = [p for p in before if p.all("bold")] or [before[-1]]
        start = before.index(issuer[0])
        issuer = before[start:]
        for para in before[:start]:
            self.used.add(para.index)
            self.findings += _style(para, "co_quan_chu_quan")
        for para in issuer:
            self.used.add(para.index)
            self.findings += _style(para, "co_quan")
        self._blocks = {issuer[-1].index: issuer}
        low, high = spec.RULE_FRACTION_RANGE
        self.check_rule(
            issuer[-1], low, high, "co_quan", spec.RULE_AGENCY_RULE, "tên cơ quan ban hành"
        )
        qh = self.find(lambda p: _fold(p.text) == spec.QUOC_HIEU)
        if qh is not None and (
            qh.table != so.table or (qh.cell or (0, 0))[1] <= (issuer[0].cell or (0, 0))[1]
        ):
            self.findings.append(
                Finding(
                    "position-header",
                    "Quốc hiệu, Tiêu ngữ phải ở bên phải, tên cơ quan ban hành bên trái, "
                    "cùng hàng.",
                    "The motto belongs top right, the agency top left.",
                    spec.RULE_POSITIONS,
                    qh.where,
                )
            )

    def date(self, minutes: bool) -> None:
        qh = self.find(lambda p: _fold(p.text) == spec.QUOC_HIEU)

        def in_header(p: Para) -> bool:
            # The date sits in the header; a date inside the body's sentences is not it.
            if qh is not None and qh.table is not None:
                return p.table == qh.table
            return p.index <= 15

        line = self.find(
            lambda p: in_header(p) and bool(DATE_LINE_RE.match(p.text)) and len(p.text) < 120
        )
        if line is None:
            if not minutes:
                self.findings.append(
                    _missing(
                        "dia_danh_ngay",
                        "địa danh và thời gian ban hành (“..., ngày ... tháng ... năm ...”)",
                        E["dia_danh_ngay"].rule,
                    )
                )
            return
        self.used.add(line.index)
        self.findings += _style(line, "dia_danh_ngay")
        match = DATE_LINE_RE.match(line.text)
        assert match is not None
        problems = date_problems(match.group("day"), match.group("month"), match.group("year"))
        place = match.group("place")
        if not match.group("comma"):
            problems.append("sau địa danh phải có dấu phẩy")
        if place and not place[0].isupper():
            problems.append("chữ cái đầu của địa danh phải viết hoa")
        for problem in problems:
            self.findings.append(
                Finding(
                    "format-dia_danh_ngay",
                    f"Dòng ngày tháng “{line.text}”: {problem}.",
                    f"Date line “{line.text}”: {problem}.",
                    E["dia_danh_ngay"].rule,
                    line.where,
                )
            )

    def title(self) -> tuple[Para | None, bool]:
        """The type's name and summary (ô 5a), or a công văn's V/v (ô 5b)."""
        vv = self.find(lambda p: p.text.startswith("V/v"))
        if vv is not None:
            self.used.add(vv.index)
            self.findings += _style(vv, "trich_yeu_cv")
        name = self.find(lambda p: p.table is None and type_by_title(p.text) is not None)
        if name is None:
            if vv is None:
                self.findings.append(
                    _missing(
                        "ten_loai", "tên loại và trích yếu nội dung văn bản", E["ten_loai"].rule
                    )
                )
            return None, False
        self.used.add(name.index)
        self.findings += _style(name, "ten_loai")
        minutes = _fold(name.text) == "BIÊN BẢN"
        summary = [p for p in self.following(name)[:3] if p.text][:1]
        if summary and not type_by_title(summary[0].text) and summary[0].fmt.jc == "center":
            para = summary[0]
            self.used.add(para.index)
            self.findings += _style(para, "trich_yeu")
            low, high = spec.RULE_FRACTION_RANGE
            self.check_rule(para, low, high, "trich_yeu", E["trich_yeu"].rule, "trích yếu")
            return para, minutes
        return name, minutes

    def addressees(self) -> None:
        kg = self.find(lambda p: p.text.startswith("Kính gửi"))
        if kg is None:
            return
        self.used.add(kg.index)
        self.findings += _style(kg, "kinh_gui")
        if not kg.text.startswith("Kính gửi:"):
            self.findings.append(
                Finding(
                    "format-kinh_gui",
                    "Sau “Kính gửi” phải có dấu hai chấm (:).",
                    "“Kính gửi” must be followed by a colon.",
                    E["kinh_gui"].rule,
                    kg.where,
                )
            )
        items = []
        # "Kính gửi: Sở Nội vụ." names its one addressee on the line: what follows is the body,
        # even when the body opens with a dash. A list follows only a bare "Kính gửi:".
        named_inline = bool(kg.text.split(":", 1)[-1].strip(" .")) if ":" in kg.text else False
        for para in [] if named_inline else self.following(kg):
            if not para.text.startswith(("-", "+", "•")):
                break
            items.append(para)
            self.used.add(para.index)
        for index, para in enumerate(items):
            self.findings += _style(para, "kinh_gui")
            end = "." if index == len(items) - 1 else ";"
            if not para.text.endswith(end):
                self.findings.append(
                    Finding(
                        "format-kinh_gui",
                        f"Dòng “{para.text}” phải kết thúc bằng “{end}”.",
                        f"Line must end with “{end}”.",
                        E["kinh_gui"].rule,
                        para.where,
                    )
                )

    def recipients(self) -> Para | None:
        label = self.find(lambda p: p.text.startswith("Nơi nhận"))
        if label is None:
            self.findings.append(_missing("noi_nhan", "phần “Nơi nhận”", E["noi_nhan"].rule))
            return None
        self.used.add(label.index)
        self.findings += _style(label, "noi_nhan_label")
        if not label.text.startswith("Nơi nhận:"):
            self.findings.append(
                Finding(
                    "format-noi_nhan",
                    "Sau “Nơi nhận” phải có dấu hai chấm (:).",
                    "“Nơi nhận” must be followed by a colon.",
                    E["noi_nhan_label"].rule,
                    label.where,
                )
            )
        items = [p for p in self.following(label) if p.text]
        archive = next((i for i, p in enumerate(items) if "Lưu" in p.text[:6]), None)
        listed = items[: archive + 1] if archive is not None else items
        for para in items:
            self.used.add(para.index)
        for para in items[len(listed) :]:
            self.findings += _style(para, "nguoi_soan")
        for index, para in enumerate(listed):
            self.findings += _style(para, "noi_nhan")
            last = index == len(listed) - 1
            problems = []
            if not para.text.startswith("-"):
                problems.append("đầu dòng phải có gạch đầu dòng (-)")
            if not para.text.endswith("." if last else ";"):
                problems.append(
                    "cuối dòng phải có dấu " + ("chấm (.)" if last else "chấm phẩy (;)")
                )
            for problem in problems:
                self.findings.append(
                    Finding(
                        "format-noi_nhan",
                        f"Nơi nhận “{para.text}”: {problem}.",
                        f"Recipient line “{para.text}”: {problem}.",
                        E["noi_nhan"].rule,
                        para.where,
                    )
                )
        if archive is None:
            self.findings.append(
                Finding(
                    "format-noi_nhan",
                    "Nơi nhận thiếu dòng cuối “- Lưu: VT, ...”.",
                    "The recipients lack the final “- Lưu: VT, ...” line.",
                    E["noi_nhan"].rule,
                    label.where,
                )
            )
        return label

    def signer(self, label: Para | None) -> None:
        if label is None or label.table is None:
            return
        cells = [
            p
            for p in self.paras
            if p.table == label.table
            and p.cell != label.cell
            and p.text
            and not p.text.startswith("(")
        ]
        titles = [p for p in cells if _is_upper(p.text)]
        names = [p for p in cells if not _is_upper(p.text)]
        for para in titles:
            self.used.add(para.index)
            self.findings += _style(para, "quyen_han")
            first = para.text.split()[0]
            if first.rstrip(".") in ("TM", "KT", "Q", "TL", "TUQ") and not first.endswith("."):
                self.findings.append(
                    Finding(
                        "format-quyen_han",
                        f"Quyền hạn “{first}” phải có dấu chấm: “{first}.”.",
                        f"“{first}” must end with a full stop.",
                        E["quyen_han"].rule,
                        para.where,
                    )
                )
        if titles and names:
            for para in names:
                self.used.add(para.index)
                self.findings += _style(para, "nguoi_ky")

    def urgency(self) -> None:
        for para in self.paras:
            if _fold(para.text).replace("HOẢ", "HỎA") in spec.DO_KHAN:
                self.used.add(para.index)
                self.findings += _style(para, "do_khan")

    def body(self, start: Para | None, end: Para | None) -> None:
        """Every body paragraph: size, justified, first-line indent, spacing (Mục II.6.e)."""
        low = start.index if start else 0
        high = end.index if end else len(self.paras) + 1
        problems: dict[str, list[Para]] = {}
        leading = True  # the grounds (căn cứ) come first, before the body proper
        for para in self.paras:
            if para.table is not None or not para.text or para.index in self.used:
                continue
            if not low < para.index < high:
                continue
            grounds = leading and para.text.lower().startswith(_GROUNDS)
            heading = para.fmt.jc == "center" and (para.all("bold") or _is_upper(para.text))
            leading = leading and (grounds or heading)
            if grounds:
                self.findings += _style(para, "can_cu")
            if heading:
                continue
            if not grounds:
                size = para.size
                if size is not None and not E["noi_dung"].accepts(size):
                    problems.setdefault("size", []).append(para)
                if para.all("italic"):
                    problems.setdefault("italic", []).append(para)
            if para.fmt.jc not in ("both", "distribute"):
                problems.setdefault("align", []).append(para)
            if not _INDENT_RANGE[0] <= para.fmt.first_line <= _INDENT_RANGE[1]:
                problems.setdefault("indent", []).append(para)
            if max(para.fmt.before, para.fmt.after) < spec.MIN_PARAGRAPH_SPACING_PT * 20 - 1:
                problems.setdefault("spacing", []).append(para)
            if not _line_ok(para):
                problems.setdefault("line", []).append(para)
        texts = {
            "size": ("cỡ chữ ngoài khoảng 13 - 14", "size outside 13-14 pt"),
            "italic": ("in nghiêng, phải là kiểu chữ đứng", "italic; must be upright"),
            "align": ("không canh đều hai lề", "not justified"),
            "indent": (
                "lùi đầu dòng không phải 1 cm hoặc 1,27 cm",
                "first-line indent not 1-1.27 cm",
            ),
            "spacing": ("khoảng cách giữa các đoạn dưới 6pt", "paragraph spacing under 6 pt"),
            "line": (
                "khoảng cách dòng ngoài khoảng dòng đơn đến 1,5 lines",
                "line spacing outside single to 1.5 lines",
            ),
        }
        for key, paras in problems.items():
            vi, en = texts[key]
            self.findings.append(
                Finding(
                    f"body-{key}",
                    f"Nội dung: {len(paras)} đoạn {vi} (đầu tiên: “{paras[0].text[:40]}”).",
                    f"Body: {len(paras)} paragraph(s) {en}.",
                    E["noi_dung"].rule,
                    paras[0].where,
                )
            )

    def many_pages(self) -> bool:
        """A rough estimate of whether the document runs past its first page."""
        height = 0.0
        for para in self.paras:
            size = para.size or 13
            width = para.cell_width or _TEXT_WIDTH
            lines = len(wrap_lines(para.text, size, max(width, 1000))) if para.text else 1
            if para.table is not None and para.cell and para.cell[1] > 0:
                continue  # the row's height is counted once, from its first cell
            height += lines * size * 1.15 + (para.fmt.before + para.fmt.after) / 20
        return height > (spec.PAGE_HEIGHT_MM - 40) / 25.4 * 72

    def run(self) -> list[Finding]:
        self.findings += check_sections(self.document)
        self.motto()
        so = self.number()
        self.agency(so)
        summary, minutes = self.title()
        self.date(minutes)
        self.addressees()
        self.urgency()
        label = self.recipients()
        self.signer(label)
        self.body(summary, label)
        self.findings += check_runs(self.paras)
        self.findings += check_page_numbers(self.document, self.reader.styles, self.many_pages())
        return self.findings


def _line_ok(para: Para) -> bool:
    fmt = para.fmt
    if fmt.line is None:
        return True
    low, high = spec.LINE_SPACING_RANGE
    if fmt.line_rule in (None, "auto"):
        return low * 240 - 1 <= fmt.line <= high * 240 + 1
    size = para.size or 14
    # Single spacing of Times New Roman is 1.15 times its size.
    return size * 20 * low <= fmt.line <= size * 20 * 1.15 * high + 1


def check_document(document: Any) -> list[Finding]:
    """Departures from Phụ lucs I of a python-docx Document."""
    return _Check(document).run()


def check_docx(path: str | Path) -> list[Finding]:
    """Departures from Phụ lục I of the DOCX at `path`; a TrolyError if it cannot be read."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise TrolyError(f"Không tìm thấy tệp {path}.", f"File not found: {path}.")
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise TrolyError(
            f"Tệp {path.name} không phải là tệp DOCX hợp lệ ({exc}).",
            f"{path.name} is not a valid DOCX file ({exc}).",
        ) from exc
    return check_document(document)


__all__ = ["Finding", "check_document", "check_docx", "text_width_twips"]
