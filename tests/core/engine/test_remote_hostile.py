"""Replies from the agency's server are bounded: a hostile or broken OpenAI-compatible server on
127.0.0.1 (a stub: the tests are about the client) that sends an endless line, an endless
/health or /v1/models body, keep-alive comments forever, tokens forever, a stream that closes
with no [DONE], or malformed events. Each case ends with a clear engine error (or at most
max_tokens pieces), within a bounded time, having read a bounded number of bytes; `status`
then reports the server unhealthy."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from troly.core.engine.base import ChatMessage, GenerationParams
from troly.core.engine.fallback import FallbackEngine
from troly.core.engine.remote import RemoteEngine
from troly.core.engine.server import ServerDown
from troly.core.errors import EngineError, EngineInterrupted, EngineUnavailable

QUESTION = [ChatMessage("user", "Xin chào")]
MODEL = "hostile-model"
BLOCK = b"a" * 65536
ENDLESS = 256 << 20  # what "endless" sends at most (so a client without caps fails, not hangs)
SLACK = 32 << 20  # bytes the kernel's socket buffers may hold after the client stopped reading
SILENT_SECONDS = 60  # a server that says nothing this long: a deadline that works ends it sooner


def _token(text: str) -> bytes:
    chunk = {"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]}
    return b"data: " + json.dumps(chunk).encode() + b"\n\n"


FINISH = b'data: {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}\n\n'
DONE = b"data: [DONE]\n\n"


class HostileServer:
    """An OpenAI-compatible stub whose replies are chosen per path: `get[path]` and `chat` are
    generators of the body's bytes (None: the normal reply). Counts what it managed to send."""

    def __init__(self) -> None:
        self.get: dict[str, Callable[[], Iterator[bytes]]] = {}
        self.chat: Callable[[], Iterator[bytes]] = lambda: iter([_token("Chào"), FINISH, DONE])
        self.status: dict[str, int] = {}  # GET paths answered with this status, no body
        self.sent = 0  # bytes of bodies written before the client went away
        self.requests: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _stream(self, content_type: str, body: Iterator[bytes]) -> None:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.end_headers()  # HTTP/1.0, no length: the body ends when the socket closes
                try:
                    for part in body:
                        self.wfile.write(part)
                        owner.sent += len(part)
                except OSError:
                    pass  # the client closed the connection: that is the point

            def do_GET(self) -> None:
                owner.requests.append(self.path)
                if self.path in owner.status:
                    self.send_error(owner.status[self.path])
                elif self.path in owner.get:
                    self._stream("application/json", owner.get[self.path]())
                elif self.path == "/health":
                    self._stream("application/json", iter([b'{"status": "ok"}']))
                elif self.path == "/v1/models":
                    models = {"data": [{"id": MODEL, "max_model_len": 2048}]}
                    self._stream("application/json", iter([json.dumps(models).encode()]))
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                owner.requests.append(self.path)
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path == "/v1/chat/completions":
                    self._stream("text/event-stream", owner.chat())
                else:
                    self.send_error(404)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def endless(head: bytes, part: bytes = BLOCK, limit: int = ENDLESS) -> Callable[[], Iterator]:
    def body() -> Iterator[bytes]:
        yield head
        sent = 0
        while sent < limit:
            yield part
            sent += len(part)

    return body


def repeat(part: bytes, pause: float = 0.0, head: bytes = b"") -> Callable[[], Iterator[bytes]]:
    def body() -> Iterator[bytes]:
        if head:
            yield head
        for _ in range(1_000_000):
            yield part
            if pause:
                time.sleep(pause)

    return body


@pytest.fixture
def hostile(guard_servers: Any) -> Iterator[HostileServer]:
    server = HostileServer()
    guard_servers(server.url)
    yield server
    server.close()


def _engine(server: HostileServer, **kwargs: Any) -> RemoteEngine:
    return RemoteEngine([server.url], recheck_seconds=3600, **kwargs)


def _no_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    err = capfd.readouterr().err
    assert "Traceback" not in err, err[-2000:]


def test_endless_health_body_is_cut_and_reported_unhealthy(
    hostile: HostileServer, capfd: pytest.CaptureFixture[str]
) -> None:
    hostile.get["/health"] = endless(b'{"status": "')
    eng = _engine(hostile)
    try:
        status = eng.status()
    finally:
        eng.close()
    (server,) = status["endpoints"]
    assert server["healthy"] is False
    assert "trả lời quá dài" in server["error"] and "127.0.0.1" in server["error"]
    assert hostile.sent < (64 << 10) + SLACK  # the client stopped reading at its cap
    _no_traceback(capfd)


def test_endless_models_body_is_cut(hostile: HostileServer) -> None:
    hostile.get["/v1/models"] = endless(b'{"data": [{"id": "')
    eng = _engine(hostile)
    try:
        with pytest.raises(EngineUnavailable) as err:
            eng.discover()
        assert "trả lời quá dài" in err.value.message_vi
        status = eng.status()
    finally:
        eng.close()
    assert status["endpoints"][0]["healthy"] is False
    assert hostile.sent < 2 * ((4 << 20) + SLACK)  # discover and status each read one cap


def test_health_check_failures_leave_no_traceback(
    hostile: HostileServer, capfd: pytest.CaptureFixture[str]
) -> None:
    """A refused key on /health used to kill the check's thread with a traceback on stderr
    and leave the server reported healthy."""
    hostile.status["/health"] = 401
    eng = _engine(hostile)
    try:
        status = eng.status()
    finally:
        eng.close()
    assert status["endpoints"][0]["healthy"] is False
    assert "từ chối khóa API" in status["endpoints"][0]["error"]
    _no_traceback(capfd)


def test_background_checker_survives_a_failing_check(
    hostile: HostileServer, capfd: pytest.CaptureFixture[str]
) -> None:
    hostile.get["/health"] = endless(b"[" * 1000)
    eng = RemoteEngine([hostile.url], recheck_seconds=0.05)
    try:
        eng.pool.endpoints[0].mark_down(ServerDown("xuống", "down"))  # rechecked each round
        eng.pool.start_checks()
        deadline = time.monotonic() + 30
        while hostile.requests.count("/health") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert hostile.requests.count("/health") >= 2  # the checker goes on after a failure
        assert eng.pool.endpoints[0].state.healthy is False
    finally:
        eng.close()
    _no_traceback(capfd)


def test_endless_line_is_cut(hostile: HostileServer) -> None:
    hostile.chat = endless(b"data: ")
    eng = _engine(hostile)
    try:
        with pytest.raises(EngineUnavailable) as err:
            eng.stream_chat(QUESTION, GenerationParams.greedy(8)).text()
    finally:
        eng.close()
    assert "trả lời quá dài" in err.value.message_vi and "127.0.0.1" in err.value.message_vi
    assert hostile.sent < (1 << 20) + SLACK


def test_endless_line_runs_in_bounded_memory(hostile: HostileServer, tmp_path: Any) -> None:
    """In a process limited to 1 GiB of address space (the endless line is 256 MiB, which a
    reader without a cap holds several times over while decoding and splitting it)."""
    import subprocess
    import sys

    hostile.chat = endless(b"data: ")
    script = f"""
import resource, sys
from troly.core import netguard
from troly.core.engine.base import ChatMessage, GenerationParams
from troly.core.engine.remote import RemoteEngine
from troly.core.errors import EngineUnavailable
import httpx  # loaded before the limit: what is measured is the reading
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
netguard.install([{hostile.url!r}])
eng = RemoteEngine([{hostile.url!r}], recheck_seconds=3600)
try:
    eng.stream_chat([ChatMessage("user", "Xin chào")], GenerationParams.greedy(8)).text()
except EngineUnavailable as exc:
    print(exc.message_vi)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "trả lời quá dài" in done.stdout


def test_tokens_forever_stop_at_max_tokens(hostile: HostileServer) -> None:
    hostile.chat = repeat(_token("x"))
    eng = _engine(hostile)
    try:
        stream = eng.stream_chat(QUESTION, GenerationParams.greedy(5))
        pieces = list(stream)
    finally:
        eng.close()
    assert pieces == ["x"] * 5
    assert stream.stats.finish_reason == "length" and stream.stats.generated_tokens == 5
    assert hostile.sent < SLACK


def test_keepalives_only_end_at_the_silence_timeout(hostile: HostileServer) -> None:
    hostile.chat = repeat(b": ping\n\n", pause=0.01)
    eng = _engine(hostile, silence_timeout=1.0)
    start = time.monotonic()
    try:
        with pytest.raises(EngineUnavailable) as err:
            eng.stream_chat(QUESTION, GenerationParams.greedy(8)).text()
    finally:
        eng.close()
    assert "giữ kết nối" in err.value.message_vi
    assert time.monotonic() - start < 30


def test_deadline_ends_a_slow_endless_answer(hostile: HostileServer) -> None:
    hostile.chat = repeat(_token("x"), pause=0.05)
    eng = _engine(hostile, deadline=2.0)
    pieces: list[str] = []
    start = time.monotonic()
    try:
        with pytest.raises(EngineInterrupted) as err:
            for piece in eng.stream_chat(QUESTION, GenerationParams.greedy(100_000)):
                pieces.append(piece)
    finally:
        eng.close()
    assert time.monotonic() - start < 30
    assert pieces  # what was shown stays shown
    assert "không trả lời xong trong 2 giây" in err.value.message_vi
    assert "chưa trọn vẹn" in err.value.message_vi


def test_deadline_while_the_server_is_silent(hostile: HostileServer) -> None:
    def silent() -> Iterator[bytes]:
        time.sleep(SILENT_SECONDS)
        yield b""

    hostile.chat = silent
    eng = _engine(hostile, deadline=1.0)
    start = time.monotonic()
    try:
        with pytest.raises(EngineUnavailable) as err:
            eng.stream_chat(QUESTION, GenerationParams.greedy(8)).text()
    finally:
        eng.close()
    assert time.monotonic() - start < SILENT_SECONDS / 2  # not the server's silence
    assert "không trả lời xong trong 1 giây" in err.value.message_vi


def test_stream_closed_without_done_is_an_error(hostile: HostileServer) -> None:
    hostile.chat = lambda: iter([])
    eng = _engine(hostile)
    try:
        with pytest.raises(EngineUnavailable) as err:
            eng.stream_chat(QUESTION, GenerationParams.greedy(8)).text()
        assert "ngắt kết nối giữa chừng" in err.value.message_vi
        # After some text: the answer is marked incomplete, not taken as whole.
        hostile.chat = lambda: iter([_token("Chào"), _token(" anh")])
        eng.pool.endpoints[0].mark_up()
        pieces: list[str] = []
        with pytest.raises(EngineInterrupted) as cut:
            for piece in eng.stream_chat(QUESTION, GenerationParams.greedy(8)):
                pieces.append(piece)
        assert pieces == ["Chào", " anh"]
        assert "ngắt kết nối giữa chừng" in cut.value.message_vi
    finally:
        eng.close()


def test_stream_closed_without_done_falls_back_to_the_next_server(guard_servers: Any) -> None:
    broken, working = HostileServer(), HostileServer()
    broken.chat = lambda: iter([])
    guard_servers(broken.url, working.url)
    eng = RemoteEngine([broken.url, working.url], recheck_seconds=3600)
    try:
        for _ in range(2):  # whichever the rotation tries first
            stream = eng.stream_chat(QUESTION, GenerationParams.greedy(8))
            assert stream.text() == "Chào"
            assert stream.stats.engine is not None
            assert stream.stats.engine.endpoint == working.url
    finally:
        eng.close()
        broken.close()
        working.close()


def test_stream_closed_without_done_runs_locally(hostile: HostileServer) -> None:
    class Local:
        """A stand-in for this PC's model (the test is about the choice, not the model)."""

        name = identity = "local"
        n_ctx = 2048

        def stream_chat(self, *args: Any) -> Any:
            from troly.core.engine.base import EngineInfo, TokenStream

            stream = TokenStream(iter(["trên máy này"]))
            stream.stats.engine = EngineInfo("local", "local")
            return stream

    hostile.chat = lambda: iter([])
    remote = _engine(hostile)
    local: Any = Local()
    fallback = FallbackEngine(remote, lambda: local, local_n_ctx=2048)
    try:
        stream = fallback.stream_chat(QUESTION, GenerationParams.greedy(8))
        assert stream.text() == "trên máy này"
    finally:
        remote.close()


MALFORMED = {
    "not_json": b"data: not json\n\n",
    "not_object": b"data: [1, 2]\n\n",
    "no_choices": b'data: {"id": "x"}\n\n',
    "choices_not_list": b'data: {"choices": "abc"}\n\n',
    "choice_not_object": b'data: {"choices": ["x"]}\n\n',
    "content_not_text": b'data: {"choices": [{"delta": {"content": 5}}]}\n\n',
    "usage_not_object": b'data: {"choices": [], "usage": 7}\n\n',
    "too_deep": b"data: " + b"[" * 100_000 + b"\n\n",
}


@pytest.mark.parametrize("event", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_events_are_a_clear_engine_error(hostile: HostileServer, event: bytes) -> None:
    hostile.chat = lambda: iter([event, FINISH, DONE])
    eng = _engine(hostile)
    try:
        with pytest.raises(EngineUnavailable) as err:
            eng.stream_chat(QUESTION, GenerationParams.greedy(8)).text()
        assert "trả lời không hợp lệ" in err.value.message_vi
        # After some text: the same, as an interrupted answer.
        hostile.chat = lambda: iter([_token("Chào"), event, FINISH, DONE])
        eng.pool.endpoints[0].mark_up()
        with pytest.raises(EngineInterrupted) as cut:
            eng.stream_chat(QUESTION, GenerationParams.greedy(8)).text()
        assert "trả lời không hợp lệ" in cut.value.message_vi
    finally:
        eng.close()
    assert isinstance(err.value, EngineError) and "lỗi không mong đợi" not in str(err.value)


def test_a_normal_stream_still_reads_whole(hostile: HostileServer) -> None:
    usage = b'data: {"choices": [], "usage": {"completion_tokens": 2, "prompt_tokens": 9}}\n\n'
    hostile.chat = lambda: iter(
        [b": ping\n\n", _token("Chào"), _token(" anh"), FINISH, usage, DONE]
    )
    eng = _engine(hostile)
    try:
        stream = eng.stream_chat(QUESTION, GenerationParams.greedy(2))
        assert stream.text() == "Chào anh"
    finally:
        eng.close()
    assert stream.stats.generated_tokens == 2 and stream.stats.prompt_tokens == 9
    assert stream.stats.finish_reason == "stop"
