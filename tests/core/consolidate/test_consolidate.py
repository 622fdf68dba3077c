"""Tổng hợp báo cáo: numbers, label matching on wordings of our own, figures in sentences,
flags, corrections, the narrative's number check, and the written XLSX and DOCX."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from troly.core.consolidate import corrections, labels, narrative, sentences, table
from troly.core.consolidate.model import Figure, Source
from troly.core.errors import TrolyError
from troly.core.numbers import format_number, numbers_in, parse_cell
from troly.core.policy import Policy

D = Decimal


@pytest.mark.parametrize(
    ("text", "value", "percent"),
    [
        ("1.245", D(1245), False),
        ("12.380.000", D(12380000), False),
        ("95,5%", D("95.5"), True),
        ("95,5 %", D("95.5"), True),
        ("1.245,75", D("1245.75"), False),
        ("0.5", D("0.5"), False),  # a float a program wrote, not five hundred
        ("1 245", D(1245), False),
        ("(12)", D(12), False),
        ("120", D(120), False),
    ],
)
def test_cells_in_vietnamese_formats(text: str, value: Decimal, percent: bool) -> None:
    assert parse_cell(text) == (value, percent)


@pytest.mark.parametrize("text", ["Xã An Bình", "12/3/2025", "45/BC-UBND", "", "hồ sơ"])
def test_words_dates_and_codes_are_not_numbers(text: str) -> None:
    assert parse_cell(text) is None


def test_numbers_in_a_sentence_skip_codes_and_dates() -> None:
    text = "Theo Kế hoạch 52/KH-UBND ngày 12/3/2025, xã tiếp nhận 1.245 hồ sơ, đạt 95,5%."
    assert numbers_in(text) == [D(1245), D("95.5")]


def test_format_number_is_the_inverse() -> None:
    assert format_number(D(1245)) == "1.245"
    assert format_number(D("95.50"), percent=True) == "95,5%"
    assert format_number(D("1234567.25")) == "1.234.567,25"
    assert parse_cell(format_number(D("20034"))) == (D(20034), False)


# Wordings of one indicator as different offices write it (not the generator's strings).
SAME = [
    (
        "Số hồ sơ tiếp nhận",
        "Tổng số hồ sơ đã tiếp nhận trong kỳ",
        "Số lượng hồ sơ thủ tục hành chính được tiếp nhận",
        "Hồ sơ TTHC tiếp nhận",
        "đã tiếp nhận hồ sơ",
    ),
    (
        "Số hồ sơ giải quyết đúng hạn",
        "Hồ sơ đã xử lý đúng thời hạn",
        "Tổng số hồ sơ được giải quyết đúng hạn trong tháng",
    ),
    ("Số hồ sơ giải quyết quá hạn", "Hồ sơ xử lý trễ hạn", "số hồ sơ giải quyết chậm hạn"),
    ("Số đơn thư khiếu nại tiếp nhận", "Tổng số đơn thư khiếu nại đã tiếp nhận"),
    ("Số lượt công dân được tiếp", "Tổng số lượt công dân đã được tiếp"),
]
# Pairs a careless matcher would merge: a total and its part, two parts, two counts.
DIFFERENT = [
    ("Số hồ sơ đã giải quyết", "Số hồ sơ giải quyết đúng hạn"),
    ("Hồ sơ tiếp nhận trực tiếp", "Hồ sơ tiếp nhận"),
    ("Hồ sơ tiếp nhận trực tuyến", "Hồ sơ tiếp nhận trực tiếp"),
    ("Số hồ sơ giải quyết đúng hạn", "Số hồ sơ giải quyết trễ hạn"),
    ("Số đơn thư khiếu nại", "Số đơn thư tố cáo"),
    ("Số hồ sơ tiếp nhận", "Số hồ sơ giải quyết"),
]


@pytest.mark.parametrize("group", SAME)
def test_wordings_of_one_indicator_match(group: tuple[str, ...]) -> None:
    first = labels.tokens(group[0])
    for other in group[1:]:
        assert labels.same_indicator(first, labels.tokens(other)), (group[0], other)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_indicators_do_not_match(a: str, b: str) -> None:
    assert not labels.same_indicator(labels.tokens(a), labels.tokens(b))


def test_rates_are_recognised() -> None:
    assert labels.is_rate("Tỷ lệ hồ sơ đúng hạn")
    assert labels.is_rate("Hồ sơ trực tuyến (%)")
    assert not labels.is_rate("Số hồ sơ tiếp nhận")


def _found(text: str) -> list[tuple[frozenset[str], Decimal, bool]]:
    out = []
    for line in sentences.logical_lines(text):
        for sentence in sentences.split(line):
            for f in sentences.figures(sentence, "A", "a.pdf", 1):
                out.append((labels.tokens(f.label), f.value, f.percent))
    return out


def test_figures_in_sentences_of_several_shapes() -> None:
    text = (
        "Năm 2025, theo Quyết định số 12/QĐ-UBND ngày 3/1/2025, Ủy ban nhân dân phường đã\n"
        "tiếp nhận 2.310 hồ sơ, tăng 12% so với cùng kỳ.\n"
        "Số hồ sơ được giải quyết đúng hạn: 2.250.\n"
        "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 97,4%.\n"
        "Phường đã tiếp 56 lượt công dân so với 40 lượt năm trước."
    )
    found = _found(text)
    assert (labels.tokens("Số hồ sơ tiếp nhận"), D(2310), False) in found
    assert (labels.tokens("hồ sơ giải quyết đúng hạn"), D(2250), False) in found
    assert (labels.tokens("Tỷ lệ hồ sơ giải quyết đúng hạn"), D("97.4"), True) in found
    assert (labels.tokens("tiếp lượt công dân"), D(56), False) in found
    values = [value for _, value, _ in found]
    # The year, the decision's number, its date, the change and last year's figure are not.
    assert all(v not in values for v in (D(2025), D(12), D(3), D(40)))


def fig(unit: str, label: str, value: str, origin: str = "table", percent: bool = False) -> Figure:
    return Figure(unit, label, D(value), percent, origin, Source(f"{unit}.docx", 1, "C3"))  # type: ignore[arg-type]


def _units_table(extra: dict[str, list[Figure]] | None = None) -> table.Consolidation:
    found: dict[str, list[Figure]] = {}
    for unit, (online, direct) in {"A": (40, 60), "B": (30, 70), "C": (10, 20)}.items():
        found[unit] = [
            fig(unit, "Số hồ sơ tiếp nhận", str(online + direct)),
            fig(unit, "Hồ sơ tiếp nhận trực tuyến", str(online)),
            fig(unit, "Hồ sơ tiếp nhận trực tiếp", str(direct)),
            fig(
                unit, "Tỷ lệ hồ sơ trực tuyến", str(online * 100 // (online + direct)), percent=True
            ),
        ]
    for unit, figures in (extra or {}).items():
        found.setdefault(unit, []).extend(figures)
    return table.build(list(found), found)


def test_a_consistent_table_has_totals_and_no_flags() -> None:
    result = _units_table()
    total = result.indicator(" ".join(sorted(labels.tokens("hồ sơ tiếp nhận"))))
    assert total.total == D(230)
    assert result.flags == []


def test_flags_for_each_kind_of_problem() -> None:
    found = {
        "A": [
            fig("A", "Số hồ sơ tiếp nhận", "120"),  # 40 + 60 is 100
            fig("A", "Hồ sơ tiếp nhận trực tuyến", "40"),
            fig("A", "Hồ sơ tiếp nhận trực tiếp", "60"),
            fig("A", "Tỷ lệ giải quyết đúng hạn", "101.5", percent=True),
        ],
        "B": [
            fig("B", "Tổng số hồ sơ đã tiếp nhận", "90"),
            fig("B", "đã tiếp nhận hồ sơ", "95", origin="text"),
            fig("B", "Hồ sơ tiếp nhận trực tuyến", "30"),
            fig("B", "Hồ sơ tiếp nhận trực tiếp", "60"),
            fig("B", "Tỷ lệ giải quyết đúng hạn", "99", percent=True),
        ],
        "C": [
            fig("C", "Hồ sơ tiếp nhận", "10"),
            fig("C", "Tỷ lệ giải quyết đúng hạn", "98", percent=True),
        ],
    }
    result = table.build(["A", "B", "C"], found)
    kinds = {(f.kind, f.unit) for f in result.flags}
    assert kinds == {
        ("sum_mismatch", "A"),
        ("rate_over_100", "A"),
        ("table_text_mismatch", "B"),
        ("missing_unit", "C"),  # twice: C reports neither part
    }
    assert len([f for f in result.flags if f.kind == "missing_unit"]) == 2
    received = result.indicator("hoso tiepnhan")
    assert received.total == D(220)  # the tables' values, never the sentence's
    assert [f.origin for f in received.cells["B"].figures] == ["table", "text"]


def test_a_rate_total_is_computed_from_its_counts() -> None:
    found = {
        "A": [fig("A", "Hồ sơ giải quyết", "200"), fig("A", "Hồ sơ giải quyết đúng hạn", "150"),
              fig("A", "Tỷ lệ hồ sơ giải quyết đúng hạn", "75", percent=True)],
        "B": [fig("B", "Hồ sơ giải quyết", "100"), fig("B", "Hồ sơ giải quyết đúng hạn", "100"),
              fig("B", "Tỷ lệ hồ sơ giải quyết đúng hạn", "100", percent=True)],
    }  # fmt: skip
    rate = table.build(["A", "B"], found).indicator("dunghan giaiquyet hoso tyle")
    assert rate.total == D("83.33")  # 250 / 300, not the mean of 75 and 100
    assert "/" in rate.total_note


def test_corrections_rename_merge_fix_and_remove() -> None:
    found = {
        "A": [fig("A", "Số hồ sơ tiếp nhận", "100"), fig("A", "Số người được tiếp", "7")],
        "B": [fig("B", "Hồ sơ nhận vào", "80"), fig("B", "Số người được tiếp", "9")],
    }
    original = table.build(["A", "B"], found)
    assert len(original.indicators) == 3  # "nhận vào" was not matched: the user merges it
    edits = corrections.from_json(
        [
            {"merge": ["hoso nhan vao"], "into": "hoso tiepnhan"},
            {"rename": "hoso tiepnhan", "label": "Hồ sơ tiếp nhận"},
            {"set": "nguoi tiep", "unit": "B", "value": "1.009"},
        ]
    )
    fixed = corrections.apply(original, edits)
    received = fixed.indicator("hoso tiepnhan")
    assert received.label == "Hồ sơ tiếp nhận" and received.total == D(180)
    assert fixed.indicator("nguoi tiep").total == D(1016)
    assert fixed.indicator("nguoi tiep").cells["B"].corrected
    assert len(original.indicators) == 3  # the table as read is kept
    removed = corrections.apply(fixed, [corrections.Remove("nguoi tiep")])
    assert [i.key for i in removed.indicators] == ["hoso tiepnhan"]
    with pytest.raises(TrolyError, match="Không có chỉ tiêu"):
        corrections.apply(fixed, [corrections.Rename("khong co", "x")])
    with pytest.raises(TrolyError, match="không phải là số"):
        corrections.from_json([{"set": "hoso tiepnhan", "unit": "A", "value": "nhiều"}])


def test_a_fixed_value_clears_its_flag() -> None:
    found = {
        "A": [fig("A", "Hồ sơ tiếp nhận", "90"), fig("A", "đã tiếp nhận hồ sơ", "95", "text")],
        "B": [fig("B", "Hồ sơ tiếp nhận", "10")],
    }
    original = table.build(["A", "B"], found)
    assert [f.kind for f in original.flags] == ["table_text_mismatch"]
    fixed = corrections.apply(original, [corrections.SetValue("hoso tiepnhan", "A", D(95))])
    assert fixed.flags == [] and fixed.indicator("hoso tiepnhan").total == D(105)


def test_narrative_groups_units_and_keeps_no_number_outside_the_table() -> None:
    texts = {
        "A": ["II. KHÓ KHĂN, VƯỚNG MẮC\nMáy tính tại bộ phận một cửa đã cũ, thường hỏng.\n"
              "Xã đã tổ chức 3 lớp tập huấn cho cán bộ, kết quả nổi bật.\n"
              "Kiến nghị\nĐề nghị huyện cấp thêm 120 máy tính cho các xã."],
        "B": ["Khó khăn, vướng mắc\nMáy tính ở bộ phận một cửa đã cũ và thường hỏng.\n"
              "III. KIẾN NGHỊ, ĐỀ XUẤT\nĐề nghị huyện cấp thêm 120 máy tính cho các xã.\n"
              "Xã đã tiếp nhận 120 hồ sơ trực tuyến, kết quả nổi bật."],
    }  # fmt: skip
    points, dropped = narrative.build(texts, allowed={D(120)})
    difficulties = [p for p in points if p.section == "kho_khan"]
    assert len(difficulties) == 1 and difficulties[0].units == ["A", "B"]
    proposals = [p for p in points if p.section == "kien_nghi"]
    assert [(p.text, p.units) for p in proposals] == [
        ("Đề nghị huyện cấp thêm 120 máy tính cho các xã.", ["A", "B"])
    ]
    assert dropped == 1  # "3 lớp tập huấn": 3 is not in the table
    # One unit's own figure is the table's business, not the narrative's.
    assert not [p for p in points if "tiếp nhận 120" in p.text]
    for point in points:
        assert all(n in {D(120)} for n in numbers_in(point.text))


def test_reports_folder_to_xlsx_and_docx(tmp_path: Path) -> None:
    import openpyxl
    from tests.core.consolidate.reports_factory import make_reports

    from troly.core.consolidate.output import write_report, write_xlsx
    from troly.core.consolidate.pipeline import consolidate_folder
    from troly.core.nd30.checker import check_docx

    truth = make_reports(tmp_path / "in", count=3)
    (tmp_path / "in" / "hong.docx").write_bytes(b"not a zip")  # one file that cannot be read
    result = consolidate_folder(tmp_path / "in", ocr=False)
    assert result.table.units == truth.units  # the others are consolidated all the same
    assert len(result.table.warnings) == 1 and "hong.docx" in result.table.warnings[0]
    sheet = write_xlsx(result.table, tmp_path / "bang.xlsx", policy=Policy())
    book = openpyxl.load_workbook(sheet)
    assert book.sheetnames == ["Tổng hợp", "Kiểm tra"]
    first = book["Tổng hợp"]
    assert first["B2"].value == truth.units[0]
    assert "bao-cao-01.docx" in first["C2"].comment.text
    assert first["C2"].value == truth.cells[truth.units[0], "tiep_nhan"]  # a number, not text
    assert first.cell(2 + len(truth.units), 2).value == "Tổng cộng"
    assert book["Kiểm tra"].max_row == 1 + len(result.table.flags)
    values = {"co_quan": "UBND HUYỆN YÊN PHONG", "ky_hieu": "UBND", "dia_danh": "Yên Phong",
              "trich_yeu": "Tổng hợp kết quả giải quyết thủ tục hành chính",
              "chuc_vu": "CHỦ TỊCH", "nguoi_ky": "Nguyễn Văn An"}  # fmt: skip
    out = write_report(result.table, result.points, values, tmp_path / "bc.docx", policy=Policy())
    assert check_docx(out) == []
    import docx

    written = docx.Document(str(out))
    grid = next(t for t in written.tables if t.cell(0, 0).text == "TT")
    assert [c.text for c in grid.rows[-1].cells][1] == "Tổng cộng"
    assert len(grid.rows) == 2 + len(truth.units)
    with pytest.raises(TrolyError):
        write_xlsx(result.table, tmp_path / "x.xlsx", policy=Policy(export_enabled=False))
    assert not (tmp_path / "x.xlsx").exists()


def test_rows_rendered_as_text_are_read_as_a_table() -> None:
    """A reader that keeps no structured table renders its rows "a | b | c": read back."""
    from troly.core.consolidate import extract
    from troly.core.documents.model import Document, Page

    text = (
        "UBND XÃ YÊN TRUNG\nBÁO CÁO\n"
        "Chỉ tiêu | Đơn vị tính | Kế hoạch | Thực hiện\n"
        "Số hồ sơ tiếp nhận | hồ sơ | 1.000 | 1.245\n"
        "Tỷ lệ đúng hạn | % | 100 | 98,5\n"
        "Xã đã tiếp nhận 1.245 hồ sơ."
    )
    document = Document(Path("yen-trung.docx"), "docx", [Page(1, text)])
    assert extract.unit_name(document) == "Xã Yên Trung"
    found = [(f.label, f.value, f.percent, f.origin) for f in extract.figures(document, "Y")]
    assert found == [
        ("Số hồ sơ tiếp nhận", D(1245), False, "table"),  # "Thực hiện", not "Kế hoạch"
        ("Tỷ lệ đúng hạn", D("98.5"), True, "table"),
        ("tiếp nhận hồ sơ", D(1245), False, "text"),
    ]
    where = extract.figures(document, "Y")[0].source.where
    assert where == "bảng 1, dòng 1, cột D"
