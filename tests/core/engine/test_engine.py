"""The real llama.cpp engine with the real default model."""

from __future__ import annotations

import threading

from troly.core.engine.base import ChatMessage, GenerationParams

QUESTION = "Hãy nêu ba nhiệm vụ chính của văn thư cơ quan."


def test_tokens_stream_in_pieces(engine) -> None:
    stream = engine.stream_chat([ChatMessage("user", QUESTION)], GenerationParams.greedy(40))
    pieces = list(stream)
    assert len(pieces) >= 10
    assert stream.stats.generated_tokens >= 10
    assert stream.stats.tokens_per_second > 0
    assert stream.stats.finish_reason in ("stop", "length")
    assert "".join(pieces).strip()


def test_gemma_template_is_applied(engine) -> None:
    assert engine.template.name == "gemma"  # the file has none; never llama-2's
    prompt = engine.render([ChatMessage("system", "S"), ChatMessage("user", "Câu hỏi")])
    assert prompt == "<bos><start_of_turn>user\nS\n\nCâu hỏi<end_of_turn>\n<start_of_turn>model\n"
    tokens = engine.tokenize(prompt)
    bos = engine._llm.token_bos()
    assert tokens[0] == bos and tokens.count(bos) == 1
    start_of_turn = engine.tokenize("<start_of_turn>")
    assert len(start_of_turn) == 1  # parsed as the special token, not as text


def test_stop_ends_generation_within_a_few_tokens(engine) -> None:
    cancel = threading.Event()
    stream = engine.stream_chat(
        [ChatMessage("user", QUESTION)], GenerationParams(max_tokens=400), cancel
    )
    for seen, _ in enumerate(stream, start=1):
        if seen == 5:
            cancel.set()
    assert stream.stats.finish_reason == "cancelled"
    assert stream.stats.generated_tokens <= 7


def test_overlong_history_never_overflows_the_context(default_model) -> None:
    from troly.core.engine.llama import LlamaEngine

    small = LlamaEngine(default_model, n_ctx=512, threads=2)
    try:
        long_turn = "Điều 5. Nguyên tắc quản lý văn bản hành chính trong cơ quan nhà nước. " * 8
        history: list[ChatMessage] = [ChatMessage("system", "Bạn là trợ lý.")]
        for i in range(30):
            history.append(ChatMessage("user", f"Câu hỏi {i}: {long_turn}"))
            history.append(ChatMessage("assistant", f"Trả lời {i}: {long_turn}"))
        history.append(ChatMessage("user", "Câu hỏi cuối cùng: văn thư là gì?"))
        stream = small.stream_chat(history, GenerationParams.greedy(200))
        list(stream)
        stats = stream.stats
        assert stats.trimmed_messages > 0
        assert stats.prompt_tokens + stats.generated_tokens <= small.n_ctx
        # A single message longer than the whole window is shortened, not overflowed.
        huge = ChatMessage("user", "quyết định " * 3000)
        stream = small.stream_chat([huge], GenerationParams.greedy(100))
        list(stream)
        assert stream.stats.prompt_tokens + stream.stats.generated_tokens <= small.n_ctx
        assert stream.stats.prompt_tokens > 100
    finally:
        small.close()


def test_follow_up_reuses_the_prefix(engine) -> None:
    engine.reset_cache()
    turns = [ChatMessage("user", QUESTION)]
    first = engine.stream_chat(turns, GenerationParams.greedy(20))
    answer = first.text()
    assert first.stats.reused_prompt_tokens == 0
    turns += [ChatMessage("assistant", answer), ChatMessage("user", "Nói ngắn hơn.")]
    second = engine.stream_chat(turns, GenerationParams.greedy(10))
    second.text()
    # Everything up to the first answer was already in the KV cache.
    assert second.stats.reused_prompt_tokens >= first.stats.prompt_tokens


def test_greedy_generation_is_deterministic(engine) -> None:
    messages = [ChatMessage("user", QUESTION)]
    a = engine.stream_chat(messages, GenerationParams.greedy(24)).text()
    engine.reset_cache()
    b = engine.stream_chat(messages, GenerationParams.greedy(24)).text()
    assert a == b
