"""The agency's inference servers as an Engine: the OpenAI-compatible API of llama-server, vLLM
and Ollama, over one or several servers the policy names.

- The model: the policy's `engine_model`, else the first one the server lists (/v1/models).
- n_ctx: vLLM's max_model_len, llama-server's runtime slot n_ctx (/props), else the policy's
  `engine_context_length`, else a small 2048; the smallest over the servers, since a request
  may land on any of them.
- Token counts from the server's own tokenizer where it has one (/tokenize; the chat through
  llama-server's /apply-template or vLLM's messages), else an over-estimate (estimate.py); the
  prompt is fitted with the same rules as the local engine (budget.fit_messages), so a prompt
  never overflows the window.
- Bounded replies (server.py): every read has a size cap, every answer a deadline and at most
  max_tokens pieces; a stream cut short or malformed is a failure, never an answer.
- Failover: a server that fails before the first token is marked down and the request goes to
  the next (EndpointPool); once text has been shown, a failure ends the answer with
  EngineInterrupted, a clear message, rather than starting again elsewhere.
- Scores for closed questions (first_token_logprobs): one token asked with `logprobs` and the
  top 20 alternatives; each candidate gets the best of the alternatives it starts with (see
  score_candidates). A server that answers without logprobs (an older Ollama) raises
  ScoresUnavailable once and is not asked again; `scores_first_tokens` then says so.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Any

from troly.core.engine.base import (
    ChatMessage,
    EngineInfo,
    GenerationParams,
    GenerationStats,
    TokenStream,
)
from troly.core.engine.budget import fit_messages
from troly.core.engine.estimate import estimate_prompt_tokens, estimate_tokens
from troly.core.engine.pool import RECHECK_SECONDS, EndpointPool
from troly.core.engine.server import (
    CONNECT_TIMEOUT,
    SILENCE_TIMEOUT,
    ServerDown,
    ServerEndpoint,
)
from troly.core.errors import (
    EngineError,
    EngineInterrupted,
    EngineUnavailable,
    ScoresUnavailable,
)

log = logging.getLogger(__name__)

DEFAULT_CONTEXT = 2048  # when no server says its window and the policy gives none
_COUNT_CACHE = 4096  # token counts remembered (summaries count the same texts many times)
TOP_LOGPROBS = 20  # alternatives asked for when scoring: the most llama-server and vLLM give
SCORE_ROOM = 16  # reply tokens a scored prompt leaves room for, as the local engine does
FLOOR_MARGIN = 1.0  # nats below the lowest alternative seen, for a candidate not among them


class RemoteEngine:
    """One or several OpenAI-compatible servers behind the Engine interface."""

    def __init__(
        self,
        urls: Sequence[str],
        model: str | None = None,
        api_key: str | None = None,
        ca_file: str | None = None,
        context_length: int | None = None,
        connect_timeout: float = CONNECT_TIMEOUT,
        silence_timeout: float = SILENCE_TIMEOUT,
        recheck_seconds: float = RECHECK_SECONDS,
        deadline: float | None = None,
    ) -> None:
        """`deadline`: the seconds one answer may take in all, from each server; None: the
        silence timeout plus a second for each token asked for (server.SECONDS_PER_TOKEN)."""
        if not urls:
            raise EngineError(
                "Chính sách không chỉ định máy chủ mô hình nào (engine_endpoints).",
                "The policy names no model server (engine_endpoints).",
            )
        endpoints = [
            ServerEndpoint(u, api_key, ca_file, connect_timeout, silence_timeout, deadline)
            for u in urls
        ]
        self.pool = EndpointPool(endpoints, recheck_seconds)
        self._wanted_model = model
        self._model: str | None = model
        self._policy_ctx = context_length
        self._n_ctx: int | None = None
        self._discovered = False
        self._last: ServerEndpoint | None = None
        self._counts: OrderedDict[tuple[int, str], int] = OrderedDict()
        self._lock = threading.Lock()

    # -- what it is -------------------------------------------------------------------------

    def discover(self) -> None:
        """Ask the servers what they serve and how large their window is. Raises
        EngineUnavailable when none answers, EngineAuthError when the key is refused."""
        if self._discovered:
            return
        reasons: list[ServerDown] = []
        answered = []
        # Servers found down are not asked again here (each could cost a connect timeout): the
        # background check brings them back.
        candidates = [ep for ep in self.pool.endpoints if ep.state.healthy is not False]
        for ep in self.pool.endpoints:
            if ep not in candidates:
                reasons.append(ServerDown(ep.state.error_vi, ep.state.error_en))
        for ep in candidates:
            try:
                ep.discover()
            except ServerDown as exc:
                ep.mark_down(exc)
                reasons.append(exc)
                continue
            if self._wanted_model and ep.state.models and self._wanted_model not in ep.state.models:
                down = ServerDown(
                    f"{ep.label} không phục vụ mô hình “{self._wanted_model}”",
                    f"{ep.label} does not serve the model “{self._wanted_model}”",
                )
                ep.mark_down(down)
                reasons.append(down)
                continue
            ep.mark_up()
            answered.append(ep)
        if not answered:
            self.pool.start_checks()
            raise _unavailable(reasons)
        if self._model is None:
            self._model = next((ep.state.models[0] for ep in answered if ep.state.models), None)
        windows = [ep.state.n_ctx for ep in answered if ep.state.n_ctx]
        self._n_ctx = min(windows) if windows else (self._policy_ctx or DEFAULT_CONTEXT)
        self._discovered = True
        log.info(
            "Remote engine: model %s, n_ctx %d, servers %s",
            self._model,
            self._n_ctx,
            ", ".join(ep.label for ep in answered),
        )

    @property
    def model(self) -> str:
        self.discover()
        return self._model or "?"

    @property
    def name(self) -> str:
        return self.model

    @property
    def n_ctx(self) -> int:
        self.discover()
        assert self._n_ctx is not None
        return self._n_ctx

    @property
    def identity(self) -> str:
        # The model the servers serve, by name: the administrator gives different models
        # different names (several servers behind one name serve the same model).
        return f"openai-server:{self._model or self._wanted_model or '?'}"

    @property
    def info(self) -> EngineInfo:
        endpoint = self._last
        if endpoint is None:
            usable = self.pool.usable()
            endpoint = usable[0] if usable else self.pool.endpoints[0]
        model = self._model or self._wanted_model or "?"
        return EngineInfo("remote", model, endpoint.base_url, self.identity)

    @property
    def discovered(self) -> bool:
        return self._discovered

    def available(self) -> bool:
        """Whether some server is not known to be down."""
        return self.pool.any_usable()

    def status(self) -> dict[str, Any]:
        """Every server checked now: health, in-flight requests, model, window (CLI)."""
        self.pool.check_all()
        try:
            self._discovered = False
            self.discover()
        except EngineError:
            pass
        servers = []
        for ep in self.pool.endpoints:
            slots = ep.slots() if ep.state.healthy else None
            servers.append(
                {
                    "url": ep.base_url,
                    "healthy": bool(ep.state.healthy),
                    "in_flight": ep.state.in_flight,
                    "busy_slots": slots[0] if slots else None,
                    "slots": slots[1] if slots else None,
                    "models": ep.state.models,
                    "n_ctx": ep.state.n_ctx,
                    "error": ep.state.error_vi or None,
                }
            )
        return {"model": self._model, "n_ctx": self._n_ctx, "endpoints": servers}

    # -- counting ---------------------------------------------------------------------------

    def _remembered(self, key: tuple[int, str], compute: Any) -> int:
        with self._lock:
            if key in self._counts:
                self._counts.move_to_end(key)
                return self._counts[key]
        value = int(compute())
        with self._lock:
            self._counts[key] = value
            if len(self._counts) > _COUNT_CACHE:
                self._counts.popitem(last=False)
        return value

    def _ask_servers(self, ask: Any) -> int | None:
        """The first count a usable server gives; None when none can count."""
        for ep in self.pool.usable():
            try:
                value: int | None = ask(ep)
            except ServerDown as exc:
                ep.mark_down(exc)
                continue
            if value is not None:
                return value
        return None

    def count_tokens(self, text: str) -> int:
        if not text:
            return 0
        self.discover()
        model = self.model

        def compute() -> int:
            value = self._ask_servers(lambda ep: ep.tokenize(text, model))
            return estimate_tokens(text) if value is None else value

        return self._remembered((hash(text), "t"), compute)

    def count_prompt_tokens(self, messages: Sequence[ChatMessage]) -> int:
        self.discover()
        model = self.model
        key = (hash(tuple((m.role, m.content) for m in messages)), "p")

        def compute() -> int:
            value = self._ask_servers(lambda ep: ep.count_chat(messages, model))
            # +1: a BOS the server may add when it tokenizes the rendered chat
            return estimate_prompt_tokens(messages) if value is None else value + 1

        return self._remembered(key, compute)

    # -- generating -------------------------------------------------------------------------

    def stream_chat(
        self,
        messages: list[ChatMessage],
        params: GenerationParams,
        cancel: threading.Event | None = None,
    ) -> TokenStream:
        fitted = fit_messages(
            messages, self.count_prompt_tokens, self.count_tokens, self.n_ctx, params.max_tokens
        )
        stream = TokenStream(iter(()))
        stream.stats.trimmed_messages = fitted.trimmed_messages
        stream.stats.prompt_tokens = fitted.prompt_tokens
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in fitted.messages],
            "stream": True,
            "stream_options": {"include_usage": True},
            "max_tokens": fitted.max_new_tokens,
            "temperature": params.temperature,
            "top_p": params.top_p,
            "top_k": params.top_k,  # llama-server and vLLM take it; others ignore it
        }
        if params.repeat_penalty != 1.0:
            body["repeat_penalty"] = params.repeat_penalty  # llama-server
            body["repetition_penalty"] = params.repeat_penalty  # vLLM
        if params.seed is not None:
            body["seed"] = params.seed
        stream.pieces = self._generate(body, stream.stats, cancel)
        return stream

    def _generate(
        self, body: dict[str, Any], stats: GenerationStats, cancel: threading.Event | None
    ) -> Iterator[str]:
        tried: set[ServerEndpoint] = set()
        reasons: list[ServerDown] = []
        while True:
            if cancel is not None and cancel.is_set():
                stats.finish_reason = "cancelled"
                return
            endpoint = self.pool.acquire(tried)
            if endpoint is None:
                raise _unavailable(reasons)
            tried.add(endpoint)
            stats.engine = EngineInfo("remote", self.model, endpoint.base_url, self.identity)
            try:
                yield from endpoint.stream_chat(body, stats, cancel)
            except ServerDown as exc:
                # Nothing was shown yet: the next server takes the request.
                log.warning("Inference server %s failed: %s", endpoint.label, exc.reason_en)
                endpoint.mark_down(exc)
                reasons.append(exc)
                continue
            except EngineInterrupted as exc:
                endpoint.mark_down(ServerDown(exc.message_vi, exc.message_en))
                raise
            else:
                endpoint.mark_up()
                self._last = endpoint
                return
            finally:
                self.pool.release(endpoint)

    # -- scoring ----------------------------------------------------------------------------

    @property
    def scores_first_tokens(self) -> bool:
        """Whether first_token_logprobs can answer: until every server has been found to
        answer without logprobs (known from earlier calls; no request is made)."""
        return any(ep.state.logprobs is not False for ep in self.pool.endpoints)

    def first_token_logprobs(
        self, messages: list[ChatMessage], candidates: Sequence[str], prefix: str = ""
    ) -> tuple[list[float], GenerationStats]:
        """Log-probabilities that the reply starts with each candidate, from one token the
        server generates with its top alternatives (score_candidates), and the prompt's stats.

        Failover as for stream_chat: a server that fails is marked down and the next one asked;
        EngineUnavailable when none answers. ScoresUnavailable when the servers answer without
        logprobs. `prefix` is not supported (an OpenAI-compatible server continues an assistant
        message only by its own rules, which differ between llama-server, vLLM and Ollama):
        EngineError for a non-empty one."""
        if prefix:
            raise EngineError(
                "Máy chủ mô hình của cơ quan không chấm điểm được phần tiếp theo của một câu "
                "trả lời đã bắt đầu (prefix).",
                "The agency's model servers cannot score the continuation of a reply already "
                "begun (prefix).",
            )
        fitted = fit_messages(
            messages, self.count_prompt_tokens, self.count_tokens, self.n_ctx, SCORE_ROOM
        )
        stats = GenerationStats(
            prompt_tokens=fitted.prompt_tokens, trimmed_messages=fitted.trimmed_messages
        )
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in fitted.messages],
            "stream": False,
            "max_tokens": 1,
            "temperature": 0,
            "logprobs": True,
            "top_logprobs": TOP_LOGPROBS,
            # Read from its first token, as this PC's engine reads a scored prompt in aligned
            # batches: llama-server reading only what follows a cached prefix moved a score by
            # 0.08 nats (the 270M test model, one option of a choice after another), enough to
            # turn a close verdict. A verdict never depends on what the server read before.
            # vLLM and Ollama ignore the field.
            "cache_prompt": False,
        }
        top = self._score(body, stats)
        return score_candidates(top, candidates), stats

    def _score(self, body: dict[str, Any], stats: GenerationStats) -> list[tuple[str, float]]:
        """The top alternatives from the first server that gives them (as _generate tries
        the servers); servers known to answer without logprobs are not asked. EngineUnavailable
        while some server that may give them is down (as for text: this PC's model answers
        behind a FallbackEngine); ScoresUnavailable once every server has answered without."""
        tried = {ep for ep in self.pool.endpoints if ep.state.logprobs is False}
        reasons: list[ServerDown] = []
        no_scores: ScoresUnavailable | None = None
        while True:
            endpoint = self.pool.acquire(tried)
            if endpoint is None:
                if reasons or len(tried) < len(self.pool.endpoints):
                    raise _unavailable(reasons)  # some server that might score is down
                raise no_scores or self._no_scores()
            tried.add(endpoint)
            stats.engine = EngineInfo("remote", self.model, endpoint.base_url, self.identity)
            try:
                top = endpoint.first_token_logprobs(body, stats)
            except ServerDown as exc:
                log.warning("Inference server %s failed: %s", endpoint.label, exc.reason_en)
                endpoint.mark_down(exc)
                reasons.append(exc)
                continue
            except ScoresUnavailable as exc:
                log.warning("%s", exc.message_en)
                endpoint.mark_up()  # it answered: healthy, only without scores
                no_scores = exc
                continue
            else:
                endpoint.mark_up()
                self._last = endpoint
                return top
            finally:
                self.pool.release(endpoint)

    def _no_scores(self) -> ScoresUnavailable:
        """Every server is known to answer without logprobs (told once already)."""
        return ScoresUnavailable(
            "Các máy chủ mô hình của cơ quan không trả về xác suất của các token (logprobs), "
            "nên câu hỏi Đúng/Sai hoặc trắc nghiệm không chấm điểm được theo mô hình.",
            "The agency's model servers do not return token log-probabilities (logprobs), so "
            "true/false and multiple choice questions cannot be scored by the model there.",
        )

    def close(self) -> None:
        self.pool.close()


def score_candidates(top: Sequence[tuple[str, float]], candidates: Sequence[str]) -> list[float]:
    """Each candidate's score from the first token's top alternatives (text, logprob): the
    highest logprob of an alternative whose text, leading whitespace aside, is a non-empty
    beginning of the candidate ("Đ" or "Đúng" for "Đúng", "B" for "B"; case counts). A
    candidate none of them begins gets a floor FLOOR_MARGIN below the lowest alternative seen:
    the server says only that its first token is less likely than all of them."""
    if not top:
        raise ValueError("no alternatives to score candidates with")
    floor = min(logprob for _, logprob in top) - FLOOR_MARGIN
    scores = []
    for candidate in candidates:
        best = floor
        for text, logprob in top:
            piece = text.lstrip()
            if piece and candidate.startswith(piece) and logprob > best:
                best = logprob
        scores.append(best)
    return scores


def _unavailable(reasons: Sequence[ServerDown]) -> EngineUnavailable:
    detail_vi = "; ".join(r.reason_vi for r in reasons) or "không máy chủ nào dùng được"
    detail_en = "; ".join(r.reason_en for r in reasons) or "no server is usable"
    return EngineUnavailable(
        f"Không dùng được máy chủ mô hình của cơ quan: {detail_vi}. Hãy thử lại sau hoặc báo "
        "quản trị viên.",
        f"The agency's model servers cannot be used: {detail_en}. Try again later or tell "
        "your administrator.",
    )
