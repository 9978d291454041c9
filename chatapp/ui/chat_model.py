"""The chat's messages, as a list model that keeps up with 100,000 rows.

Why a QStandardItemModel and not a Python model: a QListView lays out every
row again whenever rows are added, and asks the model (rowCount, index) and
the delegate (sizeHint) about each one. With a Python model that is a
hundred thousand calls into Python per append, a visible stall at 100k
messages. Here the rows live in C++, each with its height precomputed in
Qt.SizeHintRole, so a relayout never leaves C++; Python is only asked to paint
the dozen rows on screen.

Each C++ item holds only what the view asks for on its own: the row's plain
text (copying, screen readers) and its height. The entry itself stays in a
Python list beside the items, as a plain tuple of strings and flags (an item's
data role holding a Python object costs a QVariant wrapper per row, and plain
tuples are left alone by the cycle collector, whose full passes would
otherwise visit every row), and the "not editable" flag comes from flags()
instead of being stored in every item.

Appends are batched on a timer. Because every batch makes the view lay the
whole list out again, a burst (a resume backlog of 100,000 messages) goes in
as a few large batches, each built within a time budget so that the window
keeps answering between them. The model keeps the newest `max_entries`.

Your own messages carry a delivery receipt that changes after they are shown.
Such a row is added with a key (the message id) and updated in place: one
item's data changes, nothing else is touched. Only rows still waiting for a
change keep a persistent index, so the bookkeeping stays as small as the
number of messages in flight.
"""

from __future__ import annotations

import enum
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import NamedTuple

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QStandardItemModel

from ..net.client import Receipt

FLUSH_INTERVAL_MS = 40  # the first batch after a quiet moment waits at most this long
# While messages pour in (a batch of BUSY_BATCH or more), batches come this far
# apart: each one lays the whole list out again and repaints it, and a room
# moving at hundreds of lines a second reads no worse at ten frames a second.
BUSY_FLUSH_INTERVAL_MS = 100
BUSY_BATCH = 50
FLUSH_BUDGET_S = 0.012  # rows built per batch: at most about this much time
FLUSH_CHUNK = 256  # rows built between two looks at the clock
MAX_ENTRIES = 200_000
ROW_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled


class EntryKind(enum.Enum):
    CHAT = "chat"
    NOTICE = "notice"  # joins, leaves, nick changes, connection news
    ERROR = "error"
    SEPARATOR = "separator"  # a heading across the chat: "Earlier messages"


class ChatEntry(NamedTuple):
    """One row. A named tuple: immutable, and cheap to make a hundred thousand times."""

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
        if self.kind is EntryKind.SEPARATOR:
            return f"— {self.text} —"
        if self.kind is not EntryKind.CHAT:
            return f"{self.time} * {self.text}"
        if self.me:
            return f"{self.time} * {self.sender} {self.text}"
        private = f" (→ {self.to})" if self.to else ""
        return f"{self.time} {self.sender}{private}: {self.text}"


# The wire's time stamps, "2026-11-24T10:00:00.000Z", name the same second many
# times over: each second is converted once and its text shared by its rows.
_LOCAL_TIMES: dict[str, str] = {}
_LOCAL_TIMES_KEPT = 4096


def local_time(ts: str | None = None) -> str:
    """The wire's UTC ISO time ("2026-11-24T10:00:00.000Z") as local HH:MM:SS."""
    if ts:
        second = ts[:19] if len(ts) == 24 and ts[19] == "." and ts[23] == "Z" else None
        if second is not None:
            shown = _LOCAL_TIMES.get(second)
            if shown is not None:
                return shown
        try:
            moment = datetime.fromisoformat(ts.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            shown = moment.astimezone().strftime("%H:%M:%S")
        except ValueError:
            pass  # a peer's odd time stamp: show when it arrived instead
        else:
            if second is not None:
                if len(_LOCAL_TIMES) >= _LOCAL_TIMES_KEPT:
                    _LOCAL_TIMES.clear()
                _LOCAL_TIMES[second] = shown
            return shown
    return datetime.now().strftime("%H:%M:%S")


def shared_nick(nick: str) -> str:
    """One string object per nick, however many rows show it."""
    return sys.intern(nick) if len(nick) <= 64 else nick


Measure = Callable[[Sequence[ChatEntry]], list[QSize]]  # the heights of some entries
Describe = Callable[[ChatEntry], str]
Row = tuple[str, str, str, str, "str | None", bool, bool, "str | None", str]

_KINDS = {kind.value: kind for kind in EntryKind}
_RECEIPTS = {receipt.value: receipt for receipt in Receipt}


def _pack(entry: ChatEntry) -> Row:
    """A row as kept: the enums as their values, so the tuple holds only atoms."""
    kind, text, shown, sender, to, own, me, receipt, failure = entry
    return (kind.value, text, shown, sender, to, own, me, receipt and receipt.value, failure)


def _unpack(row: Row) -> ChatEntry:
    kind, text, shown, sender, to, own, me, receipt, failure = row
    return ChatEntry(
        _KINDS[kind], text, shown, sender, to, own, me, receipt and _RECEIPTS[receipt], failure
    )


class ChatModel(QStandardItemModel):
    entries_added = Signal(int)

    def __init__(self, parent: QObject | None = None, max_entries: int = MAX_ENTRIES) -> None:
        super().__init__(parent)
        self.max_entries = max_entries
        self._rows: list[Row] = []  # row i's entry, packed, beside item i
        self._pending: list[tuple[ChatEntry, str | None]] = []
        self._pending_keys: dict[str, int] = {}  # key -> position in _pending
        self._keyed: dict[str, QPersistentModelIndex] = {}  # key -> its row, once shown
        self._measure: Measure = lambda entries: [QSize(100, 20)] * len(entries)
        self._describe: Describe = ChatEntry.line
        self._interval = FLUSH_INTERVAL_MS
        self._timer = QTimer(self, singleShot=True, interval=FLUSH_INTERVAL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        # Rows removed by anyone (the cap, remove(), clear()) leave the entry list too.
        self.rowsRemoved.connect(self._on_rows_removed)
        self.modelReset.connect(self._on_model_reset)

    def set_measure(self, measure: Measure) -> None:
        """How tall entries are; the view supplies it (it knows the width and font)."""
        self._measure = measure

    def set_describe(self, describe: Describe) -> None:
        """The row's plain text (copying, screen readers); the view supplies a
        translated one that also says where a message of yours is."""
        self._describe = describe

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def add(self, entry: ChatEntry, key: str | None = None) -> None:
        """Queue an entry; with a key it can be changed later with update()."""
        if key is not None:
            self._pending_keys[key] = len(self._pending)
        self._pending.append((entry, key))
        if not self._timer.isActive():
            self._timer.start(self._interval)

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    @property
    def next_batch_ms(self) -> int:
        """How long the next message waits for its batch (longer while busy)."""
        return self._interval

    def flush(self) -> None:
        """Show everything waiting, now (tests, shutdown)."""
        self._flush(None)

    def _on_timer_timeout(self) -> None:
        done = self._flush(FLUSH_BUDGET_S)
        busy = done >= BUSY_BATCH
        self._interval = BUSY_FLUSH_INTERVAL_MS if busy else FLUSH_INTERVAL_MS
        if self._pending:
            # A backlog: the next batch as soon as the window has handled what
            # waited meanwhile (input, painting, the network).
            self._timer.start(0)

    def _flush(self, budget: float | None) -> int:
        """Show the waiting entries (within `budget` seconds); returns how many."""
        if not self._pending:
            return 0
        pending = self._pending
        if len(pending) > self.max_entries:  # older ones would be dropped at once
            pending = pending[-self.max_entries :]
            self._reindex_pending(pending)
        if self.columnCount() == 0:  # a new model, or after clear()
            self.setColumnCount(1)
        first = self.rowCount()
        describe, measure = self._describe, self._measure
        index, set_data, size_role = self.index, self.setData, Qt.ItemDataRole.SizeHintRole
        started = time.perf_counter()
        done = 0
        while done < len(pending):
            chunk = [entry for entry, _key in pending[done : done + FLUSH_CHUNK]]
            texts = list(map(describe, chunk))
            sizes = measure(chunk)
            start = first + done
            rows = range(start, start + len(chunk))
            # The model makes the items itself: an item made in Python would keep a
            # Python wrapper alive for as long as its row (hundreds of bytes each).
            # The rows are empty while the views hear of them; they lay them out
            # later, once filled. Filling sends no signal per row.
            self._rows.extend(map(_pack, chunk))
            self.insertRows(start, len(chunk))
            blocked = self.blockSignals(True)
            try:
                for row, text, size in zip(rows, texts, sizes, strict=True):
                    cell = index(row, 0)
                    set_data(cell, text)
                    set_data(cell, size, size_role)
            finally:
                self.blockSignals(blocked)
            done += len(chunk)
            if budget is not None and time.perf_counter() - started > budget:
                break
        batch, self._pending = pending[:done], pending[done:]
        keyed = [(offset, key) for offset, (_e, key) in enumerate(batch) if key is not None]
        if keyed or self._pending_keys:
            self._pending_keys = {k: p - done for k, p in self._pending_keys.items() if p >= done}
        for offset, key in keyed:
            self._keyed[key] = QPersistentModelIndex(self.index(first + offset, 0))
        overflow = self.rowCount() - self.max_entries
        if overflow > 0:  # the oldest go
            self.removeRows(0, overflow)
        self.entries_added.emit(done)
        return done

    def _reindex_pending(self, pending: list[tuple[ChatEntry, str | None]]) -> None:
        self._pending = pending
        self._pending_keys = {key: i for i, (_e, key) in enumerate(pending) if key is not None}

    def _on_rows_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid():
            del self._rows[first : last + 1]

    def _on_model_reset(self) -> None:
        self._rows.clear()  # clear(): every row went

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
            self._pending[position] = (entry._replace(**changes), key)
            return True
        index = self._keyed.get(key)
        if index is None or not index.isValid():
            self._keyed.pop(key, None)  # scrolled out of the model's cap
            return False
        row = index.row()
        cell = self.index(row, 0)
        entry = _unpack(self._rows[row])._replace(**changes)
        self._rows[row] = _pack(entry)
        size = self._measure([entry])[0]
        roles = [Qt.ItemDataRole.DisplayRole]
        if size != cell.data(Qt.ItemDataRole.SizeHintRole):
            roles.append(Qt.ItemDataRole.SizeHintRole)
        # One dataChanged for the row, naming the roles that changed: the view
        # lays the list out again only when a row's height changed (a failure
        # reason adds a line); a receipt mark alone repaints one row.
        blocked = self.blockSignals(True)
        try:
            self.setData(cell, self._describe(entry))
            self.setData(cell, size, Qt.ItemDataRole.SizeHintRole)
        finally:
            self.blockSignals(blocked)
        self.dataChanged.emit(cell, cell, [int(role) for role in roles])
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

    def clear_entries(self) -> None:
        """Every row goes, shown or waiting, and no key is tracked any more."""
        self._pending.clear()
        self._pending_keys.clear()
        self._keyed.clear()
        self._timer.stop()
        self.clear()

    def tracked_keys(self) -> int:
        """How many rows are waiting for a change (tests: the bookkeeping stays small)."""
        return len(self._keyed) + len(self._pending_keys)

    def entry(self, row: int) -> ChatEntry | None:
        return _unpack(self._rows[row]) if 0 <= row < len(self._rows) else None

    def entries(self) -> list[ChatEntry]:
        return [_unpack(row) for row in self._rows]

    def remeasure(self, first: int, last: int) -> None:
        """Recompute heights for rows first..last without a signal per row; the
        view relayouts once afterwards (see ChatView)."""
        last = min(last, self.rowCount() - 1)
        entries = [_unpack(row) for row in self._rows[first : last + 1]]
        blocked = self.blockSignals(True)
        try:
            for row, size in enumerate(self._measure(entries), first):
                self.setData(self.index(row, 0), size, Qt.ItemDataRole.SizeHintRole)
        finally:
            self.blockSignals(blocked)
