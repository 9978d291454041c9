"""Lab 4's side-by-side view: what arrived over TCP, plain UDP and reliable UDP,
one column each in arrival order (duplicates, late ones and missing ones marked),
with the counters of each path underneath. This is the view a teacher exports."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...lab.arrival_log import Mark
from ...lab.tcp_vs_udp import PathCounters
from ...lab.transport_receivers import PATHS, RELIABLE, TCP, UDP

# Colours that read on a projector in light and dark themes alike.
MARK_COLOURS = {
    Mark.DUPLICATE: QColor("#d97706"),
    Mark.OUT_OF_ORDER: QColor("#2563eb"),
}
MISSING_COLOUR = QColor("#dc2626")
COUNTER_FIELDS = ("sent", "on_wire", "delivered", "lost", "duplicated", "reordered",
                  "retransmitted", "acks", "time_s")


class ArrivalColumns(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)  # an exported PNG gets the window's background
        self.lists: dict[str, QListWidget] = {}
        grid = QGridLayout()
        headings = {TCP: self.tr("TCP"), UDP: self.tr("UDP"),
                    RELIABLE: self.tr("UDP + reliability")}
        for column, path in enumerate(PATHS):
            heading = QLabel(f"<b>{headings[path]}</b>", self)
            heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(heading, 0, column)
            arrivals = QListWidget(self)
            arrivals.setAccessibleName(self.tr("Arrivals over %1").replace("%1", headings[path]))
            grid.addWidget(arrivals, 1, column)
            self.lists[path] = arrivals
        self.counters = QTableWidget(len(COUNTER_FIELDS), len(PATHS), self)
        self.counters.setHorizontalHeaderLabels([headings[path] for path in PATHS])
        self.counters.setVerticalHeaderLabels(self._counter_names())
        self.counters.setAccessibleName(self.tr("Counters of each path"))
        self.counters.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.counters.horizontalHeader().setStretchLastSection(True)
        for column in range(len(PATHS)):
            self.counters.horizontalHeader().setSectionResizeMode(
                column, self.counters.horizontalHeader().ResizeMode.Stretch)
        self._fit_counters()
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addWidget(self.counters)
        self.clear()

    def _fit_counters(self) -> None:
        """Every counter visible at once, in rows no taller than the text."""
        rows = self.counters.verticalHeader()
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        rows.setSectionResizeMode(rows.ResizeMode.Fixed)
        height = (rows.defaultSectionSize() * self.counters.rowCount()
                  + self.counters.horizontalHeader().sizeHint().height()
                  + 2 * self.counters.frameWidth())
        self.counters.setFixedHeight(height)
        self.counters.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _counter_names(self) -> list[str]:
        return [
            self.tr("Messages sent"),
            self.tr("Datagrams on the wire"),
            self.tr("Delivered"),
            self.tr("Lost"),
            self.tr("Duplicated"),
            self.tr("Out of order"),
            self.tr("Retransmitted"),
            self.tr("Acks received"),
            self.tr("Time to deliver (ms)"),
        ]

    def clear(self) -> None:
        for arrivals in self.lists.values():
            arrivals.clear()
        for row in range(self.counters.rowCount()):
            for column in range(self.counters.columnCount()):
                self.counters.setItem(row, column, QTableWidgetItem("–"))

    def add_arrival(self, path: str, number: int, mark: str) -> None:
        kind = Mark(mark)
        texts = {
            Mark.IN_ORDER: self.tr("message %1"),
            Mark.DUPLICATE: self.tr("message %1 (duplicate)"),
            Mark.OUT_OF_ORDER: self.tr("message %1 (out of order)"),
        }
        item = QListWidgetItem(texts[kind].replace("%1", str(number)))
        if kind in MARK_COLOURS:
            item.setForeground(QBrush(MARK_COLOURS[kind]))
        self.lists[path].addItem(item)
        self.lists[path].scrollToBottom()

    def mark_missing(self, path: str, numbers: list[int]) -> None:
        for number in numbers:
            item = QListWidgetItem(self.tr("message %1 missing").replace("%1", str(number)))
            item.setForeground(QBrush(MISSING_COLOUR))
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            self.lists[path].addItem(item)
        self.lists[path].scrollToBottom()

    def show_counters(self, path: str, counters: PathCounters) -> None:
        column = PATHS.index(path)
        for row, name in enumerate(COUNTER_FIELDS):
            value = getattr(counters, name)
            if value is None:
                text = "–"
            elif name == "time_s":
                text = f"{value * 1000:.0f}"
            elif path == TCP and name in ("on_wire", "retransmitted", "acks"):
                text = self.tr("in the kernel")  # TCP's own segments and acks: not ours to see
            elif path == UDP and name in ("retransmitted", "acks"):
                text = self.tr("none")
            elif path == RELIABLE and name in ("duplicated", "reordered") and value:
                text = self.tr("%1 (hidden)").replace("%1", str(value))
            else:
                text = str(value)
            self.counters.setItem(row, column, QTableWidgetItem(text))

    def counter_text(self, path: str, field: str) -> str:
        """What a counter cell shows (for tests and the export)."""
        item = self.counters.item(COUNTER_FIELDS.index(field), PATHS.index(path))
        return item.text() if item else ""
