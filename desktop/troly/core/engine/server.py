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
    ) -> None:
        import httpx  # only when a remote engine is used: the CLI's start-up stays light

        logging.getLogger("httpx").setLevel(logging.WARNING)
        logging.getLogger("httpcore").setLevel(logging.WARNING)
        self.base_url = base_url
        parts = urlsplit(base_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        self.label = f"{parts.hostname}:{port}"
        self.state = ServerState()
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
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
        import httpx

        try:
            response = self._client.request(method, path, json=body, timeout=self._check_timeout)
        except httpx.HTTPError as exc:
            raise _transport_error(self.label, exc) from exc
        if response.status_code in (404, 405, 501):
            return None
        _raise_for_status(self.label, response.status_code, response.text)
        try:
            return response.json()
        except ValueError:
            return None

    def check(self) -> bool:
        """Health from /health (llama-server, vLLM), else /v1/models (Ollama has no /health)."""
        try:
            import httpx

            try:
                response = self._client.get("/health", timeout=self._check_timeout)
            except httpx.HTTPError as exc:
                raise _transport_error(self.label, exc) from exc
            if response.status_code in (404, 405):
                if self._request("GET", "/v1/models") is None:
                    raise ServerDown(
                        f"{self.label} không phải máy chủ mô hình tương thích OpenAI",
                        f"{self.label} is not an OpenAI-compatible model server",
                    )
            elif response.status_code != 200:
                # 503 while llama-server loads its model
                _raise_for_status(self.label, response.status_code, response.text)
        except ServerDown as exc:
            self.mark_down(exc)
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
        models = self._request("GET", "/v1/models") or {}
        data = models.get("data") or []
        self.state.models = [str(m.get("id")) for m in data if m.get("id")]
        n_ctx = next((m.get("max_model_len") for m in data if m.get("max_model_len")), None)
        if n_ctx is None:
            props = self._request("GET", "/props") or {}
            settings = props.get("default_generation_settings") or {}
            n_ctx = settings.get("n_ctx")
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
        data = self._request("POST", "/tokenize", body)
        if not data or ("tokens" not in data and "count" not in data):
            self.state.tokenizer = "none"
            return None
        return int(data.get("count") or len(data.get("tokens") or []))

    def count_chat(self, messages: Sequence[ChatMessage], model: str) -> int | None:
        """Tokens of the templated chat: llama-server renders it (/apply-template) and counts
        the prompt; vLLM counts messages itself (/tokenize with messages); else None."""
        chat = [{"role": m.role, "content": m.content} for m in messages]
        if self.state.tokenizer in (None, "llama"):
            data = self._request("POST", "/apply-template", {"messages": chat})
            if data and isinstance(data.get("prompt"), str):
                self.state.tokenizer = "llama"
                return self.tokenize(data["prompt"], model)
        if self.state.tokenizer in (None, "vllm"):
            body = {"model": model, "messages": chat, "add_generation_prompt": True}
            data = self._request("POST", "/tokenize", body)
            if data and isinstance(data.get("count"), int):
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
            response = self._client.get("/slots", timeout=timeout or CHECK_TIMEOUT)
            data = response.json() if response.status_code == 200 else None
        except httpx.TimeoutException:
            # llama-server answers /slots between two decoding steps: an idle server at once,
            # one too busy to answer in time is as good as full.
            self.state.busy = 1.0
            return None
        except (httpx.HTTPError, ValueError):
            self.state.busy = None
            return None
        if not isinstance(data, list) or not data:
            self.state.has_slots = response.status_code not in (404, 405, 501)
            self.state.busy = None
            return None
        busy = sum(1 for s in data if isinstance(s, dict) and s.get("is_processing"))
        self.state.busy = busy / len(data)
        return busy, len(data)

    # -- streaming --------------------------------------------------------------------------

    def stream_chat(
        self,
        body: dict[str, Any],
        stats: GenerationStats,
        cancel: threading.Event | None,
    ) -> Iterator[str]:
        """Stream one chat completion's text. ServerDown before the first token (another server
        may take the request), EngineInterrupted after it, EngineAuthError for a refused key."""
        import httpx

        start = time.perf_counter()
        received = 0
        usage: dict[str, Any] = {}
        finish: str | None = None
        try:
            with self._client.stream("POST", "/v1/chat/completions", json=body) as response:
                if response.status_code != 200:
                    response.read()
                    _raise_for_status(self.label, response.status_code, response.text)
                watcher = _StopWatcher(response, cancel)
                try:
                    for line in response.iter_lines():
                        if cancel is not None and cancel.is_set():
                            finish = "cancelled"
                            break
                        if not line.startswith("data:"):
                            continue  # comments, event names, keep-alives
                        data = line[5:].strip()
                        if data == "[DONE]":
                            break
                        chunk = json.loads(data)
                        if "error" in chunk:
                            raise _server_error(self.label, chunk["error"], received)
                        if chunk.get("usage"):
                            usage = chunk["usage"]
                        if chunk.get("timings"):
                            stats.server_timings = {
                                k: float(v)
                                for k, v in chunk["timings"].items()
                                if isinstance(v, int | float)
                            }
                        for choice in chunk.get("choices") or []:
                            piece = (choice.get("delta") or {}).get("content")
                            if piece:
                                if received == 0:
                                    stats.first_token_seconds = time.perf_counter() - start
                                received += 1
                                yield piece
                            if choice.get("finish_reason"):
                                finish = choice["finish_reason"]
                finally:
                    watcher.done()
        except (httpx.HTTPError, OSError, ValueError) as exc:
            if cancel is not None and cancel.is_set():
                finish = "cancelled"  # the watcher shut the socket: that is Stop, not a fault
            elif received == 0:
                raise _transport_error(self.label, exc) from exc
            else:
                raise EngineInterrupted(
                    f"Máy chủ mô hình của cơ quan ({self.label}) ngừng giữa câu trả lời; câu "
                    "trả lời trên đây chưa trọn vẹn. Hãy hỏi lại.",
                    f"The agency's model server ({self.label}) stopped in the middle of the "
                    "answer; the answer above is incomplete. Please ask again.",
                ) from exc
        finally:
            stats.seconds = time.perf_counter() - start
        if finish is None and received and cancel is not None and cancel.is_set():
            finish = "cancelled"
        stats.finish_reason = (
            "cancelled" if finish == "cancelled" else "length" if finish == "length" else "stop"
        )
        if finish == "cancelled":
            stats.generated_tokens = received
        else:
            stats.generated_tokens = int(usage.get("completion_tokens") or received)
            stats.prompt_tokens = int(usage.get("prompt_tokens") or stats.prompt_tokens)
            details = usage.get("prompt_tokens_details") or {}
            cached = details.get("cached_tokens") or stats.server_timings.get("cache_n")
            stats.reused_prompt_tokens = int(cached or 0)

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
                raw = _read_bounded(response, MAX_SCORE_REPLY, self.label)
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
            data = json.loads(text)
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


def _read_bounded(response: httpx.Response, limit: int, label: str) -> bytes:
    """The whole body, or ServerDown once it exceeds `limit` bytes (a misbehaving server, or
    something that is not a model server, never fills the memory)."""
    parts: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise ServerDown(
                f"{label} trả lời quá dài ({size} byte)", f"{label} answered too much ({size} B)"
            )
        parts.append(chunk)
    return b"".join(parts)


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
    """While a request waits on a silent server, Stop shuts its socket down at once (a read
    blocked in another thread wakes only on shutdown, not on close)."""

    POLL = 0.05

    def __init__(self, response: httpx.Response, cancel: threading.Event | None) -> None:
        self._finished = threading.Event()
        self._sock: socket.socket | None = None
        if cancel is None:
            return
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            self._sock = sock
            threading.Thread(
                target=self._watch, args=(cancel,), name="troly-stop-watcher", daemon=True
            ).start()

    def _watch(self, cancel: threading.Event) -> None:
        while not self._finished.is_set():
            if cancel.wait(self.POLL):
                if not self._finished.is_set() and self._sock is not None:
                    with contextlib.suppress(OSError):  # already closed
                        self._sock.shutdown(socket.SHUT_RDWR)
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
        error = json.loads(text).get("error")
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
