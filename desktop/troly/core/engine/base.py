"""The engine interface every backend implements, and the values it trades in."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class ChatMessage:
    role: Role
    content: str


@dataclass(frozen=True)
class GenerationParams:
    temperature: float = 0.7
    top_p: float = 0.9
    top_k: int = 40
    max_tokens: int = 512
    repeat_penalty: float = 1.1
    seed: int | None = None

    @property
    def reproducible(self) -> bool:
        """Whether the reply must be a function of the prompt alone: greedy decoding, or a fixed
        seed. The engine then never lets what its cache held before change the reply."""
        return self.temperature <= 0 or self.top_k == 1 or self.seed is not None

    @classmethod
    def greedy(cls, max_tokens: int) -> GenerationParams:
        return cls(temperature=0.0, top_p=1.0, top_k=1, max_tokens=max_tokens, repeat_penalty=1.0)


FinishReason = Literal["stop", "length", "cancelled"]


@dataclass
class GenerationStats:
    prompt_tokens: int = 0
    reused_prompt_tokens: int = 0  # served from the KV cache of the previous turn
    generated_tokens: int = 0
    seconds: float = 0.0
    first_token_seconds: float = 0.0
    finish_reason: FinishReason = "stop"
    trimmed_messages: int = 0  # oldest turns left out so the prompt fits the context

    @property
    def tokens_per_second(self) -> float:
        decode_time = self.seconds - self.first_token_seconds
        if self.generated_tokens <= 1 or decode_time <= 0:
            return 0.0
        return (self.generated_tokens - 1) / decode_time


@dataclass
class TokenStream:
    """Text pieces as they are generated; `stats` is filled in when the stream ends."""

    pieces: Iterator[str]
    stats: GenerationStats = field(default_factory=GenerationStats)

    def __iter__(self) -> Iterator[str]:
        return self.pieces

    def text(self) -> str:
        return "".join(self.pieces)


# progress(fraction 0..1) while a model loads
LoadProgress = Callable[[float], None]


class Engine(Protocol):
    """What the tasks and the UI need of a language model backend."""

    @property
    def name(self) -> str: ...

    @property
    def n_ctx(self) -> int: ...

    def count_tokens(self, text: str) -> int: ...

    def stream_chat(
        self,
        messages: list[ChatMessage],
        params: GenerationParams,
        cancel: threading.Event | None = None,
    ) -> TokenStream: ...

    def close(self) -> None: ...
