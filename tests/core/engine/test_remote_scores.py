"""First-token scores (closed questions) from the agency's servers: the same scores as this PC's
model on the same model file, against a real llama-server on 127.0.0.1; the floor for a
candidate outside the server's top 20; FallbackEngine passing the call on (to the server, or to
this PC when no server answers); and a server that answers without logprobs (a stub on
127.0.0.1: the test is about the client), which raises ScoresUnavailable once and is not asked
again.

The server here computes as the embedded engine does: without flash attention (`-fa off`) and
with a full-size cache for Gemma 3's sliding-window layers (`--swa-full`), llama.cpp's library
defaults, which llama-server changes. With its defaults the same prompt's logprobs moved by up
to 0.4 nats on the 270M test model (flash attention: "auto" turns it on for this CPU) or 0.1
(the smaller SWA cache), through the kernels alone; as the library computes they agree to 1e-3,
cached prompt prefix or not."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from tests.llama_server import LlamaServer, free_port
from tests.recording_scorer import RecordingScorer

from troly.core.engine import remote as remote_module
from troly.core.engine.base import ChatMessage, FirstTokenScorer, can_score
from troly.core.engine.fallback import FallbackEngine
from troly.core.engine.remote import FLOOR_MARGIN, RemoteEngine, score_candidates
from troly.core.errors import EngineError, ScoresUnavailable

TOLERANCE = 0.05  # nats: the server's batches and cache may move the last bits, no more

TRUE_FALSE = [
    ChatMessage(
        "user",
        "Nhận định sau đúng hay sai: “Hà Nội là thủ đô của Việt Nam.” Chỉ trả lời một từ: "
        "Đúng hoặc Sai.",
    )
]
CHOICE = [
    ChatMessage(
        "user",
        "Thủ đô của Việt Nam là thành phố nào?\nA. Huế\nB. Hà Nội\nC. Đà Nẵng\nD. Cần Thơ\n"
        "Chỉ trả lời bằng một chữ cái: A, B, C hoặc D.",
    )
]
CASES = [(TRUE_FALSE, ["Đúng", "Sai"]), (CHOICE, ["A", "B", "C", "D"])]
RARE = "ꙮꙮꙮ"  # a candidate no model puts among its 20 likeliest first tokens


@pytest.fixture(scope="module")
def scoring_server(default_model: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A llama-server with the test model that computes as the embedded engine does."""
    server = LlamaServer(
        default_model.path,
        tmp_path_factory.mktemp("scoring-server"),
        extra=["-fa", "off", "--swa-full"],
    )
    with server:
        yield server.url


@pytest.fixture
def remote_engine(scoring_server: str, guard_servers: Any) -> Iterator[RemoteEngine]:
    guard_servers(scoring_server)
    eng = RemoteEngine([scoring_server], recheck_seconds=3600)
    yield eng
    eng.close()


@pytest.fixture
def seen_top(monkeypatch: pytest.MonkeyPatch) -> list[list[tuple[str, float]]]:
    """The top alternatives each RemoteEngine call received from its server."""
    seen: list[list[tuple[str, float]]] = []

    def spy(top: Sequence[tuple[str, float]], candidates: Sequence[str]) -> list[float]:
        seen.append(list(top))
        return score_candidates(top, candidates)

    monkeypatch.setattr(remote_module, "score_candidates", spy)
    return seen


def _in_top(top: Sequence[tuple[str, float]], candidate: str) -> bool:
    return any(t.lstrip() and candidate.startswith(t.lstrip()) for t, _ in top)


def _same_order(remote: Sequence[float], local: Sequence[float]) -> bool:
    """Every pair the server tells apart is ordered as this PC's model orders it (candidates
    outside the top 20 share the floor: the server does not tell them apart)."""
    pairs = [(i, j) for i in range(len(remote)) for j in range(len(remote)) if i != j]
    return all(
        (local[i] > local[j]) == (remote[i] > remote[j]) for i, j in pairs if remote[i] != remote[j]
    )


@pytest.mark.parametrize(("messages", "candidates"), CASES, ids=["true_false", "choice"])
def test_same_scores_as_the_local_engine(
    remote_engine: RemoteEngine,
    engine: Any,
    seen_top: list[list[tuple[str, float]]],
    messages: list[ChatMessage],
    candidates: list[str],
) -> None:
    assert isinstance(remote_engine, FirstTokenScorer) and can_score(remote_engine)
    assert can_score(engine) and remote_engine.scores_first_tokens
    local, local_stats = engine.first_token_logprobs(messages, candidates)
    remote, stats = remote_engine.first_token_logprobs(messages, candidates)
    top = seen_top[-1]
    assert len(top) == 20  # the token chosen is one of its top 20
    lowest = min(logprob for _, logprob in top)
    for c, mine, theirs in zip(candidates, local, remote, strict=True):
        if _in_top(top, c):
            assert abs(mine - theirs) <= TOLERANCE, (c, mine, theirs)
        else:  # the floor ("Sai": the 270M model puts other openings first)
            assert theirs == pytest.approx(lowest - FLOOR_MARGIN)
            assert mine < lowest + TOLERANCE, (c, mine, lowest)
    assert any(_in_top(top, c) for c in candidates)
    assert _same_order(remote, local), (candidates, local, remote)
    # The prompt the server read is the one this PC's engine reads (BOS aside).
    assert abs(stats.prompt_tokens - local_stats.prompt_tokens) <= 1
    assert abs(stats.prompt_tokens - remote_engine.count_prompt_tokens(messages)) <= 1
    assert stats.generated_tokens == 0 and stats.finish_reason == "stop"
    assert stats.seconds > 0 and stats.first_token_seconds == stats.seconds
    assert stats.engine is not None and stats.engine.kind == "remote"
    assert stats.engine.endpoint == remote_engine.info.endpoint
    assert stats.engine.model == remote_engine.model


def test_candidate_outside_the_top_gets_the_floor(
    remote_engine: RemoteEngine, engine: Any, seen_top: list[list[tuple[str, float]]]
) -> None:
    candidates = ["A", "B", "C", "D", RARE]
    scores, _ = remote_engine.first_token_logprobs(CHOICE, candidates)
    top = seen_top[-1]
    assert all(_in_top(top, c) for c in candidates[:4]) and not _in_top(top, RARE)
    lowest = min(logprob for _, logprob in top)
    assert scores[4] == pytest.approx(lowest - FLOOR_MARGIN)
    assert scores[4] < min(scores[:4])  # below every candidate the server saw
    # ... where this PC's model puts it too: below the 20 likeliest first tokens.
    local, _ = engine.first_token_logprobs(CHOICE, candidates)
    assert local[4] < lowest and local[4] < min(local[:4])


def test_score_candidates_matching() -> None:
    top = [(" Đ", -0.5), ("Đúng", -1.0), ("S", -2.0), ("B.", -0.1), ("b", -0.2), ("  ", -0.3)]
    scores = score_candidates(top, ["Đúng", "Sai", "B", "C"])
    floor = -2.0 - FLOOR_MARGIN
    # The best of the tokens a candidate starts with; "B." is not a beginning of "B", nor
    # "b" (case counts); whitespace alone begins nothing.
    assert scores == [-0.5, -2.0, floor, floor]


def test_fallback_passes_scores_to_the_server(remote_engine: RemoteEngine, engine: Any) -> None:
    fallback = FallbackEngine(remote_engine, lambda: engine, local_n_ctx=engine.n_ctx)
    assert isinstance(fallback, FirstTokenScorer) and can_score(fallback)
    direct, _ = remote_engine.first_token_logprobs(CHOICE, ["A", "B", "C", "D"])
    scores, stats = fallback.first_token_logprobs(CHOICE, ["A", "B", "C", "D"])
    assert stats.engine is not None and stats.engine.kind == "remote"
    assert stats.engine.endpoint == remote_engine.info.endpoint
    assert scores == pytest.approx(direct, abs=TOLERANCE)
    local, _ = engine.first_token_logprobs(CHOICE, ["A", "B", "C", "D"])
    assert scores == pytest.approx(local, abs=TOLERANCE)


def test_fallback_scores_locally_without_a_server(guard_servers: Any, engine: Any) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    guard_servers(url)
    remote = RemoteEngine([url], recheck_seconds=3600)
    try:
        fallback = FallbackEngine(remote, lambda: engine, local_n_ctx=engine.n_ctx)
        assert fallback.scores_first_tokens  # this PC's model scores
        scores, stats = fallback.first_token_logprobs(TRUE_FALSE, ["Đúng", "Sai"])
        assert stats.engine is not None and stats.engine.kind == "local"
        local, _ = engine.first_token_logprobs(TRUE_FALSE, ["Đúng", "Sai"])
        assert scores == local  # reproducible: the verdict never depends on the cache
    finally:
        remote.close()


class _NoLogprobsServer:
    """An OpenAI-compatible server that answers chat completions without logprobs, as Ollama
    did before it had them; counts the completions asked of it."""

    def __init__(self) -> None:
        self.completions = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _send(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/v1/models":
                    self._send(200, {"object": "list", "data": [{"id": "stub-model"}]})
                else:
                    self._send(404, {"error": "not found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path != "/v1/chat/completions":
                    self._send(404, {"error": "not found"})
                    return
                owner.completions += 1
                owner.last_body = body
                self._send(
                    200,
                    {
                        "id": "chatcmpl-1",
                        "object": "chat.completion",
                        "model": "stub-model",
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": "Đúng"},
                                "finish_reason": "length",
                            }
                        ],
                        "usage": {"prompt_tokens": 20, "completion_tokens": 1},
                    },
                )

        self.last_body: dict[str, Any] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> _NoLogprobsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def no_logprobs_server(guard_servers: Any) -> Iterator[_NoLogprobsServer]:
    with _NoLogprobsServer() as server:
        guard_servers(server.url)
        yield server


def test_server_without_logprobs(no_logprobs_server: _NoLogprobsServer, engine: Any) -> None:
    remote = RemoteEngine([no_logprobs_server.url], recheck_seconds=3600)
    try:
        assert remote.scores_first_tokens and can_score(remote)  # not known yet
        with pytest.raises(ScoresUnavailable) as err:
            remote.first_token_logprobs(TRUE_FALSE, ["Đúng", "Sai"])
        assert isinstance(err.value, EngineError)
        assert "logprobs" in err.value.message_vi and "127.0.0.1" in err.value.message_vi
        assert "log-probabilities" in err.value.message_en
        sent = no_logprobs_server.last_body
        assert sent["max_tokens"] == 1 and sent["temperature"] == 0 and sent["stream"] is False
        assert sent["logprobs"] is True and sent["top_logprobs"] == 20
        assert no_logprobs_server.completions == 1
        # Remembered: said at once, the server is not asked again.
        assert not remote.scores_first_tokens and not can_score(remote)
        with pytest.raises(ScoresUnavailable):
            remote.first_token_logprobs(CHOICE, ["A", "B"])
        assert no_logprobs_server.completions == 1
        # The server is healthy all the same: it answers, only without scores.
        assert remote.available()
        # remote-then-local: the server answers, so the answer is its own (generated, not
        # scored by this PC's model behind the user's back).
        fallback = FallbackEngine(remote, lambda: engine, local_n_ctx=engine.n_ctx)
        assert not fallback.scores_first_tokens and not can_score(fallback)
        with pytest.raises(ScoresUnavailable):
            fallback.first_token_logprobs(TRUE_FALSE, ["Đúng", "Sai"])
        assert no_logprobs_server.completions == 1
    finally:
        remote.close()


def test_prefix_is_refused(no_logprobs_server: _NoLogprobsServer) -> None:
    remote = RemoteEngine([no_logprobs_server.url], recheck_seconds=3600)
    try:
        with pytest.raises(EngineError) as err:
            remote.first_token_logprobs(TRUE_FALSE, ["Đúng", "Sai"], prefix="Theo nguồn [")
        assert not isinstance(err.value, ScoresUnavailable)
        assert no_logprobs_server.completions == 0
    finally:
        remote.close()


def test_ask_gives_the_same_closed_answer_on_the_server_as_on_this_pc(
    engine: Any, remote_engine: RemoteEngine, tmp_path: Any
) -> None:
    """One answer path for every engine: the same question over the same passages, decided by
    the same model's scores, here or on the agency's server."""
    from tests.core.index.conftest import law_pdf

    from troly.core.index.store import IndexStore
    from troly.core.index.sync import sync_collection
    from troly.core.tasks.ask import ask
    from troly.core.vault import forget_database_key, open_encrypted_database

    articles = [
        (1, "Phạm vi điều chỉnh", "Luật này quy định về quyền và nghĩa vụ của viên chức."),
        (2, "Thời giờ làm việc", "Viên chức làm việc tám giờ mỗi ngày và bốn mươi giờ mỗi tuần."),
        (3, "Nghỉ phép năm", "Viên chức được nghỉ phép năm mười hai ngày làm việc."),
    ]
    db = tmp_path / "index.db"
    store = IndexStore(open_encrypted_database(db))
    try:
        sync_collection(store, "luat", [law_pdf(tmp_path / "luat.pdf", articles)])
        statement = "Viên chức được nghỉ phép năm mười hai ngày, đúng hay sai?"
        answers = []
        for eng in (engine, remote_engine):
            answer, pieces = ask(eng, store, statement, "luat", max_tokens=16)
            list(pieces)
            answers.append(answer)
        local, remote = answers
        assert local.verdict is not None and local.verdict == remote.verdict
        assert local.text == remote.text  # the grounds are quoted: the same words
        # A multiple choice question: each option is judged over the same prompt on both, and
        # the model's "Đúng" scores agree. (Its "Sai" is outside the server's top 20 for this
        # small base model, so the server gives the floor there, not the score: the letters
        # may differ on a near tie, as they would not with the instruction model.)
        choices = {"A": "ba mươi ngày", "B": "mười hai"}
        recordings = []
        for eng in (engine, remote_engine):
            recording = RecordingScorer(eng)
            answer, pieces = ask(
                recording,  # type: ignore[arg-type]
                store,
                "Viên chức nghỉ phép năm bao nhiêu ngày?",
                "luat",
                max_tokens=16,
                choices=choices,
            )
            list(pieces)
            assert answer.choice in choices
            recordings.append(recording)
        here, there = recordings
        assert here.asked == there.asked
        assert len(here.asked) == len(choices)
        for local_scores, remote_scores in zip(here.scores, there.scores, strict=True):
            assert remote_scores[0] == pytest.approx(local_scores[0], abs=TOLERANCE)
    finally:
        store.db.close()
        forget_database_key(db)


def test_a_score_does_not_depend_on_what_the_server_read_before(
    engine: Any, remote_engine: RemoteEngine
) -> None:
    """The options of a multiple choice question are scored one after another over the same
    passages: each option's score is the same whichever the server read before it, and the
    same as this PC's."""
    from troly.core.tasks.ask import SYSTEM_PROMPT
    from troly.core.tasks.question import Question

    q = Question("Viên chức nghỉ phép năm bao nhiêu ngày?", "choice", {"A": "ba mươi", "B": "mười"})
    head = "Nguồn:\n[1] Điều 3. Nghỉ phép năm\nViên chức được nghỉ phép năm mười hai ngày.\n\n"

    def scored(eng: Any, letter: str) -> list[float]:
        messages = [
            ChatMessage("system", SYSTEM_PROMPT),
            ChatMessage("user", head + q.option_block(q.choices[letter])),
        ]
        return eng.first_token_logprobs(messages, ["Đúng"])[0]

    first = scored(remote_engine, "A")
    scored(remote_engine, "B")
    again = scored(remote_engine, "A")
    assert again == pytest.approx(first, abs=1e-3)
    assert again == pytest.approx(scored(engine, "A"), abs=TOLERANCE)
