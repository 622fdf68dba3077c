"""Language model backends behind one interface."""

from troly.core.engine.base import (
    ChatMessage,
    Engine,
    EngineInfo,
    FirstTokenScorer,
    GenerationParams,
    GenerationStats,
    TokenStream,
    can_score,
)

__all__ = [
    "ChatMessage",
    "Engine",
    "EngineInfo",
    "FirstTokenScorer",
    "GenerationParams",
    "GenerationStats",
    "TokenStream",
    "can_score",
]
