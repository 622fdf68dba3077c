"""Prompt fitting with a word tokenizer: the rules, independent of any model."""

from __future__ import annotations

from collections.abc import Sequence

from troly.core.engine.base import ChatMessage
from troly.core.engine.budget import fit_prompt
from troly.core.engine.templates import GemmaTemplate


def words(text: str) -> list[int]:
    return list(range(len(text.split())))


def render(messages: Sequence[ChatMessage]) -> str:
    return GemmaTemplate().render(messages)


def conversation(turns: int, size: int) -> list[ChatMessage]:
    messages = [ChatMessage("system", "hệ thống " * 5)]
    for i in range(turns):
        messages.append(ChatMessage("user", f"hỏi{i} " + "x " * size))
        messages.append(ChatMessage("assistant", f"đáp{i} " + "y " * size))
    messages.append(ChatMessage("user", "câu cuối"))
    return messages


def test_short_conversation_is_kept_whole() -> None:
    fitted = fit_prompt(conversation(2, 5), render, words, n_ctx=1000, max_tokens=100)
    assert fitted.trimmed_messages == 0
    assert fitted.max_new_tokens == 100


def test_oldest_turns_go_first_and_system_stays() -> None:
    kept: list[Sequence[ChatMessage]] = []

    def spy(messages: Sequence[ChatMessage]) -> str:
        kept.append(messages)
        return render(messages)

    fitted = fit_prompt(conversation(20, 20), spy, words, n_ctx=300, max_tokens=100)
    final = kept[-1]
    assert fitted.trimmed_messages > 0
    assert final[0].role == "system"
    assert final[1].role == "user"  # roles still alternate from a user turn
    assert final[-1].content == "câu cuối"
    assert "hỏi19" in final[-3].content  # the newest exchange survived
    assert len(fitted.tokens) + fitted.max_new_tokens <= 300


def test_reply_room_is_capped_by_the_window() -> None:
    fitted = fit_prompt(conversation(1, 5), render, words, n_ctx=200, max_tokens=10_000)
    assert len(fitted.tokens) + fitted.max_new_tokens <= 200
    assert fitted.max_new_tokens >= 100


def test_one_huge_message_is_cut_in_the_middle() -> None:
    text = "đầu " + "giữa " * 5000 + "cuối"
    fitted = fit_prompt([ChatMessage("user", text)], render, words, n_ctx=400, max_tokens=50)
    assert len(fitted.tokens) + fitted.max_new_tokens <= 400
    assert len(fitted.tokens) > 200  # the budget is used, not thrown away
