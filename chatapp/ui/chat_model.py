"""The chat's messages, as a list model that keeps up with 100,000 rows.

Why a QStandardItemModel and not a Python model: a QListView lays out every
row again whenever rows are added, and asks the model (rowCount, index) and
the delegate (sizeHint) about each one. With a Python model that is a
hundred thousand calls into Python per append, a visible stall at 100k
messages. Here the rows live in C++, each with its height precomputed in
Qt.SizeHintRole, so a relayout never leaves C++; Python is only asked to paint
the dozen rows on screen. Appends are batched on a timer, and the model keeps
the newest MAX_ENTRIES.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

FLUSH_INTERVAL_MS = 40
MAX_ENTRIES = 200_000
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


class EntryKind(enum.Enum):
    CHAT = "chat"
    NOTICE = "notice"  # joins, leaves, nick changes, connection news
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class ChatEntry:
    kind: EntryKind
    text: str
    time: str  # local "HH:MM:SS"
    sender: str = ""
    to: str | None = None  # set for a private message
    own: bool = False  # written by the person looking at this window
    me: bool = False  # an action: "/me waves"

    @property
    def is_private(self) -> bool:
        return self.to is not None

    def line(self) -> str:
        """One plain line, for copying and for screen readers."""
        if self.kind is not EntryKind.CHAT:
            return f"{self.time} * {self.text}"
        if self.me:
            return f"{self.time} * {self.sender} {self.text}"
        private = f" (→ {self.to})" if self.to else ""
        return f"{self.time} {self.sender}{private}: {self.text}"


def local_time(ts: str | None = None) -> str:
    """The wire's UTC ISO time ("2026-11-24T10:00:00.000Z") as local HH:MM:SS."""
    if ts:
        try:
            moment = datetime.fromisoformat(ts.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            return moment.astimezone().strftime("%H:%M:%S")
        except ValueError:
            pass  # a peer's odd time stamp: show when it arrived instead
    return datetime.now().strftime("%H:%M:%S")


Measure = Callable[[ChatEntry], QSize]


class ChatModel(QStandardItemModel):
    entries_added = Signal(int)

    def __init__(self, parent: QObject | None = None, max_entries: int = MAX_ENTRIES) -> None:
        super().__init__(parent)
        self.max_entries = max_entries
        self._pending: list[ChatEntry] = []
        self._measure: Measure = lambda _entry: QSize(100, 20)
        self._timer = QTimer(self, singleShot=True, interval=FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self.flush)

    def set_measure(self, measure: Measure) -> None:
        """How tall an entry is; the view supplies it (it knows the width and font)."""
        self._measure = measure

    def add(self, entry: ChatEntry) -> None:
        self._pending.append(entry)
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending[-self.max_entries :], []
        items = []
        for entry in batch:
            item = QStandardItem(entry.line())
            item.setData(entry, ENTRY_ROLE)
            item.setData(self._measure(entry), Qt.ItemDataRole.SizeHintRole)
            item.setEditable(False)
            items.append(item)
        overflow = self.rowCount() + len(items) - self.max_entries
        if overflow > 0:
            self.removeRows(0, min(overflow, self.rowCount()))
        self.invisibleRootItem().appendRows(items)
        self.entries_added.emit(len(items))

    def entry(self, row: int) -> ChatEntry | None:
        item = self.item(row)
        return item.data(ENTRY_ROLE) if item is not None else None

    def entries(self) -> list[ChatEntry]:
        return [self.item(row).data(ENTRY_ROLE) for row in range(self.rowCount())]

    def remeasure(self, first: int, last: int) -> None:
        """Recompute heights for rows first..last without a signal per row; the
        view relayouts once afterwards (see ChatView)."""
        blocked = self.blockSignals(True)
        try:
            for row in range(first, min(last, self.rowCount() - 1) + 1):
                item = self.item(row)
                item.setData(self._measure(item.data(ENTRY_ROLE)), Qt.ItemDataRole.SizeHintRole)
        finally:
            self.blockSignals(blocked)
