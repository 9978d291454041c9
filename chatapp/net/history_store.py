"""HistoryStore: the server's chat history, durable in SQLite, off the owner's thread.

The SQL is in history_sql.py, the worker thread that runs it in
history_worker.py; this is the owner's side: asking, batching, and the
hand-over back. No statement runs on the owner's thread, so a disk that
stalls delays acks and history, never pings, welcomes or the room (issue 14).

One channel back: what the store has to say about stored chats comes as a
HistoryResults through the `results` signal, on the owner's thread, in
commit order: the chats stored (resends flagged, each with its store()
tag), those not stored (with why), problems for the operator, and how far
the disk has caught up (`synced_seq`: the server acknowledges only then).
The worker and the sync thread hand over through one queued wake-up, posted
at most once until the owner's thread has run it.

Reads (recent, since, page) answer their own callback: each has one asker.
A read sees everything submitted before it, and its callback runs after
the `results` of every chat committed before it, so a reader catching up
misses no chat and gets none twice (backlog.py).

Group commit: the chats stored during one turn of the event loop go to the
worker together, once a turn brings no more (at most BATCH_EXTRA_TURNS
later); the worker writes everything queued in one transaction. A COMMIT
hands the chats to the operating system (they survive a killed server)
without waiting for the disk; WalSync (wal_sync.py) flushes behind it.

At start the worker runs PRAGMA quick_check: a file damaged inside is
refused with HistoryDamagedError (set_aside_damaged() moves it away). A
lock file next to the database keeps a second server out.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLockFile, QObject, Qt, QTimer, Signal

from ..protocol.backlog_pages import SINCE_LIMIT
from . import history_sql as sql
from .history_files import (
    FILE_NAME,
    LOCK_NAME,
    HistoryDamagedError,
    HistoryError,
    damaged_copy_name,
    in_use,
    set_aside_damaged,
    unwritable_folder,
)
from .history_sql import utc_timestamp
from .history_worker import (
    WORKER_NAME,
    CallJob,
    Cancelled,
    Committed,
    HistoryWorker,
    NotStored,
    ReadCallback,
    ReadJob,
    Stop,
    Stored,
    StoreJob,
)
from .wal_sync import WalSync

__all__ = [
    "BATCH_EXTRA_TURNS", "FILE_NAME", "SINCE_LIMIT", "WORKER_NAME", "HistoryDamagedError",
    "HistoryError", "HistoryResults", "HistoryStore", "NotStored", "Stored",
    "damaged_copy_name", "set_aside_damaged", "utc_timestamp",
]

log = logging.getLogger(__name__)

OPEN_TIMEOUT_S = 30.0  # start() gives up waiting for the worker after this long
# How many more turns of the event loop a batch of chats waits for chats
# that arrived meanwhile before it goes to the worker. Each turn costs one
# poll of the sockets (microseconds).
BATCH_EXTRA_TURNS = 3


@dataclass(slots=True)
class HistoryResults:
    """What one hand-over brought, in commit order (see the module docstring)."""

    stored: list[Stored] = field(default_factory=list)
    not_stored: list[NotStored] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # sentences for the operator
    synced_seq: int = 0  # every chat up to this seq is on the disk
    sync_broken: bool = False  # a flush failed: nothing is synced from then on


class HistoryStore(QObject):
    """Durable chat history. Every public method is called on the owner's thread.

    `results` (a HistoryResults) is the one channel back for stored chats;
    reads answer their callbacks. Both come on the owner's thread.
    """

    results = Signal(object)
    _wake = Signal()  # emitted on the worker or the sync thread; queued to ours

    def __init__(
        self,
        directory: str | os.PathLike[str] | None,
        parent: QObject | None = None,
        *,
        trace_sql: Callable[[str], Any] | None = None,
        trace_batches: Callable[[int], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self._directory = None if directory is None else Path(directory)
        self._trace_batches = trace_batches  # called with each batch's size (tests)
        self._worker = HistoryWorker(
            self.path, self._directory, self.location, self._wake_owner, trace_sql
        )
        self._wake.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._wake_lock = threading.Lock()
        self._wake_posted = False
        self._started = False
        self._closed = False
        self._last_seq = 0
        self._synced_seq = 0
        self._sync_broken = False
        self._sync: WalSync | None = None  # None in memory: committed is all there is
        self._disk_seq = 0  # set by the sync thread, read by _deliver
        self._disk_failure: str | None = None  # likewise
        self._lock: QLockFile | None = None  # held while the store is open
        self._batch: list[StoreJob] = []  # stored during this turn of the loop
        self._batch_timer = QTimer(self, singleShot=True, interval=0)
        self._batch_timer.timeout.connect(self._on_batch_timer)
        self._batch_seen = 0  # len(self._batch) when the timer last fired
        self._batch_turns = 0  # extra turns waited for this batch

    # --- state (owner's thread) ----------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The database file, or None for an in-memory store."""
        return None if self._directory is None else self._directory / FILE_NAME

    @property
    def location(self) -> str:
        """Where the history lives, for messages to the user."""
        return str(self.path) if self.path is not None else "memory (not saved)"

    @property
    def last_seq(self) -> int:
        """The highest committed seq whose results have reached this thread."""
        return self._last_seq

    @property
    def synced_seq(self) -> int:
        """The highest seq known to be on the disk."""
        return self._synced_seq

    @property
    def sync_broken(self) -> bool:
        """A flush to the disk failed: chats are committed but never synced again."""
        return self._sync_broken

    @property
    def is_open(self) -> bool:
        return self._started and not self._closed

    @property
    def log_restart_wanted(self) -> bool:
        """The sync thread has asked the writer to copy the rest of an
        oversized log (wal_sync.py); for tests."""
        return self._sync is not None and self._sync.restart_wanted

    @property
    def skipped_reads(self) -> int:
        """Reads not run because their asker had gone (tests)."""
        return self._worker.skipped_reads

    # --- opening and closing ---------------------------------------------------------

    def start(self) -> None:
        """Open or create the database on the worker and wait for it (blocking).

        Raises HistoryError with a readable sentence when that fails.
        """
        if self._started:
            raise RuntimeError("HistoryStore.start() called twice")
        if self._directory is not None:
            try:
                self._directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise HistoryError(
                    f"Cannot create the chat history folder {self._directory}: "
                    f"{exc.strerror or exc}. Choose another folder with --data-dir."
                ) from None
            if not os.access(self._directory, os.W_OK | os.X_OK):
                raise HistoryError(unwritable_folder(self._directory))
            self._take_lock(self._directory / LOCK_NAME)
        opened: Future[int] = Future()
        self._started = True
        self._worker.start(opened)
        try:
            last_seq = opened.result(timeout=OPEN_TIMEOUT_S)
        except HistoryError as exc:
            self._closed = True
            self._worker.join()
            self._release_lock()
            if isinstance(exc, sql.DamagedInsideError) and self.path is not None:
                raise HistoryDamagedError(str(exc), self.path) from None
            raise
        except FutureTimeout:  # not the builtin TimeoutError before Python 3.11
            self._closed = True
            self._worker.jobs.put(Stop())
            self._release_lock()
            raise HistoryError(
                f"Opening the chat history {self.location} took more than "
                f"{OPEN_TIMEOUT_S:.0f} seconds; is the disk responding?"
            ) from None
        self._last_seq = self._synced_seq = self._disk_seq = last_seq
        if self.path is not None:
            self._start_sync(self.path, last_seq)
        log.info("chat history: %s, last seq %d", self.location, last_seq)

    def _take_lock(self, path: Path) -> None:
        lock = QLockFile(str(path))
        # A server runs for months: only a lock whose process has died is stale.
        lock.setStaleLockTime(0)
        if not lock.tryLock(int(sql.LOCK_TIMEOUT_S * 1000)):
            if lock.error() == QLockFile.LockError.LockFailedError:
                raise HistoryError(in_use(self.location))
            raise HistoryError(
                f"Cannot create the lock file {path} for the chat history. "
                "Check the folder's permissions, or use --data-dir."
            )
        self._lock = lock

    def _release_lock(self) -> None:
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    def _start_sync(self, path: Path, last_seq: int) -> None:
        sync = WalSync(path, self)
        # Direct: these run on the sync thread and only leave a note for _deliver.
        sync.synced.connect(self._on_disk_synced, Qt.ConnectionType.DirectConnection)
        sync.failed.connect(self._on_disk_failed, Qt.ConnectionType.DirectConnection)
        try:
            sync.start(last_seq)
        except (OSError, sqlite3.Error) as exc:
            self.close()
            raise HistoryError(
                f"Cannot open the chat history {self.location} for writing ({exc})."
            ) from None
        self._sync = self._worker.sync = sync

    def close(self) -> None:
        """Write everything queued, stop the worker and close the file (blocking).

        The results of everything done are delivered before close() returns.
        """
        if not self._started or self._closed:
            return
        self._flush_batch()
        self._closed = True
        self._worker.jobs.put(Stop())
        self._worker.join()
        if self._sync is not None:
            self._disk_seq = max(self._disk_seq, self._sync.close())
        self._deliver()
        self._release_lock()

    # --- asking (owner's thread) -----------------------------------------------------

    def store(
        self, sender: str, text: str, to: str | None, me: bool, client_id: str,
        message_id: str, tag: object = None,
    ) -> None:
        """Queue one chat; it comes back in `results` with `tag`, once committed.

        The worker assigns seq and ts. When (client_id, message_id) is already
        stored (a resend), nothing is written and the original comes back with
        duplicate=True. An empty message_id never matches. When it cannot be
        stored, it comes back in `not_stored` instead.
        """
        job = StoreJob(sender, text, to, bool(me), client_id, message_id, tag)
        if not self._started or self._closed:
            self._submit(job)  # says why it is dropped
            return
        self._batch.append(job)
        if not self._batch_timer.isActive():
            self._batch_timer.start()

    def recent(self, count: int, callback: ReadCallback, *, nick: str | None = None) -> None:
        """callback(list[Chat]): the last `count` chats, in seq order; with
        `nick`, only those that nick may see (history_sql.visible_terms)."""
        self._submit(ReadJob(sql.newest_query(None, count, nick), callback))

    def since(
        self, seq: int, callback: ReadCallback, *, nick: str | None = None,
        limit: int = SINCE_LIMIT,
    ) -> None:
        """callback(list[Chat]): every chat with a seq above `seq`, in seq order.

        At most `limit` chats: when more are stored, the NEWEST `limit` of them
        (a client that was away for very long sees the latest history, up to
        live traffic without a gap, rather than an old stretch of it).
        """
        self._submit(ReadJob(sql.newest_query(seq, limit, nick), callback))

    def page(
        self, after: int, count: int, callback: ReadCallback, *, nick: str | None = None,
        newest: int | None = None, cancelled: Cancelled | None = None,
        max_chars: int | None = None,
    ) -> None:
        """callback(list[Chat]): the first `count` chats with a seq above `after`,
        in seq order: one page of a history read a page at a time.

        `max_chars`: the page ends early, after the chat whose text brings the
        page's total to max_chars or more (backlog_pages.page_may_continue()).
        With it, a read that fails answers an empty page (after a problem in `results`).
        `newest`: start no earlier than the newest this many chats (those the
        nick may see), as since() does. `cancelled()` is asked on the worker
        just before the read: when true, it is skipped and never answers.
        """
        query = sql.page_query(after, count, nick, newest)
        self._submit(ReadJob(query, callback, cancelled, max_chars))

    def call_on_worker(
        self, func: Callable[[sqlite3.Connection], Any],
        callback: Callable[[Any], Any] | None = None,
    ) -> None:
        """Run func(connection) on the worker, in FIFO order; callback(result)
        like a read's. For tests and tools (filling a history fast, holding the
        worker busy): seq numbering continues after whatever func inserted."""
        self._submit(CallJob(func, callback))

    def _submit(self, job: Any) -> None:
        if not self._started:
            raise RuntimeError("HistoryStore used before start()")
        if self._closed:
            # Shutdown races (a message arriving while the server stops) are
            # not worth a traceback: the message is simply not acknowledged.
            log.warning("chat history is closed; dropped %s", type(job).__name__.strip("_"))
            return
        self._flush_batch()  # what was stored before this job goes first
        self._worker.jobs.put(job)

    def _on_batch_timer(self) -> None:
        # A timer restarted from its own slot fires on the next turn, after
        # the loop has polled the sockets again: one more turn while the last
        # one brought chats.
        waiting = len(self._batch)
        if waiting > self._batch_seen and self._batch_turns < BATCH_EXTRA_TURNS:
            self._batch_seen = waiting
            self._batch_turns += 1
            self._batch_timer.start()
            return
        self._flush_batch()

    def _flush_batch(self) -> None:
        """Hand this turn's chats to the worker, in one piece: one transaction."""
        self._batch_timer.stop()
        self._batch_seen = self._batch_turns = 0
        jobs, self._batch = self._batch, []
        if jobs:
            if self._trace_batches is not None:
                self._trace_batches(len(jobs))
            self._worker.jobs.put(jobs)

    # --- the hand-over back ----------------------------------------------------------

    def _wake_owner(self) -> None:
        """From the worker or the sync thread: have _deliver run on the owner's
        thread. One queued call until it runs, however many turns want it."""
        with self._wake_lock:
            if self._wake_posted:
                return
            self._wake_posted = True
        try:
            self._wake.emit()
        except RuntimeError:  # the QObject was deleted without close()
            log.warning("chat history store deleted while busy; results dropped")

    def _on_disk_synced(self, seq: int) -> None:  # on the sync thread
        self._disk_seq = seq
        self._wake_owner()

    def _on_disk_failed(self, sentence: str) -> None:  # on the sync thread
        self._disk_failure = sentence
        self._wake_owner()

    def _deliver(self) -> None:
        """Everything the worker and the sync thread left, in order: results in
        batches, each read's answer after the results committed before it."""
        with self._wake_lock:
            self._wake_posted = False
        batch = HistoryResults()
        try:
            outbox = self._worker.outbox
            while outbox:
                item = outbox.popleft()
                kind = type(item)
                if kind is Stored:
                    batch.stored.append(item)
                elif kind is Committed:
                    self._last_seq = item.seq
                    if self._sync is None:  # in memory: nothing more to wait for
                        self._disk_seq = max(self._disk_seq, item.seq)
                elif kind is NotStored:
                    batch.not_stored.append(item)
                elif kind is str:
                    batch.problems.append(item)
                else:  # an Answer: the results before it go first
                    batch = self._emit(batch)
                    item.callback(item.value)
        except BaseException:
            # Let the error surface without stranding the rest: they follow,
            # still in order, on the next turn of the loop.
            if self._worker.outbox:
                self._wake_owner()
            raise
        finally:
            self._emit(batch)

    def _emit(self, batch: HistoryResults) -> HistoryResults:
        """Send `batch` with the disk's news, if there is anything to say;
        returns the batch to fill next."""
        news = bool(batch.stored or batch.not_stored or batch.problems)
        if self._disk_failure is not None and not self._sync_broken:
            self._sync_broken = True  # acks still waiting will never be due
            batch.problems.append(self._disk_failure)
            news = True
        if not self._sync_broken and self._disk_seq > self._synced_seq:
            self._synced_seq = self._disk_seq
            news = True
        if not news:
            return batch
        batch.synced_seq = self._synced_seq
        batch.sync_broken = self._sync_broken
        self.results.emit(batch)
        return HistoryResults()
