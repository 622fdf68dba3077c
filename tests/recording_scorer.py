"""An engine as it is, with each first-token scoring it is asked for written down: the prompt,
the scores it gave and their stats. For tests of how a task asks for scores."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from troly.core.engine.base import ChatMessage, GenerationStats


class RecordingScorer:
    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.asked: list[list[ChatMessage]] = []
        self.scores: list[list[float]] = []
        self.stats: list[GenerationStats] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def first_token_logprobs(
        self, messages: list[ChatMessage], candidates: Sequence[str], prefix: str = ""
    ) -> tuple[list[float], GenerationStats]:
        scores, stats = self.engine.first_token_logprobs(messages, candidates, prefix)
        self.asked.append(messages)
        self.scores.append(scores)
        self.stats.append(stats)
        return scores, stats
