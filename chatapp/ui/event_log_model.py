"""The event log's rows: every signal as it fires, appended in batches, capped.

A flood (a client pasting a megabyte, a fuzzer) fires thousands of signals a
second; inserting each one into a view would stall the window. Entries wait
in a bounded queue and a timer moves them into the model a batch at a time;
the model keeps the newest `cap` rows and counts what it dropped.

A busy server logs ten thousand signals a second, so logging one is kept
cheap: a row is a plain tuple (the cycle collector leaves tuples of strings
and numbers alone), made into a LogEntry only when someone asks for it.
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

DEFAULT_CAP = 10_000
FLUSH_INTERVAL_MS = 50
# While a flood fills every batch, the rows come in fewer, larger batches: each
# batch repaints the table, and rows passing at thousands a second cannot be
# read one by one anyway. A batch smaller than BUSY_BATCH goes back to the quick pace.
BUSY_FLUSH_INTERVAL_MS = 200
BUSY_BATCH = 200
# Bytes of each chunk kept for the detail pane: 10,000 rows of 64 KiB reads would
# be 640 MB; the row still says how big the chunk was.
MAX_KEPT_BYTES = 4096

# Kinds, for filtering. Each signal belongs to one.
CONNECTION, STATE, READ, WRITE, MESSAGE, ERROR = (
    "connection",
    "state",
    "read",
    "write",
    "message",
    "error",
)
KINDS = (CONNECTION, STATE, READ, WRITE, MESSAGE, ERROR)

# How far back a ping's write is looked for when its pong comes back (rows).
HEARTBEAT_LOOKBACK_ROWS = 64

_ROOT = QModelIndex()  # the invisible root, as a default argument
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
# "kind<TAB>H or -<TAB>Winsock event<TAB>connection": what the filter matches (see
# event_log_filter.py), asked only while something is filtered out.
FILTER_ROLE = int(Qt.ItemDataRole.UserRole) + 1
_ANSWERED_ROLES = frozenset((_DISPLAY, _FOREGROUND, int(Qt.ItemDataRole.UserRole), FILTER_ROLE))

# The Winsock (WSAAsyncSelect) network event each row stands for, from the
# VB6 control's event name in the row; the filter offers them by these names.
FD_ACCEPT, FD_CONNECT, FD_READ, FD_WRITE, FD_CLOSE = (
    "FD_ACCEPT", "FD_CONNECT", "FD_READ", "FD_WRITE", "FD_CLOSE"
)
WS_ERROR, WS_STATE, WS_NONE = "ERROR", "STATE", "NONE"
WINSOCK_EVENTS = (FD_ACCEPT, FD_CONNECT, FD_READ, FD_WRITE, FD_CLOSE, WS_ERROR, WS_STATE, WS_NONE)
_EVENT_BY_VB_NAME = {
    "ConnectionRequest": FD_ACCEPT,
    "Connect": FD_CONNECT,
    "DataArrival": FD_READ,
    "SendComplete": FD_WRITE,
    "SendProgress": FD_WRITE,
    "Close": FD_CLOSE,
    "Error": WS_ERROR,
    "State": WS_STATE,
}
_ERROR_BRUSH = QBrush(QColor("#d93025"))


def kind_label(kind: str) -> str:
    labels = {
        CONNECTION: QCoreApplication.translate("EventLog", "Connections"),
        STATE: QCoreApplication.translate("EventLog", "State changes"),
        READ: QCoreApplication.translate("EventLog", "Data arrival (readyRead)"),
        WRITE: QCoreApplication.translate("EventLog", "Send complete (bytesWritten)"),
        MESSAGE: QCoreApplication.translate("EventLog", "Protocol messages"),
        ERROR: QCoreApplication.translate("EventLog", "Errors"),
    }
    return labels.get(kind, kind)


def winsock_event(winsock_text: str) -> str:
    """ "DataArrival(23)" -> FD_READ; "State = sckConnected (7)" -> STATE; "" -> NONE."""
    if not winsock_text:
        return WS_NONE
    name = winsock_text.split("(", 1)[0].split(" ", 1)[0]
    return _EVENT_BY_VB_NAME.get(name, WS_NONE)


def winsock_event_label(event: str) -> str:
    labels = {
        FD_ACCEPT: QCoreApplication.translate("EventLog", "FD_ACCEPT: ConnectionRequest"),
        FD_CONNECT: QCoreApplication.translate("EventLog", "FD_CONNECT: Connect"),
        FD_READ: QCoreApplication.translate("EventLog", "FD_READ: DataArrival"),
        FD_WRITE: QCoreApplication.translate("EventLog", "FD_WRITE: SendComplete"),
        FD_CLOSE: QCoreApplication.translate("EventLog", "FD_CLOSE: Close"),
        WS_ERROR: QCoreApplication.translate("EventLog", "Error"),
        WS_STATE: QCoreApplication.translate("EventLog", "State changes"),
        WS_NONE: QCoreApplication.translate("EventLog", "No Winsock event"),
    }
    return labels.get(event, event)


class LogEntry(NamedTuple):
    t: float  # epoch seconds
    source: str
    signal: str  # "readyRead(23 bytes)"
    winsock: str  # "DataArrival", or "" when Winsock had no such event
    kind: str
    data: bytes | None = None  # the raw chunk (its first MAX_KEPT_BYTES), for readyRead
    detail: str = ""  # a sentence or decoded message, for the detail pane
    size: int = 0  # the chunk's full length, when data was cut short
    connection: str = ""  # which connection ("127.0.0.1:50312"), "" for the server's own
    heartbeat: bool = False  # a ping, a pong, or the bytes that carried one

    @property
    def time_text(self) -> str:
        return _time_text(self.t)

    def to_json(self) -> str:
        record: dict[str, object] = {
            "t": round(self.t, 6),
            "time": datetime.fromtimestamp(self.t).isoformat(timespec="milliseconds"),
            "source": self.source,
            "signal": self.signal,
            "winsock": self.winsock,
            "kind": self.kind,
        }
        if self.detail:
            record["detail"] = self.detail
        if self.size:
            record["size"] = self.size  # data holds only the first bytes
        if self.connection:
            record["connection"] = self.connection
        if self.heartbeat:
            record["heartbeat"] = True
        if self.data is not None:
            record["data_hex"] = self.data.hex()
            record["data_text"] = self.data.decode("utf-8", errors="replace")
        return json.dumps(record, ensure_ascii=False)


def _time_text(t: float) -> str:
    return datetime.fromtimestamp(t).strftime("%H:%M:%S.%f")[:-3]


def write_json_lines(entries: Iterable[LogEntry], path: str) -> int:
    """Write one JSON object per line; returns how many. Runs on a worker thread."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for entry in entries:
            f.write(entry.to_json() + "\n")
            count += 1
    return count


class EventLogModel(QAbstractTableModel):
    COLUMNS = ("time", "source", "signal", "winsock")
    entries_added = Signal(int)  # how many rows the last flush added
    connections_changed = Signal()  # a connection seen for the first time, or renamed

    def __init__(
        self,
        parent: QObject | None = None,
        cap: int = DEFAULT_CAP,
        flush_ms: int = FLUSH_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.cap = cap
        self.dropped = 0  # entries lost to the cap (shown in the dock)
        self._rows: list[tuple] = []  # LogEntry fields, as plain tuples
        self._pending: deque[tuple] = deque(maxlen=cap)
        self._paused = False
        self._flush_ms = flush_ms
        self._timer = QTimer(self, singleShot=True, interval=flush_ms)
        self._timer.timeout.connect(self.flush)
        # Each connection seen, with the source text it last had ("alice@...").
        self.connection_labels: dict[str, str] = {}

    # --- feeding ---------------------------------------------------------------

    def log(
        self,
        source: str,
        signal: str,
        winsock: str = "",
        kind: str = STATE,
        data: bytes | None = None,
        detail: str = "",
        connection: str = "",
        heartbeat: bool = False,
    ) -> None:
        size = 0
        if data is not None and len(data) > MAX_KEPT_BYTES:
            size, data = len(data), data[:MAX_KEPT_BYTES]
        pending = self._pending
        if len(pending) == pending.maxlen:
            self.dropped += 1  # the oldest waiting one makes room
        pending.append(
            (time.time(), source, signal, winsock, kind, data, detail, size, connection, heartbeat)
        )
        if not self._paused and not self._timer.isActive():
            self._timer.start()

    @property
    def paused(self) -> bool:
        return self._paused

    def set_paused(self, paused: bool) -> None:
        """While paused the rows stand still; new entries wait (up to the cap)."""
        self._paused = bool(paused)
        if not self._paused and self._pending:
            self._timer.start()

    @property
    def next_batch_ms(self) -> int:
        """How long the next event waits for its batch (longer during a flood)."""
        return self._timer.interval()

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def flush(self) -> None:
        if self._paused or not self._pending:
            return
        batch = list(self._pending)
        self._pending.clear()
        overflow = len(self._rows) + len(batch) - self.cap
        if overflow > 0:
            remove = min(overflow, len(self._rows))
            if remove:
                self.beginRemoveRows(QModelIndex(), 0, remove - 1)
                del self._rows[:remove]
                self.endRemoveRows()
            self.dropped += overflow
            batch = batch[len(batch) - min(len(batch), self.cap) :]
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()
        self._note_connections(batch)
        busy = len(batch) >= BUSY_BATCH
        self._timer.setInterval(
            max(self._flush_ms, BUSY_FLUSH_INTERVAL_MS) if busy else self._flush_ms
        )
        self.entries_added.emit(len(batch))

    def _note_connections(self, batch: list[tuple]) -> None:
        labels = self.connection_labels
        changed = False
        for row in batch:
            key = row[8]
            if key and labels.get(key) != row[1]:
                labels[key] = row[1]
                changed = True
        if changed:
            self.connections_changed.emit()

    def mark_heartbeat_write(self, connection: str, signal: str) -> bool:
        """A pong came back: the write of its ping (same size: ping and pong are
        spelled alike) was a heartbeat too. Looks at the newest rows only."""

        def matches(row: tuple) -> bool:
            return row[4] == WRITE and not row[9] and row[8] == connection and row[2] == signal

        pending = self._pending
        for i in range(len(pending) - 1, max(-1, len(pending) - HEARTBEAT_LOOKBACK_ROWS), -1):
            if matches(pending[i]):
                pending[i] = pending[i][:9] + (True,)
                return True
        rows = self._rows
        for i in range(len(rows) - 1, max(-1, len(rows) - HEARTBEAT_LOOKBACK_ROWS), -1):
            if matches(rows[i]):
                rows[i] = rows[i][:9] + (True,)
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.COLUMNS) - 1))
                return True
        return False

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._pending.clear()
        self.dropped = 0
        self.connection_labels.clear()
        self.endResetModel()
        self.connections_changed.emit()

    # --- reading ---------------------------------------------------------------

    def entries(self) -> list[LogEntry]:
        """A snapshot of the rows (safe to hand to a worker thread)."""
        make = LogEntry._make
        return [make(row) for row in self._rows]

    def entry(self, row: int) -> LogEntry | None:
        return LogEntry._make(self._rows[row]) if 0 <= row < len(self._rows) else None

    def kind_at(self, row: int) -> str | None:
        return self._rows[row][4] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Time"),
            self.tr("Source"),
            self.tr("Signal (arguments)"),
            self.tr("Winsock event"),
        )[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        # Painting asks each cell for a dozen roles, each a call into Python:
        # the roles this model has no answer for are turned away first.
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == _DISPLAY:
            column = index.column()
            if column == 0:
                return _time_text(row[0])
            return row[column]  # source, signal, winsock: the tuple's order
        if role == _FOREGROUND:
            return _ERROR_BRUSH if row[4] == ERROR else None
        if role == FILTER_ROLE:
            beat = "H" if row[9] else "-"
            return f"{row[4]}\t{beat}\t{winsock_event(row[3])}\t{row[8]}"
        return row[4]  # UserRole: the kind
