"""The chat's messages, as a list model that keeps up with 100,000 rows.

Why a QStandardItemModel and not a Python model: a QListView lays out every
row again whenever rows are added, and asks the model (rowCount, index) and
the delegate (sizeHint) about each one. With a Python model that is a
hundred thousand calls into Python per append, a visible stall at 100k
messages. Here the rows live in C++, each with its height precomputed in
Qt.SizeHintRole, so a relayout never leaves C++; Python is only asked to paint
the dozen rows on screen. Appends are batched on a timer, and the model keeps
the newest MAX_ENTRIES.

Your own messages carry a delivery receipt that changes after they are shown.
Such a row is added with a key (the message id) and updated in place: one
item's data changes, nothing else is touched. Only rows still waiting for a
change keep a persistent index, so the bookkeeping stays as small as the
number of messages in flight.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from PySide6.QtCore import QObject, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from ..net.client import Receipt

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
    receipt: Receipt | None = None  # your own message: sending, delivered or failed
    failure: str = ""  # why the server refused it (receipt FAILED)

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
Describe = Callable[[ChatEntry], str]


class ChatModel(QStandardItemModel):
    entries_added = Signal(int)

    def __init__(self, parent: QObject | None = None, max_entries: int = MAX_ENTRIES) -> None:
        super().__init__(parent)
        self.max_entries = max_entries
        self._pending: list[tuple[ChatEntry, str | None]] = []
        self._pending_keys: dict[str, int] = {}  # key -> position in _pending
        self._keyed: dict[str, QPersistentModelIndex] = {}  # key -> its row, once shown
        self._measure: Measure = lambda _entry: QSize(100, 20)
        self._describe: Describe = ChatEntry.line
        self._timer = QTimer(self, singleShot=True, interval=FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self.flush)

    def set_measure(self, measure: Measure) -> None:
        """How tall an entry is; the view supplies it (it knows the width and font)."""
        self._measure = measure

    def set_describe(self, describe: Describe) -> None:
        """The row's plain text (copying, screen readers); the view supplies a
        translated one that also says where a message of yours is."""
        self._describe = describe

    def add(self, entry: ChatEntry, key: str | None = None) -> None:
        """Queue an entry; with a key it can be changed later with update()."""
        if key is not None:
            self._pending_keys[key] = len(self._pending)
        self._pending.append((entry, key))
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending[-self.max_entries :], []
        self._pending_keys = {}
        items = []
        for entry, _key in batch:
            item = QStandardItem(self._describe(entry))
            item.setData(entry, ENTRY_ROLE)
            item.setData(self._measure(entry), Qt.ItemDataRole.SizeHintRole)
            item.setEditable(False)
            items.append(item)
        overflow = self.rowCount() + len(items) - self.max_entries
        if overflow > 0:
            self.removeRows(0, min(overflow, self.rowCount()))
        first = self.rowCount()
        self.invisibleRootItem().appendRows(items)
        for offset, (_entry, key) in enumerate(batch):
            if key is not None:
                self._keyed[key] = QPersistentModelIndex(self.index(first + offset, 0))
        self.entries_added.emit(len(items))

    # --- rows that change after they are shown ------------------------------------

    def has_key(self, key: str) -> bool:
        if key in self._pending_keys:
            return True
        index = self._keyed.get(key)
        return index is not None and index.isValid()

    def keyed_entry(self, key: str) -> ChatEntry | None:
        if key in self._pending_keys:
            return self._pending[self._pending_keys[key]][0]
        index = self._keyed.get(key)
        return self.entry(index.row()) if index is not None and index.isValid() else None

    def update(self, key: str, **changes: object) -> bool:
        """Change fields of the entry added with `key`, in place: one row's
        data changes (and its height, if that changed). False if it is gone."""
        if key in self._pending_keys:
            position = self._pending_keys[key]
            entry, _ = self._pending[position]
            self._pending[position] = (replace(entry, **changes), key)  # type: ignore[arg-type]
            return True
        index = self._keyed.get(key)
        if index is None or not index.isValid():
            self._keyed.pop(key, None)  # scrolled out of the model's cap
            return False
        item = self.item(index.row())
        entry = replace(item.data(ENTRY_ROLE), **changes)  # type: ignore[arg-type]
        size = self._measure(entry)
        roles = [ENTRY_ROLE, Qt.ItemDataRole.DisplayRole]
        if size != item.data(Qt.ItemDataRole.SizeHintRole):
            roles.append(Qt.ItemDataRole.SizeHintRole)
        # One dataChanged for the row, naming the roles that changed: the view
        # lays the list out again only when a row's height changed (a failure
        # reason adds a line); a receipt mark alone repaints one row.
        blocked = self.blockSignals(True)
        try:
            item.setData(entry, ENTRY_ROLE)
            item.setText(self._describe(entry))
            item.setData(size, Qt.ItemDataRole.SizeHintRole)
        finally:
            self.blockSignals(blocked)
        changed = self.index(index.row(), 0)
        self.dataChanged.emit(changed, changed, [int(role) for role in roles])
        return True

    def forget(self, key: str) -> None:
        """The row will not change again: stop tracking it (it stays shown)."""
        self._keyed.pop(key, None)
        position = self._pending_keys.pop(key, None)
        if position is not None:
            entry, _ = self._pending[position]
            self._pending[position] = (entry, None)

    def remove(self, key: str) -> None:
        """Take the row added with `key` out of the chat."""
        position = self._pending_keys.pop(key, None)
        if position is not None:
            del self._pending[position]
            self._pending_keys = {
                k: (p - 1 if p > position else p) for k, p in self._pending_keys.items()
            }
            return
        index = self._keyed.pop(key, None)
        if index is not None and index.isValid():
            self.removeRows(index.row(), 1)

    def tracked_keys(self) -> int:
        """How many rows are waiting for a change (tests: the bookkeeping stays small)."""
        return len(self._keyed) + len(self._pending_keys)

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
