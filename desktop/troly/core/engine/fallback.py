"""`engine_mode: remote-then-local`: the agency's servers first, this PC's model when they fail.

- No server usable (all down, or all failing before the first token): the request runs on the
  local model, which is loaded the first time it is needed.
- A server failing in the middle of an answer: that answer ends with EngineInterrupted (its
  Vietnamese message says so), and the next request runs locally; after that the servers are
  tried again as soon as the background health check sees one back.

Which engine answered is in each stream's `stats.engine`, so the user always sees it. Scores for
closed questions (first_token_logprobs) go the same way: the servers first, this PC's model
when none answers; a server that answers without scores says so (ScoresUnavailable) rather
than being replaced by the local model, as `scores_first_tokens` said beforehand.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Iterator, Sequence

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
from troly.core.engine.remote import RemoteEngine
from troly.core.errors import EngineInterrupted, EngineUnavailable, ScoresUnavailable

log = logging.getLogger(__name__)


class FallbackEngine:
    def __init__(
        self, remote: RemoteEngine, load_local: Callable[[], Engine], local_n_ctx: int
    ) -> None:
        self.remote = remote
        self._load_local = load_local
        self._local: Engine | None = None
        self._local_n_ctx = local_n_ctx
        self._local_next = False
        self._n_ctx: int | None = None
        self._lock = threading.Lock()

    # -- which one --------------------------------------------------------------------------

    def local(self) -> Engine:
        with self._lock:
            if self._local is None:
                log.info("Loading the local model (the agency's servers are not usable)")
                self._local = self._load_local()
            return self._local

    def use_local_next(self) -> None:
        """The next request runs on this PC (after a server failed mid-answer)."""
        self._local_next = True

    def _remote_first(self) -> bool:
        if self._local_next or not self.remote.available():
            return False
        try:
            self.remote.discover()
        except EngineUnavailable:
            return False
        return True

    def current(self) -> Engine:
        """The engine the next request goes to."""
        return self.remote if self._remote_first() else self.local()

    # -- Engine -----------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.current().name

    @property
    def n_ctx(self) -> int:
        # Fixed once known: tasks plan their prompts with it, and it must not shrink under them.
        # Either side fits what it is sent into its own window, so it never overflows.
        if self._n_ctx is None:
            local = self._local.n_ctx if self._local is not None else self._local_n_ctx
            self._n_ctx = min(self.remote.n_ctx, local) if self._remote_first() else local
        return self._n_ctx

    @property
    def identity(self) -> str:
        return self.current().identity

    @property
    def info(self) -> EngineInfo:
        return self.current().info

    def count_tokens(self, text: str) -> int:
        return self.current().count_tokens(text)

    def count_prompt_tokens(self, messages: Sequence[ChatMessage]) -> int:
        return self.current().count_prompt_tokens(messages)

    def stream_chat(
        self,
        messages: list[ChatMessage],
        params: GenerationParams,
        cancel: threading.Event | None = None,
    ) -> TokenStream:
        stream = TokenStream(iter(()))
        if not self._remote_first():
            self._local_next = False
            stream.pieces = self._run_local(messages, params, cancel, stream.stats)
            return stream
        remote = self.remote.stream_chat(messages, params, cancel)
        stream.stats = remote.stats
        stream.pieces = self._run_remote(remote, messages, params, cancel)
        return stream

    def _run_remote(
        self,
        remote: TokenStream,
        messages: list[ChatMessage],
        params: GenerationParams,
        cancel: threading.Event | None,
    ) -> Iterator[str]:
        try:
            yield from remote
        except EngineUnavailable as exc:  # before the first token: nothing shown yet
            log.warning("Answering locally: %s", exc.message_en)
            yield from self._run_local(messages, params, cancel, remote.stats)
        except EngineInterrupted:
            self._local_next = True
            raise

    def _run_local(
        self,
        messages: list[ChatMessage],
        params: GenerationParams,
        cancel: threading.Event | None,
        stats: GenerationStats,
    ) -> Iterator[str]:
        local = self.local().stream_chat(messages, params, cancel)
        try:
            yield from local
        finally:
            # The caller holds `stats`: fill it in place with what the local run measured.
            for f in dataclasses.fields(GenerationStats):
                setattr(stats, f.name, getattr(local.stats, f.name))

    @property
    def scores_first_tokens(self) -> bool:
        """Whether the engine the next request goes to gives first-token scores."""
        return can_score(self.current())

    def first_token_logprobs(
        self, messages: list[ChatMessage], candidates: Sequence[str], prefix: str = ""
    ) -> tuple[list[float], GenerationStats]:
        """The scores of the engine the next request goes to: the servers', or this PC's
        model's when none of them answers (as for stream_chat)."""
        if self._remote_first():
            try:
                return self.remote.first_token_logprobs(messages, candidates, prefix)
            except EngineUnavailable as exc:
                log.warning("Scoring locally: %s", exc.message_en)
        else:
            self._local_next = False
        local = self.local()
        if not isinstance(local, FirstTokenScorer):
            raise ScoresUnavailable(
                "Mô hình trên máy này không chấm điểm được câu trả lời.",
                "The model on this PC cannot score answers.",
            )
        return local.first_token_logprobs(messages, candidates, prefix)

    def close(self) -> None:
        self.remote.close()
        if self._local is not None:
            self._local.close()
