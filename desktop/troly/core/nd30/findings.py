"""A departure from Phụ lục I, with the rule it breaks."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Finding:
    """One departure: a stable code, a message for the user, the rule, and where it is."""

    code: str  # e.g. "margin-left", "font", "size-quoc_hieu", "missing-quoc_hieu"
    message_vi: str
    message_en: str
    rule: str  # the Phụ lục I item, quoted
    where: str = ""  # "đoạn 12", "bảng 1, dòng 1, cột 2 (đoạn 3)", "trang"

    def message(self, language: str = "vi") -> str:
        """The message in the user's language ("vi" or "en")."""
        return self.message_en if language == "en" else self.message_vi

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def line(self, language: str = "vi") -> str:
        """One line for a terminal: where, what, and the rule."""
        place = f"[{self.where}] " if self.where else ""
        return f"{place}{self.message(language)} — {self.rule}"
