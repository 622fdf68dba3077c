"""Twelve units' periodic reports with known figures, written as an office receives them:
DOCX with tables, PDFs that state figures in sentences, a scanned PDF, a .doc, a DOCX with an
XLSX annex, wordings that differ between units, and planted problems. `make_reports` returns
the truth the consolidation is measured against."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
PERIOD = "tháng 11 năm 2025"
# Indicator ids, and the wording each style of report uses for them.
IDS = ("tiep_nhan", "truc_tuyen", "truc_tiep", "giai_quyet", "dung_han", "tre_han", "ty_le")
WORDING = {
    "A": {
        "tiep_nhan": "Số hồ sơ tiếp nhận",
        "truc_tuyen": "Hồ sơ tiếp nhận trực tuyến",
        "truc_tiep": "Hồ sơ tiếp nhận trực tiếp",
        "giai_quyet": "Số hồ sơ đã giải quyết",
        "dung_han": "Số hồ sơ giải quyết đúng hạn",
        "tre_han": "Số hồ sơ giải quyết trễ hạn",
        "ty_le": "Tỷ lệ hồ sơ giải quyết đúng hạn",
    },
    "B": {
        "tiep_nhan": "Tổng số hồ sơ đã tiếp nhận",
        "truc_tuyen": "Số lượng hồ sơ tiếp nhận trực tuyến",
        "truc_tiep": "Số lượng hồ sơ TTHC tiếp nhận trực tiếp",
        "giai_quyet": "Tổng số hồ sơ đã xử lý",
        "dung_han": "Hồ sơ xử lý đúng thời hạn",
        "tre_han": "Hồ sơ xử lý quá hạn",
        "ty_le": "Tỷ lệ giải quyết hồ sơ đúng hạn (%)",
    },
}
UNITS = (
    "Xã An Bình", "Xã Bình Minh", "Xã Cát Tiên", "Xã Đông Hòa", "Xã Gia Lộc", "Xã Hòa Phú",
    "Xã Kim Sơn", "Xã Long Hải", "Xã Minh Tân", "Xã Phú Lộc", "Xã Quảng Phú", "Xã Tân Lập",
)  # fmt: skip
DIFFICULTIES = (
    "Hạ tầng công nghệ thông tin tại bộ phận một cửa còn thiếu, nhiều máy tính đã cũ.",
    "Một bộ phận người dân chưa quen với việc nộp hồ sơ trực tuyến.",
    "Cán bộ bộ phận một cửa phải kiêm nhiệm nhiều việc, khối lượng công việc lớn.",
)
PROPOSALS = (
    "Đề nghị Ủy ban nhân dân huyện hỗ trợ kinh phí nâng cấp trang thiết bị cho bộ phận một cửa.",
    "Đề nghị tổ chức tập huấn cho cán bộ về sử dụng dịch vụ công trực tuyến.",
)
RESULTS = (
    "Xã đã hoàn thành việc niêm yết công khai thủ tục hành chính tại bộ phận một cửa.",
    "Công tác số hóa hồ sơ trong năm 2025 được triển khai đồng bộ, đạt kết quả nổi bật.",
)


@dataclass
class Truth:
    units: list[str]
    tables: dict[tuple[str, str], Decimal] = field(default_factory=dict)  # stated in a table
    texts: dict[tuple[str, str], Decimal] = field(default_factory=dict)  # stated in a sentence
    cells: dict[tuple[str, str], Decimal] = field(default_factory=dict)  # the table's cell
    planted: list[tuple[str, str, str]] = field(default_factory=list)  # kind, id, unit
    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # units left out (no LibreOffice)

    def totals(self) -> dict[str, Decimal]:
        out = {i: Decimal(0) for i in IDS if i != "ty_le"}
        for (_unit, ind), value in self.cells.items():
            if ind != "ty_le":
                out[ind] += value
        units = [u for u in self.units if (u, "dung_han") in self.cells]
        top = sum((self.cells[u, "dung_han"] for u in units), Decimal(0))
        bottom = sum((self.cells[u, "giai_quyet"] for u in units), Decimal(0))
        out["ty_le"] = (top * 100 / bottom).quantize(Decimal("0.01"))
        return out


def vn(value: Decimal) -> str:
    """1245 -> "1.245", 95.5 -> "95,5"."""
    whole, _, fraction = f"{value:f}".partition(".")
    text = f"{int(whole):,}".replace(",", ".")
    return text + (f",{fraction}" if fraction.strip("0") else "")


def figures_for(index: int) -> dict[str, Decimal]:
    """Known, varied figures for unit `index` (consistent unless a problem is planted)."""
    online = 300 + 37 * index
    direct = 900 + 53 * index
    solved = online + direct - 20 - index
    late = 3 + index % 4
    figures = {
        "tiep_nhan": online + direct,
        "truc_tuyen": online,
        "truc_tiep": direct,
        "giai_quyet": solved,
        "dung_han": solved - late,
        "tre_han": late,
    }
    values = {k: Decimal(v) for k, v in figures.items()}
    values["ty_le"] = (values["dung_han"] * 100 / values["giai_quyet"]).quantize(Decimal("0.1"))
    return values


def header(unit: str) -> list[str]:
    return [
        "ỦY BAN NHÂN DÂN",
        unit.upper(),
        f"Số: {30 + len(unit)}/BC-UBND",
        "ngày 28 tháng 11 năm 2025",
        "BÁO CÁO",
        f"Kết quả giải quyết thủ tục hành chính {PERIOD}",
    ]


def closing(index: int) -> list[str]:
    return [
        "II. KHÓ KHĂN, VƯỚNG MẮC",
        DIFFICULTIES[index % 3],
        DIFFICULTIES[(index + 1) % 3],
        "III. KIẾN NGHỊ, ĐỀ XUẤT",
        PROPOSALS[index % 2],
    ]


def sentences(values: dict[str, Decimal], variant: int) -> list[str]:
    """The figures as a report's prose states them, in one of two ways of saying them."""
    v = {k: vn(x) for k, x in values.items()}
    if variant == 0:
        return [
            f"Trong kỳ, Ủy ban nhân dân xã đã tiếp nhận {v['tiep_nhan']} hồ sơ thủ tục hành "
            f"chính, trong đó tiếp nhận trực tuyến {v['truc_tuyen']} hồ sơ, tiếp nhận trực "
            f"tiếp {v['truc_tiep']} hồ sơ.",
            f"Xã đã giải quyết {v['giai_quyet']} hồ sơ, trong đó giải quyết đúng hạn "
            f"{v['dung_han']} hồ sơ, giải quyết trễ hạn {v['tre_han']} hồ sơ.",
            f"Tỷ lệ hồ sơ giải quyết đúng hạn đạt {v['ty_le']}%.",
        ]
    return [
        f"Tổng số hồ sơ đã tiếp nhận trong kỳ là {v['tiep_nhan']}, gồm: số hồ sơ tiếp nhận "
        f"trực tuyến là {v['truc_tuyen']}; số hồ sơ tiếp nhận trực tiếp là {v['truc_tiep']}.",
        f"Số hồ sơ đã xử lý: {v['giai_quyet']}; số hồ sơ xử lý đúng thời hạn: "
        f"{v['dung_han']}; số hồ sơ xử lý quá hạn: {v['tre_han']}.",
        f"Tỷ lệ giải quyết hồ sơ đúng hạn là {v['ty_le']}%.",
    ]


def table_rows(values: dict[str, Decimal], style: str, leave_out: str = "") -> list[list[str]]:
    words = WORDING[style]
    if style == "A":
        rows = [["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả thực hiện"]]
    else:
        rows = [["Chỉ tiêu", "Đơn vị tính", "Thực hiện kỳ này", "Cùng kỳ năm trước"]]
    for number, ind in enumerate((i for i in IDS if i != leave_out), 1):
        unit = "%" if ind == "ty_le" else "hồ sơ"
        value = vn(values[ind])
        if style == "A":
            rows.append([str(number), words[ind], unit, value])
        else:  # last year's figure beside it, which is not the period's
            rows.append([words[ind], unit, value, vn(values[ind] * 9 // 10)])
    return rows


def write_docx(path: Path, lines: list[str], rows: list[list[str]] | None) -> Path:
    import docx

    document = docx.Document()
    for line in lines:
        if line == "<TABLE>" and rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
        elif line != "<TABLE>":
            document.add_paragraph(line)
    document.save(str(path))
    return path


def write_pdf(path: Path, lines: list[str], scanned: bool = False) -> Path:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="vn", fontfile=str(FONT))
    rect = pymupdf.Rect(60, 60, page.rect.width - 60, page.rect.height - 60)
    page.insert_textbox(rect, "\n".join(lines), fontname="vn", fontsize=11.5)
    if scanned:  # the page as a picture, no text layer: what a scanner makes
        pixmap = page.get_pixmap(dpi=200)
        out = pymupdf.open()
        new = out.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, pixmap=pixmap)
        out.save(path)
        out.close()
    else:
        doc.save(path)
    doc.close()
    return path


def write_xlsx(path: Path, unit: str, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Biểu 01"
    sheet.append([f"UBND {unit.upper()}"])
    sheet.append([f"Biểu 01: KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH {PERIOD.upper()}"])
    for row in rows:
        sheet.append([_sheet_value(cell) for cell in row])
    book.save(path)
    return path


def _sheet_value(text: str) -> object:
    """A figure as a number in the sheet (as offices type them), words as text."""
    plain = text.replace(".", "").replace(",", ".")
    try:
        return float(plain) if "." in plain else int(plain)
    except ValueError:
        return text


def to_doc(docx_path: Path) -> Path | None:
    """The DOCX saved as Word 97 .doc by LibreOffice; None when it is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
             "doc", "--outdir", str(docx_path.parent), str(docx_path)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    docx_path.unlink()
    return docx_path.with_suffix(".doc")


# Which unit is written how: (kind, table style, prose variant).
PLAN = {
    0: ("docx", "A"), 1: ("docx", "B"), 2: ("docx", "A"), 3: ("docx", "B"), 4: ("docx", "A"),
    5: ("pdf", ""), 6: ("pdf", ""), 7: ("pdf", ""), 8: ("scan", ""), 9: ("doc", "A"),
    10: ("annex", "B"), 11: ("docx", "A"),
}  # fmt: skip


def make_reports(folder: Path, count: int = 12, doc: bool = True) -> Truth:
    """Write `count` units' reports (the first `count` of PLAN) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    truth = Truth([])
    for index in range(count):
        _write_unit(folder, index, truth, doc)
    return truth


def _write_unit(folder: Path, index: int, truth: Truth, doc: bool) -> None:
    unit = UNITS[index]
    kind, style = PLAN[index]
    if kind == "doc" and not doc:
        return
    values = figures_for(index)
    table_values = dict(values)
    text_values = {k: values[k] for k in ("tiep_nhan", "ty_le")}  # the prose of a DOCX
    leave_out = ""
    if index == 1:  # planted: a total that is not the sum of its parts
        table_values["tiep_nhan"] += 10
        truth.planted.append(("sum_mismatch", "tiep_nhan", unit))
    if index == 2:  # planted: the table and the text disagree
        text_values["tiep_nhan"] = values["tiep_nhan"] + 9
        truth.planted.append(("table_text_mismatch", "tiep_nhan", unit))
    if index == 4:  # planted: a rate over 100%
        table_values["ty_le"] = text_values["ty_le"] = Decimal("102.5")
        truth.planted.append(("rate_over_100", "ty_le", unit))
    if index == 11:  # planted: a unit that does not report an indicator
        leave_out = "tre_han"
        del table_values["tre_han"]
        truth.planted.append(("missing_unit", "tre_han", unit))
    slug = f"bao-cao-{index + 1:02d}"
    lines = [*header(unit), "I. KẾT QUẢ THỰC HIỆN"]
    if kind in ("pdf", "scan"):
        text_values, table_values = values, {}
        lines += [*sentences(values, index % 2), RESULTS[index % 2], *closing(index)]
        path = write_pdf(folder / f"{slug}.pdf", lines, scanned=kind == "scan")
    elif kind == "annex":
        text_values = {}
        lines += ["Kết quả cụ thể tại Biểu 01 kèm theo.", RESULTS[0], *closing(index)]
        write_docx(folder / f"{slug}.docx", lines, None)
        path = write_xlsx(folder / f"{slug}-bieu-01.xlsx", unit, table_rows(values, style))
    else:
        if index == 1:  # the prose repeats the table's (wrong) total: only the sum is off
            text_values["tiep_nhan"] = table_values["tiep_nhan"]
        lines += [
            f"Trong kỳ, Ủy ban nhân dân xã đã tiếp nhận {vn(text_values['tiep_nhan'])} hồ sơ "
            "thủ tục hành chính.",
            f"Tỷ lệ hồ sơ giải quyết đúng hạn đạt {vn(text_values['ty_le'])}%.",
            "<TABLE>",
            RESULTS[index % 2],
            *closing(index),
        ]
        rows = table_rows(table_values, style, leave_out)
        path = write_docx(folder / f"{slug}.docx", lines, rows)
        if kind == "doc":
            converted = to_doc(path)
            if converted is None:
                path.unlink()
                truth.skipped.append(unit)
                return
            path = converted
    truth.units.append(unit)
    truth.files.append(path)
    for ind, value in table_values.items():
        truth.tables[unit, ind] = value
    for ind, value in text_values.items():
        truth.texts[unit, ind] = value
    for ind in IDS:
        if ind in table_values:
            truth.cells[unit, ind] = table_values[ind]
        elif ind in text_values and not table_values:
            truth.cells[unit, ind] = text_values[ind]
