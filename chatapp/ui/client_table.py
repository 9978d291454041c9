"""The server window's table of connected clients.

A client that leaves stays in the table, greyed, while the kernel still holds
its socket (TIME_WAIT after a kick lasts a minute): that is the moment a
teacher wants to point at. The row goes once the kernel's socket is gone.
Everything shown is cached per row, because the server deletes a peer's
connection object soon after it closes.

The Liveness column is the heartbeat's verdict as a lamp (green alive, amber
late, red dead) with the word beside it; it and the round trip change when
the server says peer_updated. A client dropped for silence keeps its red lamp
while its row stays.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QApplication

from ..protocol.heartbeat import Liveness
from . import winsock
from .connection_tracker import ConnectionTracker
from .keepalive_led import LedState, led_icon

REFRESH_MS = 1000
KEEP_LEFT_ROWS_S = 3.0  # at least this long, so a leave is seen even without TIME_WAIT

NICK, ADDRESS, SINCE, STATE, KERNEL, LIVENESS, RTT, BYTES = range(8)

_ROOT = QModelIndex()  # the invisible root, as a default argument


@dataclass(eq=False)
class ClientRow:
    peer: Any
    tracker: ConnectionTracker
    endpoint: str
    nick: str = ""
    client_name: str = ""
    rtt_ms: float | None = None
    liveness: Liveness | None = None  # None until the greeting starts the heartbeat
    left_at: float | None = None
    left_reason: str = ""


class ClientTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ClientRow] = []
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    # --- rows -------------------------------------------------------------------

    def add_peer(self, peer: Any, tracker: ConnectionTracker) -> ClientRow:
        row = ClientRow(peer, tracker, peer.endpoint, peer.nick, peer.client_name, peer.rtt_ms)
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.append(row)
        self.endInsertRows()
        tracker.changed.connect(lambda r=row: self._emit_row_changed(r))
        return row

    def update_peer(self, peer: Any) -> None:
        row = self.row_for_peer(peer)
        if row is not None and row.left_at is None:
            row.nick, row.client_name, row.rtt_ms = peer.nick, peer.client_name, peer.rtt_ms
            try:
                row.liveness = peer.connection.liveness
            except RuntimeError:  # its connection object is already gone
                pass
            self._emit_row_changed(row)

    def mark_left(self, peer: Any, reason: str) -> None:
        row = self.row_for_peer(peer)
        if row is not None:
            row.left_at = time.time()
            row.left_reason = reason
            if row.liveness is not Liveness.DEAD:
                row.liveness = None  # it left; only a death is worth keeping on show
            self._emit_row_changed(row)

    def row_for_peer(self, peer: Any) -> ClientRow | None:
        return next((r for r in self._rows if r.peer is peer), None)

    def row_at(self, index: int) -> ClientRow | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def index_of(self, row: ClientRow) -> int:
        return self._rows.index(row) if row in self._rows else -1

    def rows(self) -> list[ClientRow]:
        return list(self._rows)

    def refresh(self) -> None:
        """Counters and states change without signals: repaint them, and drop
        rows whose connection is over in the kernel too."""
        now = time.time()
        for i in reversed(range(len(self._rows))):
            row = self._rows[i]
            done = (
                row.left_at is not None
                and now - row.left_at > KEEP_LEFT_ROWS_S
                and not row.tracker.wants_kernel_state
            )
            if done:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
                row.tracker.deleteLater()  # a long-running server must not collect them
        if self._rows:
            self.dataChanged.emit(self.index(0, SINCE), self.index(len(self._rows) - 1, BYTES))

    def _emit_row_changed(self, row: ClientRow) -> None:
        i = self.index_of(row)
        if i >= 0:
            self.dataChanged.emit(self.index(i, 0), self.index(i, BYTES))

    # --- Qt model -----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else BYTES + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Nick"),
            self.tr("Address"),
            self.tr("Connected since"),
            self.tr("Socket state"),
            self.tr("Kernel TCP"),
            self.tr("Liveness"),
            self.tr("Round trip"),
            self.tr("Bytes in / out"),
        )[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.column())
        if index.column() == LIVENESS:
            if role == Qt.ItemDataRole.DecorationRole:
                state = LedState(row.liveness.value) if row.liveness else LedState.OFF
                return led_icon(state)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.liveness_help(row.liveness)
        if role == Qt.ItemDataRole.ForegroundRole and row.left_at is not None:
            return QBrush(
                QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (RTT, BYTES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def liveness_word(self, liveness: Liveness | None) -> str:
        return {
            Liveness.ALIVE: self.tr("alive"),
            Liveness.LATE: self.tr("late"),
            Liveness.DEAD: self.tr("dead"),
        }.get(liveness, "–")  # type: ignore[arg-type]

    def liveness_help(self, liveness: Liveness | None) -> str:
        return {
            Liveness.ALIVE: self.tr("The client answers the heartbeat."),
            Liveness.LATE: self.tr("Nothing heard for two heartbeat intervals."),
            Liveness.DEAD: self.tr("No answer within the heartbeat timeout: dropped."),
        }.get(liveness, self.tr("No heartbeat yet: the client has not said hello."))  # type: ignore[arg-type]

    def _display(self, row: ClientRow, column: int) -> str:
        if column == NICK:
            nick = row.nick or self.tr("(greeting…)")
            return self.tr("%1 (left)").replace("%1", nick) if row.left_at is not None else nick
        if column == ADDRESS:
            return row.endpoint
        if column == SINCE:
            since = row.tracker.connected_at
            return datetime.fromtimestamp(since).strftime("%H:%M:%S") if since else ""
        if column == STATE:
            return winsock.qt_state_name(row.tracker.qt_state)
        if column == KERNEL:
            return row.tracker.kernel_state or "…"
        if column == LIVENESS:
            return self.liveness_word(row.liveness)
        if column == RTT:
            return f"{row.rtt_ms:.1f} ms" if row.rtt_ms is not None else "–"
        c = row.tracker.counters()
        return f"{c.bytes_in:,} / {c.bytes_out:,}"
