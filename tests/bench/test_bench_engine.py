"""Engine benchmarks: TroLy's streaming against a bare llama-cpp-python loop, and the KV-cache
prefix reuse of follow-up turns. Each asserts a ratio measured in the same run."""

from __future__ import annotations

import statistics
import time

import llama_cpp
from llama_cpp import Llama
from tests.bench.conftest import report

from troly.core.config import default_threads
from troly.core.engine.base import ChatMessage, GenerationParams
from troly.core.engine.llama import LlamaEngine

N_TOKENS = 256
ROUNDS = 9
PROMPT = "Hãy viết một bài dài giới thiệu về công tác văn thư và lưu trữ trong cơ quan nhà nước."


def _bare_tokens_per_second(llm: Llama, prompt: list[int]) -> tuple[float, int]:
    """The plainest loop over llama-cpp-python that streams text: greedy, the same stop rule,
    each token turned into its bytes as any streaming caller must."""
    llm.reset()
    vocab = llm._model.vocab
    generated = 0
    first = end = 0.0
    for token in llm.generate(prompt, top_k=1, top_p=1.0, min_p=0.0, temp=0.0, repeat_penalty=1.0):
        if generated == 0:
            first = time.perf_counter()
        if llama_cpp.llama_vocab_is_eog(vocab, token):
            break
        generated += 1
        llm.detokenize([token])
        if generated >= N_TOKENS:
            break
    end = time.perf_counter()
    return (generated - 1) / (end - first), generated


def test_streaming_speed_matches_bare_llama_cpp(default_model) -> None:
    threads = default_threads()
    engine = LlamaEngine(default_model, n_ctx=2048, threads=threads)
    bare = Llama(
        model_path=str(default_model.path),
        n_ctx=2048,
        n_batch=512,
        n_threads=threads,
        n_threads_batch=threads,
        verbose=False,
    )
    try:
        messages = [ChatMessage("user", PROMPT)]
        prompt_tokens = engine.tokenize(engine.render(messages))
        ours: list[float] = []
        theirs: list[float] = []

        def run_ours() -> int:
            engine.reset_cache()
            stream = engine.stream_chat(messages, GenerationParams.greedy(N_TOKENS))
            stream.text()
            ours.append(stream.stats.tokens_per_second)
            return stream.stats.generated_tokens

        def run_theirs() -> int:
            tps, generated = _bare_tokens_per_second(bare, prompt_tokens)
            theirs.append(tps)
            return generated

        for round_ in range(ROUNDS):
            # Interleaved, so both see the same machine load, and each side goes first in every
            # other round: under a load that rises or falls within a round, the side measured
            # first is not always the one that meets it.
            first, second = (run_ours, run_theirs) if round_ % 2 == 0 else (run_theirs, run_ours)
            assert first() == second()  # the same work on both sides
        paired = statistics.median(o / t for o, t in zip(ours, theirs, strict=True))
        best = max(ours) / max(theirs)
        report(
            "tokens_per_second",
            troly=statistics.median(ours),
            bare=statistics.median(theirs),
            ratio_paired_median=paired,
            ratio_best=best,
            tokens=N_TOKENS,
            threads=threads,
        )
        # Two estimates of the same ratio, each robust to a different kind of load. The paired
        # median holds when the load drifts slowly over the run; the ratio of the fastest rounds
        # holds when the load comes in bursts (CI once gave paired 0.903 with medians 43.5 vs
        # 43.8 tokens/s and best rounds equal). A real per-token overhead (a Python step per
        # token, a copy of the logits) slows every round of ours, the fastest too, so it lowers
        # both estimates and fails this.
        assert max(paired, best) >= 0.93
    finally:
        engine.close()
        bare.close()


def _conversation(engine: LlamaEngine, target_tokens: int) -> list[ChatMessage]:
    paragraph = (
        "Văn thư cơ quan tiếp nhận, đăng ký văn bản đến, trình và chuyển giao văn bản; soạn "
        "thảo, ký ban hành, phát hành và theo dõi việc chuyển phát văn bản đi; lập hồ sơ và "
        "nộp lưu hồ sơ, tài liệu vào lưu trữ cơ quan; quản lý và sử dụng con dấu. "
    )
    messages: list[ChatMessage] = []
    i = 0
    while engine.count_tokens(engine.render(messages or [ChatMessage("user", "")])) < target_tokens:
        messages.append(ChatMessage("user", f"Câu hỏi {i}: {paragraph}"))
        messages.append(ChatMessage("assistant", f"Trả lời {i}: {paragraph}"))
        i += 1
    return messages


def test_follow_up_first_token_with_prefix_reuse(default_model) -> None:
    engine = LlamaEngine(default_model, n_ctx=4096, threads=default_threads())
    try:
        history = _conversation(engine, 1000)
        prompt_tokens = engine.count_tokens(engine.render(history))
        with_reuse: list[float] = []
        without: list[float] = []
        for i in range(2):
            follow_up = [*history, ChatMessage("user", f"Tóm tắt lại ý {i} trong một câu.")]
            # The conversation so far is in the KV cache, as it is after the previous turn.
            engine.reset_cache()
            engine.stream_chat(history, GenerationParams.greedy(1)).text()
            reused = engine.stream_chat(follow_up, GenerationParams.greedy(1))
            reused.text()
            with_reuse.append(reused.stats.first_token_seconds)
            assert reused.stats.reused_prompt_tokens > 900
            engine.reset_cache()
            cold = engine.stream_chat(follow_up, GenerationParams.greedy(1))
            cold.text()
            without.append(cold.stats.first_token_seconds)
            assert cold.stats.reused_prompt_tokens == 0
        speedup = statistics.median(without) / statistics.median(with_reuse)
        report(
            "follow_up_first_token",
            conversation_tokens=prompt_tokens,
            with_reuse_s=statistics.median(with_reuse),
            without_s=statistics.median(without),
            speedup=speedup,
        )
        assert speedup >= 3.0
    finally:
        engine.close()
