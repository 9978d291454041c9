"""A small LED that says whether the other side is alive, with the round trip in its tooltip.

The heartbeat decides the state; this widget only shows it: grey (not
connected), green (alive), amber (a heartbeat is late), red (dead). The
colours are fixed in both themes because they carry meaning; the tooltip and
the accessible description carry the same meaning in words.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget


class LedState(enum.Enum):
    OFF = "off"
    ALIVE = "alive"
    LATE = "late"
    DEAD = "dead"


LED_COLORS = {
    LedState.OFF: QColor("#9aa0a6"),
    LedState.ALIVE: QColor("#34a853"),
    LedState.LATE: QColor("#f9ab00"),
    LedState.DEAD: QColor("#ea4335"),
}


def paint_led(painter: QPainter, rect: QRectF, state: LedState) -> None:
    """The lamp: a coloured disc with a highlight, so it reads as a light."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = LED_COLORS[state]
    d = rect.width()
    painter.setPen(QPen(color.darker(140), 1))
    painter.setBrush(color)
    painter.drawEllipse(rect)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 90))
    painter.drawEllipse(rect.adjusted(d * 0.2, d * 0.12, -d * 0.35, -d * 0.45))
    painter.restore()


_icons: dict[tuple[LedState, int], QIcon] = {}


def led_icon(state: LedState, diameter: int = 12) -> QIcon:
    """The same lamp as an icon, for table cells (made once per state and size)."""
    key = (state, diameter)
    if key not in _icons:
        scale = 2  # sharp on high-density screens too
        side = (diameter + 2) * scale
        pixmap = QPixmap(side, side)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        d = float(diameter * scale)
        paint_led(painter, QRectF((side - d) / 2, (side - d) / 2, d, d), state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        _icons[key] = QIcon(pixmap)
    return _icons[key]


class KeepaliveLed(QWidget):
    def __init__(self, parent: QWidget | None = None, diameter: int = 12) -> None:
        super().__init__(parent)
        self._diameter = diameter
        self._state = LedState.OFF
        self._rtt_ms: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Connection liveness"))
        self._update_text()

    @property
    def state(self) -> LedState:
        return self._state

    @property
    def rtt_ms(self) -> float | None:
        return self._rtt_ms

    def set_state(self, state: LedState) -> None:
        if state is self._state:
            return
        self._state = state
        if state is LedState.OFF:
            self._rtt_ms = None
        self._update_text()
        self.update()

    def set_rtt(self, ms: float | None) -> None:
        self._rtt_ms = ms
        self._update_text()

    def state_text(self) -> str:
        return {
            LedState.OFF: self.tr("Not connected"),
            LedState.ALIVE: self.tr("Alive"),
            LedState.LATE: self.tr("Late: a heartbeat is overdue"),
            LedState.DEAD: self.tr("Dead: no answer from the other side"),
        }[self._state]

    def _update_text(self) -> None:
        text = self.state_text()
        if self._rtt_ms is not None and self._state is not LedState.OFF:
            text += "\n" + self.tr("Round trip: %1 ms").replace("%1", f"{self._rtt_ms:.1f}")
        self.setToolTip(text)
        self.setAccessibleDescription(text)

    def sizeHint(self) -> QSize:
        return QSize(self._diameter + 4, self._diameter + 4)

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        d = float(self._diameter)
        rect = QRectF((self.width() - d) / 2, (self.height() - d) / 2, d, d)
        paint_led(painter, rect, self._state)
