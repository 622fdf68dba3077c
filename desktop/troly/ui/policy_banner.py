"""A bar above the pages when the administrator's policy needs the user's attention: a policy
that could not be trusted (TroLy runs in its most restrictive mode) or a warning about it (an
ignored TROLY_POLICY_FILE, a policy file users can write). Hidden when there is nothing to say."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

from troly.core.policy import Policy
from troly.ui import theme

# An amber bar readable in either theme: dark text on light amber, light text on dark amber.
_LIGHT_SHEET = (
    "#policyBanner { background: #fff4e5; color: #5f3700; border: 1px solid #f0b35a;"
    " border-radius: 4px; padding: 6px 8px; }"
)
_DARK_SHEET = (
    "#policyBanner { background: #4a3300; color: #ffe2a8; border: 1px solid #a86f00;"
    " border-radius: 4px; padding: 6px 8px; }"
)


class PolicyBanner(QLabel):
    def __init__(self, policy: Policy | None, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("policyBanner")
        self._follow_theme()
        self.setAccessibleName(self.tr("Administrator's policy"))
        lines = self._lines(policy, language)
        self.setText("\n".join(lines))
        self.setVisible(bool(lines))

    def _follow_theme(self) -> None:
        sheet = _DARK_SHEET if theme.colours() is theme.DARK else _LIGHT_SHEET
        if self.styleSheet() != sheet:  # setting it again would come back here
            self.setStyleSheet(sheet)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._follow_theme()

    def _lines(self, policy: Policy | None, language: str) -> list[str]:
        if policy is None:
            return []
        lines: list[str] = []
        if policy.fail_closed:
            lines.append(policy.error_en if language == "en" else policy.error_vi)
        # The warnings are written in Vietnamese by the core (the administrator's language).
        lines += [self.tr("Administrator's policy: %1").replace("%1", w) for w in policy.warnings]
        return lines
