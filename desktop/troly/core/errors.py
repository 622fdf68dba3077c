"""Errors a user can meet: each carries a Vietnamese message to show as it is, and an English one
for logs and for users who chose English."""

from __future__ import annotations


class TrolyError(Exception):
    """An error with a message fit for the user, never a traceback."""

    def __init__(self, message_vi: str, message_en: str | None = None) -> None:
        super().__init__(message_en or message_vi)
        self.message_vi = message_vi
        self.message_en = message_en or message_vi

    def message(self, language: str = "vi") -> str:
        """The message in the user's language ("vi" or "en")."""
        return self.message_en if language == "en" else self.message_vi

    def __str__(self) -> str:
        return self.message_vi


class ModelError(TrolyError):
    """A model file that cannot or must not be loaded."""


class KeyringUnavailableError(TrolyError):
    """No working OS keyring: the encrypted store cannot be opened."""


class StoreError(TrolyError):
    """The encrypted database cannot be opened or read."""


class GenerationCancelled(Exception):
    """Raised inside generation when the user pressed Stop (not an error for the user)."""


class EngineError(TrolyError):
    """The agency's inference server could not answer (the message names the server, never the
    API key)."""


class EngineUnavailable(EngineError):
    """No inference server answered before the first token: nothing was generated."""


class EngineInterrupted(EngineError):
    """The server stopped in the middle of an answer: the text so far is all there is."""


class EngineAuthError(EngineError):
    """The server refused TroLy's API key (or wanted one)."""


class ScoresUnavailable(EngineError):
    """The server answered without the log-probabilities asked for (an older Ollama, a server
    run with logprobs disabled): closed questions cannot be scored there, and the answer is
    generated instead. Remembered per server, so it is asked only once."""
