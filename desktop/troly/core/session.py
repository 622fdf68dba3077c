"""Putting the core together: which model to load, with which settings, and the history store.

Both the CLI and the desktop app start here, so they behave the same.
"""

from __future__ import annotations

import dataclasses
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from troly.core import audit, netguard
from troly.core import policy as policy_module
from troly.core.config import Paths, Settings, load_settings
from troly.core.engine.base import ChatMessage, Engine, GenerationParams
from troly.core.engine.llama import LlamaEngine
from troly.core.errors import EngineError, ModelError, TrolyError
from troly.core.history import HistoryStore
from troly.core.index.store import IndexStore
from troly.core.models.library import (
    default_model_path,
    hash_cache,
    install_default_model,
    model_files,
    system_model,
)
from troly.core.models.manifest import Manifest, load_manifest, manifest_hashes
from troly.core.models.verify import HashProgress, VerifiedModel, verify_model
from troly.core.policy import Policy
from troly.core.retention import purge_at_start, purge_history
from troly.core.vault import open_encrypted_database

if TYPE_CHECKING:
    from troly.core.engine.remote import RemoteEngine

log = logging.getLogger(__name__)

MODEL_ENV = "TROLY_MODEL"
# Where `troly engine set-key` keeps an API key when the policy names no key file.
KEYRING_SERVICE = "TroLy inference server"
KEYRING_USER = "api-key"


class Session:
    """One user's TroLy: paths, settings, manifest; the model and history when asked for."""

    def __init__(self, data_dir: str | Path | None = None, model_path: str | Path | None = None):
        # The administrator's policy first: it decides what the rest may do, and the network
        # guard is in place before anything else runs.
        # The session owns it: what must obey it is given it (open_index, verify, ...).
        self.policy: Policy = policy_module.load_policy(known_hashes=manifest_hashes)
        netguard.install(self.policy.engine_urls())
        self.paths = Paths.resolve(data_dir).ensure()
        if self.policy.model_dir:  # the administrator's folder: never created or chmod-ed here
            self.paths = dataclasses.replace(self.paths, models=Path(self.policy.model_dir))
        audit.configure(self.paths.database_file)
        self.user_settings: Settings = load_settings(self.paths)
        self.settings: Settings = self.policy.apply_to_settings(self.user_settings)
        self.manifest: Manifest = load_manifest()
        # TROLY_MODEL: the same as --model, for a whole environment (the tests run every
        # command on the small test model this way).
        model_path = model_path or os.environ.get(MODEL_ENV) or None
        self.model_override = Path(model_path).expanduser() if model_path else None
        self._engines: list[Engine] = []
        purge_at_start(self.paths, self.policy)

    def model_path(self) -> Path:
        """The model to use: --model (or TROLY_MODEL), else the one chosen in settings, else the
        manifest's preferred models in order (the default instruction model, then the small
        test model): the user's copy, else the machine's verified one in
        /usr/share/troly/models. With none installed, the default's path (verify() assembles it
        from its packages)."""
        if self.model_override:
            return self.model_override
        if self.settings.model_path:
            return Path(self.settings.model_path).expanduser()
        if self.policy.model_dir:  # the administrator's folder, and nothing else
            for entry in self.manifest.preferred:
                if (self.paths.models / entry.file_name).exists():
                    return self.paths.models / entry.file_name
            installed = model_files(self.paths.models)  # the administrator's side-loaded model
            return installed[0] if installed else default_model_path(self.paths, self.manifest)
        cache = hash_cache(self.paths)
        for entry in self.manifest.preferred:
            own = self.paths.models / entry.file_name
            if own.exists():
                return own
            system = system_model(entry, self.manifest, cache, policy=self.policy)
            if system is not None:  # the machine's model (troly-model-*.deb), when it verifies
                log.info("Using the system model %s", system)
                return system
        return default_model_path(self.paths, self.manifest)

    def verify(
        self, path: Path | None = None, progress: HashProgress | None = None
    ) -> VerifiedModel:
        path = path or self.model_path()
        is_default = path == default_model_path(self.paths, self.manifest)
        if is_default and not path.exists():
            return install_default_model(self.paths, self.manifest, policy=self.policy)
        return verify_model(
            path, self.manifest, hash_cache(self.paths), progress, policy=self.policy
        )

    def engine_mode(self) -> str:
        """ "local", "remote" or "remote-then-local", as the policy says (local without servers)."""
        return self.policy.engine_mode if self.policy.uses_remote_engine() else "local"

    def needs_local_model(self) -> bool:
        """Whether the engine may run on this PC (so the model file must be checked)."""
        return self.engine_mode() != "remote"

    def load_engine(
        self, model: VerifiedModel | None = None, progress: HashProgress | None = None
    ) -> Engine:
        """The engine the policy says: this PC's model, the agency's servers, or the servers
        with this PC's model as the fallback. Raises a TrolyError the user can read."""
        mode = self.engine_mode()
        if mode == "local":
            return self.load_local_engine(model, progress)
        remote = self.remote_engine()
        if mode == "remote":
            try:
                remote.discover()
            except TrolyError:
                remote.close()
                raise
            self._engines.append(remote)
            return remote
        from troly.core.engine.fallback import FallbackEngine

        fallback = FallbackEngine(
            remote, lambda: self.load_local_engine(model, progress), self.settings.context_length
        )
        try:
            remote.discover()
        except TrolyError as exc:
            log.warning("The agency's servers are not usable, running locally: %s", exc.message_en)
            fallback.local()  # load it now: it answers until a server is back
        self._engines.append(fallback)
        return fallback

    def remote_engine(self) -> RemoteEngine:
        """The agency's servers the policy names (nothing is connected to yet)."""
        from troly.core.engine.remote import RemoteEngine

        p = self.policy
        return RemoteEngine(
            p.engine_urls(),
            model=p.engine_model,
            api_key=self.engine_api_key(),
            ca_file=p.engine_ca_file,
            context_length=p.engine_context_length,
        )

    def engine_api_key(self) -> str | None:
        """The API key from the file the policy names, else from the user's keyring."""
        path = self.policy.engine_api_key_file
        if path:
            try:
                key = Path(path).read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as exc:
                detail = getattr(exc, "strerror", None) or type(exc).__name__
                raise EngineError(
                    f"Không đọc được tệp khóa API {path} mà chính sách chỉ định ({detail}).",
                    f"The API key file {path} the policy names cannot be read ({detail}).",
                ) from exc
            return key or None
        try:
            import keyring

            return keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
        except Exception as exc:  # no keyring backend: no key (a server that wants one says so)
            log.info("No API key from the keyring: %s", type(exc).__name__)
            return None

    def load_local_engine(
        self, model: VerifiedModel | None = None, progress: HashProgress | None = None
    ) -> LlamaEngine:
        """This PC's model, verified and loaded."""
        model = model or self.verify(progress=progress)
        self.policy.check_model_location(model.path)
        engine = LlamaEngine(
            model,
            n_ctx=self.settings.context_length,
            threads=self.settings.effective_threads(),
            batch_threads=self.settings.effective_batch_threads(),
            burst_threads=self.settings.effective_burst_threads(),
        )
        audit.record(audit.MODEL_LOADED, [model.path], sha256=model.sha256)
        self._engines.append(engine)
        return engine

    def close(self) -> None:
        """Free the engines this session loaded. Left to the interpreter's exit, llama.cpp's
        finalizers run after the modules they need are gone and print a traceback."""
        while self._engines:
            self._engines.pop().close()

    def open_history(self) -> HistoryStore:
        """The conversation history; PolicyError when the administrator turned history off."""
        self.policy.check_history()
        store = HistoryStore(open_encrypted_database(self.paths.database_file))
        purge_history(store.db, self.policy)
        return store

    def open_index(self) -> IndexStore:
        """The search index, in the same encrypted database (its own connection); indexing and
        search through it obey this session's policy."""
        return IndexStore(open_encrypted_database(self.paths.database_file), policy=self.policy)

    def generation_params(self, max_tokens: int | None = None) -> GenerationParams:
        s = self.settings
        return GenerationParams(
            temperature=s.temperature,
            top_p=s.top_p,
            max_tokens=max_tokens or s.max_tokens,
        )

    def system_messages(self) -> list[ChatMessage]:
        prompt = self.settings.system_prompt.strip()
        return [ChatMessage("system", prompt)] if prompt else []


class _ConsoleHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time: tests and GUIs replace it, and a handler
    holding the old one would write to a closed file."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def setup_logging(paths: Paths, console_level: int = logging.WARNING) -> None:
    """Log to a rotating file in the logs folder, and warnings to stderr."""
    root = logging.getLogger()
    if getattr(root, "_troly_configured", False):
        return
    root.setLevel(logging.INFO)
    file_handler = logging.handlers.RotatingFileHandler(
        paths.logs / "troly.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(file_handler)
    console = _ConsoleHandler()
    console.setLevel(console_level)
    console.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root.addHandler(console)
    root._troly_configured = True  # type: ignore[attr-defined]


__all__ = ["ModelError", "Session", "setup_logging"]
