"""A dismissible strip at the top of a window for sentences a user can act on.

Errors (port in use, refused, host not found, server went away) land here as
words, in the window, instead of in a dialog that blocks or a traceback.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

ERROR, INFO = "error", "info"
_COLORS = {
    ERROR: ("#fce8e6", "#5c1a16", "#4a1f1d", "#f6d3cf"),  # light bg, light fg, dark bg, dark fg
    INFO: ("#e8f0fe", "#174ea6", "#1c2b45", "#c6dafc"),
}


class MessageBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message_banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # sentences may quote a host name
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAccessibleName(self.tr("Dismiss message"))
        self.close_button.clicked.connect(self.clear)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.kind = ""
        self.hide()

    def text(self) -> str:
        parent = self.parentWidget()
        shown = self.isVisibleTo(parent) if parent is not None else not self.isHidden()
        return self.label.text() if shown else ""

    def show_error(self, sentence: str) -> None:
        self._show(ERROR, sentence)

    def show_info(self, sentence: str) -> None:
        self._show(INFO, sentence)

    def clear(self) -> None:
        self.kind = ""
        self.label.clear()
        self.hide()

    def _show(self, kind: str, sentence: str) -> None:
        self.kind = kind
        light_bg, light_fg, dark_bg, dark_fg = _COLORS[kind]
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(dark_bg if dark else light_bg))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(dark_fg if dark else light_fg))
        self.setPalette(palette)
        self.label.setText(sentence)
        self.setAccessibleDescription(sentence)
        self.show()
