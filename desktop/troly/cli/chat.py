"""`troly chat`: an interactive, streaming conversation in the terminal."""

from __future__ import annotations

import argparse
import sys
import threading

from troly import version
from troly.cli.common import Subparsers, ctrl_c_sets, open_session

CHAT_HELP = "Gõ câu hỏi rồi Enter. Ctrl-C dừng câu trả lời; /thoat hoặc Ctrl-D để thoát."


def run(args: argparse.Namespace) -> int:
    from troly.core.engine.base import ChatMessage
    from troly.core.history import title_from
    from troly.core.policy import PolicyError

    session = open_session(args)
    history = None
    if not args.no_history:
        try:
            history = session.open_history()
        except PolicyError as exc:  # the administrator turned history off: chat without it
            print(f"troly: {exc.message_vi}", file=sys.stderr)
    engine = session.load_engine()
    params = session.generation_params()
    conversation_id: int | None = None
    turns: list[ChatMessage] = []
    print(f"TroLy {version()} · {engine.name}. {CHAT_HELP}", file=sys.stderr)
    try:
        while True:
            try:
                question = input("> ").strip()
            except KeyboardInterrupt:
                print(f"\n{CHAT_HELP}", file=sys.stderr)
                continue
            except EOFError:
                break
            if not question:
                continue
            if question in ("/thoat", "/exit", "/quit"):
                break
            turns.append(ChatMessage("user", question))
            if history is not None:
                if conversation_id is None:
                    conversation_id = history.create_conversation(title_from(question)).id
                history.add_message(conversation_id, "user", question)
            cancel = threading.Event()
            pieces: list[str] = []
            stream = engine.stream_chat([*session.system_messages(), *turns], params, cancel)
            with ctrl_c_sets(cancel):
                for piece in stream:
                    pieces.append(piece)
                    sys.stdout.write(piece)
                    sys.stdout.flush()
            answer = "".join(pieces).strip()
            print(" [đã dừng]" if stream.stats.finish_reason == "cancelled" else "")
            turns.append(ChatMessage("assistant", answer))
            if history is not None and conversation_id is not None:
                # Kept with the reply, so the app still shows it as stopped.
                history.add_message(
                    conversation_id, "assistant", answer, stream.stats.finish_reason
                )
    finally:
        if history is not None:
            history.close()
    return 0


def register(sub: Subparsers) -> None:
    chat = sub.add_parser("chat", help="hội thoại trong cửa sổ dòng lệnh")
    chat.add_argument("--no-history", action="store_true", help="không lưu lịch sử")
    chat.set_defaults(func=run)
