"""Verification of model files before they are ever loaded.

A file is loaded only if it is a whole GGUF file (header read, size matches its tensors) and,
where the manifest knows its name, its SHA-256 matches. Hashing streams the file in large blocks
(a 5 GB file is never read into memory) and its result is cached by (path, size, mtime), so
start-up does not re-hash an unchanged file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from troly.core import policy as policy_module
from troly.core.errors import GenerationCancelled, ModelError
from troly.core.models.gguf import GGUFInfo, read_gguf_info
from troly.core.models.manifest import Manifest, ManifestEntry
from troly.core.policy import Policy

log = logging.getLogger(__name__)

HASH_BLOCK = 8 * 1024 * 1024

# progress(bytes_done, bytes_total)
HashProgress = Callable[[int, int], None]


def sha256_file(
    path: Path,
    progress: HashProgress | None = None,
    cancel: threading.Event | None = None,
) -> str:
    """SHA-256 of a file, read in 8 MiB blocks into one reused buffer."""
    digest = hashlib.sha256()
    total = path.stat().st_size
    done = 0
    buffer = bytearray(HASH_BLOCK)
    view = memoryview(buffer)
    with path.open("rb", buffering=0) as handle:
        while True:
            if cancel is not None and cancel.is_set():
                raise GenerationCancelled()
            n = handle.readinto(buffer)
            if not n:
                break
            digest.update(view[:n])
            done += n
            if progress is not None:
                progress(done, total)
    return digest.hexdigest()


class HashCache:
    """(path, size, mtime_ns) -> sha256, in a small JSON file in the cache folder."""

    def __init__(self, file: Path) -> None:
        self.file = file

    def _load(self) -> dict[str, dict[str, object]]:
        try:
            raw = json.loads(self.file.read_text(encoding="utf-8"))
            return raw if isinstance(raw, dict) else {}
        except (OSError, ValueError):
            return {}

    def get(self, path: Path) -> str | None:
        stat = path.stat()
        entry = self._load().get(str(path))
        if (
            isinstance(entry, dict)
            and entry.get("size") == stat.st_size
            and entry.get("mtime_ns") == stat.st_mtime_ns
        ):
            sha = entry.get("sha256")
            return sha if isinstance(sha, str) else None
        return None

    def put(self, path: Path, sha256: str) -> None:
        stat = path.stat()
        data = self._load()
        data[str(path)] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": sha256}
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(tmp, self.file)


@dataclass(frozen=True)
class VerifiedModel:
    """A model file that passed verification, with what is known about it."""

    path: Path
    sha256: str
    info: GGUFInfo
    entry: ManifestEntry | None  # None: not in the manifest (allowed unless policy says no)

    @property
    def display_name(self) -> str:
        return self.entry.display_name if self.entry else self.info.name


def verify_model(
    path: str | Path,
    manifest: Manifest,
    cache: HashCache | None = None,
    progress: HashProgress | None = None,
    cancel: threading.Event | None = None,
    *,
    policy: Policy,
) -> VerifiedModel:
    """Check a model file completely, and that `policy` (the Session's) allows it. Raises
    ModelError naming the file and what is wrong."""
    path = Path(path).expanduser().resolve()
    if path.is_dir():
        raise ModelError(
            f"{path} là một thư mục, không phải tệp mô hình.", f"{path} is a folder, not a model."
        )
    info = read_gguf_info(path)  # not GGUF, truncated, corrupt: refused here
    restricted = policy.restricts_models()
    # The hash cache is the user's own file: when the policy restricts models it is not trusted.
    sha = cache.get(path) if cache and not restricted else None
    if sha is None:
        sha = sha256_file(path, progress, cancel)
        if cache:
            cache.put(path, sha)
    entry = manifest.by_sha256(sha)
    if entry is None:
        named = manifest.by_file_name(path.name)
        if named is not None and named.sha256 is not None:
            raise ModelError(
                f"Tệp mô hình {path.name} không khớp mã băm SHA-256 trong danh mục: tệp đã bị "
                f"thay đổi hoặc hỏng, không được nạp. (Có {sha[:16]}…, cần {named.sha256[:16]}…)",
                f"Model file {path.name} does not match its manifest SHA-256: it was altered or "
                f"damaged and will not be loaded. (Got {sha[:16]}…, expected {named.sha256[:16]}…)",
            )
        if named is not None:
            entry = named  # known by name, hash not yet published: keep its template and notes
    if restricted:
        check_model_allowed(path, sha, policy)
    log.info("Verified model %s (sha256 %s, in manifest: %s)", path.name, sha[:16], bool(entry))
    return VerifiedModel(path=path, sha256=sha, info=info, entry=entry)


def hash_matches_manifest(model: VerifiedModel) -> bool:
    """True when the manifest lists this exact file by its SHA-256."""
    return model.entry is not None and model.entry.sha256 == model.sha256


# -- the administrator's policy: allowed hashes and signed manifests -----------------------------

SIGNED_MANIFEST = "manifest.json"


def verify_manifest_signature(manifest_file: Path, keys: Sequence[str]) -> None:
    """Check `manifest_file` against its detached Ed25519 signature `<file>.sig` (raw 64 bytes
    or base64) with any of the trusted public keys (base64). Raises ModelError naming the file."""
    import base64
    import binascii

    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    sig_file = manifest_file.with_name(manifest_file.name + ".sig")
    try:
        data = manifest_file.read_bytes()
        raw = sig_file.read_bytes()
    except OSError as exc:
        raise ModelError(
            f"Danh mục mô hình {manifest_file} không có chữ ký hợp lệ ({sig_file.name}: "
            f"{exc.strerror or exc}); không dùng danh mục này.",
            f"The model manifest {manifest_file} has no valid signature ({sig_file.name}: "
            f"{exc.strerror or exc}); it is not used.",
        ) from exc
    if len(raw) != 64:
        try:
            raw = base64.b64decode(raw.strip(), validate=True)
        except (binascii.Error, ValueError):
            raw = b""
    for key in keys:
        try:
            Ed25519PublicKey.from_public_bytes(base64.b64decode(key)).verify(raw, data)
            return
        except (InvalidSignature, ValueError):
            continue
    raise ModelError(
        f"Chữ ký của danh mục mô hình {manifest_file} không khớp khoá tin cậy nào trong chính "
        "sách: danh mục đã bị sửa hoặc không do cơ quan ký; không dùng danh mục này.",
        f"The signature of the model manifest {manifest_file} matches no trusted key of the "
        "policy: it was altered or not signed by the agency; it is not used.",
    )


def signed_hashes(folder: Path, keys: Sequence[str]) -> set[str]:
    """The SHA-256s a signed manifest in `folder` lists (none when there is no manifest)."""
    from troly.core.models.manifest import load_manifest

    manifest_file = folder / SIGNED_MANIFEST
    if not manifest_file.is_file():
        return set()
    verify_manifest_signature(manifest_file, keys)
    return {e.sha256 for e in load_manifest(manifest_file).entries if e.sha256}


def check_model_allowed(path: Path, sha: str, pol: Policy) -> None:
    """Refuse a model the policy does not allow: its hash must be in `allowed_model_sha256` or,
    when trusted manifest keys are set, in a manifest they signed (in the policy's model folder
    or next to the model)."""
    allowed = set(pol.allowed_model_sha256)
    if pol.trusted_manifest_keys:
        folders = {path.parent.resolve()}
        if pol.model_dir:
            folders.add(Path(pol.model_dir).expanduser().resolve())
        for folder in sorted(folders):
            try:
                allowed |= signed_hashes(folder, pol.trusted_manifest_keys)
            except ModelError as exc:
                policy_module.refuse(
                    "manifest_signature", exc.message_vi, exc.message_en, [str(folder)], ModelError
                )
    if sha not in allowed:
        policy_module.refuse(
            "model_not_allowed",
            f"Tệp mô hình {path.name} không nằm trong danh sách mô hình được quản trị viên phê "
            f"duyệt (mã băm SHA-256 {sha[:16]}…): không được nạp.",
            f"The model file {path.name} is not among the models your administrator approved "
            f"(SHA-256 {sha[:16]}…): it will not be loaded.",
            [str(path)],
            ModelError,
        )
