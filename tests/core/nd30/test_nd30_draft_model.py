"""The body drafted by the real default model, streamed, stopped, and exported."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import docx
from tests.core.nd30.conftest import values_for

from troly.core.engine.base import GenerationParams
from troly.core.nd30 import DraftFields, get_type, write_docx
from troly.core.nd30.checker import check_docx
from troly.core.policy import Policy
from troly.core.tasks.draft import build_messages, draft_body, draft_params, stream_body


def test_prompt_asks_for_the_body_only() -> None:
    fields = DraftFields.from_mapping(values_for("cong-van"))
    messages = build_messages(get_type("cong-van"), fields, "Đề nghị cử cán bộ dự tập huấn.")
    prompt = messages[-1].content
    assert "công văn" in prompt and "Đề nghị cử cán bộ dự tập huấn." in prompt
    assert "PHẦN NỘI DUNG" in prompt and "không viết quốc hiệu" in prompt
    # The body speaks in the agency's name as a sentence writes it, not the header's capitals.
    assert "“Sở Thông tin và Truyền thông đề nghị …”" in prompt
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" not in prompt and "{co_quan}" not in prompt


def test_drafting_is_greedy_with_a_repeat_penalty_whatever_the_chat_settings() -> None:
    params = draft_params(300)
    assert params.reproducible and params.temperature == 0 and params.max_tokens == 300
    assert params.repeat_penalty > 1.0


def test_real_model_drafts_a_body_that_exports(engine: Any, tmp_path: Path) -> None:
    fields = DraftFields.from_mapping(values_for("to-trinh"))
    pieces: list[str] = []
    result = draft_body(
        engine,
        get_type("to-trinh"),
        fields,
        "Đề nghị Ủy ban nhân dân tỉnh phê duyệt kế hoạch chuyển đổi số năm 2026.",
        GenerationParams(temperature=0.7, max_tokens=48, seed=1),
        on_piece=pieces.append,
    )
    assert pieces and result.stats.generated_tokens <= 48
    assert result.stats.generated_tokens > 0
    body = result.body or "".join(pieces).strip() or "Nội dung trống."
    out = tmp_path / "to-trinh.docx"
    path = write_docx(get_type("to-trinh"), fields, body, out, policy=Policy())
    document = docx.Document(str(path))
    assert any(p.text.endswith("./.") for p in document.paragraphs)
    assert check_docx(path) == []


def test_cancel_stops_generation(engine: Any) -> None:
    cancel = threading.Event()
    fields = DraftFields.from_mapping(values_for("cong-van"))
    stream = stream_body(
        engine, get_type("cong-van"), fields, "Viết dài.", GenerationParams.greedy(200), cancel
    )
    for count, _ in enumerate(stream, start=1):
        if count == 3:
            cancel.set()
    assert stream.stats.finish_reason == "cancelled"
    assert stream.stats.generated_tokens <= 4
