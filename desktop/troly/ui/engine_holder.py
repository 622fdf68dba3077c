"""The one engine the pages share, and who is using it.

The holder loads the engine (verify, then load, on a worker thread), owns it, and tells every
page when it changes (`changed`) and when it is in use (`busy_changed`). A page that generates
takes the engine with `claim(page)` and gives it back with `release(page)`; a reload asked for
meanwhile (a new model, new settings) waits until the last page has given it back, so no reply
loses its engine mid-sentence.

Any object that implements troly.core.engine.base.Engine can be held: the embedded llama.cpp
engine or the agency's servers (RemoteEngine). Where it runs is the engine's own `info`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from troly.core.engine.base import Engine
from troly.ui.workers import ModelLoader, WorkerThread

if TYPE_CHECKING:
    from troly.core.models.verify import VerifiedModel
    from troly.core.session import Session

log = logging.getLogger(__name__)


class EngineHolder(QObject):
    """Owns the shared engine. `load()` once the window is shown; `shutdown()` at the end."""

    changed = Signal(object)  # the Engine, or None while (re)loading or after a failure
    busy_changed = Signal(bool)  # a page is generating with the engine
    loading = Signal(str, int)  # stage ("verify" or "load"), percent (-1: unknown)
    failed = Signal(str)  # why the model could not be loaded

    def __init__(self, session: Session, language: str = "vi", parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.language = language
        self.engine: Engine | None = None
        self.model: VerifiedModel | None = None  # the engine's model (or the one loading)
        self.error: str | None = None
        self._users: set[int] = set()
        self._loader: WorkerThread | None = None
        self._reload_pending = False
        self._closed = False
        self._owned = True  # close the engine when it is replaced or at shutdown

    # -- using it ---------------------------------------------------------------------------

    def busy(self) -> bool:
        return bool(self._users)

    def loading_now(self) -> bool:
        return self._loader is not None

    def claim(self, user: object) -> Engine | None:
        """The engine for `user` to generate with (None when there is none); marks it busy."""
        if self.engine is None or self._closed:
            return None
        was_busy = self.busy()
        self._users.add(id(user))
        if not was_busy:
            self.busy_changed.emit(True)
        return self.engine

    def release(self, user: object) -> None:
        """`user` has finished generating; a reload asked for meanwhile starts now."""
        if id(user) not in self._users:
            return
        self._users.discard(id(user))
        if self.busy():
            return
        self.busy_changed.emit(False)
        if self._reload_pending and not self._closed:
            self._reload_pending = False
            self.load(self.model)

    # -- loading ----------------------------------------------------------------------------

    def load(self, model: VerifiedModel | None = None) -> None:
        """(Re)load in the background; `model` is an already verified file (else the session's
        choice is verified first). Deferred while a page is generating."""
        if self._closed:
            return
        if self.busy():
            self._reload_pending = True
            if model is not None:
                self.model = model
            return
        if self._loader is not None:
            self._loader.worker.stop()  # it closes what it loads; joined at shutdown
        self._drop_engine()
        self.error = None
        self.loading.emit("verify" if model is None else "load", -1)
        worker = ModelLoader(self.session, model, self.language)
        worker.progress.connect(self._progress)
        worker.verified.connect(self._verified)
        worker.loaded.connect(self._loaded)
        worker.failed.connect(self._failed)
        self._loader = WorkerThread(worker, "ModelLoader").start()

    def use(self, engine: Engine, owned: bool = True) -> None:
        """Hold an engine made elsewhere (a test's shared one: `owned=False`, never closed)."""
        if self._loader is not None:
            self._loader.worker.stop()
            self._loader = None
        self._drop_engine()
        self._owned = owned
        self.error = None
        self.engine = engine
        self.changed.emit(engine)

    def reload(self) -> None:
        """Load the same model again (new context length or threads)."""
        self.load(self.model)

    def _drop_engine(self) -> None:
        if self.engine is not None:
            if self._owned:
                self.engine.close()
            self.engine = None
            self.changed.emit(None)

    def _current(self) -> bool:
        return self._loader is not None and self.sender() is self._loader.worker

    def _progress(self, stage: str, percent: int) -> None:
        if self._current():
            self.loading.emit(stage, percent)

    def _verified(self, model: VerifiedModel) -> None:
        if self._current():
            self.model = model

    def _loaded(self, engine: Engine) -> None:
        if self._closed or not self._current():
            engine.close()
            return
        self._loader = None
        self._owned = True
        self.engine = engine
        self.changed.emit(engine)

    def _failed(self, message: str) -> None:
        if self._closed or not self._current():
            return
        self._loader = None
        self.error = message
        log.warning("The model could not be loaded: %s", message)
        self.failed.emit(message)

    # -- closing ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop a load in progress, join its thread, close the engine."""
        if self._closed:
            return
        self._closed = True
        if self._loader is not None:
            self._loader.stop()
            self._loader = None
        if self.engine is not None and self._owned:
            self.engine.close()
        self.engine = None
