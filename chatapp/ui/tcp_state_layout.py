"""Where the TCP state diagram puts things: each state's place, each
transition's arrow and words, and the geometry of boxes and arrows, all in
fractions of the drawing (TcpStateDiagram scales them to its size)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QPolygonF

from .tcp_states import (
    CLOSE_WAIT,
    CLOSED,
    CLOSING,
    ESTABLISHED,
    FIN_WAIT_1,
    FIN_WAIT_2,
    LAST_ACK,
    LISTEN,
    SYN_RECEIVED,
    SYN_SENT,
    TIME_WAIT,
)

# Where each state sits: (column x, row y) as fractions of the drawing.
_ROWS = [0.07 + i * 0.145 for i in range(7)]
_LEFT, _MID, _RIGHT = 0.2, 0.5, 0.8
POSITIONS = {
    CLOSED: (_MID, _ROWS[0]),
    LISTEN: (_MID, _ROWS[1]),
    SYN_RECEIVED: (_LEFT, _ROWS[2]),
    SYN_SENT: (_RIGHT, _ROWS[2]),
    ESTABLISHED: (_MID, _ROWS[3]),
    FIN_WAIT_1: (_LEFT, _ROWS[4]),
    CLOSE_WAIT: (_RIGHT, _ROWS[4]),
    FIN_WAIT_2: (_LEFT, _ROWS[5]),
    CLOSING: (_MID, _ROWS[5]),
    LAST_ACK: (_RIGHT, _ROWS[5]),
    TIME_WAIT: (_LEFT, _ROWS[6]),
}
BOX_W, BOX_H = 0.25, 0.075
ASPECT = 0.85  # width / height that the layout above was made for
# The two long ways back to CLOSED run along the edges of the drawing.
_OUTER_LEFT, _OUTER_RIGHT = 0.03, 0.97


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str  # "event / action", in the textbook's words (not translated: they are TCP's)
    via: tuple[tuple[float, float], ...] = ()  # corner points of a routed arrow
    # Where the label's centre goes, where the middle of the arrow is taken.
    label_at: tuple[float, float] | None = None


TRANSITIONS = (
    Transition(CLOSED, LISTEN, "listen()", label_at=(0.43, 0.1425)),
    Transition(CLOSED, SYN_SENT, "connect() / send SYN", label_at=(0.745, 0.12)),
    Transition(LISTEN, SYN_RECEIVED, "recv SYN / send SYN,ACK", label_at=(0.21, 0.265)),
    Transition(LISTEN, CLOSED, "close()", label_at=(0.575, 0.1425)),
    Transition(SYN_SENT, ESTABLISHED, "recv SYN,ACK / send ACK"),
    Transition(SYN_SENT, SYN_RECEIVED, "recv SYN / send SYN,ACK"),
    Transition(SYN_SENT, CLOSED, "close() or timeout", label_at=(0.855, 0.255)),
    Transition(SYN_RECEIVED, ESTABLISHED, "recv ACK"),
    Transition(SYN_RECEIVED, LISTEN, "recv RST", label_at=(0.4, 0.305)),
    Transition(SYN_RECEIVED, FIN_WAIT_1, "close() / send FIN"),
    Transition(ESTABLISHED, FIN_WAIT_1, "close() / send FIN"),
    Transition(ESTABLISHED, CLOSE_WAIT, "recv FIN / send ACK"),
    Transition(FIN_WAIT_1, FIN_WAIT_2, "recv ACK"),
    Transition(FIN_WAIT_1, CLOSING, "recv FIN / send ACK", label_at=(0.43, 0.69)),
    Transition(FIN_WAIT_2, TIME_WAIT, "recv FIN / send ACK"),
    Transition(CLOSING, TIME_WAIT, "recv ACK", label_at=(0.45, 0.875)),
    Transition(CLOSE_WAIT, LAST_ACK, "close() / send FIN"),
    Transition(
        LAST_ACK, CLOSED, "recv ACK",
        ((_OUTER_RIGHT, _ROWS[5]), (_OUTER_RIGHT, _ROWS[0])),
    ),
    Transition(
        TIME_WAIT, CLOSED, "2 MSL timeout",
        ((_OUTER_LEFT, _ROWS[6]), (_OUTER_LEFT, _ROWS[0])),
    ),
)
_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}

def path_between(source: str, target: str) -> list[Transition]:
    """The shortest way through the machine (the kernel is polled: a quick close
    passes FIN_WAIT_1 and FIN_WAIT_2 between two looks). [] when there is none."""
    frontier: deque[tuple[str, list[Transition]]] = deque([(source, [])])
    seen = {source}
    while frontier:
        state, path = frontier.popleft()
        if state == target:
            return path
        for t in TRANSITIONS:
            if t.source == state and t.target not in seen:
                seen.add(t.target)
                frontier.append((t.target, [*path, t]))
    return []


def centre(state: str, area: QRectF) -> QPointF:
    x, y = POSITIONS[state]
    return QPointF(area.left() + x * area.width(), area.top() + y * area.height())


def box(state: str, area: QRectF) -> QRectF:
    middle = centre(state, area)
    w, h = BOX_W * area.width(), BOX_H * area.height()
    return QRectF(middle.x() - w / 2, middle.y() - h / 2, w, h)


def route(transition: Transition, area: QRectF) -> list[QPointF]:
    """From the edge of one box to the edge of the other, through any corners;
    the two arrows of a pair (CLOSED <-> LISTEN) run side by side."""
    start, end = centre(transition.source, area), centre(transition.target, area)
    corners = [
        QPointF(area.left() + x * area.width(), area.top() + y * area.height())
        for x, y in transition.via
    ]
    if not corners and (transition.target, transition.source) in _BY_PAIR:
        dx, dy = end.x() - start.x(), end.y() - start.y()
        norm = max(1.0, (dx * dx + dy * dy) ** 0.5)
        shift = min(area.width(), area.height()) * 0.018
        offset = QPointF(-dy / norm * shift, dx / norm * shift)
        start, end = start + offset, end + offset
    points = [start, *corners, end]
    points[0] = leave_box(box(transition.source, area), points[0], points[1])
    points[-1] = leave_box(box(transition.target, area), points[-1], points[-2])
    return points


def leave_box(frame: QRectF, inside: QPointF, towards: QPointF) -> QPointF:
    """Where the line from `inside` to `towards` crosses the box's border."""
    dx, dy = towards.x() - inside.x(), towards.y() - inside.y()
    scales = []
    if dx:
        scales.append(abs((frame.width() / 2 + 2) / dx))
    if dy:
        scales.append(abs((frame.height() / 2 + 2) / dy))
    scale = min(scales) if scales else 0.0
    return QPointF(inside.x() + dx * scale, inside.y() + dy * scale)


def length(a: QPointF, b: QPointF) -> float:
    return ((a.x() - b.x()) ** 2 + (a.y() - b.y()) ** 2) ** 0.5


def arrow_head(painter: QPainter, a: QPointF, b: QPointF, pen: QPen) -> None:
    run = length(a, b)
    if not run:
        return
    size = max(6.0, pen.widthF() * 3.5)
    ux, uy = (b.x() - a.x()) / run, (b.y() - a.y()) / run
    back = QPointF(b.x() - ux * size, b.y() - uy * size)
    left = QPointF(back.x() - uy * size / 2, back.y() + ux * size / 2)
    right = QPointF(back.x() + uy * size / 2, back.y() - ux * size / 2)
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(pen.color())
    painter.drawPolygon(QPolygonF([b, left, right]))
    painter.restore()
