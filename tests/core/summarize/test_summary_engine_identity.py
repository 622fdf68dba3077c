"""The summary cache key includes the identity of the engine that answered: a summary made by
one model is never served as another's, and a call the fallback engine ran on this PC is
stored under this PC's model."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from troly.core.engine.base import ChatMessage, EngineInfo, GenerationParams, TokenStream
from troly.core.summarize.cache import MemoryCache
from troly.core.summarize.pipeline import Options, summarize

TEXT = (
    "Điều 1. Phạm vi điều chỉnh\nQuy chế này quy định về công tác văn thư của Sở.\n\n"
    "Điều 2. Thời hạn giải quyết\nVăn bản đến phải được giải quyết trong năm ngày làm việc.\n"
)
OPTIONS = Options(partial_tokens=24, final_tokens=32)


class Renamed:
    """The real engine under another model identity, as another server's model would be."""

    def __init__(self, engine: Any, identity: str) -> None:
        self.engine = engine
        self.identity = identity
        self.calls = 0

    @property
    def name(self) -> str:
        return str(self.engine.name)

    @property
    def n_ctx(self) -> int:
        return int(self.engine.n_ctx)

    @property
    def info(self) -> EngineInfo:
        return EngineInfo("remote", "other", "http://10.0.0.9:8080", self.identity)

    def count_tokens(self, text: str) -> int:
        return int(self.engine.count_tokens(text))

    def count_prompt_tokens(self, messages: Sequence[ChatMessage]) -> int:
        return int(self.engine.count_prompt_tokens(messages))

    def stream_chat(
        self,
        messages: list[ChatMessage],
        params: GenerationParams,
        cancel: threading.Event | None = None,
    ) -> TokenStream:
        self.calls += 1
        stream: TokenStream = self.engine.stream_chat(messages, params, cancel)
        stream.stats.engine = self.info
        return stream

    def close(self) -> None:
        pass


def test_cache_is_per_model_identity(engine: Any, tmp_path: Path) -> None:
    doc = tmp_path / "quy-che.txt"
    doc.write_text(TEXT, encoding="utf-8")
    cache = MemoryCache()
    first = summarize(engine, [doc], "bullets", cache, options=OPTIONS)
    assert first.stats.model_calls >= 1 and first.engine == engine.info.as_json()
    again = summarize(engine, [doc], "bullets", cache, options=OPTIONS)
    assert again.stats.model_calls == 0  # the same model: all from the cache
    other = Renamed(engine, "openai-server:other-model")
    third = summarize(other, [doc], "bullets", cache, options=OPTIONS)
    assert other.calls == first.stats.model_calls  # nothing served from the first model's work
    assert third.stats.cached_calls == 0
    assert third.engine is not None and third.engine["kind"] == "remote"


def test_reply_is_stored_under_the_engine_that_answered(engine: Any, tmp_path: Path) -> None:
    """A fallback engine whose servers failed answers on this PC: the replies are cached under
    this PC's model (found by its next run), not under the servers' model."""
    doc = tmp_path / "quy-che.txt"
    doc.write_text(TEXT, encoding="utf-8")
    cache = MemoryCache()
    local_info = engine.info

    class Fallback(Renamed):
        def stream_chat(self, messages, params, cancel=None):  # type: ignore[no-untyped-def]
            self.calls += 1
            stream: TokenStream = self.engine.stream_chat(messages, params, cancel)
            stream.stats.engine = dataclasses.replace(local_info)  # answered on this PC
            return stream

    fb = Fallback(engine, "openai-server:served-model")
    summarize(fb, [doc], "bullets", cache, options=OPTIONS)
    local_run = summarize(engine, [doc], "bullets", cache, options=OPTIONS)
    assert local_run.stats.model_calls == 0  # they are the local model's replies
