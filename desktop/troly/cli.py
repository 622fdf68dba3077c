"""The `troly` command: the same core as the desktop app, for administrators, scripts and tests.

Exit code 0 on success; otherwise one line on stderr saying why, and no traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from troly import __version__
from troly.core.errors import TrolyError

log = logging.getLogger(__name__)

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


@contextmanager
def _ctrl_c_sets(event: threading.Event) -> Iterator[None]:
    """While generating, Ctrl-C stops the reply instead of the program."""
    previous = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, lambda *_: event.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _session(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from troly.core.session import Session, setup_logging

    session = Session(args.data_dir, args.model)
    setup_logging(session.paths)
    return session


# -- generate / chat -----------------------------------------------------------------------------


def cmd_generate(args: argparse.Namespace) -> int:
    from troly.core.engine.base import ChatMessage, GenerationParams

    session = _session(args)
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
        stream = engine.stream_tokens(engine.tokenize(args.prompt), params, cancel)
    else:
        messages = [*session.system_messages(), ChatMessage("user", args.prompt)]
        stream = engine.stream_chat(messages, params, cancel)
    pieces: list[str] = []
    with _ctrl_c_sets(cancel):
        for piece in stream:
            pieces.append(piece)
            if not args.json:
                sys.stdout.write(piece)
                sys.stdout.flush()
    stats = stream.stats
    if args.json:
        _print_json(
            {
                "text": "".join(pieces),
                "model": engine.name,
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
            f"[{stats.generated_tokens} token, {stats.tokens_per_second:.1f} token/giây]",
            file=sys.stderr,
        )
    return 0


CHAT_HELP = "Gõ câu hỏi rồi Enter. Ctrl-C dừng câu trả lời; /thoat hoặc Ctrl-D để thoát."


def cmd_chat(args: argparse.Namespace) -> int:
    from troly.core.engine.base import ChatMessage
    from troly.core.history import title_from

    session = _session(args)
    history = None if args.no_history else session.open_history()
    engine = session.load_engine()
    params = session.generation_params()
    conversation_id: int | None = None
    turns: list[ChatMessage] = []
    print(f"TroLy {__version__} · {engine.name}. {CHAT_HELP}", file=sys.stderr)
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
            with _ctrl_c_sets(cancel):
                for piece in stream:
                    pieces.append(piece)
                    sys.stdout.write(piece)
                    sys.stdout.flush()
            answer = "".join(pieces).strip()
            suffix = " [đã dừng]" if stream.stats.finish_reason == "cancelled" else ""
            print(suffix)
            turns.append(ChatMessage("assistant", answer))
            if history is not None and conversation_id is not None:
                history.add_message(conversation_id, "assistant", answer)
    finally:
        if history is not None:
            history.close()
    return 0


# -- models --------------------------------------------------------------------------------------


def _model_json(model: Any) -> dict[str, Any]:
    from troly.core.models.verify import hash_matches_manifest

    info = model.info
    return {
        "path": str(model.path),
        "name": model.display_name,
        "sha256": model.sha256,
        "in_manifest": hash_matches_manifest(model),
        "manifest_id": model.entry.id if model.entry else None,
        "architecture": info.architecture,
        "parameters": info.parameters,
        "quantization": info.quantization,
        "context_length": info.context_length,
        "chat_template": "gguf" if info.chat_template else None,
        "size_bytes": info.file_size,
        "estimated_ram_bytes": info.estimated_ram_bytes(4096),
    }


def _print_model(data: dict[str, Any]) -> None:
    gib = 1024**3
    status = "có trong danh mục" if data["in_manifest"] else "không có trong danh mục"
    print(f"{data['name']}  ({data['path']})")
    print(
        f"  kiến trúc: {data['architecture']}, tham số: {data['parameters']}, "
        f"lượng tử hoá: {data['quantization']}, ngữ cảnh: {data['context_length']}"
    )
    print(
        f"  dung lượng: {data['size_bytes'] / gib:.2f} GiB, RAM ước tính (4096 token): "
        f"{data['estimated_ram_bytes'] / gib:.2f} GiB"
    )
    print(f"  sha256: {data['sha256']} ({status})")


def cmd_models(args: argparse.Namespace) -> int:
    from troly.core.models.library import import_model, install_default_model, model_files

    session = _session(args)
    action = args.models_action
    if action == "list":
        rows = []
        for entry in session.manifest.entries:
            path = session.paths.models / entry.file_name
            rows.append(
                {
                    "id": entry.id,
                    "name": entry.display_name,
                    "file_name": entry.file_name,
                    "installed": path.exists(),
                    "sha256": entry.sha256,
                    "size_bytes": entry.size_bytes,
                    "licence": entry.licence,
                    "architecture": entry.architecture,
                    "chat_template": entry.chat_template,
                    "context_length": entry.context_length,
                    "default": entry is session.manifest.default,
                }
            )
        known = {e.file_name for e in session.manifest.entries}
        for path in model_files(session.paths.models):
            if path.name not in known:
                rows.append(
                    {
                        "id": None,
                        "name": path.stem,
                        "file_name": path.name,
                        "installed": True,
                        "sha256": None,
                        "size_bytes": None,
                        "licence": "",
                        "architecture": "",
                        "chat_template": "",
                        "context_length": None,
                        "default": False,
                    }
                )
        if args.json:
            _print_json({"model_dir": str(session.paths.models), "models": rows})
        else:
            print(f"Thư mục mô hình: {session.paths.models}")
            for row in rows:
                mark = "✓" if row["installed"] else " "
                sha = row["sha256"][:12] if row["sha256"] else "chưa rõ"
                default = " (mặc định)" if row["default"] else ""
                print(f" {mark} {row['file_name']}{default} — sha256 {sha}")
        return 0
    if action == "verify":
        model = session.verify(Path(args.path))
    elif action == "add":
        model = import_model(Path(args.path), session.paths, session.manifest)
    else:  # install-default
        model = install_default_model(session.paths, session.manifest)
    data = _model_json(model)
    if args.json:
        _print_json(data)
    else:
        _print_model(data)
    return 0


# -- gui -----------------------------------------------------------------------------------------


def cmd_gui(args: argparse.Namespace) -> int:
    from troly.ui.app import run_app

    return run_app(args.data_dir, args.model, exit_after_shown=args.exit_after_shown)


# -- parser --------------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, exit code 2
        self.exit(EXIT_USAGE, f"troly: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="troly", description="TroLy: trợ lý AI ngoại tuyến.")
    parser.add_argument("--version", action="version", version=f"troly {__version__}")
    parser.add_argument("--data-dir", help="thư mục giữ mọi dữ liệu (mặc định: TROLY_HOME)")
    parser.add_argument("--model", help="tệp mô hình GGUF dùng cho lần chạy này")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    gen = sub.add_parser("generate", help="sinh câu trả lời cho một câu hỏi")
    gen.add_argument("prompt")
    gen.add_argument("--max-tokens", type=int, default=None)
    gen.add_argument("--temperature", type=float, default=None)
    gen.add_argument("--seed", type=int, default=None)
    gen.add_argument("--raw", action="store_true", help="không dùng mẫu hội thoại")
    gen.add_argument("--json", action="store_true")
    gen.set_defaults(func=cmd_generate)

    chat = sub.add_parser("chat", help="hội thoại trong cửa sổ dòng lệnh")
    chat.add_argument("--no-history", action="store_true", help="không lưu lịch sử")
    chat.set_defaults(func=cmd_chat)

    models = sub.add_parser("models", help="quản lý tệp mô hình")
    models_sub = models.add_subparsers(dest="models_action", required=True, parser_class=_Parser)
    for name, help_text in (
        ("list", "các mô hình đã biết và đã cài"),
        ("install-default", "cài mô hình mặc định từ gói của nó"),
    ):
        p = models_sub.add_parser(name, help=help_text)
        p.add_argument("--json", action="store_true")
    for name, help_text in (
        ("verify", "kiểm tra một tệp mô hình"),
        ("add", "kiểm tra rồi thêm một tệp mô hình vào thư mục mô hình"),
    ):
        p = models_sub.add_parser(name, help=help_text)
        p.add_argument("path")
        p.add_argument("--json", action="store_true")
    models.set_defaults(func=cmd_models)

    gui = sub.add_parser("gui", help="mở ứng dụng")
    gui.add_argument("--exit-after-shown", action="store_true", help=argparse.SUPPRESS)
    gui.set_defaults(func=cmd_gui)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except TrolyError as exc:
        print(f"troly: {exc.message_vi}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("troly: đã dừng.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_ERROR
    except OSError as exc:
        print(f"troly: lỗi tệp hoặc hệ thống: {exc}", file=sys.stderr)
        log.exception("OS error")
        return EXIT_ERROR
    except Exception as exc:  # the last line of defence: one line for the user, details logged
        log.exception("Unexpected error")
        print(
            f"troly: lỗi không mong đợi ({type(exc).__name__}: {exc}); chi tiết ở nhật ký "
            "troly.log.",
            file=sys.stderr,
        )
        return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
