"""The drafting page's worker: reads the related documents (OCR may take a while) and drafts
the body off the UI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal

from troly.core.engine.base import Engine, GenerationParams
from troly.ui.workers import Worker

if TYPE_CHECKING:
    from troly.core.nd30 import DraftFields
    from troly.core.nd30.types import DocType


class DraftWorker(Worker):
    """Drafts one body with troly.core.tasks.draft.draft_body; `stop()` ends the model's part
    within a token, and the body is still whole (the code's own parts)."""

    pieces = Signal(str)  # what the model writes, as it writes it
    rate = Signal(float)  # tokens per second of the model's part
    drafted = Signal(object)  # DraftResult: the finished body and the facts left to fill
    finished = Signal(object)  # GenerationStats

    def __init__(
        self,
        engine: Engine,
        doc_type: DocType,
        fields: DraftFields,
        brief: str,
        files: list[str],
        params: GenerationParams,
        language: str,
    ) -> None:
        super().__init__(language)
        self.engine = engine
        self.doc_type = doc_type
        self.fields = fields
        self.brief = brief
        self.files = files
        self.params = params

    def work(self) -> None:
        from troly.core.tasks.draft import draft_body, source_texts

        sources = source_texts(self.files)  # an unreadable document: a TrolyError, one message
        result = draft_body(
            self.engine,
            self.doc_type,
            self.fields,
            self.brief,
            self.params,
            self.cancel,
            on_piece=self.pieces.emit,
            sources=sources,
        )
        if result.stats.generated_tokens > 1:
            self.rate.emit(result.stats.tokens_per_second)
        self.drafted.emit(result)
        self.finished.emit(result.stats)
