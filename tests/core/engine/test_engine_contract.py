"""One contract for every engine: the embedded llama.cpp one and the agency-server one.

The same test class runs on `LlamaEngine` (in this process) and on `RemoteEngine` talking to a
real llama-server with the same model, so tasks, CLI and UI can rely on the same behaviour
wherever the model runs.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from troly.core.engine.base import ChatMessage, Engine, GenerationParams

QUESTION = "Hãy nêu ba nhiệm vụ chính của văn thư cơ quan."


@pytest.fixture(params=["local", "remote"])
def any_engine(request: pytest.FixtureRequest) -> Engine:
    if request.param == "local":
        return request.getfixturevalue("engine")  # type: ignore[no-any-return]
    return request.getfixturevalue("remote_engine")  # type: ignore[no-any-return]


class TestEngineContract:
    def test_streams_pieces_with_stats(self, any_engine: Engine) -> None:
        messages = [ChatMessage("user", QUESTION)]
        stream = any_engine.stream_chat(messages, GenerationParams.greedy(40))
        pieces = list(stream)
        stats = stream.stats
        assert len(pieces) >= 10 and "".join(pieces).strip()
        assert stats.generated_tokens >= 10
        assert stats.finish_reason in ("stop", "length")
        assert 0 < stats.first_token_seconds < stats.seconds
        assert stats.tokens_per_second > 0
        # The prompt the model saw is the one the engine counts (template included).
        assert abs(stats.prompt_tokens - any_engine.count_prompt_tokens(messages)) <= 2
        assert stats.engine is not None and stats.engine.kind == any_engine.info.kind
        assert stats.engine.model == any_engine.info.model

    def test_stop_ends_generation_within_a_few_tokens(self, any_engine: Engine) -> None:
        cancel = threading.Event()
        stream = any_engine.stream_chat(
            [ChatMessage("user", QUESTION)], GenerationParams(max_tokens=400, seed=1), cancel
        )
        for seen, _ in enumerate(stream, start=1):
            if seen == 5:
                cancel.set()
        assert stream.stats.finish_reason == "cancelled"
        assert stream.stats.generated_tokens <= 7

    def test_count_tokens(self, any_engine: Engine) -> None:
        text = "Điều 5. Nguyên tắc quản lý văn bản hành chính trong cơ quan nhà nước."
        one = any_engine.count_tokens(text)
        assert 10 <= one <= len(text)
        assert any_engine.count_tokens(text + " " + text) > one
        assert any_engine.count_tokens("") == 0
        chat = [ChatMessage("system", "Bạn là trợ lý."), ChatMessage("user", text)]
        assert any_engine.count_prompt_tokens(chat) > one  # the template adds its markers

    def test_no_prompt_over_n_ctx(self, any_engine: Engine) -> None:
        long_turn = "Điều 5. Nguyên tắc quản lý văn bản hành chính trong cơ quan nhà nước. " * 8
        history: list[ChatMessage] = [ChatMessage("system", "Bạn là trợ lý.")]
        for i in range(40):
            history.append(ChatMessage("user", f"Câu hỏi {i}: {long_turn}"))
            history.append(ChatMessage("assistant", f"Trả lời {i}: {long_turn}"))
        history.append(ChatMessage("user", "Câu hỏi cuối cùng: văn thư là gì?"))
        stream = any_engine.stream_chat(history, GenerationParams.greedy(24))
        list(stream)
        stats = stream.stats
        assert stats.trimmed_messages > 0
        assert stats.prompt_tokens + stats.generated_tokens <= any_engine.n_ctx
        huge = ChatMessage("user", "quyết định " * 4000)  # one message longer than the window
        stream = any_engine.stream_chat([huge], GenerationParams.greedy(16))
        list(stream)
        assert stream.stats.prompt_tokens + stream.stats.generated_tokens <= any_engine.n_ctx
        assert stream.stats.prompt_tokens > any_engine.n_ctx // 4

    def test_identity_and_where_it_runs(self, any_engine: Engine) -> None:
        info: Any = any_engine.info
        assert info.kind in ("local", "remote") and info.model
        assert any_engine.identity and info.identity == any_engine.identity
        assert (info.endpoint is None) == (info.kind == "local")
        assert set(info.as_json()) == {"kind", "endpoint", "model"}
        assert any_engine.n_ctx >= 512
