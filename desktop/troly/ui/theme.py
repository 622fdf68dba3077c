"""How the app looks: light or dark (following the desktop unless the user chose), the font size,
and a focus outline that can be seen from across the desk.

Fusion everywhere: it honours a dark palette on every platform (the native Windows styles do
not), and the focus outline is drawn by a proxy over it rather than a style sheet, which would
switch every widget to Qt's style-sheet painter.

Applied live: a new palette and font reach every widget at once (see `refresh`), including the
few that carry a style sheet or a tone, which Qt would otherwise leave in the old look.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionMenuItem,
    QWidget,
)

FOCUS_WIDTH = 2
# Room between a menu item's text and its shortcut, in widths of "M": Fusion leaves none, so
# "Cuộc hội thoại mới" ran into "Ctrl+N".
MENU_SHORTCUT_GAP = 2
_TONE = "trolyTone"  # the dynamic property naming a widget's text colour (see `tint`)
_SIZE_RESOLVED = 0x2  # QFont::SizeResolved (PySide does not expose QFont.ResolveProperties)


@dataclass(frozen=True)
class Colours:
    """Text colours of the transcripts and notes, readable on the theme's background."""

    question: str
    answer: str
    note: str
    error: str
    warning: str


LIGHT = Colours(
    question="#1d4f91", answer="#b3261e", note="#555555", error="#b3261e", warning="#7a4b00"
)
DARK = Colours(
    question="#8ab4f8", answer="#f28b82", note="#b0b0b0", error="#f28b82", warning="#fdd663"
)


def system_is_dark(scheme: Qt.ColorScheme | None = None) -> bool:
    """Whether the desktop asks for dark colours (Qt reads it from the platform)."""
    if scheme is None:
        hints = QGuiApplication.styleHints()
        scheme = hints.colorScheme() if hints is not None else Qt.ColorScheme.Unknown
    return scheme == Qt.ColorScheme.Dark


def is_dark(theme: str, scheme: Qt.ColorScheme | None = None) -> bool:
    return theme == "dark" or (theme == "system" and system_is_dark(scheme))


def colours() -> Colours:
    """The colours for the palette in use now."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return DARK if app.palette().color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT
    return LIGHT


def tint(widget: QWidget, tone: str | None) -> None:
    """Colour a widget's text with one of the Colours ("error", "note", "warning"), kept right
    when the theme changes; None gives it back the palette's own colour."""
    widget.setProperty(_TONE, tone or "")
    _apply_tone(widget)


def tone(widget: QWidget) -> str:
    return str(widget.property(_TONE) or "")


def _apply_tone(widget: QWidget) -> None:
    name = tone(widget)
    if not name:
        widget.setPalette(QPalette())  # nothing of its own: the application's palette
        return
    palette = QPalette()
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(role, QColor(getattr(colours(), name)))
    widget.setPalette(palette)  # only these roles are its own; the rest follow the app


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#2b2b2b"),
        (roles.WindowText, "#e8e8e8"),
        (roles.Base, "#1f1f1f"),
        (roles.AlternateBase, "#2f2f2f"),
        (roles.ToolTipBase, "#3a3a3a"),
        (roles.ToolTipText, "#f0f0f0"),
        (roles.PlaceholderText, "#9a9a9a"),
        (roles.Text, "#e8e8e8"),
        (roles.Button, "#353535"),
        (roles.ButtonText, "#e8e8e8"),
        (roles.BrightText, "#ff6e6e"),
        (roles.Light, "#4a4a4a"),
        (roles.Midlight, "#3e3e3e"),
        (roles.Mid, "#2a2a2a"),
        (roles.Dark, "#191919"),
        (roles.Shadow, "#000000"),
        (roles.Highlight, "#4f8fe8"),
        (roles.HighlightedText, "#ffffff"),
        (roles.Link, "#8ab4f8"),
        (roles.LinkVisited, "#c58af9"),
    ):
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#7a7a7a"))
    return palette


class FocusStyle(QProxyStyle):
    """Fusion, with a 2-pixel outline in the highlight colour around the focused control, and
    a gap between a menu item's text and its shortcut."""

    def sizeFromContents(self, contents, option, size, widget=None):
        result = super().sizeFromContents(contents, option, size, widget)
        if (
            contents == QStyle.ContentsType.CT_MenuItem
            and isinstance(option, QStyleOptionMenuItem)
            and "\t" in option.text  # QMenu passes "text\tshortcut"
        ):
            result.setWidth(
                result.width() + MENU_SHORTCUT_GAP * option.fontMetrics.horizontalAdvance("M")
            )
        return result

    def _outline(self, painter: QPainter | None, rect: QRect, option: QStyleOption) -> None:
        if painter is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(option.palette.color(QPalette.ColorRole.Highlight), FOCUS_WIDTH)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = FOCUS_WIDTH // 2
        painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), 3, 3)
        painter.restore()

    @staticmethod
    def _focused(option: QStyleOption | None, widget: QWidget | None) -> bool:
        if option is None or not option.state & QStyle.StateFlag.State_HasFocus:
            return False
        return widget is None or widget.hasFocus()

    def drawPrimitive(self, element, option, painter, widget=None):
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            self._outline(painter, option.rect, option)
            return
        super().drawPrimitive(element, option, painter, widget)
        if element == QStyle.PrimitiveElement.PE_FrameLineEdit and self._focused(option, widget):
            self._outline(painter, option.rect, option)

    def drawControl(self, element, option, painter, widget=None):
        super().drawControl(element, option, painter, widget)
        if element in (
            QStyle.ControlElement.CE_PushButton,
            QStyle.ControlElement.CE_ShapedFrame,
        ) and self._focused(option, widget):
            self._outline(painter, option.rect, option)

    def drawComplexControl(self, control, option, painter, widget=None):
        super().drawComplexControl(control, option, painter, widget)
        if control in (
            QStyle.ComplexControl.CC_ComboBox,
            QStyle.ComplexControl.CC_SpinBox,
        ) and self._focused(option, widget):
            self._outline(painter, option.rect, option)


def _repaint_focus(old: QWidget | None, new: QWidget | None) -> None:
    for widget in (old, new):
        if widget is not None:
            widget.update()


def apply(
    app: QApplication,
    theme: str = "system",
    font_size: int = 0,
    scheme: Qt.ColorScheme | None = None,
) -> None:
    """Style, palette and font for the whole app (again whenever the settings change, or the
    desktop's `scheme` when it switches)."""
    if not isinstance(app.style(), FocusStyle):
        app.setStyle(FocusStyle("Fusion"))
        # A text box's frame is painted by the box, not its page: repaint both boxes when the
        # focus moves, or the outline would stay where the focus was.
        app.focusChanged.connect(_repaint_focus)
    style = app.style()
    app.setPalette(dark_palette() if is_dark(theme, scheme) else style.standardPalette())
    font = QFont(app.font())
    before = font.pointSizeF()
    default = getattr(app, "_troly_default_point_size", None)
    if default is None:
        default = before if before > 0 else 10.0
        app._troly_default_point_size = default  # type: ignore[attr-defined]
    font.setPointSizeF(float(font_size) if font_size > 0 else default)
    app.setFont(font)
    refresh(app, font.pointSizeF() / before if before > 0 else 1.0)


def refresh(app: QApplication, scale: float = 1.0) -> None:
    """Bring the widgets Qt leaves behind to the application's palette and font now.

    A widget with a style sheet keeps the palette and font it had when the sheet was set (Qt's
    style-sheet style resolves them once): setting the sheet again re-resolves them. A title
    set 1.6 times the text size keeps that proportion (`scale`: new size / old size). A tinted
    widget takes its tone's colour in the new palette.
    """
    for widget in app.allWidgets():
        font = widget.font()
        if scale != 1.0 and font.resolveMask() & _SIZE_RESOLVED:
            font.setPointSizeF(font.pointSizeF() * scale)
            widget.setFont(font)
        if widget.styleSheet():
            widget.setStyleSheet(widget.styleSheet())
        if tone(widget):
            _apply_tone(widget)


def follow_system(app: QApplication, theme: str, font_size: int) -> None:
    """Apply now, and again when the desktop switches between light and dark."""
    apply(app, theme, font_size)
    hints = QGuiApplication.styleHints()
    if hints is None:
        return
    previous = getattr(app, "_troly_scheme_slot", None)
    if previous is not None:
        hints.colorSchemeChanged.disconnect(previous)

    def changed(scheme: Qt.ColorScheme) -> None:
        apply(app, theme, font_size, scheme)

    app._troly_scheme_slot = changed  # type: ignore[attr-defined]
    hints.colorSchemeChanged.connect(changed)
