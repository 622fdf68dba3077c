"""The summarizing page: drop or pick files, choose a style, watch progress (sections done of
total, time left) with Cancel, read the result with its sources as links to the page viewer,
export it to DOCX or Markdown, or copy it.

While it runs, the document's outline (found by code before any model call) shows at once, and
each part fills in with its section's points as they are written."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from troly.core.errors import TrolyError
from troly.core.summarize.model import STYLES, OutlineItem, Point, Progress, Summary
from troly.ui import dialogs, numbers
from troly.ui.engine_holder import EngineHolder
from troly.ui.jobs import Job
from troly.ui.summarize_worker import SummarizeWorker
from troly.ui.summary_time import SummaryWords, TimeLeft

if TYPE_CHECKING:
    from troly.core.session import Session

log = logging.getLogger(__name__)

SUFFIXES = (".pdf", ".docx", ".txt", ".md")


class SummarizePage(QWidget):
    """A self-contained page; give it the session and the engine holder."""

    open_source = Signal(str, int, str)  # file path, page, passage to highlight
    exported = Signal(str)
    busy_changed = Signal(bool)
    speed_changed = Signal(float)

    def __init__(
        self, session: Session, engines: EngineHolder, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.engines = engines
        self.language: str = session.settings.language
        self.last_speed: float | None = None
        self._time_left = TimeLeft()
        self.words = SummaryWords(self)
        self.files: list[str] = []
        self.summary: Summary | None = None
        self.outline: list[OutlineItem] = []
        self.section_points: dict[str, list[Point]] = {}  # section tag -> its points so far
        self.job = Job(self, "summarize", engines)
        self.setAcceptDrops(True)
        self._build()
        self.job.busy_changed.connect(self._set_busy)
        self.job.speed_changed.connect(self.speed_changed)
        engines.changed.connect(lambda _engine: self._update_buttons())
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

        self.docx_button = QPushButton(self.tr("Save as a Word file (.docx)…"), self)
        self.md_button = QPushButton(self.tr("Save as a text file (.md)…"), self)
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

    def set_files(self, paths: Sequence[str | Path]) -> None:
        self.files = [str(Path(p).resolve()) for p in paths]
        names = ", ".join(Path(p).name for p in self.files)
        self.files_label.setText(names or self.tr("No file chosen."))
        self._update_buttons()

    def set_style(self, style: str) -> None:
        self.style_combo.setCurrentIndex(self.style_combo.findData(style))

    def is_running(self) -> bool:
        # The job's state, which ends with the worker's last signal, not with its QThread
        # (it may still be winding down then): the buttons must not wait for it.
        return self.job.running()

    def _set_busy(self, busy: bool) -> None:
        self.busy_changed.emit(busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.is_running()
        ready = bool(self.files) and self.engines.engine is not None
        self.start_button.setEnabled(ready and not running)
        self.cancel_button.setEnabled(running)
        self.pick_button.setEnabled(not running)
        self.collection_button.setEnabled(not running)
        has_result = self.summary is not None and not running
        for button in (self.docx_button, self.md_button, self.copy_button):
            button.setEnabled(has_result)

    # -- files ------------------------------------------------------------------------------

    def pick_files(self) -> None:
        paths = dialogs.open_files(self, self.tr("Choose documents to summarize"))
        if paths:
            self.set_files(paths)

    def collection_files(self) -> list[tuple[str, str]]:
        """(collection, path) of every indexed file, to pick from; empty without an index."""
        try:
            store = self.session.open_index()
        except TrolyError as exc:
            self.status_label.setText(exc.message(self.language))
            return []
        try:
            found = []
            for name in store.collections():
                records = store.files(store.collection_id(name))
                found += [(name, p) for p, r in sorted(records.items()) if r.status == "indexed"]
            return found
        finally:
            store.db.close()

    def pick_from_collection(self, choose: Callable[[list[str]], int | None] | None = None) -> None:
        """Choose one indexed file (`choose(labels) -> index or None` replaces the dialog)."""
        files = self.collection_files()
        if not files:
            self.status_label.setText(self.tr("No collection has indexed files yet."))
            return
        labels = [f"{name} — {Path(path).name}" for name, path in files]
        if choose is None:
            index = dialogs.choose_item(
                self, self.tr("From a collection"), self.tr("File to summarize:"), labels
            )
        else:
            index = choose(labels)
        if index is not None:
            self.set_files([files[index][1]])

    @staticmethod
    def _dropped(event: QDragEnterEvent | QDropEvent) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [
            url.toLocalFile()
            for url in mime.urls()
            if url.isLocalFile() and url.toLocalFile().lower().endswith(SUFFIXES)
        ]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped(event) and not self.is_running():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._dropped(event)
        if files and not self.is_running():
            self.set_files(files)
            event.acceptProposedAction()

    # -- running ----------------------------------------------------------------------------

    def start(self) -> None:
        if not self.files or self.is_running():
            return
        files, style = list(self.files), str(self.style_combo.currentData())
        worker = self.job.start_with_engine(
            lambda engine: SummarizeWorker(self.session, engine, files, style, self.language),
            progress=self._progress,
            rate=self._remember_speed,
            finished=self._finished,
            failed=self._failed,
            cancelled=self._cancelled,
        )
        if worker is None:  # no model yet: the last summary stays on screen
            return
        # Reset after the start: what the worker sends is queued to this thread, so it all
        # arrives after this returns.
        self.summary = None
        self.outline, self.section_points = [], {}
        self.result_view.clear()
        self.progress_bar.setRange(0, 0)  # busy until the first report
        self.status_label.setText(self.tr("Reading the documents…"))
        self._time_left = TimeLeft()
        self._update_buttons()  # the summary just cleared: nothing to export

    def cancel(self) -> None:
        if self.job.running():
            self.job.stop()
            self.status_label.setText(self.tr("Stopping…"))

    def _progress(self, step: Progress) -> None:
        if step.outline:
            self.outline = list(step.outline)
        if step.tag and step.points:
            self.section_points[step.tag] = list(step.points)
        if self.outline and (step.outline or step.points):
            self.result_view.setHtml(self.words.outline_html(self.outline, self.section_points))
        self.progress_bar.setRange(0, max(1, step.total))
        self.progress_bar.setValue(step.done)
        text = self.tr("{done} of {total} sections summarized").format(
            done=numbers.integer(step.sections_done), total=numbers.integer(step.sections_total)
        )
        if step.stage in ("merge", "final"):
            text += self.tr("; merging")
        left = self._time_left.update(step)
        if left is not None and step.stage != "done":
            low, high = left
            if high < 60:
                text += self.tr("; about {low}–{high} s left").format(low=low, high=high)
            else:
                text += self.tr("; about {low}–{high} min left").format(
                    low=max(1, round(low / 60)), high=max(1, round(high / 60))
                )
        self.status_label.setText(text)

    def _remember_speed(self, tokens_per_second: float) -> None:
        # The job already sends it on as speed_changed; this is for the status bar's return
        # to this page.
        self.last_speed = tokens_per_second

    def _finished(self, summary: Summary) -> None:
        self.summary = summary
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1)
        self.status_label.setText(self.words.done_message(summary))
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
        # Translated outside the f-strings: lupdate does not see a tr() inside one (that is how
        # "(source: …)" stayed English).
        source_word = html.escape(self.tr("Source"))
        deadlines = html.escape(self.tr("Deadlines in the documents"))
        differ = html.escape(self.tr("Figures that differ between documents"))
        parts = [f"<h3>{html.escape(self.style_names()[summary.style])}</h3><ul>"]
        for i, point in enumerate(summary.points):
            links = self.words.links(f"src:{i}", point)
            title = f"<b>{html.escape(point.title)}</b>: " if point.title else ""
            # As the DOCX export writes it: "(Nguồn: …)".
            parts.append(
                f"<li>{title}{html.escape(point.text)} <small>({source_word}: {links})</small></li>"
            )
        parts.append("</ul>")
        if summary.style == "brief" and summary.deadlines:
            parts.append(f"<h4>{deadlines}</h4><ul>")
            for dl in summary.deadlines:
                parts.append(
                    f"<li>{dl.date}: {html.escape(dl.text)} "
                    f"<small>({html.escape(Path(dl.file).name)}, {dl.page})</small></li>"
                )
            parts.append("</ul>")
        if summary.disagreements:
            parts.append(f"<h4>{differ}</h4><table border='1' cellpadding='3'><tr><th></th>")
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
        """Emit open_source for a "src:point:source" link of the result, or an
        "out:section:point:source" link of the outline while it fills in."""
        try:
            if href.startswith("out:"):
                _, tag, i, j = href.split(":")
                source = self.section_points[tag][int(i)].sources[int(j)]
            elif href.startswith("src:") and self.summary is not None:
                _, i, j = href.split(":")
                source = self.summary.points[int(i)].sources[int(j)]
            else:
                return
        except (ValueError, IndexError, KeyError):
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
            out = export(self.summary, path, policy=self.session.policy)
        except TrolyError as exc:  # the administrator turned export off
            self.status_label.setText(exc.message(self.language))
            return None
        except OSError as exc:
            self.status_label.setText(
                self.tr("Could not save: {error}").format(error=exc.strerror or str(exc))
            )
            return None
        self.status_label.setText(self.tr("Saved {path}").format(path=str(out)))
        self.exported.emit(str(out))
        return out

    def export_dialog(self, kind: str) -> None:
        if self.summary is None:
            return
        stem = Path(self.summary.files[0]).stem if self.summary.files else "tom-tat"
        if kind == "docx":
            caption, pattern = self.tr("Save as a Word file"), self.tr("Word documents (*.docx)")
        else:
            caption, pattern = self.tr("Save as a text file"), self.tr("Text files (*.md)")
        path = dialogs.save_file(self, caption, Path.home() / f"tom-tat-{stem}.{kind}", pattern)
        if path:
            self.export_to(path)

    def stop(self) -> None:
        self.cancel()

    def shutdown(self) -> None:
        self.job.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
