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


def fit_prompt(
    messages: Sequence[ChatMessage],
    render: Callable[[Sequence[ChatMessage]], str],
    tokenize: Callable[[str], list[int]],
    n_ctx: int,
    max_tokens: int,
) -> FittedPrompt:
    """Tokens of the longest suffix of the conversation that leaves room for the reply."""
    reply_room = max(MIN_REPLY_TOKENS, min(max_tokens, n_ctx // 2))
    budget = n_ctx - reply_room
    system = [m for m in messages if m.role == "system"]
    turns = [m for m in messages if m.role != "system"]

    trimmed = 0
    tokens = tokenize(render([*system, *turns]))
    # Drop the oldest turns; keep starting on a user turn so the roles still alternate.
    while len(tokens) > budget and len(turns) > 1:
        turns.pop(0)
        trimmed += 1
        while len(turns) > 1 and turns[0].role != "user":
            turns.pop(0)
            trimmed += 1
        tokens = tokenize(render([*system, *turns]))

    if len(tokens) > budget:
        system, turns = _shorten(system, turns, render, tokenize, budget)
        tokens = tokenize(render([*system, *turns]))

    max_new = min(max_tokens, n_ctx - len(tokens))
    if len(tokens) > n_ctx - 1 or max_new < 1:  # pragma: no cover - _shorten guarantees room
        raise AssertionError("prompt does not fit the context after shortening")
    return FittedPrompt(tokens=tokens, max_new_tokens=max_new, trimmed_messages=trimmed)


def _shorten(
    system: list[ChatMessage],
    turns: list[ChatMessage],
    render: Callable[[Sequence[ChatMessage]], str],
    tokenize: Callable[[str], list[int]],
    budget: int,
) -> tuple[list[ChatMessage], list[ChatMessage]]:
    """Cut the middle out of the longest message until the prompt fits the budget."""
    messages = [*system, *turns]
    for _ in range(8):  # each round cuts by the measured excess; converges in one or two
        excess = len(tokenize(render(messages))) - budget
        if excess <= 0:
            break
        longest = max(range(len(messages)), key=lambda i: len(messages[i].content))
        message = messages[longest]
        pieces = tokenize(message.content)
        keep = max(0, len(pieces) - excess - 8)  # a few tokens of slack for the marker
        text = message.content
        # Cut by characters in proportion to tokens: tokenizers do not round-trip exactly.
        keep_chars = int(len(text) * keep / max(1, len(pieces)))
        head = text[: keep_chars * 2 // 3]
        tail = text[len(text) - keep_chars // 3 :] if keep_chars // 3 else ""
        messages[longest] = ChatMessage(message.role, head + ELISION + tail)
    if len(tokenize(render(messages))) > budget:
        # Still too long (a template much larger than the window): keep only the last turn.
        messages = [ChatMessage(turns[-1].role, ELISION)]
    n_system = len([m for m in messages if m.role == "system"])
    return messages[:n_system], messages[n_system:]
