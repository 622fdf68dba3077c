"""A bar above the pages when the administrator's policy needs the user's attention: a policy
that could not be trusted (TroLy runs in its most restrictive mode) or a warning about it (an
ignored TROLY_POLICY_FILE, a policy file users can write). Hidden when there is nothing to say."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from troly.core.policy import Policy


class PolicyBanner(QLabel):
    def __init__(self, policy: Policy | None, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("policyBanner")
        self.setStyleSheet(
            "#policyBanner { background: #fff4e5; color: #5f3700; border: 1px solid #f0b35a;"
            " border-radius: 4px; padding: 6px 8px; }"
        )
        self.setAccessibleName(self.tr("Administrator's policy"))
        lines = self._lines(policy, language)
        self.setText("\n".join(lines))
        self.setVisible(bool(lines))

    def _lines(self, policy: Policy | None, language: str) -> list[str]:
        if policy is None:
            return []
        lines: list[str] = []
        if policy.fail_closed:
            lines.append(policy.error_en if language == "en" else policy.error_vi)
        # The warnings are written in Vietnamese by the core (the administrator's language).
        lines += [self.tr("Administrator's policy: %1").replace("%1", w) for w in policy.warnings]
        return lines
