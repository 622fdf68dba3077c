"""The agency-server engine against real llama-server processes: usage and stats, the model
and window it reports, failover, a server killed mid-answer, a wrong API key, an unreachable
server, a host the policy does not name, Stop while the server is silent, and the fallback to
this PC's model."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.llama_server import MODEL_ALIAS, LlamaServer, free_port

from troly.core import netguard
from troly.core.engine.base import ChatMessage, GenerationParams
from troly.core.engine.estimate import estimate_prompt_tokens, estimate_tokens
from troly.core.engine.fallback import FallbackEngine
from troly.core.engine.remote import RemoteEngine
from troly.core.errors import EngineAuthError, EngineInterrupted, EngineUnavailable

QUESTION = [ChatMessage("user", "Hãy nêu ba nhiệm vụ chính của văn thư cơ quan.")]
LAW = Path("/work/shared/eval/alqac2023/law.json")


@pytest.fixture
def servers(default_model: Any, tmp_path: Path) -> Iterator[list[LlamaServer]]:
    """Two servers of this test's own (the test may kill them)."""
    pair = [LlamaServer(default_model.path, tmp_path).start() for _ in range(2)]
    yield pair
    for server in pair:
        server.stop()


def test_usage_stats_model_and_window(remote_engine: RemoteEngine, engine: Any) -> None:
    assert remote_engine.model == MODEL_ALIAS  # from /v1/models
    assert remote_engine.n_ctx == 2048  # the slot's runtime window (/props), not n_ctx_train
    stream = remote_engine.stream_chat(QUESTION, GenerationParams.greedy(24))
    text = stream.text()
    stats = stream.stats
    assert text.strip()
    # The usage chunk that follows finish_reason: the server's own counts.
    assert stats.generated_tokens == int(stats.server_timings["predicted_n"]) == 24
    assert stats.prompt_tokens == remote_engine.count_prompt_tokens(QUESTION)
    assert stats.finish_reason == "length"
    # Same model, same tokenizer: the server counts what the local engine counts.
    sample = "Điều 16. Thời hạn giải quyết văn bản đến là năm ngày làm việc."
    assert remote_engine.count_tokens(sample) == engine.count_tokens(sample)
    assert stats.engine is not None and stats.engine.endpoint == remote_engine.info.endpoint


def test_same_answer_as_the_local_engine(remote_engine: RemoteEngine, engine: Any) -> None:
    """Greedy on the same model and template: the server writes what this PC writes."""
    engine.reset_cache()
    local = engine.stream_chat(QUESTION, GenerationParams.greedy(12)).text()
    remote = remote_engine.stream_chat(QUESTION, GenerationParams.greedy(12)).text()
    assert local.split()[:4] == remote.split()[:4]


def test_least_in_flight_then_failover(servers: list[LlamaServer], guard_servers: Any) -> None:
    a, b = servers
    guard_servers(a.url, b.url)
    eng = RemoteEngine([a.url, b.url], recheck_seconds=0.5)
    try:
        # Two answers at once go to two servers: each request to the least busy one.
        first = eng.stream_chat(QUESTION, GenerationParams.greedy(8))
        second = eng.stream_chat(QUESTION, GenerationParams.greedy(8))
        it1, it2 = iter(first), iter(second)
        next(it1), next(it2)
        assert first.stats.engine and second.stats.engine
        assert {first.stats.engine.endpoint, second.stats.engine.endpoint} == {a.url, b.url}
        list(it1), list(it2)
        # One server dies: requests go on, to the other one, before any text is lost.
        a.kill()
        for _ in range(3):
            stream = eng.stream_chat(QUESTION, GenerationParams.greedy(4))
            assert stream.text().strip()
            assert stream.stats.engine is not None and stream.stats.engine.endpoint == b.url
        down = next(ep for ep in eng.pool.endpoints if ep.base_url == a.url)
        assert down.state.healthy is False and "127.0.0.1" in down.state.error_vi
        # ... and it is taken back once the background check sees it again.
        a.start()
        deadline = time.monotonic() + 30
        while down.state.healthy is not True and time.monotonic() < deadline:
            time.sleep(0.2)
        assert down.state.healthy is True
    finally:
        eng.close()


def test_server_killed_mid_answer(
    servers: list[LlamaServer], guard_servers: Any, engine: Any
) -> None:
    a, _ = servers
    guard_servers(a.url)
    remote = RemoteEngine([a.url], recheck_seconds=3600)
    fallback = FallbackEngine(remote, lambda: engine, local_n_ctx=engine.n_ctx)
    pieces: list[str] = []
    try:
        stream = fallback.stream_chat(QUESTION, GenerationParams(max_tokens=400, seed=3))
        with pytest.raises(EngineInterrupted) as err:
            for piece in stream:
                pieces.append(piece)
                if len(pieces) == 3:
                    a.kill()
        assert len(pieces) >= 3  # what was shown stays shown
        assert "ngừng giữa câu trả lời" in err.value.message_vi and "127.0.0.1" in str(err.value)
        # remote-then-local: the next request runs on this PC, and says so.
        after = fallback.stream_chat(QUESTION, GenerationParams.greedy(6))
        assert after.text().strip()
        assert after.stats.engine is not None and after.stats.engine.kind == "local"
    finally:
        remote.close()


def test_all_servers_down_runs_locally(guard_servers: Any, engine: Any) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    guard_servers(url)
    remote = RemoteEngine([url], recheck_seconds=3600)
    try:
        with pytest.raises(EngineUnavailable) as err:
            remote.discover()
        assert "không kết nối được 127.0.0.1" in err.value.message_vi
        fallback = FallbackEngine(remote, lambda: engine, local_n_ctx=engine.n_ctx)
        stream = fallback.stream_chat(QUESTION, GenerationParams.greedy(6))
        assert stream.text().strip() and stream.stats.engine is not None
        assert stream.stats.engine.kind == "local" and fallback.info.kind == "local"
    finally:
        remote.close()


def test_unreachable_endpoint_is_skipped(llama_server: LlamaServer, guard_servers: Any) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    guard_servers(dead, llama_server.url)
    eng = RemoteEngine([dead, llama_server.url], recheck_seconds=3600)
    try:
        for _ in range(2):  # whichever the rotation tries first, the answer comes
            stream = eng.stream_chat(QUESTION, GenerationParams.greedy(4))
            assert stream.text().strip()
            assert stream.stats.engine and stream.stats.engine.endpoint == llama_server.url
        status = eng.status()
        health = {e["url"]: e["healthy"] for e in status["endpoints"]}
        assert health == {dead: False, llama_server.url: True}
        assert status["model"] == MODEL_ALIAS and status["n_ctx"] == 2048
    finally:
        eng.close()


def test_wrong_api_key(
    default_model: Any, tmp_path: Path, guard_servers: Any, caplog: pytest.LogCaptureFixture
) -> None:
    right, wrong = "khoa-dung-8f3a", "khoa-sai-77c1"
    with LlamaServer(default_model.path, tmp_path, api_key=right) as server:
        guard_servers(server.url)
        caplog.set_level(logging.DEBUG)
        bad = RemoteEngine([server.url], api_key=wrong, recheck_seconds=3600)
        with pytest.raises(EngineAuthError) as err:
            bad.discover()
        bad.close()
        assert "từ chối khóa API" in err.value.message_vi and "401" in err.value.message_vi
        good = RemoteEngine([server.url], api_key=right, recheck_seconds=3600)
        assert good.stream_chat(QUESTION, GenerationParams.greedy(4)).text().strip()
        good.close()
    shown = err.value.message_vi + err.value.message_en + repr(bad.pool.endpoints)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for key in (right, wrong):
        assert key not in shown and key not in logged


def test_host_not_in_the_policy_is_refused(llama_server: LlamaServer, guard_servers: Any) -> None:
    guard_servers()  # a policy with no server: the live one must not be reached
    eng = RemoteEngine([llama_server.url], recheck_seconds=3600)
    try:
        with pytest.raises(EngineUnavailable) as err:
            eng.discover()
        assert "không có trong chính sách" in err.value.message_vi
        refused = [a for a in netguard.attempts() if not a.allowed]
        assert refused and all(a.target == f"127.0.0.1:{llama_server.port}" for a in refused)
        assert not any(a.allowed for a in netguard.attempts() if a.kind == "connect")
    finally:
        eng.close()


def test_stop_while_the_server_is_silent(
    default_model: Any, tmp_path: Path, guard_servers: Any
) -> None:
    """Stop during a long prompt's reading ends the request at once, not at the first token."""
    law = json.loads(LAW.read_text(encoding="utf-8"))[0]["articles"]
    texts = [" ".join(a["text"] for a in law[i : i + 6])[:5000] for i in (0, 20)]
    with LlamaServer(default_model.path, tmp_path, ctx=4096) as server:
        guard_servers(server.url)
        eng = RemoteEngine([server.url], recheck_seconds=3600)
        try:
            # Uncancelled: how long the server is silent before the first token.
            full = eng.stream_chat([ChatMessage("user", texts[0])], GenerationParams.greedy(2))
            full.text()
            silent = full.stats.first_token_seconds
            cancel = threading.Event()
            stream = eng.stream_chat(
                [ChatMessage("user", texts[1])], GenerationParams.greedy(2), cancel
            )
            timer = threading.Timer(silent * 0.2, cancel.set)
            start = time.perf_counter()
            timer.start()
            pieces = list(stream)
            stopped = time.perf_counter() - start
            assert stream.stats.finish_reason == "cancelled" and not pieces
            assert stopped < silent * 0.7, (stopped, silent)
        finally:
            eng.close()


def test_estimate_over_counts(engine: Any) -> None:
    """For servers without /tokenize: never fewer tokens than a real tokenizer counts."""
    law = json.loads(LAW.read_text(encoding="utf-8"))
    texts = [a["text"] for doc in law[:3] for a in doc["articles"][:40]]
    texts += [
        "The administration of public documents follows Decree 30/2020/ND-CP.",
        "Số: 12/2024/NĐ-CP ngày 05/01/2024, 1.234.567 đồng; 98,5%",
        "0123456789 " * 30,
        "!!!???...,,,;;;" * 8,
    ]
    for text in texts:
        assert estimate_tokens(text) >= engine.count_tokens(text), text[:60]
    chat = [ChatMessage("system", "Bạn là trợ lý."), ChatMessage("user", texts[0])]
    assert estimate_prompt_tokens(chat) >= engine.count_prompt_tokens(chat)
