"""The consolidation page's worker: reads a folder of units' reports and builds the table off the
UI thread, naming each file as it reads it; Stop ends it between files (or within a page of a
file: the readers check the same flag)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal

from troly.ui.workers import Worker


class ConsolidateWorker(Worker):
    """Runs troly.core.consolidate.pipeline.consolidate_folder once."""

    progress = Signal(int, int, str)  # files done, files in all, the file being read
    finished = Signal(object)  # pipeline.Result
    cancelled = Signal()

    def __init__(self, folder: str | Path, language: str = "vi") -> None:
        super().__init__(language)
        self.folder = Path(folder)

    def work(self) -> None:
        from troly.core.consolidate.pipeline import consolidate_folder
        from troly.core.documents import Cancelled

        try:
            result = consolidate_folder(self.folder, self.progress.emit, self.cancel)
        except Cancelled:
            self.cancelled.emit()
            return
        self.finished.emit(result)
