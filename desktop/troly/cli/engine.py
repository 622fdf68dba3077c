"""`troly engine status`: where the model runs, and how each of the agency's servers is doing;
`troly engine set-key`: keep the servers' API key in this user's keyring."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import Any

from troly.cli.common import Parser, Subparsers, open_session, print_json


def run_status(args: argparse.Namespace) -> int:
    session = open_session(args)
    mode = session.engine_mode()
    data: dict[str, Any] = {"mode": mode, "model": None, "n_ctx": None, "endpoints": []}
    if mode != "local":
        remote = session.remote_engine()
        try:
            data.update(remote.status())
        finally:
            remote.close()
    if mode == "local" or data["model"] is None:
        local = {"model": session.model_path().name, "n_ctx": session.settings.context_length}
        if mode == "local":
            data.update(local)
        else:
            data["local"] = local  # remote-then-local: what answers while no server does
    if args.json:
        print_json(data)
        return 0
    modes = {
        "local": "trên máy này",
        "remote": "máy chủ của cơ quan",
        "remote-then-local": "máy chủ của cơ quan, khi không được thì trên máy này",
    }
    print(f"Mô hình chạy: {modes[mode]}")
    print(f"Mô hình: {data['model'] or '(chưa biết)'}, ngữ cảnh: {data['n_ctx'] or '?'} token")
    for ep in data["endpoints"]:
        state = "hoạt động" if ep["healthy"] else f"không dùng được ({ep['error']})"
        slots = f", bận {ep['busy_slots']}/{ep['slots']} luồng" if ep["slots"] else ""
        print(f"  {ep['url']}: {state}; đang gửi {ep['in_flight']}{slots}")
    return 0 if mode == "local" or any(ep["healthy"] for ep in data["endpoints"]) else 1


def run_set_key(args: argparse.Namespace) -> int:
    import keyring

    from troly.core.session import KEYRING_SERVICE, KEYRING_USER

    open_session(args)
    if args.clear:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(KEYRING_SERVICE, KEYRING_USER)
        print("Đã xoá khóa API khỏi kho khóa.", file=sys.stderr)
        return 0
    key = sys.stdin.readline().strip()
    if not key:
        print("troly: không có khóa API trên đầu vào chuẩn.", file=sys.stderr)
        return 1
    keyring.set_password(KEYRING_SERVICE, KEYRING_USER, key)
    print("Đã lưu khóa API vào kho khóa của người dùng.", file=sys.stderr)
    return 0


def register(sub: Subparsers) -> None:
    engine = sub.add_parser("engine", help="mô hình chạy ở đâu: máy này hay máy chủ của cơ quan")
    actions = engine.add_subparsers(dest="engine_action", required=True, parser_class=Parser)
    status = actions.add_parser("status", help="chế độ, từng máy chủ, mô hình, ngữ cảnh")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=run_status)
    key = actions.add_parser(
        "set-key", help="lưu khóa API của máy chủ (đọc từ đầu vào chuẩn) vào kho khóa"
    )
    key.add_argument("--clear", action="store_true", help="xoá khóa đã lưu")
    key.set_defaults(func=run_set_key)
