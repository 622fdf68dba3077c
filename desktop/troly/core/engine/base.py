"""The engine interface every backend implements, and the values it trades in."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable
from urllib.parse import urlsplit

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
    def greedy(cls, max_tokens: int, repeat_penalty: float = 1.0) -> GenerationParams:
        return cls(
            temperature=0.0,
            top_p=1.0,
            top_k=1,
            max_tokens=max_tokens,
            repeat_penalty=repeat_penalty,
        )


FinishReason = Literal["stop", "length", "cancelled"]
EngineKind = Literal["local", "remote"]


@dataclass(frozen=True)
class EngineInfo:
    """Where a model runs: on this PC, or on the agency's server at `endpoint`.

    `identity` names the model exactly enough for cache keys: a summary made by one model is
    never served as another's (the file's SHA-256 locally; the server's model name remotely)."""

    kind: EngineKind
    model: str
    endpoint: str | None = None
    identity: str = ""

    @property
    def host(self) -> str | None:
        """The server's host name (no port, no path), or None for the local engine."""
        return urlsplit(self.endpoint).hostname if self.endpoint else None

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "endpoint": self.endpoint, "model": self.model}


@dataclass
class GenerationStats:
    prompt_tokens: int = 0
    reused_prompt_tokens: int = 0  # served from the KV cache of the previous turn
    generated_tokens: int = 0
    seconds: float = 0.0
    first_token_seconds: float = 0.0
    finish_reason: FinishReason = "stop"
    prompt_threads: int = 0  # the most threads that read the prompt (this PC's model only)
    trimmed_messages: int = 0  # oldest turns left out so the prompt fits the context
    engine: EngineInfo | None = None  # which engine answered (a pool has several)
    # What the server itself measured (llama-server's "timings"), when it says.
    server_timings: dict[str, float] = field(default_factory=dict)

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
    """What the tasks, the CLI and the UI need of a language model backend, wherever it runs.

    `LlamaEngine` (in this process) and `RemoteEngine` (the agency's inference servers) both
    implement it and pass the same contract tests (tests/core/test_engine_contract.py)."""

    @property
    def name(self) -> str:
        """The model's name as the user sees it."""
        ...

    @property
    def n_ctx(self) -> int:
        """The context window: a prompt plus its reply never exceeds it."""
        ...

    @property
    def identity(self) -> str:
        """The model's identity for cache keys (the engine that will answer the next call)."""
        ...

    @property
    def info(self) -> EngineInfo:
        """Where the model runs (for a pool: the endpoint that answered last, or will next)."""
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens of plain text, as the model's tokenizer counts them (or a safe over-count)."""
        ...

    def count_prompt_tokens(self, messages: Sequence[ChatMessage]) -> int:
        """Tokens of the prompt these messages make once the model's chat template is applied."""
        ...

    def stream_chat(
        self,
        messages: list[ChatMessage],
        params: GenerationParams,
        cancel: threading.Event | None = None,
    ) -> TokenStream: ...

    def close(self) -> None: ...


@runtime_checkable
class FirstTokenScorer(Protocol):
    """An engine that can decide a closed question (true/false, a letter) by the model's own
    first-token log-probabilities rather than by the text it writes.

    `LlamaEngine` reads them from the logits; `RemoteEngine` asks the server (`logprobs` of
    /v1/chat/completions); `FallbackEngine` asks whichever of the two it would use now. An
    engine that learns only at run time whether it can (a server that answers without
    logprobs) also has a `scores_first_tokens` property: use `can_score` rather than
    `isinstance`."""

    def first_token_logprobs(
        self, messages: list[ChatMessage], candidates: Sequence[str], prefix: str = ""
    ) -> tuple[list[float], GenerationStats]:
        """For each candidate, the log-probability (nats) that the reply, after `prefix`,
        starts with it (its first token); and the stats of reading the prompt."""
        ...


def can_score(engine: object) -> bool:
    """Whether `engine` offers first-token scores now: it has `first_token_logprobs`, and its
    `scores_first_tokens` property, where it has one, does not say it has found out it cannot.
    Never a network request: an engine answers from what it already knows."""
    if not isinstance(engine, FirstTokenScorer):
        return False
    return bool(getattr(engine, "scores_first_tokens", True))
