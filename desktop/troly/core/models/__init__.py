"""Model files: GGUF metadata, the manifest of known models, verification and import."""

from troly.core.models.gguf import GGUFInfo, read_gguf_info
from troly.core.models.manifest import Manifest, ManifestEntry, load_manifest
from troly.core.models.verify import VerifiedModel, sha256_file, verify_model

__all__ = [
    "GGUFInfo",
    "Manifest",
    "ManifestEntry",
    "VerifiedModel",
    "load_manifest",
    "read_gguf_info",
    "sha256_file",
    "verify_model",
]
