"""Numbers as the user's language writes them: "32.768 token", "1,5 GB" in Vietnamese.

The app sets QLocale's default to the interface language at start-up (see app.py)."""

from __future__ import annotations

from PySide6.QtCore import QLocale


def integer(n: int) -> str:
    return QLocale().toString(int(n))


def decimal(x: float, places: int = 1) -> str:
    return QLocale().toString(float(x), "f", places)


def size(n: int) -> str:
    """Sizes as people read them: 253,1 MB, 4,6 GB (decimal units, as file managers show)."""
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{integer(round(value))} {unit}" if unit == "B" else f"{decimal(value)} {unit}"
        value /= 1000
    return f"{decimal(value)} TB"
