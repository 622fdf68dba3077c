"""The place and date line: "Hà Nội, ngày 05 tháng 3 năm 2026" (Phụ lục I, Mục II.4)."""

from __future__ import annotations

import datetime as dt
import re

from troly.core.errors import TrolyError

DATE_LINE_RE = re.compile(
    r"^(?P<place>[^,]*?)\s*(?P<comma>,?)\s*ngày\s+(?P<day>\S+)\s+tháng\s+(?P<month>\S+)\s+"
    r"năm\s+(?P<year>\S+?)\s*$"
)


def format_day(day: int) -> str:
    """Days under 10 take a leading zero: "05"."""
    return f"{day:02d}"


def format_month(month: int) -> str:
    """January and February take a leading zero ("01", "02"); the other months do not ("3")."""
    return f"{month:02d}" if month < 3 else str(month)


def date_text(date: dt.date) -> str:
    """ "ngày 05 tháng 3 năm 2026"."""
    return f"ngày {format_day(date.day)} tháng {format_month(date.month)} năm {date.year}"


def date_line(place: str, date: dt.date) -> str:
    """ "Hà Nội, ngày 05 tháng 3 năm 2026": the place, a comma, then the date written out."""
    return f"{place.strip()}, {date_text(date)}"


def parse_date(text: str) -> dt.date:
    """A date the user typed as YYYY-MM-DD (or DD/MM/YYYY); a TrolyError otherwise."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise TrolyError(
        f"Ngày “{text}” không hợp lệ; hãy ghi theo dạng NNNN-TT-NN, ví dụ 2026-03-05.",
        f"Invalid date “{text}”; use YYYY-MM-DD, e.g. 2026-03-05.",
    )


def date_problems(day: str, month: str, year: str) -> list[str]:
    """What is wrong with the numbers of a written date, in Vietnamese (empty when right)."""
    problems: list[str] = []
    if not (day.isdigit() and month.isdigit() and year.isdigit()):
        return ["ngày, tháng, năm phải viết bằng chữ số Ả Rập"]
    d, m, y = int(day), int(month), int(year)
    try:
        dt.date(y, m, d)
    except ValueError:
        return [f"ngày {day} tháng {month} năm {year} không phải là một ngày có thật"]
    if day != format_day(d):
        problems.append(f"ngày phải ghi “{format_day(d)}” (không phải “{day}”)")
    if month != format_month(m):
        problems.append(f"tháng phải ghi “{format_month(m)}” (không phải “{month}”)")
    if len(year) != 4:
        problems.append("năm phải ghi đủ bốn chữ số")
    return problems
