"""Light and dark: follow the system's colour scheme, or a setting that overrides it.

The Fusion style looks the same on every platform and takes any palette, so
the palettes here are all a theme needs; widgets draw with palette roles and
never hard-code colours (the LED's four states are the exception: they mean
something).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

ColorScheme = Qt.ColorScheme

# The scheme the app was asked for; "system" follows QStyleHints.colorScheme.
_choice = "system"
_following = False


def system_scheme() -> ColorScheme:
    return QGuiApplication.styleHints().colorScheme()


def effective_scheme(choice: str | None = None) -> ColorScheme:
    choice = _choice if choice is None else choice
    if choice == "dark":
        return ColorScheme.Dark
    if choice == "light":
        return ColorScheme.Light
    return ColorScheme.Dark if system_scheme() == ColorScheme.Dark else ColorScheme.Light


def is_dark() -> bool:
    return effective_scheme() == ColorScheme.Dark


def dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor("#2b2d30"), QColor("#1e1f22"), QColor("#dfe1e5")
    disabled = QColor("#7a7e85")
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor("#26282b"),
        QPalette.ColorRole.ToolTipBase: QColor("#3c3f41"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: disabled,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor("#393b40"),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ff6b68"),
        QPalette.ColorRole.Link: QColor("#589df6"),
        QPalette.ColorRole.Highlight: QColor("#2f65ca"),
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Light: QColor("#4e5157"),
        QPalette.ColorRole.Midlight: QColor("#43454a"),
        QPalette.ColorRole.Mid: QColor("#35373b"),
        QPalette.ColorRole.Dark: QColor("#1a1b1e"),
        QPalette.ColorRole.Shadow: QColor("#111214"),
    }
    for role, color in roles.items():
        p.setColor(role, color)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def light_palette() -> QPalette:
    style = QApplication.style()
    return style.standardPalette() if style is not None else QPalette()


def apply_theme(app: QApplication, choice: str = "system") -> ColorScheme:
    """Set Fusion and the palette for `choice` ("system", "light" or "dark")."""
    global _choice, _following
    _choice = choice if choice in ("light", "dark") else "system"
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    if not _following:
        # When the desktop switches between light and dark, follow it live.
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: _reapply(app))
        _following = True
    return _reapply(app)


def _reapply(app: QApplication) -> ColorScheme:
    scheme = effective_scheme()
    app.setPalette(dark_palette() if scheme == ColorScheme.Dark else light_palette())
    return scheme
