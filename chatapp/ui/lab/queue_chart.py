"""A small line chart of byte counts over time (queue sizes), drawn with QPainter.

The last WINDOW_S seconds scroll from right to left; the scale grows to the
largest value seen in the window, written in KiB. Shaded bands mark the
moments a flag was on (the sender's writes blocked: a zero window).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

WINDOW_S = 30.0
LEFT = 64
BOTTOM = 24
LEGEND_GAP = 10  # between the legend's last row and the plot (its top label sits there)
LEGEND_ROW = 17
RIGHT = 12


@dataclass(frozen=True)
class Series:
    name: str
    color: QColor


class QueueChart(QWidget):
    def __init__(self, series: list[Series], band_label: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._series = series
        self._band_label = band_label
        self._points: list[tuple[float, list[int | None], bool]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 180)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(640, 240)

    def add_point(self, t: float, values: list[int | None], band: bool = False) -> None:
        self._points.append((t, values, band))
        while self._points and self._points[0][0] < t - WINDOW_S * 2:
            self._points.pop(0)
        self.update()

    def clear(self) -> None:
        self._points.clear()
        self.update()

    def latest(self) -> list[int | None]:
        return self._points[-1][1] if self._points else []

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        legend = self._legend_layout(painter.fontMetrics().horizontalAdvance)
        last_row = max((y for _x, y, _name, _color in legend), default=4.0)
        top = last_row + LEGEND_ROW + LEGEND_GAP
        plot = QRectF(LEFT, top, self.width() - LEFT - RIGHT, self.height() - top - BOTTOM)
        end_t = self._points[-1][0] if self._points else WINDOW_S
        start_t = max(0.0, end_t - WINDOW_S)
        shown = [p for p in self._points if p[0] >= start_t]
        top_value = max([v or 0 for _, values, _ in shown for v in values] + [1024])

        def x_of(t: float) -> float:
            return plot.left() + (t - start_t) / max(WINDOW_S, 1e-9) * plot.width()

        def y_of(value: int) -> float:
            return plot.bottom() - value / top_value * plot.height()

        self._paint_bands(painter, shown, x_of, plot)
        painter.setPen(QPen(text, 1))
        painter.drawRect(plot)
        painter.drawText(QRectF(0, plot.top() - 8, LEFT - 6, 16),
                         Qt.AlignmentFlag.AlignRight, f"{top_value / 1024:.0f} KiB")
        painter.drawText(QRectF(0, plot.bottom() - 8, LEFT - 6, 16),
                         Qt.AlignmentFlag.AlignRight, "0")
        for t, align in ((start_t, Qt.AlignmentFlag.AlignLeft),
                         (start_t + WINDOW_S, Qt.AlignmentFlag.AlignRight)):
            painter.drawText(QRectF(plot.left(), plot.bottom() + 4, plot.width(), BOTTOM - 4),
                             align, self.tr("{0:.0f} s").format(t))
        for index, series in enumerate(self._series):
            path = QPainterPath()
            started = False
            for t, values, _ in shown:
                value = values[index] if index < len(values) else None
                if value is None:
                    started = False
                    continue
                point = QPointF(x_of(t), y_of(value))
                if started:
                    path.lineTo(point)
                else:
                    path.moveTo(point)
                    started = True
            painter.setPen(QPen(series.color, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        for x, y, name, color in legend:
            painter.fillRect(QRectF(x, y + 4, 14, 10), color)
            painter.setPen(text)
            painter.drawText(QPointF(x + 18, y + 14), name)
        painter.end()

    def _paint_bands(self, painter: QPainter, shown, x_of, plot: QRectF) -> None:
        shade = QColor("#ea4335")
        shade.setAlpha(40)
        previous_t = None
        for t, _, band in shown:
            if band and previous_t is not None:
                painter.fillRect(QRectF(x_of(previous_t), plot.top(),
                                        max(1.0, x_of(t) - x_of(previous_t)), plot.height()),
                                 shade)
            previous_t = t

    def _legend_layout(
        self, advance: Callable[[str], int]
    ) -> list[tuple[float, float, str, QColor]]:
        """Where each legend entry goes: one row, wrapped onto more when the chart
        is narrow (the plot starts below the last row, so nothing overlaps)."""
        x, y = float(LEFT), 4.0
        entries = [(s.name, s.color) for s in self._series]
        if self._band_label:
            band = QColor("#ea4335")
            band.setAlpha(90)
            entries.append((self._band_label, band))
        placed: list[tuple[float, float, str, QColor]] = []
        for name, color in entries:
            width = 30 + advance(name)
            if x > LEFT and x + width > self.width():
                x, y = float(LEFT), y + LEGEND_ROW
            placed.append((x, y, name, color))
            x += width
        return placed
