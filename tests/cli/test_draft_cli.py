"""`troly draft` and `troly check-format`, through their argument parser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from troly.cli import draft
from troly.cli.common import Parser
from troly.core.errors import TrolyError

FIELDS = [
    "co_quan_chu_quan=UBND TỈNH BẮC NINH",
    "co_quan=Sở Thông tin và Truyền thông",
    "so=12",
    "ky_hieu=STTTT-VP",
    "dia_danh=Bắc Ninh",
    "ngay=2026-01-05",
    "trich_yeu=phối hợp tổ chức tập huấn kỹ năng số",
    "kinh_gui=Sở Nội vụ",
    "noi_nhan=Văn phòng UBND tỉnh",
    "quyen_han=KT.",
    "chuc_vu=Phó Giám đốc",
    "nguoi_ky=Nguyễn Văn An",
    "do_khan=Khẩn",
    "nguoi_soan=NVA(03)",
]


def run(argv: list[str]) -> int:
    parser = Parser(prog="troly")
    parser.add_argument("--data-dir")
    parser.add_argument("--model")
    draft.register(parser.add_subparsers(dest="command", required=True, parser_class=Parser))
    args = parser.parse_args(argv)
    return int(args.func(args))


def body_file(tmp_path: Path) -> Path:
    path = tmp_path / "body.txt"
    path.write_text("Sở Thông tin và Truyền thông đề nghị phối hợp.\nTrân trọng cảm ơn.")
    return path


def draft_args(tmp_path: Path, out: Path, *extra: str) -> list[str]:
    args = ["draft", "--type", "cong-van", "--body-file", str(body_file(tmp_path))]
    for field in FIELDS:
        args += ["--field", field]
    return [*args, "--out", str(out), *extra]


def test_draft_from_a_body_file_json(tmp_path: Path, capsys: Any, troly_home: Path) -> None:
    out = tmp_path / "cv.docx"
    assert run(draft_args(tmp_path, out, "--json")) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["path"] == str(out) and out.exists()
    assert result["findings"] == []
    assert "đề nghị phối hợp" in result["body"]
    remembered = json.loads((troly_home / "config" / "drafting.json").read_text())
    assert remembered["co_quan"] == "Sở Thông tin và Truyền thông"
    assert "so" not in remembered


def test_remembered_fields_fill_the_next_draft(tmp_path: Path, capsys: Any) -> None:
    assert run(draft_args(tmp_path, tmp_path / "a.docx")) == 0
    args = [
        "draft",
        "--type",
        "thong-bao",
        "--body-file",
        str(body_file(tmp_path)),
        "--field",
        "trich_yeu=Lịch tiếp công dân tháng 3",
        "--field",
        "ky_hieu=STTTT",
        "--out",
        str(tmp_path / "b.docx"),
        "--json",
    ]
    capsys.readouterr()
    assert run(args) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


def test_fields_the_type_does_not_have_are_named_not_dropped_silently(
    tmp_path: Path, capsys: Any
) -> None:
    out = tmp_path / "cv.docx"
    extra = ["--field", "thu_ky=Trần Thị Bình", "--field", "can_cu=Luật Giao dịch điện tử"]
    assert run([*draft_args(tmp_path, out)[:-2], *extra, "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "Bỏ qua trường thu_ky (thư ký): công văn không có thành phần này." in err
    assert "can_cu" not in err  # a công văn prints its căn cứ


def test_missing_fields_named(tmp_path: Path) -> None:
    args = [
        "draft",
        "--type",
        "quyet-dinh",
        "--body-file",
        str(body_file(tmp_path)),
        "--field",
        "co_quan=UBND xã A",
        "--out",
        str(tmp_path / "x.docx"),
    ]
    with pytest.raises(TrolyError) as caught:
        run(args)
    assert "Thiếu thông tin bắt buộc cho quyết định (cá biệt)" in caught.value.message_vi
    assert "can_cu" in caught.value.message_vi and "nguoi_ky" in caught.value.message_vi


def test_check_format_exit_codes(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "cv.docx"
    run(draft_args(tmp_path, out))
    capsys.readouterr()
    assert run(["check-format", str(out)]) == 0
    assert "Không phát hiện" in capsys.readouterr().out

    import docx

    document = docx.Document(str(out))
    document.sections[0].left_margin = document.sections[0].right_margin
    document.save(str(out))
    assert run(["check-format", str(out), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f["code"] for f in findings] == ["margin-left"]
    assert "Mục I.3" in findings[0]["rule"]


def test_draft_with_the_real_model(tmp_path: Path, capsys: Any, default_model: Any) -> None:
    out = tmp_path / "model.docx"
    args = [
        "--model",
        str(default_model.path),
        "draft",
        "--type",
        "cong-van",
        "--brief",
        "Đề nghị cử cán bộ tham dự tập huấn.",
        "--max-tokens",
        "24",
    ]
    for field in FIELDS:
        args += ["--field", field]
    assert run([*args, "--out", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert out.exists() and result["findings"] == []
    # The brief gives no deadline or contact: the body asks for them, and the output lists them.
    assert {"[thời hạn]", "[số điện thoại]"} <= set(result["missing"])
    assert "Sở Thông tin và Truyền thông đề nghị" in result["body"]


def test_a_brief_in_capitals_and_its_facts_reach_the_body(
    tmp_path: Path, capsys: Any, default_model: Any
) -> None:
    out = tmp_path / "kh.docx"
    brief = (
        "Xây dựng kế hoạch tập huấn kỹ năng số cho cán bộ, công chức: tập huấn sử dụng chữ ký "
        "số; tập huấn an toàn thông tin. Hoàn thành trước ngày 30/6/2026. Liên hệ ông Lê Minh "
        "Tuấn, chuyên viên Văn phòng, điện thoại 0222 3812 345."
    )
    fields = [f for f in FIELDS if not f.startswith(("co_quan=", "kinh_gui=", "do_khan="))]
    args = ["--model", str(default_model.path), "draft", "--type", "ke-hoach", "--brief", brief]
    for field in [*fields, "co_quan=SỞ THÔNG TIN VÀ TRUYỀN THÔNG"]:
        args += ["--field", field]
    assert run([*args, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Sở Thông tin và Truyền thông chủ trì" in printed
    assert "- tập huấn sử dụng chữ ký số;" in printed
    assert "1. Thời gian thực hiện: trước ngày 30/6/2026." in printed
    assert "ông Lê Minh Tuấn, chuyên viên Văn phòng; điện thoại: 0222 3812 345" in printed
    assert f"Đã ghi {out}" in printed and out.exists()


def test_draft_answering_a_document(
    tmp_path: Path, capsys: Any, default_model: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--source puts the documents answered into the model's prompt, by file name."""
    from troly.core.tasks import draft as draft_task

    incoming = tmp_path / "cv-den-215.txt"
    incoming.write_text(
        "Công văn số 215/UBND-VP ngày 02 tháng 01 năm 2026 đề nghị báo cáo kết quả chuyển đổi số."
    )
    prompts: list[str] = []
    real_build = draft_task.reason_messages

    def spy(*args: Any, **kwargs: Any) -> Any:
        messages = real_build(*args, **kwargs)
        prompts.append(messages[-1].content)
        return messages

    monkeypatch.setattr(draft_task, "reason_messages", spy)
    out = tmp_path / "tra-loi.docx"
    args = [
        "--model",
        str(default_model.path),
        "draft",
        "--type",
        "cong-van",
        "--brief",
        "Trả lời công văn số 215/UBND-VP.",
        "--source",
        str(incoming),
        "--max-tokens",
        "16",
    ]
    for field in FIELDS:
        args += ["--field", field]
    assert run([*args, "--out", str(out), "--json"]) == 0
    assert out.exists()
    assert "[cv-den-215.txt]" in prompts[0] and "215/UBND-VP ngày 02 tháng 01" in prompts[0]


def test_unreadable_source_fails_before_the_model(tmp_path: Path) -> None:
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"not a pdf")
    args = [
        "--model",
        str(tmp_path / "no-model.gguf"),
        "draft",
        "--type",
        "cong-van",
        "--brief",
        "x",
        "--source",
        str(bad),
    ]
    for field in FIELDS:
        args += ["--field", field]
    with pytest.raises(TrolyError) as err:
        run([*args, "--out", str(tmp_path / "x.docx")])
    assert "hong.pdf" in err.value.message_vi
