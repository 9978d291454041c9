"""The event log's rows: every signal as it fires, appended in batches, capped.

A flood (a client pasting a megabyte, a fuzzer) fires thousands of signals a
second; inserting each one into a view would stall the window. Entries wait
in a bounded queue and a timer moves them into the model a batch at a time;
the model keeps the newest `cap` rows and counts what it dropped.
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

DEFAULT_CAP = 10_000
FLUSH_INTERVAL_MS = 50
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

_ROOT = QModelIndex()  # the invisible root, as a default argument


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


@dataclass(frozen=True, slots=True)
class LogEntry:
    t: float  # epoch seconds
    source: str
    signal: str  # "readyRead(23 bytes)"
    winsock: str  # "DataArrival", or "" when Winsock had no such event
    kind: str
    data: bytes | None = None  # the raw chunk (its first MAX_KEPT_BYTES), for readyRead
    detail: str = ""  # a sentence or decoded message, for the detail pane
    size: int = 0  # the chunk's full length, when data was cut short

    @property
    def time_text(self) -> str:
        return datetime.fromtimestamp(self.t).strftime("%H:%M:%S.%f")[:-3]

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
        if self.data is not None:
            record["data_hex"] = self.data.hex()
            record["data_text"] = self.data.decode("utf-8", errors="replace")
        return json.dumps(record, ensure_ascii=False)


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

    def __init__(
        self,
        parent: QObject | None = None,
        cap: int = DEFAULT_CAP,
        flush_ms: int = FLUSH_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.cap = cap
        self.dropped = 0  # entries lost to the cap (shown in the dock)
        self._rows: list[LogEntry] = []
        self._pending: deque[LogEntry] = deque()
        self._paused = False
        self._timer = QTimer(self, singleShot=True, interval=flush_ms)
        self._timer.timeout.connect(self.flush)

    # --- feeding ---------------------------------------------------------------

    def log(
        self,
        source: str,
        signal: str,
        winsock: str = "",
        kind: str = STATE,
        data: bytes | None = None,
        detail: str = "",
    ) -> None:
        size = 0
        if data is not None and len(data) > MAX_KEPT_BYTES:
            size, data = len(data), data[:MAX_KEPT_BYTES]
        entry = LogEntry(time.time(), source, signal, winsock, kind, data, detail, size)
        self._pending.append(entry)
        if len(self._pending) > self.cap:
            self._pending.popleft()
            self.dropped += 1
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
        self.entries_added.emit(len(batch))

    def clear(self) -> None:
        self.beginResetModel()
        self._rows.clear()
        self._pending.clear()
        self.dropped = 0
        self.endResetModel()

    # --- reading ---------------------------------------------------------------

    def entries(self) -> list[LogEntry]:
        """A snapshot of the rows (safe to hand to a worker thread)."""
        return list(self._rows)

    def entry(self, row: int) -> LogEntry | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

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
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                return entry.time_text
            if column == 1:
                return entry.source
            if column == 2:
                return entry.signal
            return entry.winsock
        if role == Qt.ItemDataRole.ForegroundRole and entry.kind == ERROR:
            return QBrush(QColor("#d93025"))
        if role == Qt.ItemDataRole.UserRole:
            return entry.kind
        return None


class EventKindFilter(QSortFilterProxyModel):
    """Shows only the kinds that are switched on."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._shown = set(KINDS)

    def shown_kinds(self) -> set[str]:
        return set(self._shown)

    def set_kind_shown(self, kind: str, shown: bool) -> None:
        # Qt 6.10 replaced invalidateRowsFilter() with a begin/end pair.
        modern = hasattr(self, "beginFilterChange")
        if modern:
            self.beginFilterChange()
        if shown:
            self._shown.add(kind)
        else:
            self._shown.discard(kind)
        if modern:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if len(self._shown) == len(KINDS) or not isinstance(model, EventLogModel):
            return True
        entry = model.entry(row)
        return entry is not None and entry.kind in self._shown
