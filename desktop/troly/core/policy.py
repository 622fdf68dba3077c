"""The administrator's machine policy: what users may not change.

Read from `/etc/troly/policy.json` on Linux (and macOS), and on Windows from
`%ProgramData%\\TroLy\\policy.json` and the registry key `HKLM\\SOFTWARE\\Policies\\TroLy`, where a
registry value wins over the file. `TROLY_POLICY_FILE` points at another file (tests, staging);
in an installed build (the PyInstaller bundle) only at a file only an administrator can change
(`_override_refusal`), and a file it names that cannot be read fails closed: the user must not be
able to escape the policy by naming a missing or their own file.

Every value is validated (type and range). Keys starting with "_" are comments; other unknown keys
are warned about and ignored. A policy that exists but cannot be read or does not validate fails
closed: the most restrictive mode (`FAIL_CLOSED`), with a message the UI and CLI show.

The Session loads the policy once and passes it to what must obey it (indexing and search through
its IndexStore, export, model loading); there is no process-wide policy.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from troly.core.config import Settings
from troly.core.errors import ModelError, TrolyError

log = logging.getLogger(__name__)

ENV_POLICY_FILE = "TROLY_POLICY_FILE"
# A policy is a few hundred bytes: anything larger is not one (and is not read into memory).
MAX_POLICY_BYTES = 1 << 20
REGISTRY_KEY = r"SOFTWARE\Policies\TroLy"
SOURCE_DEFAULT = "default"
SOURCE_FAIL_CLOSED = "fail-closed"
LOCKED_TEXT_VI = "Do quản trị viên thiết lập"
LOCKED_TEXT_EN = "Set by your administrator"


class PolicyError(TrolyError):
    """Something the administrator's policy does not allow."""


@dataclass(frozen=True)
class Policy:
    """The effective policy. `None` / empty means "not restricted" unless noted."""

    model_dir: str | None = None
    allowed_model_sha256: tuple[str, ...] = ()  # empty: any verified model
    trusted_manifest_keys: tuple[str, ...] = ()  # base64 Ed25519 public keys
    allow_model_import: bool = True
    allowed_index_folders: tuple[str, ...] | None = None  # None: anywhere; (): nowhere
    history_enabled: bool = True
    history_retention_days: int | None = None  # None: kept until deleted
    export_enabled: bool = True
    allowed_engine_url: str | None = None  # kept: read as a one-endpoint engine_endpoints
    # The agency's inference servers (OpenAI-compatible: llama-server, vLLM, Ollama).
    engine_mode: str = "local"  # "local" | "remote" | "remote-then-local"
    engine_endpoints: tuple[str, ...] = ()  # base URLs; netguard lets exactly these through
    engine_model: str | None = None  # None: the first model the server lists
    engine_api_key_file: str | None = None  # None: the user's keyring, else no key
    engine_ca_file: str | None = None  # None: the system's certificate store
    engine_context_length: int | None = None  # when the server does not say its n_ctx
    ui_language: str | None = None
    max_threads: int | None = None
    # Where each value came from: "default", a file path, a registry value, "fail-closed".
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)
    fail_closed: bool = False
    error_vi: str = ""
    error_en: str = ""

    # -- what it means ---------------------------------------------------------------------

    def source(self, key: str) -> str:
        return self.sources.get(key, SOURCE_DEFAULT)

    def is_set(self, key: str) -> bool:
        """True when the value came from the administrator (or from failing closed)."""
        return self.source(key) != SOURCE_DEFAULT

    def restricts_models(self) -> bool:
        """True when only listed or signed models may load."""
        return bool(self.allowed_model_sha256 or self.trusted_manifest_keys)

    def locked_settings(self) -> frozenset[str]:
        """Names of user settings (troly.core.config.Settings) the policy fixes."""
        locked = set()
        if self.is_set("ui_language"):
            locked.add("language")
        if self.is_set("max_threads"):
            locked.add("threads")
        if self.is_set("model_dir") or self.is_set("allowed_model_sha256"):
            locked.add("model_path")
        return frozenset(locked)

    def engine_urls(self) -> tuple[str, ...]:
        """Base URLs of the agency's inference servers: engine_endpoints, then the older
        allowed_engine_url, each once."""
        urls = [*self.engine_endpoints]
        if self.allowed_engine_url:
            urls.append(self.allowed_engine_url)
        return tuple(dict.fromkeys(engine_base_url(u) for u in urls))

    def engine_targets(self) -> tuple[tuple[str, int], ...]:
        """(host, port) of every inference server: all that netguard lets through."""
        return tuple(t for t in (url_target(u) for u in self.engine_urls()) if t is not None)

    def engine_host(self) -> tuple[str, int] | None:
        """(host, port) of the first allowed inference server, or None."""
        targets = self.engine_targets()
        return targets[0] if targets else None

    def uses_remote_engine(self) -> bool:
        return self.engine_mode in ("remote", "remote-then-local") and bool(self.engine_urls())

    def engine_policy_set(self) -> bool:
        """True when the administrator configured where the model runs (shown locked)."""
        keys = [spec.key for spec in SCHEMA if spec.key.startswith("engine_")]
        return any(self.is_set(key) for key in [*keys, "allowed_engine_url"])

    def as_json(self) -> dict[str, Any]:
        values = {}
        for spec in SCHEMA:
            value = getattr(self, spec.key)
            values[spec.key] = {
                "value": list(value) if isinstance(value, tuple) else value,
                "source": self.source(spec.key),
            }
        return {
            "fail_closed": self.fail_closed,
            "error": self.error_vi or None,
            "warnings": list(self.warnings),
            "policy": values,
        }

    def apply_to_settings(self, settings: Settings) -> Settings:
        """The user's settings with every value the policy fixes put in place."""
        changes: dict[str, Any] = {}
        if self.ui_language:
            changes["language"] = self.ui_language
        if self.max_threads:
            changes["threads"] = min(settings.effective_threads(), self.max_threads)
        if "model_path" in self.locked_settings() and settings.model_path:
            chosen = Path(settings.model_path).expanduser()
            if not self.model_dir or not _inside(chosen, Path(self.model_dir)):
                changes["model_path"] = ""  # back to the administrator's model
        return replace(settings, **changes) if changes else settings

    # -- checks the core calls ------------------------------------------------------------

    def check_model_location(self, path: str | Path) -> None:
        """Refuse to load a model from outside the administrator's model folder."""
        if self.model_dir and not _inside(Path(path), Path(self.model_dir)):
            refuse(
                "model_outside_model_dir",
                f"Chính sách của quản trị viên chỉ cho nạp mô hình trong thư mục {self.model_dir}; "
                f"tệp {path} nằm ngoài thư mục đó.",
                f"The administrator's policy only allows models from {self.model_dir}; {path} "
                "is outside it.",
                files=[str(path)],
                error=ModelError,
            )

    def allows_index_path(self, path: str | Path) -> bool:
        """Whether a file or folder is inside the allowed folders (symlinks and ".." resolved)."""
        if self.allowed_index_folders is None:
            return True
        resolved = Path(path).expanduser().resolve()
        return any(_inside(resolved, Path(folder)) for folder in self.allowed_index_folders)

    def check_index_path(self, path: str | Path) -> None:
        """Refuse a file or folder outside the allowed folders (symlinks and ".." resolved)."""
        if self.allows_index_path(path):
            return
        resolved = Path(path).expanduser().resolve()
        folders = self.allowed_index_folders or ()
        refuse(
            "index_refused",
            f"Chính sách của quản trị viên không cho lập chỉ mục {resolved}: chỉ được lập chỉ "
            "mục trong các thư mục " + (", ".join(folders) or "(không có thư mục nào)") + ".",
            f"The administrator's policy does not allow indexing {resolved}: only folders "
            + (", ".join(folders) or "(none)")
            + " may be indexed.",
            files=[str(resolved)],
        )

    def check_export(self, target: str | Path) -> None:
        if not self.export_enabled:
            refuse(
                "export_refused",
                "Chính sách của quản trị viên không cho xuất văn bản ra tệp "
                f"({Path(target).name}).",
                f"The administrator's policy does not allow exporting documents "
                f"({Path(target).name}).",
                files=[str(target)],
            )

    def check_import(self, source: str | Path) -> None:
        if not self.allow_model_import:
            refuse(
                "model_import_refused",
                f"Chính sách của quản trị viên không cho thêm mô hình ({Path(source).name}).",
                f"The administrator's policy does not allow adding models ({Path(source).name}).",
                files=[str(source)],
            )

    def check_history(self) -> None:
        if not self.history_enabled:
            raise PolicyError(
                "Quản trị viên đã tắt lưu lịch sử hội thoại trên máy này.",
                "The administrator turned conversation history off on this PC.",
            )


def engine_base_url(url: str) -> str:
    """A server's base URL as TroLy uses it: no trailing "/" and no "/v1" (the API paths are
    added to it, and llama-server's /health, /props and /tokenize live at the root)."""
    base = url.strip().rstrip("/")
    if base.endswith("/v1"):
        base = base[: -len("/v1")]
    return base


def url_target(url: str) -> tuple[str, int] | None:
    """(host, port) an http(s) URL connects to, the scheme's port when none is written."""
    parts = urlsplit(url)
    if not parts.hostname:
        return None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname, port


def _inside(path: Path, folder: Path) -> bool:
    """True when `path`, symlinks and ".." resolved, is `folder` or inside it."""
    resolved = path.expanduser().resolve()
    root = folder.expanduser().resolve()
    return resolved == root or resolved.is_relative_to(root)


def refuse(
    action: str,
    message_vi: str,
    message_en: str,
    files: Iterable[str] = (),
    error: type[TrolyError] | None = None,
) -> NoReturn:
    """Log and audit a refusal, then raise PolicyError (or `error`)."""
    log.warning("Policy refused: %s", message_en)
    from troly.core import audit

    audit.record(audit.POLICY_REFUSED, files=list(files), what=action)
    raise (error or PolicyError)(message_vi, message_en)


# -- schema -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeySpec:
    key: str
    # "bool", "int", "path", "file", "folders", "url", "urls", "name", "mode", "sha256s", "keys",
    # "language"
    kind: str
    minimum: int = 0
    maximum: int = 0


SCHEMA: tuple[KeySpec, ...] = (
    KeySpec("model_dir", "path"),
    KeySpec("allowed_model_sha256", "sha256s"),
    KeySpec("trusted_manifest_keys", "keys"),
    KeySpec("allow_model_import", "bool"),
    KeySpec("allowed_index_folders", "folders"),
    KeySpec("history_enabled", "bool"),
    KeySpec("history_retention_days", "int", 1, 36500),
    KeySpec("export_enabled", "bool"),
    KeySpec("allowed_engine_url", "url"),
    KeySpec("engine_mode", "mode"),
    KeySpec("engine_endpoints", "urls"),
    KeySpec("engine_model", "name"),
    KeySpec("engine_api_key_file", "file"),
    KeySpec("engine_ca_file", "file"),
    KeySpec("engine_context_length", "int", 256, 1_048_576),
    KeySpec("ui_language", "language"),
    KeySpec("max_threads", "int", 1, 256),
)
_BY_KEY = {spec.key: spec for spec in SCHEMA}
ENGINE_MODES = ("local", "remote", "remote-then-local")


def _strings(value: Any, key: str) -> list[str]:
    # The registry hands lists over as REG_MULTI_SZ (a list) or one string with ";" or newlines.
    if isinstance(value, str):
        value = [v for v in value.replace("\n", ";").split(";")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key}: cần một danh sách chuỗi")
    return [v.strip() for v in value if v.strip()]


def _validate(spec: KeySpec, value: Any) -> Any:
    """The value in its Python form; raises ValueError (Vietnamese) when it is not valid."""
    key = spec.key
    if spec.kind == "bool":
        # REG_DWORD 0/1 from Group Policy.
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        raise ValueError(f"{key}: cần true hoặc false")
    if spec.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{key}: cần một số nguyên")
        if not spec.minimum <= value <= spec.maximum:
            raise ValueError(f"{key}: cần trong khoảng {spec.minimum}–{spec.maximum}")
        return value
    if spec.kind in ("path", "file"):
        what = "thư mục" if spec.kind == "path" else "tệp"
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{key}: cần một đường dẫn {what}")
        if not Path(value).expanduser().is_absolute():
            raise ValueError(f"{key}: cần đường dẫn tuyệt đối")
        return value.strip()
    if spec.kind == "folders":
        folders = _strings(value, key)
        for folder in folders:
            if not Path(folder).expanduser().is_absolute():
                raise ValueError(f"{key}: “{folder}” không phải đường dẫn tuyệt đối")
        return tuple(folders)
    if spec.kind == "sha256s":
        hashes = [h.lower() for h in _strings(value, key)]
        for h in hashes:
            if len(h) != 64 or any(c not in "0123456789abcdef" for c in h):
                raise ValueError(f"{key}: “{h}” không phải mã SHA-256 (64 ký tự hex)")
        return tuple(hashes)
    if spec.kind == "keys":
        import base64
        import binascii

        keys = _strings(value, key)
        for k in keys:
            try:
                raw = base64.b64decode(k, validate=True)
            except (binascii.Error, ValueError):
                raw = b""
            if len(raw) != 32:
                raise ValueError(f"{key}: “{k}” không phải khoá công khai Ed25519 (base64)")
        return tuple(keys)
    if spec.kind == "url":
        return _url(key, value)
    if spec.kind == "urls":
        return tuple(dict.fromkeys(_url(key, v) for v in _strings(value, key)))
    if spec.kind == "name":
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{key}: cần tên mô hình (chuỗi khác rỗng)")
        return value.strip()
    if spec.kind == "mode":
        if value not in ENGINE_MODES:
            raise ValueError(f"{key}: cần “local”, “remote” hoặc “remote-then-local”")
        return value
    if spec.kind == "language":
        if value not in ("vi", "en"):
            raise ValueError(f"{key}: cần “vi” hoặc “en”")
        return value
    raise AssertionError(spec.kind)


def _url(key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{key}: cần một địa chỉ http(s)://máy:cổng")
    parts = urlsplit(value.strip())
    try:
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        raise ValueError(f"{key}: cổng không hợp lệ") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{key}: cần một địa chỉ http(s)://máy:cổng")
    if parts.username or parts.password:
        # A key in the URL would be shown and logged: it belongs in engine_api_key_file.
        raise ValueError(f"{key}: không ghi tên đăng nhập, mật khẩu trong địa chỉ")
    return value.strip()


# The most restrictive mode, used when a policy exists but cannot be trusted. Models: only the
# ones whose hash the shipped manifest publishes (filled in by `fail_closed_policy`).
def fail_closed_policy(error_vi: str, error_en: str, known_hashes: Iterable[str] = ()) -> Policy:
    values: dict[str, Any] = {
        "allowed_model_sha256": tuple(sorted(set(known_hashes))),
        "allow_model_import": False,
        "allowed_index_folders": (),
        "history_enabled": False,
        "history_retention_days": None,
        "export_enabled": False,
        "allowed_engine_url": None,
        "engine_mode": "local",
        "engine_endpoints": (),
    }
    return Policy(
        **values,
        sources={key: SOURCE_FAIL_CLOSED for key in values},
        fail_closed=True,
        error_vi=error_vi,
        error_en=error_en,
    )


def _no_hashes() -> tuple[str, ...]:
    return ()


# -- where it comes from ----------------------------------------------------------------------


def _is_installed_build() -> bool:
    """True in the PyInstaller bundle the .deb and .exe ship; False in a source checkout (tests,
    staging), where TROLY_POLICY_FILE is honoured as it is. Tests patch this."""
    return bool(getattr(sys, "frozen", False))


def machine_policy_file() -> Path:
    """Where the administrator's policy file lives on this OS."""
    if sys.platform == "win32":
        program_data = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        return Path(program_data) / "TroLy" / "policy.json"
    return Path("/etc/troly/policy.json")


@dataclass(frozen=True)
class PolicyLocation:
    """The policy file in force. `named`: TROLY_POLICY_FILE chose it, so a missing file fails
    closed (only the machine's own location may be absent, meaning "no policy")."""

    path: Path
    named: bool = False
    warnings: tuple[str, ...] = ()


def locate_policy() -> PolicyLocation:
    """The machine policy file, or the one TROLY_POLICY_FILE names when that may be honoured."""
    override = os.environ.get(ENV_POLICY_FILE)
    machine = machine_policy_file()
    if not override:
        return PolicyLocation(machine)
    path = Path(override).expanduser()
    if not _is_installed_build():
        return PolicyLocation(path, named=True)
    refusal = _override_refusal(path)
    if refusal is None:
        return PolicyLocation(path, named=True)
    warning = f"{ENV_POLICY_FILE}={path} bị bỏ qua: {refusal}; dùng chính sách của máy ({machine})"
    log.warning("Policy: %s", warning)
    return PolicyLocation(machine, warnings=(warning,))


def _override_refusal(path: Path) -> str | None:
    """Why an installed TroLy must not take its policy from `path` (None: it may).

    The file and every folder above it must be an administrator's: owned by root and not
    writable by group or others (a sticky folder such as /tmp may be: only root can rename or
    remove root's entries in it). On Windows ownership is not simple to check, so the override
    is never honoured there: the policy is %ProgramData%\\TroLy\\policy.json and the registry."""
    if sys.platform == "win32":
        return "trên Windows, bản cài đặt chỉ dùng chính sách của máy"
    try:
        real = path.resolve(strict=True)
        info = os.stat(real)
    except (OSError, RuntimeError):
        return "không có tệp này"
    if not stat.S_ISREG(info.st_mode):
        return "không phải tệp thường"
    if info.st_uid != 0 or info.st_mode & 0o022:
        return "tệp không thuộc quản trị viên (root) hoặc người khác ghi được"
    for folder in real.parents:
        try:
            folder_info = os.stat(folder)
        except OSError:
            return f"không đọc được thư mục {folder}"
        sticky = folder_info.st_mode & stat.S_ISVTX
        if folder_info.st_uid != 0 or (folder_info.st_mode & 0o022 and not sticky):
            return f"thư mục {folder} không thuộc quản trị viên hoặc người khác ghi được"
    return None


def policy_file() -> Path:
    """The policy file in force (see `locate_policy`)."""
    return locate_policy().path


def read_registry() -> dict[str, Any]:
    """Values under HKLM\\SOFTWARE\\Policies\\TroLy (Windows only; {} elsewhere)."""
    if sys.platform != "win32":
        return {}
    import winreg

    values: dict[str, Any] = {}
    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, REGISTRY_KEY) as key:
            index = 0
            while True:
                try:
                    name, value, _kind = winreg.EnumValue(key, index)
                except OSError:
                    break
                values[name] = value
                index += 1
    except FileNotFoundError:
        return {}
    return values


def _read_file(path: Path, named: bool) -> dict[str, Any] | None:
    """The file's JSON object; None when the machine's own file does not exist. Raises
    ValueError/OSError (the caller fails closed): a missing file that was named, anything but a
    regular file (a FIFO would block, /dev/zero never end), a file over MAX_POLICY_BYTES."""
    # O_NONBLOCK: opening a FIFO to read would otherwise wait for a writer forever.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        if named:
            raise ValueError("không có tệp này") from None
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("không phải tệp thường")
        if info.st_size > MAX_POLICY_BYTES:
            raise ValueError(f"tệp lớn hơn {MAX_POLICY_BYTES // (1 << 20)} MiB")
        data = handle.read(MAX_POLICY_BYTES + 1)  # bounded even if it grows meanwhile
    if len(data) > MAX_POLICY_BYTES:
        raise ValueError(f"tệp lớn hơn {MAX_POLICY_BYTES // (1 << 20)} MiB")
    raw = json.loads(data.decode("utf-8-sig"))
    if not isinstance(raw, dict):
        raise ValueError("tệp chính sách phải là một đối tượng JSON {…}")
    return raw


def _writable_warnings(path: Path) -> list[str]:
    """Warnings when a user could change the policy in force: writable by this (non-root)
    user, or by group or others."""
    try:
        info = os.stat(path)
    except OSError:
        return []
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if hasattr(os, "geteuid") and not is_root and os.access(path, os.W_OK):
        return [f"tệp chính sách {path} ghi được bởi người dùng này: hãy để chỉ quản trị viên sửa"]
    if sys.platform != "win32" and info.st_mode & 0o022:
        return [f"tệp chính sách {path} ghi được bởi nhóm hoặc người khác: hãy chmod 644"]
    return []


def load_policy(
    path: Path | None = None,
    registry: Mapping[str, Any] | None = None,
    known_hashes: Callable[[], Iterable[str]] = _no_hashes,
    location: PolicyLocation | None = None,
) -> Policy:
    """The effective policy: defaults, then the file, then the registry. Never raises.

    The file: `path` (named, so a missing one fails closed), else `location`, else the one
    `locate_policy()` finds.

    `known_hashes` gives the models a fail-closed policy still allows; the Session passes the
    shipped manifest's (models/ depends on the policy, so the policy does not read the manifest
    itself). Without it a policy that cannot be trusted allows no model."""
    if path is not None:
        location = PolicyLocation(path, named=True)
    location = location or locate_policy()
    path = location.path
    registry = read_registry() if registry is None else registry
    layers: list[tuple[str, Mapping[str, Any]]] = []
    warnings: list[str] = [*location.warnings]
    try:
        raw = _read_file(path, location.named)
        if raw is not None:
            layers.append((str(path), raw))
            warnings += _writable_warnings(path)
    except (OSError, ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        if isinstance(exc, RecursionError):
            detail = "JSON lồng nhau quá sâu"
        elif isinstance(exc, json.JSONDecodeError):
            detail = f"JSON không hợp lệ ở dòng {exc.lineno}, cột {exc.colno}"
        else:
            detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        failed = _failed(
            f"Không đọc được tệp chính sách {path} ({detail}).",
            f"The policy file {path} cannot be read ({detail}).",
            known_hashes,
        )
        return replace(failed, warnings=tuple(warnings))
    if registry:
        layers.append((f"registry:HKLM\\{REGISTRY_KEY}", registry))

    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    problems: list[str] = []
    for origin, layer in layers:
        for key, value in layer.items():
            if key.startswith("_"):
                continue  # comments in the example policy
            spec = _BY_KEY.get(key)
            if spec is None:
                warnings.append(f"{origin}: khoá không biết “{key}” bị bỏ qua")
                continue
            if value is None:
                continue  # null: not set, the default applies
            try:
                values[key] = _validate(spec, value)
            except ValueError as exc:
                problems.append(f"{origin}: {exc}")
                continue
            sources[key] = f"{origin}\\{key}" if origin.startswith("registry") else origin
    for warning in warnings[len(location.warnings) :]:  # locate_policy logged its own
        log.warning("Policy: %s", warning)
    mode = values.get("engine_mode", "local")
    has_endpoints = values.get("engine_endpoints") or values.get("allowed_engine_url")
    if mode != "local" and not has_endpoints:
        problems.append(f"engine_mode “{mode}” cần ít nhất một máy chủ trong engine_endpoints")
    if problems:
        detail = "; ".join(problems)
        failed = _failed(
            f"Chính sách của quản trị viên không hợp lệ: {detail}.",
            f"The administrator's policy is invalid: {detail}.",
            known_hashes,
        )
        return replace(failed, warnings=tuple(warnings))
    policy = Policy(**values, sources=sources, warnings=tuple(warnings))
    if layers:
        log.info("Policy loaded from %s", ", ".join(origin for origin, _ in layers))
    return policy


def _failed(vi: str, en: str, known_hashes: Callable[[], Iterable[str]]) -> Policy:
    vi += (
        " TroLy chạy ở chế độ hạn chế nhất (không lưu lịch sử, không xuất tệp, không lập chỉ "
        "mục, không thêm mô hình, không kết nối mạng). Hãy báo quản trị viên."
    )
    en += (
        " TroLy runs in its most restrictive mode (no history, no export, no indexing, no model "
        "import, no network). Tell your administrator."
    )
    log.error("%s", en)
    return fail_closed_policy(vi, en, known_hashes())


# -- tools ------------------------------------------------------------------------------------


def with_values(policy: Policy, **values: Any) -> Policy:
    """A copy with some values replaced (for tests and tools)."""
    return replace(policy, **values)


__all__ = [
    "LOCKED_TEXT_EN",
    "LOCKED_TEXT_VI",
    "SCHEMA",
    "Policy",
    "PolicyError",
    "PolicyLocation",
    "fail_closed_policy",
    "load_policy",
    "locate_policy",
    "machine_policy_file",
    "policy_file",
]
