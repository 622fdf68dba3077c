"""Token counts for a server that cannot count them (Ollama has no /tokenize): an over-count.

An under-count would let a prompt overflow the server's window, so every rule errs high: one
token per digit and per punctuation mark (most tokenizers split numbers digit by digit), one per
started three bytes of a word (a Vietnamese syllable is 3-8 UTF-8 bytes and one to three tokens
in the tokenizers deployments use), one per line break, then a margin on top. The test
(tests/core/test_remote_engine.py) checks it against a real tokenizer on Vietnamese law text,
English, and digits. The price is a smaller usable window, which is why a server's own count is
always preferred.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence

from troly.core.engine.base import ChatMessage

MARGIN = 1.15  # on top of the rules above
FIXED = 8
PER_MESSAGE = 8  # role markers and separators a chat template adds around each message
PER_PROMPT = 16  # the template's opening and the assistant's header


def estimate_tokens(text: str) -> int:
    """An upper estimate of the tokens of `text` in any common LLM tokenizer."""
    count = 0
    word = 0  # UTF-8 bytes of the word being read
    for char in text:
        if char.isalpha() or unicodedata.category(char).startswith("M"):
            word += len(char.encode("utf-8"))
            continue
        if word:
            count += math.ceil(word / 3)
            word = 0
        if char.isdigit() or char == "\n" or not char.isspace():
            count += 1  # digits, line breaks, punctuation and symbols: one each
    if word:
        count += math.ceil(word / 3)
    return math.ceil(count * MARGIN) + FIXED if text else 0


def estimate_prompt_tokens(messages: Sequence[ChatMessage]) -> int:
    """An upper estimate of a chat prompt's tokens, template included."""
    return PER_PROMPT + sum(estimate_tokens(m.content) + PER_MESSAGE for m in messages)
