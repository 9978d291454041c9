"""The TCP state machine, drawn live: each end's current state lit, the last
transitions traced and fading, a click on a state explains it.

The layout is the textbook's (RFC 793, Stevens): opening at the top, the
active close down the left, the passive close down the right. Everything is
placed in fractions of the widget, so it scales from a dock to a projector,
and coloured from the palette, so it follows the light and dark themes. The
same painting goes to SVG and PNG for slides.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QToolTip, QWidget

from . import tcp_states as st
from .tcp_state_layout import (
    ASPECT,
    POSITIONS,
    TRANSITIONS,
    Transition,
    arrow_head,
    box,
    centre,
    leave_box,
    length,
    path_between,
    route,
)
from .tcp_states import CLOSED

TRACE_FADE_S = 10.0  # a traced transition fades out over this long
TRACES_KEPT = 8
FADE_TICK_MS = 100
# Fixed colours for the second and third ends; the first takes the palette's highlight.
_END_COLOURS = (QColor("#e8710a"), QColor("#188038"))


@dataclass(frozen=True)
class Trace:
    end: str
    transition: Transition | None  # None: a jump the machine has no arrow for (a reset)
    source: str
    target: str
    at: float  # time.monotonic()
    skipped: bool  # passed between two looks at the kernel: not seen, inferred


class TcpStateDiagram(QWidget):
    state_clicked = Signal(str, str)  # the state, its one-sentence explanation

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tcp_state_diagram")
        self.setAccessibleName(self.tr("TCP state diagram"))
        # Small enough for the panels of a window on half a laptop screen; the
        # drawing scales, and its fonts with it.
        self.setMinimumSize(180, 180)
        self._ends: dict[str, str | None] = {}  # end name -> its state (canonical)
        self._end_labels: dict[str, str] = {}
        self._traces: deque[Trace] = deque(maxlen=TRACES_KEPT)
        self.selected: str | None = None
        self.explanation = ""
        self._fade = QTimer(self, interval=FADE_TICK_MS)
        self._fade.timeout.connect(self._on_fade_tick)

    # --- what it shows ------------------------------------------------------------

    def set_end_label(self, end: str, label: str) -> None:
        """The legend's words for an end ("this end", "peer")."""
        self._end_labels[end] = label
        self._ends.setdefault(end, None)
        self.update()

    def set_state(self, end: str, state: str | None) -> None:
        """Light `end`'s state (any spelling: "FIN_WAIT2", "SYN_RECV"...; None: unknown)
        and trace the way from its last state."""
        new = st.canonical(state)
        old = self._ends.get(end)
        self._ends[end] = new
        if old is not None and new is not None and old != new:
            now = time.monotonic()
            path = path_between(old, new)
            # Straight to CLOSED from an open state is a reset as often as a close
            # whose steps went by unseen: drawn as a jump, not as a guess.
            if new == CLOSED and len(path) > 1:
                path = []
            if path and len(path) <= 4:
                for transition in path:  # dashed when the steps between were not seen
                    self._traces.append(Trace(
                        end, transition, transition.source, transition.target, now, len(path) > 1
                    ))
            else:  # RST, or our view started late: a jump with no arrow of its own
                self._traces.append(Trace(end, None, old, new, now, False))
            if not self._fade.isActive():
                self._fade.start()
        self.update()

    def clear(self) -> None:
        for end in self._ends:
            self._ends[end] = None
        self._traces.clear()
        self.update()

    def state_of(self, end: str) -> str | None:
        return self._ends.get(end)

    def traces(self) -> list[Trace]:
        return list(self._traces)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(420, 480)

    # --- clicks ---------------------------------------------------------------------

    def drawing_area(self) -> QRectF:
        """The widget's rectangle cut to the drawing's proportions, centred: in a
        short, wide dock the machine keeps its shape (and its fonts their size)."""
        rect = QRectF(self.rect())
        width = min(rect.width(), rect.height() * ASPECT)
        height = min(rect.height(), width / ASPECT)
        return QRectF(rect.center().x() - width / 2, rect.center().y() - height / 2, width, height)

    def state_at(self, point: QPointF) -> str | None:
        area = self.drawing_area()
        for state in POSITIONS:
            if box(state, area).contains(point):
                return state
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        state = self.state_at(event.position())
        if state is None:
            super().mousePressEvent(event)
            return
        self.explain(state)
        QToolTip.showText(event.globalPosition().toPoint(), self.explanation, self)

    def explain(self, state: str) -> str:
        self.selected = st.canonical(state)
        self.explanation = st.explain(self.selected)
        self.setToolTip(self.explanation)
        self.state_clicked.emit(self.selected or state, self.explanation)
        self.update()
        return self.explanation

    def _on_fade_tick(self) -> None:
        now = time.monotonic()
        while self._traces and now - self._traces[0].at > TRACE_FADE_S:
            self._traces.popleft()
        if not self._traces:
            self._fade.stop()
        self.update()

    # --- painting ---------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        try:
            self.paint(painter, self.drawing_area())
        finally:
            painter.end()

    def end_colour(self, end: str) -> QColor:
        index = list(self._ends).index(end) if end in self._ends else 0
        if index == 0:
            # Active, so that the colour does not change with the window's focus.
            return self.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
        return _END_COLOURS[(index - 1) % len(_END_COLOURS)]

    def paint(self, painter: QPainter, area: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        base = palette.color(QPalette.ColorRole.Base)
        muted = QColor(text)
        muted.setAlphaF(0.55)
        font = QFont(self.font())
        font.setPixelSize(max(9, round(min(area.width() / 36, area.height() / 42))))
        small = QFont(font)
        small.setPixelSize(max(8, round(font.pixelSize() * 0.78)))
        now = time.monotonic()

        painter.setFont(small)
        for transition in TRANSITIONS:
            self._arrow(painter, area, transition, QPen(muted, 1.2), muted, base)
        for trace in self._traces:
            fade = max(0.0, 1.0 - (now - trace.at) / TRACE_FADE_S)
            colour = QColor(self.end_colour(trace.end))
            colour.setAlphaF(0.25 + 0.75 * fade)
            pen = QPen(colour, max(2.5, font.pixelSize() / 4))
            if trace.skipped or trace.transition is None:
                pen.setStyle(Qt.PenStyle.DashLine)
            if trace.transition is not None:
                self._arrow(painter, area, trace.transition, pen, None, base)
            else:
                a, b = centre(trace.source, area), centre(trace.target, area)
                a = leave_box(box(trace.source, area), a, b)
                self._line(painter, a, leave_box(box(trace.target, area), b, a), pen)

        painter.setFont(font)
        for state in POSITIONS:
            self._state_box(painter, area, state, text, base)
        self._legend(painter, area, small, text)

    def _state_box(
        self, painter: QPainter, area: QRectF, state: str, text: QColor, base: QColor
    ) -> None:
        frame = box(state, area)
        lit = [end for end, now in self._ends.items() if now == state]
        painter.setPen(QPen(text, 1.2))
        painter.setBrush(base)
        radius = frame.height() / 4
        painter.drawRoundedRect(frame, radius, radius)
        if lit:  # each end in its colour, side by side when both are here
            painter.save()
            clip = QPainterPath()
            clip.addRoundedRect(frame, radius, radius)
            painter.setClipPath(clip)
            width = frame.width() / len(lit)
            for i, end in enumerate(lit):
                painter.fillRect(
                    QRectF(frame.left() + i * width, frame.top(), width, frame.height()),
                    self.end_colour(end),
                )
            painter.restore()
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(text, 2.5))
            painter.drawRoundedRect(frame, radius, radius)
        if state == self.selected:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(text, 1.5, Qt.PenStyle.DotLine))
            painter.drawRoundedRect(frame.adjusted(-4, -4, 4, 4), radius, radius)
        on_colour = QColor("white") if lit else text
        painter.setPen(on_colour)
        painter.drawText(frame, Qt.AlignmentFlag.AlignCenter, state)

    def _arrow(
        self,
        painter: QPainter,
        area: QRectF,
        transition: Transition,
        pen: QPen,
        label_colour: QColor | None,
        base: QColor,
    ) -> None:
        points = route(transition, area)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for a, b in zip(points, points[1:], strict=False):
            painter.drawLine(a, b)
        arrow_head(painter, points[-2], points[-1], pen)
        if label_colour is None:
            return
        # The label sits on the longest stretch (or where it is placed), on a
        # patch of background; along the long runs at the sides it is turned.
        a, b = max(zip(points, points[1:], strict=False), key=lambda s: length(s[0], s[1]))
        middle = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
        if transition.label_at is not None:
            x, y = transition.label_at
            middle = QPointF(area.left() + x * area.width(), area.top() + y * area.height())
        metrics = painter.fontMetrics()
        width = metrics.horizontalAdvance(transition.label) + 6
        patch = QRectF(-width / 2, -metrics.height() / 2, width, metrics.height())
        veil = QColor(base)
        veil.setAlphaF(0.85)
        painter.save()
        painter.translate(middle)
        if transition.via:
            painter.rotate(-90)
        painter.fillRect(patch, veil)
        painter.setPen(label_colour)
        painter.drawText(patch, Qt.AlignmentFlag.AlignCenter, transition.label)
        painter.restore()

    def _line(self, painter: QPainter, a: QPointF, b: QPointF, pen: QPen) -> None:
        """A jump with no arrow of its own: bent aside, so it passes between the
        states on the way instead of through them."""
        bend = QPointF((a.x() + b.x()) / 2 + (b.y() - a.y()) * 0.3,
                       (a.y() + b.y()) / 2 - (b.x() - a.x()) * 0.3)
        curve = QPainterPath(a)
        curve.quadTo(bend, b)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(curve)
        arrow_head(painter, curve.pointAtPercent(0.97), b, pen)

    def _legend(self, painter: QPainter, area: QRectF, font: QFont, text: QColor) -> None:
        painter.setFont(font)
        metrics = painter.fontMetrics()
        # Bottom right: the one corner no arrow crosses.
        lines = [
            (end, f"{self._end_labels.get(end, end)}: {state or '…'}")
            for end, state in self._ends.items()
        ]
        swatch = metrics.height() * 0.8
        widest = max((metrics.horizontalAdvance(words) for _, words in lines), default=0)
        x = max(area.left() + area.width() * 0.6, area.right() - widest - swatch - 10)
        y = area.top() + area.height() * 0.9 - (metrics.height() + 2) * (len(lines) - 1)
        for end, words in lines:
            painter.fillRect(QRectF(x, y + 1, swatch, swatch), self.end_colour(end))
            painter.setPen(text)
            painter.drawText(QPointF(x + swatch + 4, y + metrics.ascent()), words)
            y += metrics.height() + 2

    # --- export -------------------------------------------------------------------------

    def render_to_svg(self, path: str, size: QSize | None = None) -> bool:
        """The diagram as it is now, as an SVG file (for slides)."""
        from PySide6.QtSvg import QSvgGenerator

        size = size or QSize(900, 1000)
        generator = QSvgGenerator()
        generator.setFileName(path)
        generator.setSize(size)
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle(self.tr("TCP state diagram"))
        painter = QPainter()
        if not painter.begin(generator):
            return False
        try:
            painter.fillRect(QRectF(0, 0, size.width(), size.height()),
                             self.palette().color(QPalette.ColorRole.Window))
            self.paint(painter, QRectF(0, 0, size.width(), size.height()))
        finally:
            painter.end()
        return True

    def render_to_png(self, path: str, size: QSize | None = None) -> bool:
        size = size or QSize(1800, 2000)
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(self.palette().color(QPalette.ColorRole.Window))
        painter = QPainter(image)
        try:
            self.paint(painter, QRectF(0, 0, size.width(), size.height()))
        finally:
            painter.end()
        return image.save(path, "PNG")
