"""A two-lane sequence diagram: client on the left, server on the right, time downwards.

Each event of a lab (lab/lane_events.py) takes one row, its time since the
lab started written in the margin: calls and notes beside their lane, kernel
states as boxes on the lane, segments as arrows slanting down to the other
lane. Rows, not a time scale: a handshake takes microseconds and TIME_WAIT a
minute, and both must be readable on one slide. The widget grows to hold every
row, so grab() and render() (PNG, SVG) give the whole diagram.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ...lab.lane_events import CLIENT, EventKind, LaneEvent

ROW_HEIGHT = 24
HEADER_HEIGHT = 34
TIME_COLUMN = 70
MAX_ROWS = 2000  # the oldest rows go first: a flood of reads must not grow it forever
MARGIN = 10

# Colours carry the state's family in both themes: opening, open, closing, waiting, gone.
STATE_COLORS = {
    "LISTEN": "#5f6368", "SYN_SENT": "#f9ab00", "SYN_RECV": "#f9ab00",
    "ESTABLISHED": "#34a853", "FIN_WAIT1": "#4285f4", "FIN_WAIT2": "#4285f4",
    "CLOSE_WAIT": "#4285f4", "LAST_ACK": "#4285f4", "CLOSING": "#4285f4",
    "TIME_WAIT": "#a142f4", "CLOSED": "#9aa0a6",
}
SEGMENT_COLORS = {"RST": "#ea4335", "FIN": "#4285f4", "SYN": "#f9ab00"}


def state_color(text: str) -> QColor:
    return QColor(STATE_COLORS.get(text.split(" ")[0], "#5f6368"))


def segment_color(text: str, fallback: QColor) -> QColor:
    for prefix, color in SEGMENT_COLORS.items():
        if text.startswith(prefix):
            return QColor(color)
    return fallback


class SequenceDiagram(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._events: list[LaneEvent] = []
        self._titles = (self.tr("Client"), self.tr("Server"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAutoFillBackground(True)
        self.setMinimumWidth(480)
        self.setAccessibleName(self.tr("Sequence diagram of the connection"))
        self._resize_to_rows()

    @property
    def events(self) -> list[LaneEvent]:
        return list(self._events)

    def set_lane_titles(self, client: str, server: str) -> None:
        self._titles = (client, server)
        self.update()

    def add_event(self, event: LaneEvent) -> None:
        self._events.append(event)
        del self._events[:-MAX_ROWS]
        self._resize_to_rows()
        self.update()

    def clear(self) -> None:
        self._events.clear()
        self._resize_to_rows()
        self.update()

    def content_height(self) -> int:
        return HEADER_HEIGHT + ROW_HEIGHT * (len(self._events) + 1)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(640, self.content_height())

    def _resize_to_rows(self) -> None:
        self.setMinimumHeight(self.content_height())
        self.updateGeometry()

    def event_at(self, y: float) -> LaneEvent | None:
        row = int((y - HEADER_HEIGHT) // ROW_HEIGHT)
        return self._events[row] if y >= HEADER_HEIGHT and row < len(self._events) else None

    def event(self, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.ToolTip:  # a row's whole text, where it was elided
            found = self.event_at(event.pos().y())
            if found is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), f"{found.t:.3f} s  {found.text}", self)
            return True
        return super().event(event)

    def lane_x(self, end: str) -> float:
        usable = self.width() - TIME_COLUMN - 2 * MARGIN
        share = 0.36 if end == CLIENT else 0.64
        return TIME_COLUMN + MARGIN + usable * share

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        text = self.palette().color(QPalette.ColorRole.Text)
        self._paint_lanes(painter, text)
        for row, event in enumerate(self._events):
            top = HEADER_HEIGHT + row * ROW_HEIGHT
            painter.setPen(QPen(text.lighter(160) if text.lightness() < 128 else text.darker(160)))
            painter.setFont(self._font(mono=True, smaller=True))
            painter.drawText(QRectF(MARGIN, top, TIME_COLUMN - 4, ROW_HEIGHT),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             f"{event.t:7.3f} s")
            if event.kind is EventKind.SEGMENT:
                self._paint_segment(painter, event, top, text)
            elif event.kind is EventKind.STATE:
                self._paint_state(painter, event, top)
            else:
                self._paint_beside(painter, event, top, text)
        painter.end()

    def _font(self, mono: bool = False, smaller: bool = False, italic: bool = False) -> QFont:
        font = QFont(self.font())
        if mono:
            font.setFamily("monospace")
            font.setStyleHint(QFont.StyleHint.Monospace)
        if smaller:
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        font.setItalic(italic)
        return font

    def _paint_lanes(self, painter: QPainter, text: QColor) -> None:
        bold = self._font()
        bold.setBold(True)
        painter.setFont(bold)
        bottom = self.height() - MARGIN
        for end, title in zip((CLIENT, "server"), self._titles, strict=True):
            x = self.lane_x(end)
            painter.setPen(text)
            painter.drawText(QRectF(x - 100, 4, 200, HEADER_HEIGHT - 8),
                             Qt.AlignmentFlag.AlignCenter, title)
            painter.setPen(QPen(text, 2))
            painter.drawLine(QPointF(x, HEADER_HEIGHT), QPointF(x, bottom))

    def _paint_state(self, painter: QPainter, event: LaneEvent, top: float) -> None:
        x = self.lane_x(event.end)
        painter.setFont(self._font(mono=True, smaller=True))
        width = painter.fontMetrics().horizontalAdvance(event.text) + 14
        box = QRectF(x - width / 2, top + 3, width, ROW_HEIGHT - 6)
        color = state_color(event.text)
        painter.setPen(QPen(color.darker(130), 1))
        painter.setBrush(color)
        painter.drawRoundedRect(box, 5, 5)
        painter.setPen(QColor("white"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, event.text)

    def _paint_segment(self, painter: QPainter, event: LaneEvent, top: float,
                       text: QColor) -> None:
        start_x = self.lane_x(event.end)
        end_x = self.lane_x("server" if event.end == CLIENT else CLIENT)
        start, end = QPointF(start_x, top + 4), QPointF(end_x, top + ROW_HEIGHT - 4)
        color = segment_color(event.text, text)
        painter.setPen(QPen(color, 2))
        painter.drawLine(start, end)
        direction = 1 if end_x > start_x else -1
        head = QPolygonF([end, QPointF(end.x() - 10 * direction, end.y() - 6),
                          QPointF(end.x() - 9 * direction, end.y() + 3)])
        painter.setBrush(color)
        painter.drawPolygon(head)
        painter.setFont(self._font(smaller=True))
        middle = (start_x + end_x) / 2
        label = QRectF(middle - 120, top - 2, 240, ROW_HEIGHT / 2 + 2)
        painter.setPen(color)
        painter.drawText(label, Qt.AlignmentFlag.AlignCenter, event.text)

    def _paint_beside(self, painter: QPainter, event: LaneEvent, top: float,
                      text: QColor) -> None:
        x = self.lane_x(event.end)
        note = event.kind is EventKind.NOTE
        painter.setFont(self._font(mono=not note, smaller=True, italic=note))
        painter.setPen(text)
        room = x - TIME_COLUMN - MARGIN - 8 if event.end == CLIENT else self.width() - x - 12
        if event.end == CLIENT:
            rect = QRectF(x - 8 - room, top, room, ROW_HEIGHT)
            align = Qt.AlignmentFlag.AlignRight
        else:
            rect = QRectF(x + 8, top, room, ROW_HEIGHT)
            align = Qt.AlignmentFlag.AlignLeft
        elided = painter.fontMetrics().elidedText(event.text, Qt.TextElideMode.ElideRight,
                                                  int(room))
        painter.drawText(rect, align | Qt.AlignmentFlag.AlignVCenter, elided)

