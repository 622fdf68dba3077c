"""Fitting a conversation into the context window, counted with the model's own tokenizer.

The system prompt and the newest user message are always kept; the oldest turns go first. A
single message too long for the window on its own is shortened in the middle, keeping its
beginning and its end, so no prompt ever exceeds n_ctx.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from troly.core.engine.base import ChatMessage

# Never leave the reply less room than this, whatever the user's max_tokens.
MIN_REPLY_TOKENS = 16
ELISION = "\n[…]\n"


@dataclass(frozen=True)
class FittedPrompt:
    tokens: list[int]
    max_new_tokens: int
    trimmed_messages: int


@dataclass(frozen=True)
class FittedMessages:
    messages: list[ChatMessage]
    prompt_tokens: int
    max_new_tokens: int
    trimmed_messages: int


def fit_prompt(
    messages: Sequence[ChatMessage],
    render: Callable[[Sequence[ChatMessage]], str],
    tokenize: Callable[[str], list[int]],
    n_ctx: int,
    max_tokens: int,
) -> FittedPrompt:
    """Tokens of the longest suffix of the conversation that leaves room for the reply."""
    last: dict[str, list[int]] = {}

    def count_prompt(chat: Sequence[ChatMessage]) -> int:
        text = render(chat)
        if text not in last:  # the final count's tokens are the prompt: tokenize it once
            last.clear()
            last[text] = tokenize(text)
        return len(last[text])

    fitted = fit_messages(
        messages, count_prompt, lambda text: len(tokenize(text)), n_ctx, max_tokens
    )
    text = render(fitted.messages)
    tokens = last.get(text) or tokenize(text)
    return FittedPrompt(tokens, fitted.max_new_tokens, fitted.trimmed_messages)


def fit_messages(
    messages: Sequence[ChatMessage],
    count_prompt: Callable[[Sequence[ChatMessage]], int],
    count_text: Callable[[str], int],
    n_ctx: int,
    max_tokens: int,
) -> FittedMessages:
    """The longest suffix of the conversation that leaves room for the reply, counted with
    `count_prompt` (tokens of the templated chat) and `count_text` (tokens of plain text).

    Works for any engine: the local one counts with its own tokenizer, a remote one asks the
    server (or over-estimates), so the same rules hold wherever the model runs."""
    reply_room = max(MIN_REPLY_TOKENS, min(max_tokens, n_ctx // 2))
    budget = n_ctx - reply_room
    system = [m for m in messages if m.role == "system"]
    turns = [m for m in messages if m.role != "system"]

    trimmed = 0
    used = count_prompt([*system, *turns])
    # Drop the oldest turns; keep starting on a user turn so the roles still alternate.
    while used > budget and len(turns) > 1:
        turns.pop(0)
        trimmed += 1
        while len(turns) > 1 and turns[0].role != "user":
            turns.pop(0)
            trimmed += 1
        used = count_prompt([*system, *turns])

    if used > budget:
        system, turns = _shorten(system, turns, count_prompt, count_text, budget)
        used = count_prompt([*system, *turns])

    max_new = min(max_tokens, n_ctx - used)
    if used > n_ctx - 1 or max_new < 1:  # pragma: no cover - _shorten guarantees room
        raise AssertionError("prompt does not fit the context after shortening")
    return FittedMessages([*system, *turns], used, max_new, trimmed)


def _shorten(
    system: list[ChatMessage],
    turns: list[ChatMessage],
    count_prompt: Callable[[Sequence[ChatMessage]], int],
    count_text: Callable[[str], int],
    budget: int,
) -> tuple[list[ChatMessage], list[ChatMessage]]:
    """Cut the middle out of the longest message until the prompt fits the budget."""
    messages = [*system, *turns]
    for _ in range(8):  # each round cuts by the measured excess; converges in one or two
        excess = count_prompt(messages) - budget
        if excess <= 0:
            break
        longest = max(range(len(messages)), key=lambda i: len(messages[i].content))
        message = messages[longest]
        pieces = count_text(message.content)
        keep = max(0, pieces - excess - 8)  # a few tokens of slack for the marker
        text = message.content
        # Cut by characters in proportion to tokens: tokenizers do not round-trip exactly.
        keep_chars = int(len(text) * keep / max(1, pieces))
        head = text[: keep_chars * 2 // 3]
        tail = text[len(text) - keep_chars // 3 :] if keep_chars // 3 else ""
        messages[longest] = ChatMessage(message.role, head + ELISION + tail)
    if count_prompt(messages) > budget:
        # Still too long (a template much larger than the window): keep only the last turn.
        messages = [ChatMessage(turns[-1].role, ELISION)]
    n_system = len([m for m in messages if m.role == "system"])
    return messages[:n_system], messages[n_system:]
