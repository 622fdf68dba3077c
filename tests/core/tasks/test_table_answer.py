"""Questions about figures over tables, answered by computing on the stored rows: real files
(CSV, XLSX, DOCX) indexed into the encrypted store, the real test model (Gemma 3 270M, which
cannot follow the wording instruction, so the checked template must be right on its own)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from troly.core.index.store import IndexStore
from troly.core.index.sync import sync_collection
from troly.core.tasks.ask import Answer, ask
from troly.core.tasks.table_answer import check_wording
from troly.core.tasks.table_compute import Cell, Result
from troly.core.tasks.table_question import figure_question

XA_CSV = """STT,Xã,Số hồ sơ tiếp nhận,Đúng hạn,Tỷ lệ đúng hạn
1,Xã An Bình,1.245,1.200,"96,4%"
2,Xã Tân Phú,980,850,"86,7%"
3,Xã Hòa Lạc,1.532,1.500,"97,9%"
,Tổng cộng,3.757,3.550,"94,5%"
"""


def _xlsx_schools(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Biểu 01"
    sheet.append(["BIỂU TỔNG HỢP HỌC SINH NĂM HỌC 2025-2026"])
    sheet.append(["Trường", "Số học sinh (em)", "Tỷ lệ lên lớp (%)"])
    for name, pupils, rate in [
        ("Trường TH Kim Đồng", 540, 98.5),
        ("Trường THCS Lê Lợi", 720, 96.25),
        ("Trường THCS Nguyễn Du", 610, 99.1),
    ]:
        sheet.append([name, pupils, rate])
    book.save(path)
    return path


def _docx_offices(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("BÁO CÁO KẾT QUẢ CÔNG TÁC QUÝ I/2026")
    document.add_paragraph("Biểu 02: Văn bản đã ban hành của các phòng")
    table = document.add_table(rows=1, cols=4)
    for cell, value in zip(table.rows[0].cells, ["TT", "Phòng", "Kỳ này", "Kỳ trước"], strict=True):
        cell.text = value
    for row in [
        ("1", "Phòng Tư pháp", "120", "100"),
        ("2", "Phòng Nội vụ", "85", "90"),
        ("3", "Phòng Tài chính - Kế hoạch", "1.040", "980"),
        ("", "Cộng", "1.245", "1.170"),
    ]:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    document.add_paragraph(
        "Phòng Tư pháp đã tổ chức tuyên truyền pháp luật tại 12 thôn, tổ dân phố."
    )
    document.save(path)
    return path


@pytest.fixture
def reports(store: IndexStore, tmp_path: Path) -> IndexStore:
    """One collection of an office's tables: communes (CSV), schools (XLSX), offices (DOCX),
    quarters (CSV with a semicolon, as Vietnamese Excel saves it)."""
    folder = tmp_path / "bao-cao"
    folder.mkdir()
    (folder / "ho-so-cac-xa.csv").write_text(XA_CSV, encoding="utf-8")
    _xlsx_schools(folder / "hoc-sinh.xlsx")
    _docx_offices(folder / "van-ban.docx")
    (folder / "vu-viec-theo-quy.csv").write_text(
        "Quý;Số vụ việc hòa giải;Hòa giải thành\n"
        "Quý I;42;35\nQuý II;57;50\nQuý III;38;30\nQuý IV;61;55\n",
        encoding="utf-8",
    )
    report = sync_collection(store, "bc", [folder])
    assert report.count("indexed") == 4
    return store


def _asked(engine, store: IndexStore, question: str) -> Answer:
    answer, pieces = ask(engine, store, question, "bc")
    text = "".join(pieces)
    assert text
    return answer


def _cells(answer: Answer) -> list[str]:
    assert answer.table is not None
    return [c["address"] for c in answer.table["cells"]]


def test_a_sum_over_the_communes_is_computed_and_cites_its_cells(engine, reports) -> None:
    answer = _asked(engine, reports, "Tổng số hồ sơ tiếp nhận của các xã là bao nhiêu?")
    assert answer.table is not None and answer.table["operation"] == "sum"
    assert answer.table["value"] == "3.757"
    assert _cells(answer) == ["ho-so-cac-xa!C2", "ho-so-cac-xa!C3", "ho-so-cac-xa!C4"]
    first = answer.text.splitlines()[0]
    assert "3.757" in first and "[1]" in first
    assert "Xã An Bình: 1.245 (ô ho-so-cac-xa!C2) [1]" in answer.text
    # The table's own "Tổng cộng" row is not added in, and is checked against the sum.
    assert "Dòng “Tổng cộng” của bảng ghi 3.757 (ô ho-so-cac-xa!C5) [1]: khớp" in answer.text
    assert answer.found and answer.cited[0].file.endswith("ho-so-cac-xa.csv")
    data = answer.as_json()
    assert data["table"]["value"] == "3.757" and data["citations"][0]["number"] == 1


@pytest.mark.parametrize(
    "question",
    [
        "Xã nào có tỷ lệ đúng hạn thấp nhất?",
        "xa nao co ty le dung han thap nhat",
        "Cho mình hỏi xã nào có tỉ lệ đúng hạn thấp nhất vậy ạ?",
    ],
)
def test_the_lowest_rate_names_its_commune(engine, reports, question: str) -> None:
    answer = _asked(engine, reports, question)
    assert answer.table is not None and answer.table["operation"] == "min"
    assert answer.table["value"] == "86,7%"
    assert [c["address"] for c in answer.table["picked"]] == ["ho-so-cac-xa!E3"]
    first = answer.text.splitlines()[0]
    assert "Xã Tân Phú" in first and "86,7%" in first


def test_a_count_over_a_threshold(engine, reports) -> None:
    # Typed with a slip ("lê" for "lệ"): folded, it reads the same.
    answer = _asked(engine, reports, "Có bao nhiêu xã đạt tỷ lê đúng hạn trên 90%?")
    assert answer.table is not None and answer.table["operation"] == "count"
    assert answer.table["value"] == "2"
    assert {c["row"] for c in answer.table["picked"]} == {"Xã An Bình", "Xã Hòa Lạc"}
    assert "Xã Tân Phú: 86,7% (ô ho-so-cac-xa!E3) — không đạt [1]" in answer.text


def test_the_rows_a_question_names_are_the_rows_summed(engine, reports) -> None:
    answer = _asked(engine, reports, "tong so ho so tiep nhan cua xa An Binh va xa Hoa Lac")
    assert answer.table is not None and answer.table["value"] == "2.777"
    assert _cells(answer) == ["ho-so-cac-xa!C2", "ho-so-cac-xa!C4"]
    assert answer.table["total"] is None  # not all rows: the table's total does not apply


def test_quarters_named_in_the_question(engine, reports) -> None:
    answer = _asked(engine, reports, "Tổng số vụ việc hòa giải quý I và quý II là bao nhiêu?")
    assert answer.table is not None and answer.table["value"] == "99"
    assert _cells(answer) == ["vu-viec-theo-quy!B2", "vu-viec-theo-quy!B3"]


def test_schools_in_a_workbook(engine, reports) -> None:
    highest = _asked(engine, reports, "Trường nào có tỷ lệ lên lớp cao nhất?")
    assert highest.table is not None and highest.table["value"] == "99,1%"
    assert [c["address"] for c in highest.table["picked"]] == ["Biểu 01!C5"]
    assert "Trường THCS Nguyễn Du" in highest.text.splitlines()[0]
    total = _asked(engine, reports, "tổng số học sinh của các trường")
    assert total.table is not None and total.table["value"] == "1.870"
    assert _cells(total) == ["Biểu 01!B3", "Biểu 01!B4", "Biểu 01!B5"]


def test_a_change_against_the_previous_period(engine, reports) -> None:
    answer = _asked(engine, reports, "Số văn bản kỳ này tăng bao nhiêu so với kỳ trước?")
    assert answer.table is not None and answer.table["operation"] == "difference"
    assert answer.table["value"] == "75"  # 1.245 against 1.170, the "Cộng" row left out
    assert answer.table["column"] == "Kỳ này" and answer.table["base_column"] == "Kỳ trước"
    assert _cells(answer) == [f"Biểu 02, hàng {n}, cột C" for n in (2, 3, 4)]
    assert "75" in answer.text.splitlines()[0]
    assert "Phòng Nội vụ: 85 (ô Biểu 02, hàng 3, cột C) so với 90 (ô Biểu 02, hàng 3, cột D)" in (
        answer.text
    )
    one = _asked(engine, reports, "Phòng Nội vụ kỳ này giảm bao nhiêu văn bản so với kỳ trước?")
    assert one.table is not None and one.table["value"] == "-5"


def test_a_question_that_is_not_about_figures_takes_the_usual_path(engine, reports) -> None:
    answer, pieces = ask(
        engine,
        reports,
        "Phòng Tư pháp đã tổ chức tuyên truyền pháp luật ở đâu?",
        "bc",
        max_tokens=24,
    )
    list(pieces)
    assert answer.table is None and answer.check is not None


def test_an_ambiguous_column_takes_the_usual_path(engine, store: IndexStore, tmp_path) -> None:
    # "số hồ sơ" names two columns equally: no guess, the model answers from the passages.
    (tmp_path / "hs.csv").write_text(
        "Xã,Số hồ sơ tiếp nhận,Số hồ sơ trả kết quả\nXã A,10,8\nXã B,20,15\n", encoding="utf-8"
    )
    sync_collection(store, "bc", [tmp_path / "hs.csv"])
    answer, pieces = ask(engine, store, "tổng số hồ sơ của các xã", "bc", max_tokens=24)
    list(pieces)
    assert answer.table is None


def test_a_history_record_reads_back_unchanged(engine, reports) -> None:
    answer = _asked(engine, reports, "Tổng số hồ sơ tiếp nhận của các xã là bao nhiêu?")
    again = Answer.from_record(answer.to_record())
    assert again.text == answer.text and again.table == answer.table


def test_the_form_of_a_figures_question() -> None:
    assert figure_question("tổng số hồ sơ của 5 xã") is not None
    assert figure_question("Người lao động được nghỉ phép năm bao nhiêu ngày?") is None
    count = figure_question("bao nhiêu xã đạt từ 95% trở lên")
    assert count is not None and count.threshold is not None
    assert count.threshold.comparison == ">=" and count.threshold.value == Decimal(95)
    # "ít nhất 90%" is a threshold, not the smallest.
    at_least = figure_question("có mấy xã đạt ít nhất 90%")
    assert at_least is not None and at_least.operation == "count"


def test_a_worded_sentence_with_another_number_is_replaced() -> None:
    from troly.core.documents.tables import Table

    cells = [
        Cell("Xã A", "10", Decimal(10), "x!B2", "x | Xã A"),
        Cell("Xã B", "20", Decimal(20), "x!B3", "x | Xã B"),
    ]
    result = Result("sum", Table("x", (), ()), "Số hồ sơ", False, "xã", Decimal(30), cells)
    assert check_wording("Hai xã đã tiếp nhận tổng cộng 30 hồ sơ", result) == "model"
    assert check_wording("Hai xã đã tiếp nhận tổng cộng 35 hồ sơ", result).startswith("template")
    assert check_wording("Tổng là 30 hồ sơ, tăng 12 so với năm trước", result).startswith(
        "template"
    )


def test_a_worded_change_in_the_wrong_direction_is_replaced() -> None:
    from troly.core.documents.tables import Table

    now = [Cell("Phòng Nội vụ", "85", Decimal(85), "b!C3", "b | Phòng Nội vụ")]
    before = [Cell("Phòng Nội vụ", "90", Decimal(90), "b!D3", "b | Phòng Nội vụ")]
    result = Result("difference", Table("b", (), ()), "Kỳ này", False, "phòng", Decimal(-5), now)
    result.base_column, result.base_cells = "Kỳ trước", before
    result.current, result.base = Decimal(85), Decimal(90)
    assert check_wording("Phòng Nội vụ ban hành 85 văn bản, giảm 5 văn bản", result) == "model"
    assert check_wording("Phòng Nội vụ ban hành 85 văn bản, tăng 5 văn bản", result) == (
        "template: direction"
    )


def test_a_long_table_over_many_passages(engine, store: IndexStore, tmp_path: Path) -> None:
    rows = "\n".join(f"Thôn {n},{n},{n % 7}" for n in range(1, 601))
    (tmp_path / "thon.csv").write_text(f"Thôn,Số hộ,Số hộ nghèo\n{rows}\n", encoding="utf-8")
    sync_collection(store, "bc", [tmp_path / "thon.csv"])
    answer, pieces = ask(engine, store, "Tổng số hộ nghèo của các thôn là bao nhiêu?", "bc")
    list(pieces)
    assert answer.table is not None and answer.table["value"] == "1.800"  # the sum of n % 7
    assert len(answer.table["cells"]) == 600
    assert len(answer.sources) > 1  # the rows are in several passages, each cited
    assert {c["source"] for c in answer.table["cells"]} == {s.number for s in answer.sources}
    assert "… và" in answer.text
