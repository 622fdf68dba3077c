"""`troly generate PROMPT`: one streamed answer from the model (this PC's or the agency's)."""

from __future__ import annotations

import argparse
import sys
import threading

from troly.cli.common import Subparsers, ctrl_c_sets, describe_engine, open_session, print_json


def run(args: argparse.Namespace) -> int:
    from troly.core.engine.base import ChatMessage, GenerationParams
    from troly.core.engine.llama import LlamaEngine
    from troly.core.errors import TrolyError

    session = open_session(args)
    engine = session.load_engine()
    params = session.generation_params(args.max_tokens)
    if args.temperature is not None or args.seed is not None:
        params = GenerationParams(
            temperature=args.temperature if args.temperature is not None else params.temperature,
            top_p=params.top_p,
            max_tokens=params.max_tokens,
            seed=args.seed,
        )
    cancel = threading.Event()
    if args.raw:
        if not isinstance(engine, LlamaEngine):
            raise TrolyError(
                "--raw chỉ dùng được với mô hình trên máy này (không qua mẫu hội thoại).",
                "--raw works only with the model on this PC (no chat template).",
            )
        stream = engine.stream_tokens(engine.tokenize(args.prompt), params, cancel)
    else:
        messages = [*session.system_messages(), ChatMessage("user", args.prompt)]
        stream = engine.stream_chat(messages, params, cancel)
    pieces: list[str] = []
    with ctrl_c_sets(cancel):
        for piece in stream:
            pieces.append(piece)
            if not args.json:
                sys.stdout.write(piece)
                sys.stdout.flush()
    stats = stream.stats
    where = stats.engine or engine.info
    if args.json:
        print_json(
            {
                "text": "".join(pieces),
                "model": where.model,
                "engine": where.as_json(),
                "prompt_tokens": stats.prompt_tokens,
                "tokens": stats.generated_tokens,
                "seconds": round(stats.seconds, 4),
                "first_token_seconds": round(stats.first_token_seconds, 4),
                "tokens_per_second": round(stats.tokens_per_second, 2),
                "finish_reason": stats.finish_reason,
            }
        )
    else:
        sys.stdout.write("\n")
        print(
            f"[{stats.generated_tokens} token, {stats.tokens_per_second:.1f} token/giây · "
            f"{describe_engine(where)}]",
            file=sys.stderr,
        )
    return 0


def register(sub: Subparsers) -> None:
    gen = sub.add_parser("generate", help="sinh câu trả lời cho một câu hỏi")
    gen.add_argument("prompt")
    gen.add_argument("--max-tokens", type=int, default=None)
    gen.add_argument("--temperature", type=float, default=None)
    gen.add_argument("--seed", type=int, default=None)
    gen.add_argument("--raw", action="store_true", help="không dùng mẫu hội thoại")
    gen.add_argument("--json", action="store_true")
    gen.set_defaults(func=run)
