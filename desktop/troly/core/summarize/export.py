"""Writing a summary out: Markdown, or DOCX in Times New Roman with a heading that names the
source file(s) and the date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from troly.core import audit
from troly.core.atomic_write import write_atomically
from troly.core.policy import Policy
from troly.core.summarize.model import STYLE_NAMES_VI, Point, Summary

FONT = "Times New Roman"


def _sources(point: Point) -> str:
    # A point whose citation the check dropped says so rather than show an empty source.
    return "; ".join(s.label() for s in point.sources) or "chưa tìm thấy đoạn nào nêu ý này"


def title_line(summary: Summary) -> str:
    names = ", ".join(Path(f).name for f in summary.files)
    return f"Tóm tắt: {names}"


def to_markdown(summary: Summary, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    lines = [
        f"# {title_line(summary)}",
        "",
        f"*{STYLE_NAMES_VI[summary.style]} — ngày {today:%d/%m/%Y}*",
        "",
    ]
    for point in summary.points:
        head = f"**{point.title}**: " if point.title else ""
        lines.append(f"- {head}{point.text} (Nguồn: {_sources(point)})")
    if summary.deadlines and summary.style == "brief":
        lines += ["", "## Thời hạn trong văn bản", ""]
        for dl in summary.deadlines:
            lines.append(f"- {dl.date}: {dl.text} ({Path(dl.file).name}, tr. {dl.page})")
    if summary.disagreements:
        names = [Path(f).name for f in summary.files]
        lines += ["", "## Số liệu khác nhau giữa các văn bản", ""]
        lines.append("| Chỉ tiêu | " + " | ".join(names) + " |")
        lines.append("|---" * (len(names) + 1) + "|")
        for d in summary.disagreements:
            cells = []
            for f in summary.files:
                v = next((v for v in d.values if v.file == f), None)
                cells.append(f"{v.value} (tr. {v.page})" if v else "")
            lines.append(f"| {d.label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _font(run: object) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = FONT  # type: ignore[attr-defined]
    run.font.size = Pt(13)  # type: ignore[attr-defined]
    rpr = run._element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def to_docx(summary: Summary, path: str | Path, today: dt.date | None = None) -> Path:
    """Write the summary as a DOCX; every run in Times New Roman (all font slots)."""
    from docx import Document as Docx

    today = today or dt.date.today()
    path = Path(path)
    doc = Docx()
    for style_name in ("Normal", "Heading 1", "Heading 2", "List Bullet"):
        style = doc.styles[style_name]
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        from docx.oxml.ns import qn

        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), FONT)

    heading = doc.add_heading(level=1)
    _font(heading.add_run(title_line(summary)))
    sub = doc.add_paragraph()
    _font(sub.add_run(f"{STYLE_NAMES_VI[summary.style]} — ngày {today:%d/%m/%Y}"))
    for point in summary.points:
        para = doc.add_paragraph(style="List Bullet")
        if point.title:
            run = para.add_run(f"{point.title}: ")
            run.bold = True
            _font(run)
        _font(para.add_run(point.text))
        src = para.add_run(f" (Nguồn: {_sources(point)})")
        src.italic = True
        _font(src)
    if summary.deadlines and summary.style == "brief":
        _font(doc.add_heading(level=2).add_run("Thời hạn trong văn bản"))
        for dl in summary.deadlines:
            line = f"{dl.date}: {dl.text} ({Path(dl.file).name}, tr. {dl.page})"
            _font(doc.add_paragraph(style="List Bullet").add_run(line))
    if summary.disagreements:
        _font(doc.add_heading(level=2).add_run("Số liệu khác nhau giữa các văn bản"))
        table = doc.add_table(rows=1, cols=len(summary.files) + 1)
        table.style = "Table Grid"
        header = ["Chỉ tiêu", *(Path(f).name for f in summary.files)]
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            _font(cell.paragraphs[0].add_run(text))
        for d in summary.disagreements:
            cells = table.add_row().cells
            _font(cells[0].paragraphs[0].add_run(d.label))
            for i, f in enumerate(summary.files, 1):
                v = next((v for v in d.values if v.file == f), None)
                if v:
                    _font(cells[i].paragraphs[0].add_run(f"{v.value} (tr. {v.page})"))
    return write_atomically(path, doc.save)


def export(summary: Summary, path: str | Path, *, policy: Policy) -> Path:
    """DOCX or Markdown, chosen by the file's extension (.docx, else Markdown). Refused when
    `policy` (the Session's) turns export off."""
    path = Path(path).expanduser()
    policy.check_export(path)
    if path.suffix.lower() == ".docx":
        to_docx(summary, path)
    else:
        text = to_markdown(summary).encode("utf-8")
        write_atomically(path, lambda handle: handle.write(text))
    audit.record(audit.DRAFT_EXPORTED, [str(path)], kind="summary")
    return path
