"""One inference server that speaks the OpenAI-compatible API (llama-server, vLLM, Ollama).

httpx does the HTTP work: connection pooling, sync streaming, separate connect and read
(silence) timeouts, TLS verified against the CA file the policy names. What is ours is only
reading the `data:` lines of the server-sent events and the JSON in them. `trust_env=False`: no
proxy, .netrc or certificate variable from the environment changes where TroLy connects.

The API key goes in the Authorization header and nowhere else: never into a log line, an error
message or `repr`. httpx's own request log (URLs only) is kept at WARNING.

Stop: the token loop checks the stop flag after every chunk, and while the server is silent
(reading a long prompt, or queueing the request behind others) a watcher shuts the socket down,
so Stop takes effect at once rather than when the next token arrives.

Scores (first_token_logprobs): one non-streaming completion of one token with the `logprobs` of
the OpenAI API. llama-server reads them from the raw logits (a softmax over the whole vocabulary,
before any sampler: `post_sampling_probs` is off unless asked) and gives at most 20; vLLM from
the raw logits too, up to its `max_logprobs` (20 by default). The reply is read whole but never
more than MAX_SCORE_REPLY bytes of it: a one-token answer with its top 20 is a few kilobytes.

Every reply is bounded, whatever the server sends: a line of the event stream (MAX_LINE), a JSON
body (MAX_JSON_REPLY; /health MAX_HEALTH_REPLY), the number of text pieces (the request's
max_tokens, counted here too), the time a whole answer may take (`deadline`: by default the
silence timeout plus SECONDS_PER_TOKEN for each token asked for), and the time the server may
send only keep-alive comments (the silence timeout, as for saying nothing). A stream that ends
without [DONE] or a finish_reason, or whose events are not the JSON objects the API describes,
is a failure of the server (ServerDown before the first piece, EngineInterrupted after it),
never an empty or partial answer taken as complete.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import socket
import ssl
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from troly.core.engine.base import ChatMessage, GenerationStats
from troly.core.errors import EngineAuthError, EngineError, EngineInterrupted, ScoresUnavailable

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 5.0
# The longest a server may stay silent: reading a long prompt on a busy CPU server, or holding
# the request while its slots serve others, takes a while before the first token.
SILENCE_TIMEOUT = 120.0
CHECK_TIMEOUT = 3.0  # health checks and metadata: a healthy server answers these at once
MAX_SCORE_REPLY = 1 << 20  # bytes of a scoring reply read at most (see the module docstring)
MAX_LINE = 1 << 20  # bytes of one line of the event stream (one event: a token is a few hundred)
MAX_JSON_REPLY = 4 << 20  # bytes of /v1/models, /props, /tokenize, /slots (a long model list)
MAX_HEALTH_REPLY = 64 << 10  # bytes of /health, and of an error's body
CHECK_DEADLINE = 10.0  # seconds a whole health check or metadata request may take
SECONDS_PER_TOKEN = 1.0  # the slowest decoding an answer's default deadline allows for
TAIL_LINES = 16  # lines read after max_tokens pieces, for the usage and [DONE] that follow


class ServerDown(Exception):
    """The server failed before the first token (unreachable, refused by policy, 5xx, silent):
    the request may go to another server. `reason_vi` says why, in Vietnamese."""

    def __init__(self, reason_vi: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason_vi = reason_vi
        self.reason_en = reason_en


@dataclass
class ServerState:
    """What is known of one server: health, load from this process, what it told us."""

    healthy: bool | None = None  # None: not checked yet (tried optimistically)
    in_flight: int = 0
    checked_at: float = 0.0
    error_vi: str = ""
    error_en: str = ""
    models: list[str] = field(default_factory=list)
    n_ctx: int | None = None
    tokenizer: str | None = None  # "llama" (/apply-template + /tokenize), "vllm", "none"
    # Share of the server's slots busy with anyone's requests (llama-server's /slots), as last
    # read; None when unknown or the server has no /slots (vLLM, Ollama).
    busy: float | None = None
    has_slots: bool = True
    # Whether it answers with logprobs: None until asked, False once it answered without them
    # (then it is not asked again: RemoteEngine.scores_first_tokens).
    logprobs: bool | None = None


class ServerEndpoint:
    """A client for one server's base URL (no trailing /v1)."""

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        ca_file: str | None = None,
        connect_timeout: float = CONNECT_TIMEOUT,
        silence_timeout: float = SILENCE_TIMEOUT,
        deadline: float | None = None,
    ) -> None:
        """`deadline`: the seconds a whole answer may take; None: from its max_tokens."""
        import httpx  # only when a remote engine is used: the CLI's start-up stays light

        logging.getLogger("httpx").setLevel(logging.WARNING)
        logging.getLogger("httpcore").setLevel(logging.WARNING)
        self.base_url = base_url
        parts = urlsplit(base_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        self.label = f"{parts.hostname}:{port}"
        self.state = ServerState()
        self._silence = silence_timeout
        self._deadline = deadline
        # No compressed replies: what is read is what is counted against the limits.
        headers = {"Accept-Encoding": "identity"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        verify: ssl.SSLContext | bool = True
        if parts.scheme == "https":
            try:
                verify = ssl.create_default_context(cafile=ca_file)
            except (OSError, ssl.SSLError) as exc:
                raise EngineError(
                    f"Không đọc được tệp chứng chỉ CA {ca_file} mà chính sách chỉ định: {exc}.",
                    f"The CA file {ca_file} the policy names cannot be read: {exc}.",
                ) from exc
        self._timeout = httpx.Timeout(
            connect=connect_timeout, read=silence_timeout, write=silence_timeout, pool=None
        )
        self._check_timeout = httpx.Timeout(
            connect=min(connect_timeout, CHECK_TIMEOUT),
            read=CHECK_TIMEOUT,
            write=CHECK_TIMEOUT,
            pool=CHECK_TIMEOUT,
        )
        self._client = httpx.Client(
            base_url=base_url,
            headers=headers,
            verify=verify,
            timeout=self._timeout,
            trust_env=False,
            follow_redirects=False,
        )

    def __repr__(self) -> str:  # never the headers: they hold the key
        return f"ServerEndpoint({self.base_url!r})"

    def close(self) -> None:
        self._client.close()

    # -- small requests ---------------------------------------------------------------------

    def _request(self, method: str, path: str, body: Any = None) -> Any:
        """The JSON of a short request; ServerDown when it cannot be had, None on 404/405."""

        status, raw = self._small(method, path, MAX_JSON_REPLY, body)
        if status in (404, 405, 501):
            return None
        text = raw.decode("utf-8", errors="replace")
        _raise_for_status(self.label, status, text)
        try:
            return _json(text)
        except ValueError:
            return None

    def _small(
        self, method: str, path: str, limit: int, body: Any = None, timeout: float | None = None
    ) -> tuple[int, bytes]:
        """Status and body (at most `limit` bytes, within CHECK_DEADLINE) of a short request;
        ServerDown when they cannot be had."""
        import httpx

        expires_at = time.monotonic() + CHECK_DEADLINE
        wait = self._check_timeout if timeout is None else timeout
        try:
            with self._client.stream(method, path, json=body, timeout=wait) as response:
                return response.status_code, _read_bounded(response, limit, self.label, expires_at)
        except (httpx.HTTPError, OSError) as exc:
            raise _transport_error(self.label, exc) from exc

    def check(self) -> bool:
        """Health from /health (llama-server, vLLM), else /v1/models (Ollama has no /health)."""
        try:
            status, raw = self._small("GET", "/health", MAX_HEALTH_REPLY)
            if status in (404, 405):
                if self._request("GET", "/v1/models") is None:
                    raise ServerDown(
                        f"{self.label} không phải máy chủ mô hình tương thích OpenAI",
                        f"{self.label} is not an OpenAI-compatible model server",
                    )
            elif status != 200:
                # 503 while llama-server loads its model
                _raise_for_status(self.label, status, raw.decode("utf-8", errors="replace"))
        except ServerDown as exc:
            self.mark_down(exc)
            return False
        except EngineError as exc:  # a refused key, a rejected request: not usable either
            self.mark_down(ServerDown(exc.message_vi, exc.message_en))
            return False
        self.mark_up()
        return True

    def mark_down(self, exc: ServerDown) -> None:
        self.state.healthy = False
        self.state.error_vi, self.state.error_en = exc.reason_vi, exc.reason_en
        self.state.checked_at = time.monotonic()

    def mark_up(self) -> None:
        self.state.healthy = True
        self.state.error_vi = self.state.error_en = ""
        self.state.checked_at = time.monotonic()

    def discover(self) -> None:
        """The served models and the runtime context length: vLLM's max_model_len in
        /v1/models, llama-server's slot n_ctx in /props (not n_ctx_train, the model's)."""
        models = _object(self._request("GET", "/v1/models"))
        listed = models.get("data")
        data = [_object(m) for m in listed] if isinstance(listed, list) else []
        self.state.models = [str(m["id"]) for m in data if isinstance(m.get("id"), str | int)]
        n_ctx = next((m.get("max_model_len") for m in data if m.get("max_model_len")), None)
        if n_ctx is None:
            props = _object(self._request("GET", "/props"))
            n_ctx = _object(props.get("default_generation_settings")).get("n_ctx")
        self.state.n_ctx = int(n_ctx) if isinstance(n_ctx, int) and n_ctx > 0 else None

    def tokenize(self, text: str, model: str) -> int | None:
        """Tokens of plain text by the server's own tokenizer; None when it cannot count."""
        if self.state.tokenizer == "none":
            return None
        body = {
            "model": model,
            "content": text,  # llama-server
            "prompt": text,  # vLLM
            "add_special": False,
            "add_special_tokens": False,
            "parse_special": True,
        }
        data = _object(self._request("POST", "/tokenize", body))
        count, tokens = data.get("count"), data.get("tokens")
        if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
            return count
        if isinstance(tokens, list):
            return len(tokens)
        self.state.tokenizer = "none"
        return None

    def count_chat(self, messages: Sequence[ChatMessage], model: str) -> int | None:
        """Tokens of the templated chat: llama-server renders it (/apply-template) and counts
        the prompt; vLLM counts messages itself (/tokenize with messages); else None."""
        chat = [{"role": m.role, "content": m.content} for m in messages]
        if self.state.tokenizer in (None, "llama"):
            data = _object(self._request("POST", "/apply-template", {"messages": chat}))
            if isinstance(data.get("prompt"), str):
                self.state.tokenizer = "llama"
                return self.tokenize(data["prompt"], model)
        if self.state.tokenizer in (None, "vllm"):
            body = {"model": model, "messages": chat, "add_generation_prompt": True}
            data = _object(self._request("POST", "/tokenize", body))
            if isinstance(data.get("count"), int):
                self.state.tokenizer = "vllm"
                return int(data["count"])
        self.state.tokenizer = "none"
        return None

    def slots(self, timeout: float | None = None) -> tuple[int, int] | None:
        """(busy, total) slots where the server says (llama-server's /slots), else None. Also
        kept as `state.busy`, which the pool uses to pick the least busy server."""
        if not self.state.has_slots:
            return None
        import httpx

        try:
            status, raw = self._small(
                "GET", "/slots", MAX_JSON_REPLY, timeout=timeout or CHECK_TIMEOUT
            )
            data = _json(raw) if status == 200 else None
        except ServerDown as exc:
            # llama-server answers /slots between two decoding steps: an idle server at once,
            # one too busy to answer in time is as good as full.
            timed_out = isinstance(exc.__cause__, httpx.TimeoutException)
            self.state.busy = 1.0 if timed_out else None
            return None
        except ValueError:
            self.state.busy = None
            return None
        if not isinstance(data, list) or not data:
            self.state.has_slots = status not in (404, 405, 501)
            self.state.busy = None
            return None
        busy = sum(1 for s in data if isinstance(s, dict) and s.get("is_processing"))
        self.state.busy = busy / len(data)
        return busy, len(data)

    # -- streaming --------------------------------------------------------------------------

    def deadline_for(self, max_tokens: int) -> float:
        """The seconds an answer of at most `max_tokens` tokens may take in all."""
        if self._deadline is not None:
            return self._deadline
        return self._silence + max(1, max_tokens) * SECONDS_PER_TOKEN

    def stream_chat(
        self,
        body: dict[str, Any],
        stats: GenerationStats,
        cancel: threading.Event | None,
    ) -> Iterator[str]:
        """Stream one chat completion's text. ServerDown before the first token (another server
        may take the request), EngineInterrupted after it, EngineAuthError for a refused key.
        At most body["max_tokens"] pieces, within deadline_for(max_tokens) seconds."""
        import httpx

        start = time.perf_counter()
        max_tokens = int(body.get("max_tokens") or 0)
        limit = self.deadline_for(max_tokens)
        expires_at = time.monotonic() + limit
        reply = _Reply(max_tokens or None)
        try:
            with self._client.stream("POST", "/v1/chat/completions", json=body) as response:
                if response.status_code != 200:
                    raw = _read_bounded(response, MAX_HEALTH_REPLY, self.label, expires_at)
                    _raise_for_status(
                        self.label, response.status_code, raw.decode("utf-8", errors="replace")
                    )
                    raise ServerDown(  # 2xx or 3xx other than 200: not an answer either
                        f"{self.label} trả lời không hợp lệ (mã {response.status_code})",
                        f"{self.label} sent an invalid reply (HTTP {response.status_code})",
                    )
                watcher = _StopWatcher(response, cancel, expires_at)
                try:
                    yield from self._pieces(response, stats, cancel, reply, expires_at, start)
                finally:
                    watcher.done()
                if watcher.expired:
                    raise self._late(limit)
        except (ServerDown, httpx.HTTPError, OSError, ValueError) as exc:
            if cancel is not None and cancel.is_set():
                reply.finish = "cancelled"  # the watcher shut the socket: Stop, not a fault
            else:
                fault = exc if isinstance(exc, ServerDown) else None
                if fault is None and time.monotonic() >= expires_at:
                    fault = self._late(limit)  # the watcher shut the socket at the deadline
                if fault is None:
                    fault = _transport_error(self.label, exc)
                if reply.received == 0:
                    if fault is exc:
                        raise
                    raise fault from exc
                raise _interrupted(self.label, fault) from exc
        finally:
            stats.seconds = time.perf_counter() - start
        if reply.finish is None and cancel is not None and cancel.is_set():
            reply.finish = "cancelled"
        if reply.finish is None and not reply.done:
            fault = ServerDown(
                f"{self.label} ngắt kết nối giữa chừng, câu trả lời chưa xong",
                f"{self.label} closed the connection before the answer was complete",
            )
            if reply.received == 0:
                raise fault
            raise _interrupted(self.label, fault)
        finish = reply.finish
        stats.finish_reason = (
            "cancelled" if finish == "cancelled" else "length" if finish == "length" else "stop"
        )
        if finish == "cancelled":
            stats.generated_tokens = reply.received
        else:
            usage = reply.usage
            stats.generated_tokens = _count(usage.get("completion_tokens")) or reply.received
            stats.prompt_tokens = _count(usage.get("prompt_tokens")) or stats.prompt_tokens
            cached = _object(usage.get("prompt_tokens_details")).get("cached_tokens")
            stats.reused_prompt_tokens = _count(cached) or int(
                stats.server_timings.get("cache_n") or 0
            )

    def _pieces(
        self,
        response: httpx.Response,
        stats: GenerationStats,
        cancel: threading.Event | None,
        reply: _Reply,
        expires_at: float,
        start: float,
    ) -> Iterator[str]:
        """The text pieces of the event stream, with what else it says kept in `reply` (usage,
        finish_reason, [DONE]). ServerDown for a fault of the stream itself (an overlong line,
        an event that is not what the API describes, keep-alives only for too long, the
        deadline passed), whether text came before it or not: the caller tells them apart."""
        last_event = time.monotonic()
        tail = 0
        for raw in _lines(response.iter_bytes(), MAX_LINE, self.label):
            if cancel is not None and cancel.is_set():
                reply.finish = "cancelled"
                return
            now = time.monotonic()
            if now >= expires_at:
                raise self._late(self.deadline_for(reply.max_tokens or 0))
            if reply.capped:
                tail += 1
                if tail > TAIL_LINES:  # max_tokens pieces came: what follows is not read on
                    reply.finish = reply.finish or "length"
                    return
            line = raw.decode("utf-8", errors="replace")
            if not line.startswith("data:"):
                # comments, event names, keep-alives: as good as silence
                if now - last_event > self._silence:
                    raise ServerDown(
                        f"{self.label} im lặng quá lâu, chỉ gửi tín hiệu giữ kết nối",
                        f"{self.label} sent only keep-alives for too long",
                    )
                continue
            last_event = now
            data = line[5:].strip()
            if data == "[DONE]":
                reply.done = True
                return
            chunk = _parse_chunk(data, self.label)
            if chunk.error is not None:
                raise _server_error(self.label, chunk.error, reply.received)
            if chunk.usage:
                reply.usage = chunk.usage
            if chunk.timings:
                stats.server_timings = {
                    k: float(v)
                    for k, v in chunk.timings.items()
                    if isinstance(v, int | float) and not isinstance(v, bool)
                }
            for piece in chunk.pieces:
                if reply.capped:  # more text than asked for: the server does not stop
                    reply.finish = "length"
                    return
                if reply.received == 0:
                    stats.first_token_seconds = time.perf_counter() - start
                reply.received += 1
                yield piece
            if chunk.finish:
                reply.finish = chunk.finish

    def _late(self, seconds: float) -> ServerDown:
        return ServerDown(
            f"{self.label} không trả lời xong trong {seconds:.0f} giây cho phép",
            f"{self.label} did not finish answering within the {seconds:.0f} s allowed",
        )

    # -- scoring ----------------------------------------------------------------------------

    def first_token_logprobs(
        self, body: dict[str, Any], stats: GenerationStats
    ) -> list[tuple[str, float]]:
        """The first token's top alternatives, (text, logprob) each, of one non-streaming chat
        completion that asked for `logprobs` (body: max_tokens 1, top_logprobs). Fills `stats`
        (prompt tokens, seconds, the server's timings). ServerDown when the server cannot
        answer (another may), ScoresUnavailable when it answers without logprobs (remembered
        in `state.logprobs`), EngineAuthError for a refused key, EngineError for a rejected
        request."""
        import httpx

        start = time.perf_counter()
        try:
            with self._client.stream("POST", "/v1/chat/completions", json=body) as response:
                status = response.status_code
                expires_at = time.monotonic() + self.deadline_for(1)
                raw = _read_bounded(response, MAX_SCORE_REPLY, self.label, expires_at)
        except (httpx.HTTPError, OSError) as exc:
            raise _transport_error(self.label, exc) from exc
        finally:
            stats.seconds = stats.first_token_seconds = time.perf_counter() - start
        text = raw.decode("utf-8", errors="replace")
        if status == 400 and "logprob" in _server_message(text).lower():
            # A server that refuses the parameter itself (vLLM with a lower max_logprobs)
            raise self._no_scores()
        _raise_for_status(self.label, status, text)
        try:
            data = _json(text)
        except ValueError as exc:
            raise ServerDown(
                f"{self.label} trả lời không đúng định dạng JSON",
                f"{self.label} answered with something that is not JSON",
            ) from exc
        if not isinstance(data, dict):
            data = {}
        if "error" in data:
            raise _server_error(self.label, data["error"], 0)
        top = _top_logprobs(data)
        if not top:
            raise self._no_scores()
        self.state.logprobs = True
        usage = data.get("usage") or {}
        timings = data.get("timings") or {}
        if isinstance(timings, dict):
            stats.server_timings = {
                k: float(v) for k, v in timings.items() if isinstance(v, int | float)
            }
        if isinstance(usage, dict):
            stats.prompt_tokens = int(usage.get("prompt_tokens") or stats.prompt_tokens)
            details = usage.get("prompt_tokens_details") or {}
            cached = details.get("cached_tokens") if isinstance(details, dict) else None
            stats.reused_prompt_tokens = int(cached or stats.server_timings.get("cache_n") or 0)
        stats.generated_tokens = 0  # scores, not text: as the local engine counts them
        stats.finish_reason = "stop"
        return top

    def _no_scores(self) -> ScoresUnavailable:
        self.state.logprobs = False
        return ScoresUnavailable(
            f"Máy chủ mô hình của cơ quan ({self.label}) không trả về xác suất của các token "
            "(logprobs), nên câu hỏi Đúng/Sai hoặc trắc nghiệm không chấm điểm được theo mô "
            "hình; câu trả lời sẽ được viết ra như câu hỏi thường. Hãy báo quản trị viên nếu "
            "cần (Ollama cần phiên bản mới hơn).",
            f"The agency's model server ({self.label}) does not return token log-probabilities "
            "(logprobs), so true/false and multiple choice questions cannot be scored by the "
            "model there; the answer is written out as for any question. Tell your "
            "administrator if this matters (Ollama needs a newer version).",
        )


def _read_bounded(
    response: httpx.Response, limit: int, label: str, expires_at: float | None = None
) -> bytes:
    """The whole body, or ServerDown once it exceeds `limit` bytes or is still coming at
    `expires_at` (a misbehaving server, or something that is not a model server, never fills
    the memory nor holds TroLy forever)."""
    parts: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise _too_long(label, limit)
        if expires_at is not None and time.monotonic() >= expires_at:
            raise ServerDown(
                f"{label} trả lời quá chậm, không xong trong thời hạn",
                f"{label} answered too slowly to finish in time",
            )
        parts.append(chunk)
    return b"".join(parts)


def _too_long(label: str, limit: int) -> ServerDown:
    return ServerDown(
        f"{label} trả lời quá dài (hơn {limit // 1024} KiB), không phải câu trả lời hợp lệ",
        f"{label} answered too much (over {limit // 1024} KiB), not a valid reply",
    )


def _lines(chunks: Iterator[bytes], limit: int, label: str) -> Iterator[bytes]:
    """The lines of a byte stream (without their ends), none longer than `limit` bytes:
    ServerDown once a line grows past it, so a line that never ends never fills the memory."""
    pending = bytearray()
    for chunk in chunks:
        pending += chunk
        if b"\n" in chunk:
            *complete, rest = pending.split(b"\n")
            pending = bytearray(rest)
            for line in complete:
                if len(line) > limit:
                    raise _too_long(label, limit)
                yield bytes(line.rstrip(b"\r"))
        if len(pending) > limit:
            raise _too_long(label, limit)
    if pending:
        yield bytes(pending.rstrip(b"\r"))


@dataclass
class _Reply:
    """What a streamed answer said besides its text."""

    max_tokens: int | None  # pieces read at most (the request's max_tokens)
    received: int = 0  # text pieces read
    usage: dict[str, Any] = field(default_factory=dict)
    finish: str | None = None  # the finish_reason, or "cancelled"
    done: bool = False  # [DONE] came

    @property
    def capped(self) -> bool:
        return self.max_tokens is not None and self.received >= self.max_tokens


@dataclass
class _Chunk:
    """One event of the stream, checked: text pieces, finish_reason, usage, timings, error."""

    pieces: list[str]
    finish: str | None
    usage: dict[str, Any]
    timings: dict[str, Any]
    error: Any = None


def _parse_chunk(data: str, label: str) -> _Chunk:
    """The event's JSON as the OpenAI API describes it; ServerDown (naming what is wrong) for
    anything else."""

    def bad(what_vi: str, what_en: str) -> ServerDown:
        return ServerDown(
            f"{label} trả lời không hợp lệ ({what_vi})",
            f"{label} sent an invalid reply ({what_en})",
        )

    try:
        chunk = _json(data)
    except ValueError:
        raise bad("dữ liệu không phải JSON", "data that is not JSON") from None
    if not isinstance(chunk, dict):
        raise bad("dữ liệu JSON không phải một đối tượng", "JSON that is not an object")
    if "error" in chunk:
        return _Chunk([], None, {}, {}, chunk["error"] or "?")
    usage, timings = chunk.get("usage"), chunk.get("timings")
    if not isinstance(usage, dict | None) or not isinstance(timings, dict | None):
        raise bad("usage hoặc timings sai kiểu", "usage or timings of the wrong type")
    choices = chunk.get("choices")
    if choices is None and usage is None:  # only the usage-only event may have no choices
        raise bad("thiếu trường choices", "no choices")
    if not isinstance(choices, list | None):
        raise bad("choices không phải danh sách", "choices is not a list")
    pieces: list[str] = []
    finish: str | None = None
    for choice in choices or []:
        delta = choice.get("delta") if isinstance(choice, dict) else None
        if not isinstance(choice, dict) or not isinstance(delta, dict | None):
            raise bad("một phần tử của choices sai kiểu", "a choice of the wrong type")
        piece = (delta or {}).get("content")
        reason = choice.get("finish_reason")
        if not isinstance(piece, str | None) or not isinstance(reason, str | None):
            raise bad(
                "content hoặc finish_reason sai kiểu", "content or finish_reason of the wrong type"
            )
        if piece:
            pieces.append(piece)
        finish = reason or finish
    return _Chunk(pieces, finish, usage or {}, timings or {})


def _json(text: str | bytes) -> Any:
    """json.loads, with nesting too deep to parse (RecursionError) a ValueError like any other
    text that is not JSON."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def _object(value: Any) -> dict[str, Any]:
    """`value` if it is a JSON object, else an empty one (a reply of another shape says
    nothing)."""
    return value if isinstance(value, dict) else {}


def _count(value: Any) -> int:
    """A count the server gave, or 0 when it is not a non-negative integer."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return 0


def _top_logprobs(data: dict[str, Any]) -> list[tuple[str, float]]:
    """(text, logprob) of the first generated token's top alternatives in an OpenAI chat
    completion (choices[0].logprobs.content[0].top_logprobs, the token itself included); empty
    when the reply has none. Non-finite or missing values are left out (vLLM writes -9999.0 for
    minus infinity, which is kept: it is below everything else)."""
    choices = data.get("choices")
    choice = choices[0] if isinstance(choices, list) and choices else None
    logprobs = choice.get("logprobs") if isinstance(choice, dict) else None
    content = logprobs.get("content") if isinstance(logprobs, dict) else None
    first = content[0] if isinstance(content, list) and content else None
    if not isinstance(first, dict):
        return []
    alternatives = first.get("top_logprobs")
    if not isinstance(alternatives, list) or not alternatives:
        return []  # only the chosen token: the others' scores are unknown
    top: dict[str, float] = {}
    for entry in [first, *alternatives]:
        if not isinstance(entry, dict):
            continue
        token, logprob = entry.get("token"), entry.get("logprob")
        if (
            isinstance(token, str)
            and isinstance(logprob, int | float)
            and not isinstance(logprob, bool)
            and math.isfinite(logprob)
        ):
            top[token] = max(float(logprob), top.get(token, -math.inf))
    return list(top.items())


class _StopWatcher:
    """While a request waits on a silent server, Stop, or the answer's deadline passing, shuts
    its socket down at once (a read blocked in another thread wakes only on shutdown, not on
    close). `expired` says the deadline did it."""

    POLL = 0.05

    def __init__(
        self, response: httpx.Response, cancel: threading.Event | None, expires_at: float
    ) -> None:
        self._finished = threading.Event()
        self._cancel = cancel
        self._expires_at = expires_at
        self.expired = False
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            threading.Thread(
                target=self._watch, args=(sock,), name="troly-stop-watcher", daemon=True
            ).start()

    def _watch(self, sock: socket.socket) -> None:
        while not self._finished.wait(self.POLL):
            stop = self._cancel is not None and self._cancel.is_set()
            if time.monotonic() >= self._expires_at:
                self.expired = stop = True
            if stop:
                if not self._finished.is_set():
                    with contextlib.suppress(OSError):  # already closed
                        sock.shutdown(socket.SHUT_RDWR)
                return

    def done(self) -> None:
        self._finished.set()


# -- errors -----------------------------------------------------------------------------------


def _policy_refusal(exc: BaseException) -> BaseException | None:
    """The netguard refusal behind a transport error, if that is what it is."""
    from troly.core.netguard import NetworkBlocked

    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            return None
        if isinstance(seen, NetworkBlocked):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _transport_error(label: str, exc: BaseException) -> ServerDown:
    import httpx

    blocked = _policy_refusal(exc)
    if blocked is not None:
        return ServerDown(
            f"{label} không có trong chính sách, TroLy không kết nối ({blocked})",
            f"{label} is not in the policy; TroLy does not connect to it",
        )
    if isinstance(exc, httpx.TimeoutException):
        if isinstance(exc, httpx.ConnectTimeout):
            return ServerDown(f"{label} không phản hồi khi kết nối", f"{label} did not answer")
        return ServerDown(
            f"{label} im lặng quá lâu, không trả lời", f"{label} stayed silent too long"
        )
    if isinstance(exc, ssl.SSLError) or "CERTIFICATE" in str(exc).upper():
        return ServerDown(
            f"{label}: chứng chỉ TLS không hợp lệ theo tệp CA của chính sách",
            f"{label}: its TLS certificate does not verify against the policy's CA file",
        )
    if isinstance(exc, httpx.ConnectError):
        return ServerDown(f"không kết nối được {label}", f"cannot connect to {label}")
    return ServerDown(f"{label} ngắt kết nối", f"{label} closed the connection")


def _raise_for_status(label: str, status: int, text: str) -> None:
    if status < 400:
        return
    if status in (401, 403):
        raise EngineAuthError(
            f"Máy chủ mô hình của cơ quan ({label}) từ chối khóa API của TroLy (mã {status}). "
            "Hãy báo quản trị viên kiểm tra tệp khóa API mà chính sách chỉ định.",
            f"The agency's model server ({label}) refused TroLy's API key (HTTP {status}). "
            "Ask your administrator to check the API key file the policy names.",
        )
    if status >= 500 or status == 429:
        raise ServerDown(f"{label} báo lỗi máy chủ (mã {status})", f"{label}: HTTP {status}")
    raise EngineError(
        f"Máy chủ mô hình của cơ quan ({label}) không nhận yêu cầu (mã {status}): "
        f"{_server_message(text)}",
        f"The agency's model server ({label}) rejected the request (HTTP {status}): "
        f"{_server_message(text)}",
    )


def _server_message(text: str) -> str:
    try:
        error = _json(text).get("error")
        message = error.get("message") if isinstance(error, dict) else error
    except (ValueError, AttributeError):
        message = text
    return str(message or "")[:300]


def _server_error(label: str, error: Any, received: int) -> Exception:
    message = _server_message(json.dumps({"error": error}))
    if received == 0:
        return ServerDown(f"{label} báo lỗi: {message}", f"{label} reported: {message}")
    return EngineInterrupted(
        f"Máy chủ mô hình của cơ quan ({label}) báo lỗi giữa câu trả lời: {message}",
        f"The agency's model server ({label}) failed in the middle of the answer: {message}",
    )


def _interrupted(label: str, fault: ServerDown) -> EngineInterrupted:
    """The answer stopped after some text was shown, for `fault`'s reason."""
    why_vi = fault.reason_vi.removeprefix(f"{label} ").removeprefix(f"{label}: ")
    why_en = fault.reason_en.removeprefix(f"{label} ").removeprefix(f"{label}: ")
    return EngineInterrupted(
        f"Máy chủ mô hình của cơ quan ({label}) ngừng giữa câu trả lời ({why_vi}); câu trả lời "
        "trên đây chưa trọn vẹn. Hãy hỏi lại.",
        f"The agency's model server ({label}) stopped in the middle of the answer ({why_en}); "
        "the answer above is incomplete. Please ask again.",
    )
