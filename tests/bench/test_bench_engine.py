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
        for _ in range(ROUNDS):  # interleaved, so both see the same machine load
            engine.reset_cache()
            stream = engine.stream_chat(messages, GenerationParams.greedy(N_TOKENS))
            stream.text()
            ours.append(stream.stats.tokens_per_second)
            tps, generated = _bare_tokens_per_second(bare, prompt_tokens)
            theirs.append(tps)
            assert generated == stream.stats.generated_tokens  # same work on both sides
        # Each round measures both sides back to back: the median of those paired ratios is
        # robust to the machine getting busier or quieter during the run.
        paired = statistics.median(o / t for o, t in zip(ours, theirs, strict=True))
        report(
            "tokens_per_second",
            troly=statistics.median(ours),
            bare=statistics.median(theirs),
            ratio_paired_median=paired,
            ratio_best=max(ours) / max(theirs),
            tokens=N_TOKENS,
            threads=threads,
        )
        # 0.93, not 0.97: with another heavy program on the same 2 cores the paired median
        # fell to 0.963 while nothing in the loop had changed; a real per-token overhead
        # (a Python step per token, a copy of the logits) costs more than 7%.
        assert paired >= 0.93
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
