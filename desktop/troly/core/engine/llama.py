"""The embedded backend: llama.cpp through llama-cpp-python.

One model is loaded and shared; one generation runs at a time. The stop flag is checked after
every token, so Stop takes effect within a token; while a prompt is read (a long one takes
minutes on two cores) llama.cpp itself asks it between the steps of each batch (its abort
callback), so Stop takes effect within a fraction of a second there too. Follow-up turns
reuse the KV cache of the unchanged prefix: only the new tail of the prompt is evaluated.

Reproducible answers. llama.cpp's CPU kernels give results that depend, in the last bits, on how
many tokens a batch holds (one token goes through a matrix-vector kernel, a batch through tiled
matrix-matrix ones). So a prompt whose tail is evaluated after a cached prefix does not give
bit-for-bit the logits of the same prompt evaluated from scratch, and a greedy answer could
change with whatever the cache held before (seen: the same question answered differently after
47 characters depending on the previous question). When the answer must be a function of the
prompt alone (greedy decoding, or a fixed seed), the prompt is evaluated in batches aligned to
fixed positions (0, 64, 128, ...) and only whole aligned batches of an earlier prompt are reused:
every token's KV then comes from the same computation as in a cold start. Sampled chat replies
reuse the whole cached prefix, generated tokens included, for the fastest follow-ups.
"""

from __future__ import annotations

import codecs
import ctypes
import functools
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from troly.core.engine.base import (
    ChatMessage,
    EngineInfo,
    GenerationParams,
    GenerationStats,
    TokenStream,
)
from troly.core.engine.budget import fit_prompt
from troly.core.engine.cpu_load import OtherLoad
from troly.core.engine.templates import ChatTemplate, choose_template
from troly.core.errors import ModelError
from troly.core.models.verify import VerifiedModel

if TYPE_CHECKING:
    from llama_cpp import Llama

log = logging.getLogger(__name__)

# Prompt positions at which reproducible evaluation starts a batch (see the module docstring).
ALIGNED_BATCH = 64
N_BATCH = 512
# A prompt tail shorter than this is read with the default threads: not worth a look at the
# load (FIRST_LOOK_SECONDS) nor the threads' start.
MIN_BURST_TOKENS = 32

_llama_log = logging.getLogger("troly.llama_cpp")
_log_callback = None  # kept referenced: llama.cpp calls it for the life of the process


def _route_llama_logs() -> None:
    """Send llama.cpp's own messages to our log instead of the user's terminal."""
    global _log_callback
    if _log_callback is not None:
        return
    import llama_cpp

    @llama_cpp.llama_log_callback
    def forward(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        _llama_log.debug("%s", text.decode("utf-8", errors="replace").rstrip())

    _log_callback = forward
    llama_cpp.llama_log_set(forward, ctypes.c_void_p(0))


@functools.cache
def _llama_class() -> type[Llama]:
    """llama-cpp-python's Llama, blind to the chat templates in the file's metadata. It would
    compile each one with Jinja while loading, folding constants as it goes: a template holding
    {{ 'x' * 3000000000 }} took 50 s and 9 GB there (then failed), a broken one stopped the load.
    TroLy renders prompts itself, in a bounded sandbox (templates.choose_template), and never
    uses llama-cpp-python's chat handlers."""
    from llama_cpp import Llama

    class _Llama(Llama):
        @property
        def metadata(self) -> dict[str, str]:
            return self._troly_metadata

        @metadata.setter
        def metadata(self, value: dict[str, str]) -> None:
            self._troly_metadata = {
                key: text
                for key, text in value.items()
                if not key.startswith("tokenizer.chat_template")
            }

    return _Llama


class _PromptStopped(Exception):
    """The stop flag was set while the prompt was being read."""


def _no_abort_callback() -> object:
    import llama_cpp

    return llama_cpp.ggml_abort_callback()  # a null function pointer: no callback


class LlamaEngine:
    """A GGUF model loaded in this process."""

    def __init__(
        self,
        model: VerifiedModel,
        n_ctx: int = 4096,
        threads: int = 1,
        batch_threads: int | None = None,
        burst_threads: int = 0,
    ) -> None:
        import llama_cpp  # heavy import: only when a model is really loaded

        _route_llama_logs()

        trained = model.info.context_length
        self._n_ctx = min(n_ctx, trained) if trained else n_ctx
        self.model = model
        self.threads = threads
        # Threads that read the prompt may differ from those that generate (see config).
        self.batch_threads = batch_threads or threads
        # Threads that read a prompt while other programs leave every core free (cpu_load);
        # 0: never more than batch_threads.
        self.burst_threads = burst_threads if burst_threads > self.batch_threads else 0
        self._other_load = OtherLoad() if self.burst_threads else None
        try:
            self._llm = _llama_class()(
                model_path=str(model.path),
                n_ctx=self._n_ctx,
                n_batch=N_BATCH,
                n_threads=threads,
                n_threads_batch=self.batch_threads,
                use_mmap=True,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelError(
                f"llama.cpp không nạp được mô hình {model.path.name}: {exc}",
                f"llama.cpp could not load model {model.path.name}: {exc}",
            ) from exc
        self._vocab = self._llm._model.vocab
        self._piece_buffer = ctypes.create_string_buffer(64)
        self._lock = threading.Lock()
        # Leading cached tokens evaluated in aligned batches, which reproducible prompts reuse.
        self._aligned_tokens = 0
        self._current_batch_threads = self.batch_threads
        # The most threads the last prompt was read with (0: nothing read), for the stats.
        self.last_prompt_threads = 0
        self._n_swa = int(llama_cpp.llama_model_n_swa(self._llm._model.model))
        # The stop flag of the prompt being read, which llama.cpp polls (see _read_prompt).
        self._stop_flag: threading.Event | None = None
        self._abort_callback = llama_cpp.ggml_abort_callback(self._should_abort)
        entry = model.entry
        self.template: ChatTemplate = choose_template(
            gguf_template=model.info.chat_template,
            architecture=model.info.architecture,
            manifest_template=entry.chat_template if entry else None,
            bos_token=self._piece(self._llm.token_bos()),
            eos_token=self._piece(self._llm.token_eos()),
        )
        log.info(
            "Loaded %s: n_ctx=%d threads=%d batch_threads=%d burst_threads=%d template=%s",
            model.path.name,
            self._n_ctx,
            threads,
            self.batch_threads,
            self.burst_threads,
            self.template.name,
        )

    # -- Engine interface -------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.model.display_name

    @property
    def n_ctx(self) -> int:
        return self._n_ctx

    @property
    def identity(self) -> str:
        return self.model.sha256

    @property
    def info(self) -> EngineInfo:
        return EngineInfo("local", self.name, None, self.identity)

    def tokenize(self, text: str) -> list[int]:
        """Tokens of text as the prompt would hold them (special tokens parsed, no extra BOS)."""
        return list(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def count_tokens(self, text: str) -> int:
        return len(self.tokenize(text))

    def render(self, messages: Sequence[ChatMessage]) -> str:
        return self.template.render(messages)

    def count_prompt_tokens(self, messages: Sequence[ChatMessage]) -> int:
        return len(self.tokenize(self.render(messages)))

    def stream_chat(
        self,
        messages: list[ChatMessage],
        params: GenerationParams,
        cancel: threading.Event | None = None,
    ) -> TokenStream:
        fitted = fit_prompt(messages, self.render, self.tokenize, self._n_ctx, params.max_tokens)
        stream = TokenStream(iter(()))
        stream.stats.trimmed_messages = fitted.trimmed_messages
        stream.stats.engine = self.info
        stream.pieces = self._generate(
            fitted.tokens, fitted.max_new_tokens, params, cancel, stream.stats
        )
        return stream

    def stream_tokens(
        self,
        prompt_tokens: list[int],
        params: GenerationParams,
        cancel: threading.Event | None = None,
    ) -> TokenStream:
        """Generation from raw prompt tokens (no template), still bounded by n_ctx."""
        prompt_tokens = prompt_tokens[-(self._n_ctx - 1) :]
        max_new = min(params.max_tokens, self._n_ctx - len(prompt_tokens))
        stream = TokenStream(iter(()))
        stream.stats.engine = self.info
        stream.pieces = self._generate(prompt_tokens, max_new, params, cancel, stream.stats)
        return stream

    def first_token_logprobs(
        self, messages: list[ChatMessage], candidates: Sequence[str], prefix: str = ""
    ) -> tuple[list[float], GenerationStats]:
        """Log-probabilities that the reply (after `prefix`) starts with each candidate's first
        token, from one evaluation of the prompt whose cached prefix is reused: a closed
        question (true/false, a letter) decided by the model's own scores, never by a format
        it failed to follow. Also the prompt's stats (first_token_seconds: the evaluation)."""
        import numpy as np

        fitted = fit_prompt(messages, self.render, self.tokenize, self._n_ctx, 16)
        tokens = fitted.tokens + (self.tokenize(prefix) if prefix else [])
        ids = [self.tokenize(c)[0] for c in candidates]
        stats = GenerationStats(
            prompt_tokens=len(tokens),
            generated_tokens=0,
            trimmed_messages=fitted.trimmed_messages,
            engine=self.info,
        )
        with self._lock:
            start = time.perf_counter()
            # Reproducible, as a greedy reply is: the verdict never depends on the cache.
            stats.reused_prompt_tokens = self._evaluate_prompt(tokens, reproducible=True)
            stats.prompt_threads = self.last_prompt_threads
            logits = np.ctypeslib.as_array(
                self._llm._ctx.get_logits(), shape=(self._llm.n_vocab(),)
            )
            row = logits.astype(np.float64)
            logprobs = row - np.logaddexp.reduce(row)
            stats.first_token_seconds = stats.seconds = time.perf_counter() - start
        return [float(logprobs[i]) for i in ids], stats

    def reset_cache(self) -> None:
        """Forget the KV cache: the next prompt is evaluated from its first token."""
        with self._lock:
            self._llm.reset()
            self._aligned_tokens = 0

    def close(self) -> None:
        with self._lock:
            self._llm.close()

    # -- internals --------------------------------------------------------------------------

    def _piece(self, token: int) -> str:
        if token < 0:
            return ""
        return self._token_bytes(token, special=True).decode("utf-8", errors="replace")

    def _token_bytes(self, token: int, special: bool = False) -> bytes:
        import llama_cpp

        n = llama_cpp.llama_token_to_piece(
            self._vocab, token, self._piece_buffer, len(self._piece_buffer), 0, special
        )
        if n < 0:  # a piece longer than the buffer: grow it once and retry
            self._piece_buffer = ctypes.create_string_buffer(-n)
            n = llama_cpp.llama_token_to_piece(
                self._vocab, token, self._piece_buffer, len(self._piece_buffer), 0, special
            )
        return self._piece_buffer.raw[:n]

    def _cached_prefix(self, tokens: list[int]) -> int:
        cached = self._llm.n_tokens
        ids = self._llm.input_ids[:cached]
        n = 0
        for a, b in zip(ids, tokens, strict=False):
            if a != b:
                break
            n += 1
        return n

    def _evaluate_prompt(
        self, prompt: list[int], reproducible: bool, cancel: threading.Event | None = None
    ) -> int:
        """Bring the KV cache to `prompt`, reusing what it can; returns the tokens reused.
        The last prompt token is always evaluated, so its logits are fresh. _PromptStopped
        once `cancel` is set (the cache then holds the batches read so far)."""
        reuse = min(self._cached_prefix(prompt), len(prompt) - 1)
        if reproducible:
            reuse = min(reuse, self._aligned_tokens) // ALIGNED_BATCH * ALIGNED_BATCH
        if reuse > 0 and not self._can_resume_at(reuse):
            reuse = 0
        self._llm.n_tokens = reuse  # eval() drops every cached token from here on
        self._aligned_tokens = min(self._aligned_tokens, reuse)
        # Reproducible prompts in aligned batches; the others in as few calls as n_batch lets,
        # unless the thread count may change between batches.
        step = ALIGNED_BATCH if reproducible or self.burst_threads else N_BATCH
        self.last_prompt_threads = 0
        for start in range(reuse, len(prompt), step):
            self._choose_batch_threads(first=start == reuse, remaining=len(prompt) - start)
            self._read_prompt(prompt[start : start + step], cancel)
        self._set_batch_threads(self.batch_threads)
        if reproducible:
            self._aligned_tokens = len(prompt) // ALIGNED_BATCH * ALIGNED_BATCH
        return reuse

    def _read_prompt(self, batch: list[int], cancel: threading.Event | None) -> None:
        """Evaluate one batch of prompt tokens; _PromptStopped when `cancel` is set before or
        during it. llama.cpp polls the flag through its abort callback between the operations
        of the batch (a 512-token batch of a 1.5B model takes many seconds on two cores), and
        only while a prompt is read: generation checks it after every token anyway."""
        import llama_cpp

        if cancel is None:
            self._llm.eval(batch)
            return
        if cancel.is_set():
            raise _PromptStopped
        context = self._llm._ctx.ctx
        self._stop_flag = cancel
        llama_cpp.llama_set_abort_callback(context, self._abort_callback, None)
        try:
            self._llm.eval(batch)  # the tokens count as cached only once the batch is whole
        except RuntimeError:
            if cancel.is_set():  # llama_decode returned 2: aborted by the flag
                raise _PromptStopped from None
            raise
        finally:
            llama_cpp.llama_set_abort_callback(context, _no_abort_callback(), None)
            self._stop_flag = None

    def _should_abort(self, _data: object) -> bool:
        flag = self._stop_flag
        return flag is not None and flag.is_set()

    def _choose_batch_threads(self, first: bool, remaining: int) -> None:
        """Every core for the next batch while other programs leave them all free (a fresh
        look before the first batch, then what they used during the previous one); else the
        default. The thread count changes no result: each output of a matrix product is
        computed by one thread, whatever their number (tests/core/engine/test_llama_threads)."""
        threads = self.batch_threads
        watch = self._other_load
        if watch is not None and remaining >= MIN_BURST_TOKENS and watch.others_idle(first):
            threads = self.burst_threads
        self._set_batch_threads(threads)
        self.last_prompt_threads = max(self.last_prompt_threads, threads)

    def _set_batch_threads(self, threads: int) -> None:
        import llama_cpp

        if threads != self._current_batch_threads:
            llama_cpp.llama_set_n_threads(self._llm._ctx.ctx, self.threads, threads)
            self._current_batch_threads = threads

    def _can_resume_at(self, position: int) -> bool:
        """Whether the cache, cut at `position`, still holds what the next token attends to. A
        sliding-window model (Gemma 3) keeps only its window of keys: an earlier, longer
        sequence may have dropped those just before `position`."""
        import llama_cpp

        memory = self._llm._ctx.memory
        if not self._llm._ctx.kv_cache_seq_rm(0, position, -1):
            return False
        if self._n_swa <= 0:
            return True
        oldest = int(llama_cpp.llama_memory_seq_pos_min(memory, 0))
        return oldest <= max(0, position - self._n_swa)

    def _generate(
        self,
        prompt: list[int],
        max_new: int,
        params: GenerationParams,
        cancel: threading.Event | None,
        stats: GenerationStats,
    ) -> Iterator[str]:
        import llama_cpp

        with self._lock:
            stats.prompt_tokens = len(prompt)
            if params.seed is not None:
                self._llm.set_seed(params.seed)
            decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
            start = time.perf_counter()
            generated = 0
            stats.finish_reason = "length"
            try:
                stats.reused_prompt_tokens = self._evaluate_prompt(
                    prompt, params.reproducible, cancel
                )
            except _PromptStopped:
                stats.finish_reason = "cancelled"
                stats.seconds = time.perf_counter() - start
                return
            stats.prompt_threads = self.last_prompt_threads
            tokens = self._llm.generate(
                [],  # the prompt is in the cache already: sample from its last logits
                reset=False,
                top_k=params.top_k,
                top_p=params.top_p,
                min_p=0.0,
                temp=params.temperature,
                repeat_penalty=params.repeat_penalty,
            )
            try:
                for token in tokens:
                    if generated == 0:
                        stats.first_token_seconds = time.perf_counter() - start
                    if llama_cpp.llama_vocab_is_eog(self._vocab, token):
                        stats.finish_reason = "stop"
                        break
                    generated += 1
                    text = decoder.decode(self._token_bytes(token))
                    if text:
                        yield text
                    if cancel is not None and cancel.is_set():
                        stats.finish_reason = "cancelled"
                        break
                    if generated >= max_new:
                        break
                tail = decoder.decode(b"", final=True)
                if tail:
                    yield tail
            finally:
                tokens.close()
                stats.generated_tokens = generated
                stats.seconds = time.perf_counter() - start
