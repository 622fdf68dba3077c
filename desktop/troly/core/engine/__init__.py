"""Language model backends behind one interface."""

from troly.core.engine.base import (
    ChatMessage,
    Engine,
    GenerationParams,
    GenerationStats,
    TokenStream,
)

__all__ = ["ChatMessage", "Engine", "GenerationParams", "GenerationStats", "TokenStream"]
