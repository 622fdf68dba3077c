"""A summary made off the UI thread, with progress, the speed of each model call, and Stop."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal

from troly.core.engine.base import Engine
from troly.core.errors import TrolyError
from troly.ui.workers import MeteredEngine, Worker

if TYPE_CHECKING:
    from troly.core.session import Session
    from troly.core.summarize.cache import Cache

log = logging.getLogger(__name__)


class SummarizeWorker(Worker):
    """Runs one summary off the UI thread; the cache connection lives in this thread."""

    progress = Signal(object)  # Progress
    rate = Signal(float)  # tokens per second of the model call just finished
    finished = Signal(object)  # Summary
    cancelled = Signal()

    def __init__(
        self, session: Session, engine: Engine, files: list[str], style: str, language: str = "vi"
    ) -> None:
        super().__init__(language)
        self.session = session
        self.engine = MeteredEngine(engine, self.rate.emit)
        self.files = files
        self.style = style

    def _open_cache(self) -> Cache:
        from troly.core.summarize.cache import MemoryCache, SummaryCache

        try:
            return SummaryCache.open(self.session.paths.database_file)
        except TrolyError as exc:  # no keyring: summarize anyway, just without resuming
            log.warning("Summary cache unavailable: %s", exc.message_en)
            return MemoryCache()

    def work(self) -> None:
        from troly.core.summarize.pipeline import Options, SummaryCancelled, summarize

        cache = self._open_cache()
        try:
            options = self.session.settings.extra.get("summarize", {})
            summary = summarize(
                self.engine,
                self.files,
                self.style,  # type: ignore[arg-type]
                cache,
                self.progress.emit,
                self.cancel,
                Options(**options) if isinstance(options, dict) else None,
            )
        except SummaryCancelled:
            self.cancelled.emit()
            return
        except Exception:
            if self.cancel.is_set():  # a Cancelled from the document reader
                self.cancelled.emit()
                return
            raise
        finally:
            close = getattr(cache, "close", None)
            if close is not None:
                close()
        self.finished.emit(summary)
