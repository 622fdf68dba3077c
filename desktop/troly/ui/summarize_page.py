"""The summarizing page: drop or pick files, choose a style, watch progress (sections done of
total, time left) with Cancel, read the result with its sources as links to the page viewer,
export it to DOCX or Markdown, or copy it."""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from troly.core.errors import TrolyError
from troly.core.summarize.model import STYLES, Progress, Summary
from troly.ui.workers import Worker, WorkerThread, _unexpected

log = logging.getLogger(__name__)

SUFFIXES = (".pdf", ".docx", ".txt", ".md")


class SummarizeWorker(Worker):
    """Runs one summary off the UI thread; the cache connection lives in this thread."""

    progress = Signal(object)  # Progress
    finished = Signal(object)  # Summary
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self, session: Any, engine: Any, files: list[str], style: str, language: str = "vi"
    ) -> None:
        super().__init__(language)
        self.session = session
        self.engine = engine
        self.files = files
        self.style = style

    def _open_cache(self) -> Any:
        from troly.core.summarize.cache import MemoryCache, SummaryCache

        try:
            return SummaryCache.open(self.session.paths.database_file)
        except TrolyError as exc:  # no keyring: summarize anyway, just without resuming
            log.warning("Summary cache unavailable: %s", exc.message_en)
            return MemoryCache()

    def work(self) -> None:
        from troly.core.summarize.pipeline import Options, SummaryCancelled, summarize

        cache = None
        try:
            cache = self._open_cache()
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
        except TrolyError as exc:
            self.failed.emit(exc.message(self.language))
            return
        except Exception as exc:
            if self.cancel.is_set():  # a Cancelled from the document reader
                self.cancelled.emit()
                return
            self.failed.emit(_unexpected(exc))
            return
        finally:
            close = getattr(cache, "close", None)
            if close is not None:
                close()
        self.finished.emit(summary)


class SummarizePage(QWidget):
    """A self-contained page; give it the session, and the shared engine once it is loaded."""

    open_source = Signal(str, int, str)  # file path, page, passage to highlight
    exported = Signal(str)

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.engine: Any = None
        self.files: list[str] = []
        self.summary: Summary | None = None
        self._thread: WorkerThread | None = None
        self._running = False
        self.setAcceptDrops(True)
        self._build()
        self._update_buttons()

    # -- layout -----------------------------------------------------------------------------

    def style_names(self) -> dict[str, str]:
        return {
            "short": self.tr("Short summary (5-7 sentences)"),
            "bullets": self.tr("Key points"),
            "chapters": self.tr("By chapter or article"),
            "brief": self.tr("Brief for a superior"),
        }

    def _build(self) -> None:
        self.pick_button = QPushButton(self.tr("Choose files…"), self)
        self.collection_button = QPushButton(self.tr("From a collection…"), self)
        self.collection_button.setAccessibleName(self.tr("From a collection"))
        self.collection_button.setToolTip(self.tr("Summarize a file already in a collection."))
        self.collection_button.clicked.connect(self.pick_from_collection)
        self.files_label = QLabel(
            self.tr("Drop PDF, DOCX or TXT files here, or choose them."), self
        )
        self.files_label.setWordWrap(True)
        self.style_combo = QComboBox(self)
        names = self.style_names()
        for style in STYLES:
            self.style_combo.addItem(names[style], style)
        self.style_combo.setCurrentIndex(self.style_combo.findData("bullets"))
        self.style_combo.setAccessibleName(self.tr("Summary style"))
        self.start_button = QPushButton(self.tr("Summarize"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        for button in (self.pick_button, self.start_button, self.cancel_button):
            button.setAccessibleName(button.text())
        top = QHBoxLayout()
        top.addWidget(self.pick_button)
        top.addWidget(self.collection_button)
        top.addWidget(self.files_label, 1)
        top.addWidget(QLabel(self.tr("Style"), self))
        top.addWidget(self.style_combo)
        top.addWidget(self.start_button)
        top.addWidget(self.cancel_button)

        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.progress_bar.setAccessibleName(self.tr("Summary progress"))
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.result_view = QTextBrowser(self)
        self.result_view.setOpenLinks(False)
        self.result_view.setAccessibleName(self.tr("Summary"))
        self.result_view.anchorClicked.connect(self._source_clicked)

        self.docx_button = QPushButton(self.tr("Export DOCX…"), self)
        self.md_button = QPushButton(self.tr("Export Markdown…"), self)
        self.copy_button = QPushButton(self.tr("Copy"), self)
        for button in (self.docx_button, self.md_button, self.copy_button):
            button.setAccessibleName(button.text())
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        for button in (self.copy_button, self.md_button, self.docx_button):
            bottom.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addWidget(self.result_view, 1)
        layout.addLayout(bottom)

        self.pick_button.clicked.connect(self.pick_files)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.docx_button.clicked.connect(lambda: self.export_dialog("docx"))
        self.md_button.clicked.connect(lambda: self.export_dialog("md"))
        self.copy_button.clicked.connect(self.copy_text)

    # -- state ------------------------------------------------------------------------------

    def set_engine(self, engine: Any) -> None:
        """The shared engine, once the main window has loaded it."""
        self.engine = engine
        self._update_buttons()

    def set_files(self, paths: Sequence[str | Path]) -> None:
        self.files = [str(Path(p).resolve()) for p in paths]
        names = ", ".join(Path(p).name for p in self.files)
        self.files_label.setText(names or self.tr("No file chosen."))
        self._update_buttons()

    def set_style(self, style: str) -> None:
        self.style_combo.setCurrentIndex(self.style_combo.findData(style))

    def is_running(self) -> bool:
        # Tracked from the worker's own "done", not the QThread: the thread may still be
        # winding down when the last signal arrives, and the buttons must not wait for it.
        return self._running

    def _worker_done(self) -> None:
        self._running = False
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.is_running()
        ready = bool(self.files) and self.engine is not None
        self.start_button.setEnabled(ready and not running)
        self.cancel_button.setEnabled(running)
        self.pick_button.setEnabled(not running)
        self.collection_button.setEnabled(not running)
        has_result = self.summary is not None and not running
        for button in (self.docx_button, self.md_button, self.copy_button):
            button.setEnabled(has_result)

    # -- files ------------------------------------------------------------------------------

    def pick_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Choose documents to summarize"),
            str(Path.home()),
            self.tr("Documents (*.pdf *.docx *.txt *.md)"),
        )
        if paths:
            self.set_files(paths)

    def collection_files(self) -> list[tuple[str, str]]:
        """(collection, path) of every indexed file, to pick from; empty without an index."""
        try:
            store = self.session.open_index()
        except TrolyError as exc:
            self.status_label.setText(exc.message(self.session.settings.language))
            return []
        try:
            found = []
            for name in store.collections():
                records = store.files(store.collection_id(name))
                found += [(name, p) for p, r in sorted(records.items()) if r.status == "indexed"]
            return found
        finally:
            store.db.close()

    def pick_from_collection(self, choose: Any = None) -> None:
        """Choose one indexed file (`choose(labels) -> index or None` replaces the dialog)."""
        files = self.collection_files()
        if not files:
            self.status_label.setText(self.tr("No collection has indexed files yet."))
            return
        labels = [f"{name} — {Path(path).name}" for name, path in files]
        if choose is None:
            label, ok = QInputDialog.getItem(
                self,
                self.tr("From a collection"),
                self.tr("File to summarize:"),
                labels,
                0,
                False,
            )
            index = labels.index(label) if ok else None
        else:
            index = choose(labels)
        if index is not None:
            self.set_files([files[index][1]])

    @staticmethod
    def _dropped(event: Any) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [
            url.toLocalFile()
            for url in mime.urls()
            if url.isLocalFile() and url.toLocalFile().lower().endswith(SUFFIXES)
        ]

    def dragEnterEvent(self, event: Any) -> None:
        if self._dropped(event) and not self.is_running():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: Any) -> None:
        files = self._dropped(event)
        if files and not self.is_running():
            self.set_files(files)
            event.acceptProposedAction()

    # -- running ----------------------------------------------------------------------------

    def start(self) -> None:
        if self.engine is None or not self.files or self.is_running():
            return
        worker = SummarizeWorker(
            self.session,
            self.engine,
            list(self.files),
            str(self.style_combo.currentData()),
            self.session.settings.language,
        )
        worker.progress.connect(self._progress)
        worker.finished.connect(self._finished)
        worker.failed.connect(self._failed)
        worker.cancelled.connect(self._cancelled)
        worker.done.connect(self._worker_done)
        self.summary = None
        self.result_view.clear()
        self.progress_bar.setRange(0, 0)  # busy until the first report
        self.status_label.setText(self.tr("Reading the documents…"))
        self._running = True
        self._thread = WorkerThread(worker, "summarize").start()
        self._update_buttons()

    def cancel(self) -> None:
        if self._thread is not None:
            self._thread.worker.stop()
            self.status_label.setText(self.tr("Stopping…"))

    def _progress(self, step: Progress) -> None:
        self.progress_bar.setRange(0, max(1, step.total))
        self.progress_bar.setValue(step.done)
        text = self.tr("{done} of {total} sections summarized").format(
            done=step.sections_done, total=step.sections_total
        )
        if step.stage in ("merge", "final"):
            text += self.tr("; merging")
        if step.seconds_left is not None and step.stage != "done":
            text += self.tr("; about {seconds} s left").format(seconds=int(step.seconds_left))
        self.status_label.setText(text)

    def _finished(self, summary: Summary) -> None:
        self.summary = summary
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1)
        stats = summary.stats
        self.status_label.setText(
            self.tr("Done in {seconds} s: {sections} sections, {cached} from earlier runs.").format(
                seconds=f"{stats.timings.get('total', 0.0):.0f}",
                sections=len(summary.sections),
                cached=stats.cached_calls,
            )
        )
        self.result_view.setHtml(self.result_html(summary))
        self._update_buttons()

    def _failed(self, message: str) -> None:
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label.setText(message)
        self._update_buttons()

    def _cancelled(self) -> None:
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label.setText(
            self.tr("Stopped. Finished sections are kept: summarizing again resumes from there.")
        )
        self._update_buttons()

    # -- result -----------------------------------------------------------------------------

    def result_html(self, summary: Summary) -> str:
        parts = [f"<h3>{html.escape(self.style_names()[summary.style])}</h3><ul>"]
        for i, point in enumerate(summary.points):
            links = ", ".join(
                f'<a href="src:{i}:{j}">{html.escape(source.label())}</a>'
                for j, source in enumerate(point.sources)
            )
            title = f"<b>{html.escape(point.title)}</b>: " if point.title else ""
            parts.append(
                f"<li>{title}{html.escape(point.text)} <small>({self.tr('source')}: "
                f"{links})</small></li>"
            )
        parts.append("</ul>")
        if summary.style == "brief" and summary.deadlines:
            parts.append(f"<h4>{html.escape(self.tr('Deadlines in the documents'))}</h4><ul>")
            for dl in summary.deadlines:
                parts.append(
                    f"<li>{dl.date}: {html.escape(dl.text)} "
                    f"<small>({html.escape(Path(dl.file).name)}, {dl.page})</small></li>"
                )
            parts.append("</ul>")
        if summary.disagreements:
            parts.append(
                f"<h4>{html.escape(self.tr('Figures that differ between documents'))}</h4>"
                "<table border='1' cellpadding='3'><tr><th></th>"
            )
            parts += [f"<th>{html.escape(Path(f).name)}</th>" for f in summary.files]
            parts.append("</tr>")
            for d in summary.disagreements:
                cells = []
                for f in summary.files:
                    v = next((v for v in d.values if v.file == f), None)
                    cells.append(f"<td>{html.escape(v.value)} ({v.page})</td>" if v else "<td/>")
                parts.append(f"<tr><td>{html.escape(d.label)}</td>{''.join(cells)}</tr>")
            parts.append("</table>")
        return "".join(parts)

    def _source_clicked(self, url: QUrl) -> None:
        self.open_link(url.toString())

    def open_link(self, href: str) -> None:
        """Emit open_source for a "src:point:source" link of the result."""
        if self.summary is None or not href.startswith("src:"):
            return
        try:
            _, i, j = href.split(":")
            source = self.summary.points[int(i)].sources[int(j)]
        except (ValueError, IndexError):
            return
        self.open_source.emit(source.file, source.page, source.passage)

    def plain_text(self) -> str:
        if self.summary is None:
            return ""
        from troly.core.summarize.export import to_markdown

        return to_markdown(self.summary)

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(self.plain_text())
        self.status_label.setText(self.tr("Copied."))

    def export_to(self, path: str | Path) -> Path | None:
        if self.summary is None:
            return None
        from troly.core.summarize.export import export

        try:
            out = export(self.summary, path)
        except OSError as exc:
            self.status_label.setText(self.tr("Could not save: {error}").format(error=str(exc)))
            return None
        self.status_label.setText(self.tr("Saved {path}").format(path=str(out)))
        self.exported.emit(str(out))
        return out

    def export_dialog(self, kind: str) -> None:
        if self.summary is None:
            return
        stem = Path(self.summary.files[0]).stem if self.summary.files else "tom-tat"
        if kind == "docx":
            caption, pattern = self.tr("Export DOCX"), self.tr("Word documents (*.docx)")
        else:
            caption, pattern = self.tr("Export Markdown"), self.tr("Markdown (*.md)")
        path, _ = QFileDialog.getSaveFileName(
            self, caption, str(Path.home() / f"tom-tat-{stem}.{kind}"), pattern
        )
        if path:
            if not path.lower().endswith(f".{kind}"):
                path += f".{kind}"
            self.export_to(path)

    def closeEvent(self, event: Any) -> None:
        if self._thread is not None:
            self._thread.stop()
        super().closeEvent(event)
