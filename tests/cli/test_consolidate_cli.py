"""`troly consolidate FOLDER`: the table as JSON, the XLSX and the báo cáo written, progress
on stderr, the policy honoured, errors as exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.core.consolidate.reports_factory import make_reports

from troly.cli import consolidate, main
from troly.cli.common import Parser
from troly.core.errors import TrolyError

FIELDS = [
    "co_quan=UBND HUYỆN YÊN PHONG",
    "ky_hieu=UBND",
    "dia_danh=Yên Phong",
    "chuc_vu=CHỦ TỊCH",
    "nguoi_ky=Nguyễn Văn An",
]


def run(argv: list[str]) -> int:
    parser = Parser(prog="troly")
    parser.add_argument("--data-dir")
    parser.add_argument("--model")
    consolidate.register(parser.add_subparsers(dest="command", required=True, parser_class=Parser))
    args = parser.parse_args(argv)
    return int(args.func(args))


@pytest.fixture
def reports(tmp_path: Path) -> tuple[Path, Any]:
    folder = tmp_path / "bao-cao"
    return folder, make_reports(folder, count=4)  # four DOCX units: fast, no OCR, no soffice


def _fields() -> list[str]:
    return [arg for field in FIELDS for arg in ("--field", field)]


def test_json_table_and_both_files(
    reports: tuple[Path, Any], tmp_path: Path, capsys: Any, troly_home: Path
) -> None:
    folder, truth = reports
    out, sheet = tmp_path / "bc.docx", tmp_path / "bang.xlsx"
    argv = ["consolidate", str(folder), "--out", str(out), "--xlsx", str(sheet), "--json"]
    assert run([*argv, *_fields()]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["units"] == truth.units
    assert data["out"] == str(out.resolve()) and out.exists() and sheet.exists()
    received = next(i for i in data["indicators"] if i["key"] == "hoso tiepnhan")
    assert received["total"] == "5.350"
    first = received["cells"][truth.units[0]]
    assert first["value"] == "1.200" and first["sources"][0]["file"].endswith("bao-cao-01.docx")
    kinds = {(f["kind"], f["unit"]) for f in data["flags"]}
    assert kinds == {(k, u) for k, _, u in truth.planted}
    assert all(p["units"] for p in data["points"])


def test_text_output_with_progress_and_corrections(
    reports: tuple[Path, Any], tmp_path: Path, capsys: Any, troly_home: Path
) -> None:
    folder, truth = reports
    fixes = tmp_path / "sua.json"
    fixes.write_text(
        json.dumps([{"set": "hoso tiepnhan", "unit": truth.units[1], "value": "1.290"}]),
        encoding="utf-8",
    )
    assert run(["consolidate", str(folder), "--corrections", str(fixes)]) == 0
    captured = capsys.readouterr()
    assert "[1/4] đọc bao-cao-01.docx" in captured.err
    assert "Số hồ sơ tiếp nhận [hoso tiepnhan] — tổng cộng: 5.340" in captured.out
    assert "tổng không bằng tổng các phần" not in captured.out  # fixed before writing
    assert "số liệu ở bảng và ở lời văn khác nhau" in captured.out
    assert "KHÓ KHĂN, VƯỚNG MẮC:" in captured.out


def test_policy_refuses_export_before_reading(
    reports: tuple[Path, Any], tmp_path: Path, troly_home: Path, machine_policy: Path
) -> None:
    machine_policy.write_text(json.dumps({"export_enabled": False}), encoding="utf-8")
    sheet = tmp_path / "bang.xlsx"
    with pytest.raises(TrolyError, match="không cho xuất"):
        run(["consolidate", str(reports[0]), "--xlsx", str(sheet)])
    assert not sheet.exists()


def test_missing_fields_and_folder_are_errors(
    reports: tuple[Path, Any], tmp_path: Path, capsys: Any, troly_home: Path
) -> None:
    out = tmp_path / "bc.docx"
    with pytest.raises(TrolyError, match="Thiếu thông tin bắt buộc"):
        run(["consolidate", str(reports[0]), "--out", str(out), "--field", "ky_hieu=UBND"])
    assert not out.exists()
    assert main(["consolidate", str(tmp_path / "khong-co")]) == 1
    assert "troly: Không tìm thấy thư mục" in capsys.readouterr().err
