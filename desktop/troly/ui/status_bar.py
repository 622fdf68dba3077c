"""The status bar: model state, the speed of the shown page's reply, and whether history is
kept."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from troly.core.engine.base import EngineInfo
from troly.ui import numbers, theme

# Model tokens per Vietnamese word (a syllable between spaces): measured with the tokenizers of
# Qwen2.5 (1.22) and Gemma 3 (1.19) on administrative and legal text. Tokens mean nothing to an
# official; words a second do, and an estimate within a few percent is honest with "about".
TOKENS_PER_WORD = 1.2


class StatusBar(QStatusBar):
    """Permanent fields at the right; transient messages at the left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Status bar"))
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Model loading progress"))
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.model_label = QLabel(self)
        self.model_label.setAccessibleName(self.tr("Model status"))
        self.speed_label = QLabel(self)
        self.speed_label.setAccessibleName(self.tr("Speed of the last reply"))
        self.speed_label.hide()
        self.history_label = QLabel(self)
        self.history_label.setAccessibleName(self.tr("History status"))
        self.history_label.hide()
        for label in (self.model_label, self.speed_label, self.history_label):
            label.setContentsMargins(8, 0, 8, 0)
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.history_label)
        self.addPermanentWidget(self.model_label)
        self.addPermanentWidget(self.speed_label)

    def set_loading(self, stage: str, percent: int) -> None:
        if stage == "verify":
            text = self.tr("Checking the model file…")
        else:
            text = self.tr("Loading the model…")
        self.model_label.setText(text)
        self.model_label.setToolTip("")
        theme.tint(self.model_label, None)
        if percent < 0:
            self.progress.setRange(0, 0)  # busy indicator
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(percent)
        self.progress.show()

    def set_engine(self, info: EngineInfo) -> None:
        """Where the model runs (an EngineInfo): the agency's server, or this PC."""
        self.progress.hide()
        self.model_label.setText(self.engine_text(info))
        self.model_label.setToolTip(info.endpoint or "")
        theme.tint(self.model_label, None)

    def engine_text(self, info: EngineInfo) -> str:
        """ "Máy chủ của cơ quan: host · model" or "Trên máy này · model" (translated)."""
        if info.kind == "remote":
            return self.tr("Agency server: {host} · {model}").format(
                host=info.host, model=info.model
            )
        return self.tr("On this PC · {model}").format(model=info.model)

    def set_model_error(self, message: str) -> None:
        self.progress.hide()
        self.model_label.setText(self.tr("Model error (see File > Choose model…)"))
        self.model_label.setToolTip(message)
        theme.tint(self.model_label, "error")

    def set_speed(self, tokens_per_second: float | None) -> None:
        """The speed of the page shown (None: it has not generated anything yet)."""
        if tokens_per_second is None or tokens_per_second <= 0:
            self.speed_label.clear()
            self.speed_label.hide()
            return
        words = tokens_per_second / TOKENS_PER_WORD
        # One decimal while it is slow (a 2-core PC writes 4-8 words a second), whole above 10.
        shown = numbers.decimal(words, 1) if words < 10 else numbers.integer(round(words))
        self.speed_label.setText(self.tr("Writing speed: about {n} words/s").format(n=shown))
        self.speed_label.setToolTip(
            self.tr(
                "How fast the model writes on this page, in words a second (estimated: the "
                "model writes in pieces of words, about {ratio} to a word; exactly {tokens} "
                "pieces a second)."
            ).format(
                ratio=numbers.decimal(TOKENS_PER_WORD, 1),
                tokens=numbers.decimal(tokens_per_second, 1),
            )
        )
        self.speed_label.show()

    def set_history_off(self, message: str) -> None:
        self.history_label.setText(self.tr("History is not saved"))
        self.history_label.setToolTip(message)
        theme.tint(self.history_label, "error")
        self.history_label.show()
