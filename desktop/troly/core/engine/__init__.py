"""Language model backends behind one interface."""

from troly.core.engine.base import (
    ChatMessage,
    Engine,
    EngineInfo,
    GenerationParams,
    GenerationStats,
    TokenStream,
)

__all__ = [
    "ChatMessage",
    "Engine",
    "EngineInfo",
    "GenerationParams",
    "GenerationStats",
    "TokenStream",
]
