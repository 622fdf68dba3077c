"""How a summary's progress is said: the time left, the outline filling in, the last message.

The time left is the pipeline's own estimate (core/summarize/rates.py): the work still to do
priced at this run's measured seconds per prompt token and per generated token, cached sections
at nothing. It used to be a mean per call times the calls left, which said "2–4 phút" for a part
that took 11 minutes; priced per token it is within ±30% once one section is done. It is shown
as a range a little either side, rounded: the machine is shared and calls vary.

The last message counts the whole work, the cached sections of earlier runs included ("Xong:
4 phần, tổng thời gian 35 phút (lần này 142 giây)"), not only the run that finished.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QObject

from troly.core.summarize.model import OutlineItem, Point, Progress, Summary
from troly.ui import numbers

LOW_MARGIN = 0.85
HIGH_MARGIN = 1.15
ROUND_TO = 5  # seconds


class TimeLeft:
    """Feed it every Progress of one run; it answers (low, high) seconds, or None before the
    first model call of this run has been timed."""

    def update(self, step: Progress) -> tuple[int, int] | None:
        return self.estimate(step)

    def estimate(self, step: Progress) -> tuple[int, int] | None:
        if step.seconds_left is None:
            return None
        left = step.seconds_left
        return _rounded(left * LOW_MARGIN, down=True), _rounded(left * HIGH_MARGIN, down=False)


def _rounded(seconds: float, down: bool) -> int:
    steps = seconds / ROUND_TO
    whole = int(steps) if down else int(-(-steps // 1))
    return max(ROUND_TO, whole * ROUND_TO)


class SummaryWords(QObject):
    """The summary page's wording of durations, the final message and the filling outline."""

    def duration(self, seconds: float) -> str:
        if seconds < 300:  # "142 giây" reads better than "2 phút" up to five minutes
            return self.tr("{seconds} s").format(seconds=numbers.integer(round(seconds)))
        return self.tr("{minutes} min").format(minutes=numbers.integer(round(seconds / 60)))

    def done_message(self, summary: Summary) -> str:
        """The whole work, earlier runs' cached sections included, and this run's share."""
        stats = summary.stats
        this_run = stats.timings.get("total", 0.0)
        return self.tr("Done: {sections} sections, {total} in all ({run} this time).").format(
            sections=numbers.integer(len(summary.sections)),
            total=self.duration(max(stats.work_seconds, this_run)),
            run=self.duration(this_run),
        )

    def links(self, prefix: str, point: Point) -> str:
        if not point.sources:
            return html.escape(self.tr("no passage found that states it"))
        return ", ".join(
            f'<a href="{prefix}:{j}">{html.escape(source.label())}</a>'
            for j, source in enumerate(point.sources)
        )

    def outline_html(
        self, outline: Sequence[OutlineItem], section_points: Mapping[str, Sequence[Point]]
    ) -> str:
        """The outline, each part with the points of its sections written so far."""
        source_word = html.escape(self.tr("Source"))
        waiting = html.escape(self.tr("being summarized…"))
        title = html.escape(self.tr("Outline of the document"))
        parts: list[str] = [f"<h3>{title}</h3>"]
        for top in (item for item in outline if item.level == 0):
            members = [i for i in outline if i.part == top.part and i.level > 0]
            tags = list(dict.fromkeys([top.tag, *(i.tag for i in members)]))
            parts.append(f"<p><b>{html.escape(top.text)}</b> <small>(tr. {top.page})</small></p>")
            if members:
                heads = "; ".join(html.escape(i.text) for i in members)
                parts.append(f"<p><small>{heads}</small></p>")
            written = [(t, k, p) for t in tags for k, p in enumerate(section_points.get(t, []))]
            if not written:
                parts.append(f"<p><i>{waiting}</i></p>")
                continue
            parts.append("<ul>")
            for tag, k, point in written:
                links = self.links(f"out:{tag}:{k}", point)
                parts.append(
                    f"<li>{html.escape(point.text)} <small>({source_word}: {links})</small></li>"
                )
            parts.append("</ul>")
        return "".join(parts)
