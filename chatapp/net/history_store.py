"""HistoryStore: the server's chat history, durable in SQLite, mostly off the GUI thread.

One worker thread owns the sqlite3 connection and does the disk work. Jobs go
to it through a FIFO queue; results come back to the store's own (GUI) thread
through a queued Qt signal, in exactly the order the jobs were submitted. The
server relies on that order: an `ack` follows the commit of its message, and a
history read answers after every write submitted before it.

Group commit: the worker takes everything queued so far (up to
MAX_BATCH jobs), writes all of it in ONE transaction, commits, and only then
reports.

Shown first, on disk soon after: with synchronous=NORMAL a COMMIT hands the
chats to the operating system, where they survive a killed server, and
returns without waiting for the disk; the callbacks run then, and the server
shows the chats to the room. A WalSync thread flushes the log to the disk
behind the writes, a burst of commits with one flush, and `synced` says how
far that got: the server acknowledges a chat only then. Checkpoints run on
that thread too, never inside a COMMIT; only when the log has grown past
WAL_RESTART_BYTES does the writer copy the rest itself, between two commits
(wal_sync.py).

Never on our own thread: every statement, write or read, runs on the worker.
Our thread only queues jobs and takes results, so a disk that stalls (a
frozen volume, a saturated USB stick) delays acknowledgements and history,
never pings, welcomes or the rest of the room (issue 14).

Batches from our side too: the chats stored during one turn of the event
loop go to the worker together, once a turn of the loop brings no more of
them (at most BATCH_EXTRA_TURNS later): a burst that arrives over a few
sockets becomes one commit and one broadcast, rather than one for the first
sender and another for the rest; a broadcast to a big room costs about a
millisecond whatever its size (docs/BENCHMARKS.md).

Integrity: at start the worker runs PRAGMA quick_check; a file damaged
inside (not only in its header) is refused with HistoryDamagedError, and
set_aside_damaged() moves it away, never deleting it, for a fresh start.

The file is `history.sqlite3` in the data directory, in WAL mode, next to a
lock file: a second server on the same directory gets a clear HistoryError at
start instead of interleaving sequence numbers with the first.
"""

from __future__ import annotations

import logging
import os
import queue
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLockFile, QObject, Qt, QTimer, Signal

from ..protocol import Chat
from .wal_sync import WalSync

log = logging.getLogger(__name__)

FILE_NAME = "history.sqlite3"
LOCK_NAME = "history.lock"
SCHEMA_VERSION = 1
MAX_BATCH = 1000  # jobs per transaction: bounds a commit's latency and memory
SINCE_LIMIT = 10_000  # since() returns at most the NEWEST this many chats after seq
OPEN_TIMEOUT_S = 30.0  # start() gives up waiting for the worker after this long
LOCK_TIMEOUT_S = 0.5  # how long to wait for a lock held by another process
# PRAGMA quick_check stops after this many problems: one is enough to refuse
# the file, and a badly damaged one would otherwise list thousands.
QUICK_CHECK_MAX_ERRORS = 10
# How many more turns of the event loop a batch of chats waits for chats
# that arrived meanwhile before it goes to the worker. Each turn costs one
# poll of the sockets (microseconds).
BATCH_EXTRA_TURNS = 3
WORKER_NAME = "chatapp-history"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS chats (
    seq        INTEGER PRIMARY KEY,
    ts         TEXT    NOT NULL,
    sender     TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    recipient  TEXT,
    me         INTEGER NOT NULL DEFAULT 0,
    client_id  TEXT    NOT NULL DEFAULT '',
    message_id TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX IF NOT EXISTS chats_resend
    ON chats (client_id, message_id) WHERE message_id != '';
"""
_COLUMNS = "seq, ts, sender, text, recipient, me"
# The partial index is only usable when the query repeats its WHERE term.
_FIND_RESEND = (
    f"SELECT {_COLUMNS} FROM chats WHERE client_id = ? AND message_id = ? AND message_id != ''"
)
# A resend (same client and message id) hits the unique index and is skipped:
# one statement per new message, and the lookup only for the rare resend.
_INSERT = (
    "INSERT INTO chats (seq, ts, sender, text, recipient, me, client_id, message_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)
_VISIBLE = "(recipient IS NULL OR casefold(sender) = ? OR casefold(recipient) = ?)"


class HistoryError(Exception):
    """The history cannot be opened or written; str() is a sentence for the user."""


class HistoryDamagedError(HistoryError):
    """The history file failed its integrity check at start.

    `path` is the damaged file: set_aside_damaged(path) moves it out of the way
    (kept, never deleted) so that a new, empty history can start.
    """

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


def damaged_copy_name(path: Path) -> Path:
    """Where set_aside_damaged() would put `path` now: next to it, stamped (UTC)."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():  # two fresh starts within one second
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    return target


def set_aside_damaged(path: Path, target: Path | None = None) -> Path:
    """Rename a damaged history (and its -wal and -shm files) to `target`
    (default: damaged_copy_name), never deleting anything; returns the new name."""
    if target is None or target.exists():
        target = damaged_copy_name(path)
    for suffix in ("-wal", "-shm"):  # the log holds part of the data: keep it with it
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    path.rename(target)
    return target


_last_timestamp: tuple[int, str] = (-1, "")


def utc_timestamp() -> str:
    """Now, as ISO 8601 UTC with milliseconds and "Z": 2026-11-24T10:00:00.000Z."""
    global _last_timestamp
    ms = time.time_ns() // 1_000_000
    last = _last_timestamp
    if ms != last[0]:  # a busy room stores many chats within one millisecond
        seconds, millis = divmod(ms, 1000)
        last = _last_timestamp = (
            ms, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{millis:03d}Z"
        )
    return last[1]


StoreCallback = Callable[[Chat, bool], Any]
StoreFailedCallback = Callable[[str], Any]  # a sentence: why the chat was not stored
ReadCallback = Callable[[list[Chat]], Any]
Cancelled = Callable[[], bool]  # asked on the worker just before a read runs


@dataclass
class _Store:
    sender: str
    text: str
    to: str | None
    me: bool
    client_id: str
    message_id: str
    callback: StoreCallback
    failed: StoreFailedCallback | None = None


@dataclass
class _Read:
    sql: str
    params: tuple[Any, ...]
    callback: ReadCallback
    newest_first: bool  # the query ran backwards to apply LIMIT; reverse to seq order
    # A read whose asker has gone is skipped, not run (a resume storm's readers
    # leave at once; their reads must not cost the disk anything).
    cancelled: Cancelled | None = None
    # Stop once the texts read add up to this many characters (one more chat
    # than that at most): a page of long chats stays as small as a page of short.
    max_chars: int | None = None


@dataclass
class _Call:
    """Run func(connection) on the worker (tests and tools)."""

    func: Callable[[sqlite3.Connection], Any]
    callback: Callable[[Any], Any] | None


@dataclass
class _Open:
    done: Future[int]


class _Stop:
    pass


def page_may_continue(chats: list[Chat], count: int, max_chars: int | None) -> bool:
    """Whether a page read with page(count=count, max_chars=max_chars) may have
    stopped before the end: it is full, or its texts reached max_chars."""
    if len(chats) >= count:
        return True
    return max_chars is not None and sum(len(chat.text) for chat in chats) >= max_chars


def _unpack(jobs: list[Any]) -> list[Any]:
    """A batch of chats (a list, from _flush_batch) is its jobs, in order."""
    return [job for item in jobs for job in (item if isinstance(item, list) else (item,))]


def _chat_from_row(row: tuple[Any, ...]) -> Chat:
    seq, ts, sender, text, recipient, me = row
    return Chat(seq, ts, sender, text, recipient, bool(me))


def _casefold(value: str | None) -> str | None:
    return None if value is None else value.casefold()


class HistoryStore(QObject):
    """Durable chat history. Every public method is called on the store's thread.

    Callbacks run on the store's thread, in submission order, once the work
    is done (for store(): once the message is committed, which a killed
    server does not undo; `synced` follows once it is on the disk). When a
    write fails, `failed` is emitted with a sentence and the callbacks of the
    messages in that transaction are not called; when a read fails, `failed`
    is emitted and its callback is not called.
    """

    failed = Signal(str)
    # Every chat up to this seq is on the disk (synced_seq), power cut or not.
    synced = Signal(object)  # int; object because Qt's int is 32 bits
    # After each batch of callbacks (everything one turn of the worker finished):
    # an owner that collected what the callbacks asked for can send it at once.
    results_delivered = Signal()
    _results_ready = Signal()  # emitted on the worker; queued to our thread

    def __init__(
        self,
        directory: str | os.PathLike[str] | None,
        parent: QObject | None = None,
        *,
        trace_sql: Callable[[str], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self._directory = None if directory is None else Path(directory)
        self._trace_sql = trace_sql  # called with each SQL statement, where it runs
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._results: deque[tuple[Callable[..., Any], tuple[Any, ...]]] = deque()
        self._results_ready.connect(
            self._on_worker_results_ready, Qt.ConnectionType.QueuedConnection
        )
        self._thread: threading.Thread | None = None
        self._closed = False
        self._last_seq = 0
        # The connection and the transaction: the worker's alone.
        self._db: sqlite3.Connection | None = None
        self._worker_seq = 0
        self._tx_seq = 0  # _worker_seq when the open transaction began
        self._tx_results: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []
        self._tx_jobs: list[_Store] = []  # told when the transaction fails
        self.skipped_reads = 0  # reads not run because their asker had gone (tests)
        self._batch: list[_Store] = []  # stored during this turn of the loop
        self._batch_timer = QTimer(self, singleShot=True, interval=0)
        self._batch_timer.timeout.connect(self._on_batch_timer)
        self._batch_seen = 0  # len(self._batch) when the timer last fired
        self._batch_turns = 0  # extra turns waited for this batch
        self._lock: QLockFile | None = None  # held while the store is open
        self._sync: WalSync | None = None  # None in memory: committed is all there is
        self._synced_seq = 0
        self._sync_broken = False  # a flush failed: nothing is synced from then on

    # --- public API (store's thread) -------------------------------------------

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
        """The highest committed seq whose result has reached this thread."""
        return self._last_seq

    @property
    def synced_seq(self) -> int:
        """The highest seq known to be on the disk (see `synced`)."""
        return self._synced_seq

    @property
    def sync_broken(self) -> bool:
        """A flush to the disk failed: chats are committed but never synced again."""
        return self._sync_broken

    @property
    def is_open(self) -> bool:
        return self._thread is not None and not self._closed

    def start(self) -> None:
        """Open or create the database on the worker and wait for it (blocking).

        Raises HistoryError with a readable sentence when that fails.
        """
        if self._thread is not None:
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
                raise HistoryError(_unwritable_folder(self._directory))
            self._take_lock(self._directory / LOCK_NAME)
        opened: Future[int] = Future()
        self._thread = threading.Thread(target=self._work, name=WORKER_NAME, daemon=True)
        self._thread.start()
        self._hand_to_worker(_Open(opened))
        try:
            last_seq = opened.result(timeout=OPEN_TIMEOUT_S)
        except HistoryError as exc:
            self._closed = True
            self._thread.join()
            self._release_lock()
            if isinstance(exc, _DamagedInsideError) and self.path is not None:
                raise HistoryDamagedError(str(exc), self.path) from None
            raise
        except FutureTimeout:  # not the builtin TimeoutError before Python 3.11
            self._closed = True
            self._jobs.put(_Stop())
            self._release_lock()
            raise HistoryError(
                f"Opening the chat history {self.location} took more than "
                f"{OPEN_TIMEOUT_S:.0f} seconds; is the disk responding?"
            ) from None
        self._last_seq = self._synced_seq = last_seq
        if self.path is not None:
            self._start_sync(self.path, last_seq)
        log.info("chat history: %s, last seq %d", self.location, last_seq)

    def _take_lock(self, path: Path) -> None:
        lock = QLockFile(str(path))
        # A server runs for months: only a lock whose process has died is stale.
        lock.setStaleLockTime(0)
        if not lock.tryLock(int(LOCK_TIMEOUT_S * 1000)):
            if lock.error() == QLockFile.LockError.LockFailedError:
                raise HistoryError(_in_use(self.location))
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
        sync.synced.connect(self._mark_synced, Qt.ConnectionType.QueuedConnection)
        sync.failed.connect(self._on_sync_failed, Qt.ConnectionType.QueuedConnection)
        try:
            sync.start(last_seq)
        except (OSError, sqlite3.Error) as exc:
            self.close()
            raise HistoryError(
                f"Cannot open the chat history {self.location} for writing ({exc})."
            ) from None
        self._sync = sync

    def _on_sync_failed(self, sentence: str) -> None:
        self._sync_broken = True
        self.failed.emit(sentence)

    def close(self) -> None:
        """Write everything queued, stop the worker and close the file (blocking).

        Callbacks of jobs that completed are called before close() returns.
        """
        if self._thread is None or self._closed:
            return
        self._flush_batch()
        self._closed = True
        self._jobs.put(_Stop())
        self._thread.join()
        self._deliver_results()
        if self._sync is not None:
            self._mark_synced(self._sync.close())
        self._release_lock()

    def store(
        self,
        sender: str,
        text: str,
        to: str | None,
        me: bool,
        client_id: str,
        message_id: str,
        callback: StoreCallback,
        failed: StoreFailedCallback | None = None,
    ) -> None:
        """Queue one chat; callback(chat, duplicate) once it is committed.

        The worker assigns seq and ts. When (client_id, message_id) is already
        stored (a resend), nothing is written and the callback gets the
        original chat with duplicate=True. An empty message_id never matches.
        When it cannot be stored, failed(sentence) is called instead (and
        `failed` emitted once for its transaction).
        """
        job = _Store(sender, text, to, bool(me), client_id, message_id, callback, failed)
        if self._thread is None or self._closed:
            self._submit(job)  # says why it is dropped
            return
        self._batch.append(job)
        if not self._batch_timer.isActive():
            self._batch_timer.start()

    def recent(self, count: int, callback: ReadCallback, *, nick: str | None = None) -> None:
        """callback(list[Chat]): the last `count` chats, in seq order.

        With `nick`, only chats that nick may see (see history.visible_to) are
        returned and counted.
        """
        self._submit_read("", (), max(0, count), nick, callback)

    def since(
        self,
        seq: int,
        callback: ReadCallback,
        *,
        nick: str | None = None,
        limit: int = SINCE_LIMIT,
    ) -> None:
        """callback(list[Chat]): every chat with a seq above `seq`, in seq order.

        At most `limit` chats: when more are stored, the NEWEST `limit` of them
        (a client that was away for very long sees the latest history, up to
        live traffic without a gap, rather than an old stretch of it).
        """
        self._submit_read("seq > ?", (seq,), max(0, limit), nick, callback)

    def page(
        self,
        after: int,
        count: int,
        callback: ReadCallback,
        *,
        nick: str | None = None,
        newest: int | None = None,
        cancelled: Cancelled | None = None,
        max_chars: int | None = None,
    ) -> None:
        """callback(list[Chat]): the first `count` chats with a seq above `after`,
        in seq order: one page of a history read a page at a time.

        `max_chars`: the page ends early, after the chat whose text brings the
        page's total to max_chars or more (so a page that ended early always
        totals at least max_chars: page_may_continue()). With it, a read that
        fails answers an empty page (after `failed`), so the reader moves on.

        `newest`: start no earlier than the newest this many chats (those the
        nick may see), as since() does. `cancelled()` is asked on the worker
        just before the read: when true, the read is skipped and the callback
        never called.
        """
        where, params = "seq > ?", (after,)
        if newest is not None:
            # The seq below which chats are too old: that of the (newest+1)-th
            # newest chat the reader may see, or 0.
            visible, extra = self._visible_terms(nick)
            floor = (
                f"SELECT seq FROM chats {('WHERE ' + visible) if visible else ''} "
                "ORDER BY seq DESC LIMIT 1 OFFSET ?"
            )
            where = f"seq > ? AND seq > coalesce(({floor}), 0)"
            params = (after, *extra, max(0, newest))
        terms = [where]
        visible, extra = self._visible_terms(nick)
        if visible:
            terms.append(visible)
            params = (*params, *extra)
        sql = f"SELECT {_COLUMNS} FROM chats WHERE {' AND '.join(terms)} ORDER BY seq LIMIT ?"
        self._submit(
            _Read(sql, (*params, max(0, count)), callback, False, cancelled, max_chars)
        )

    @staticmethod
    def _visible_terms(nick: str | None) -> tuple[str, tuple[Any, ...]]:
        if nick is None:
            return "", ()
        folded = nick.casefold()
        return _VISIBLE, (folded, folded)

    # --- submitting ------------------------------------------------------------

    def _submit(self, job: Any) -> None:
        if self._thread is None:
            raise RuntimeError("HistoryStore used before start()")
        if self._closed:
            # Shutdown races (a message arriving while the server stops) are
            # not worth a traceback: the message is simply not acknowledged.
            log.warning("chat history is closed; dropped %s", type(job).__name__.strip("_"))
            return
        self._flush_batch()  # what was stored before this job goes first
        self._hand_to_worker(job)

    def _hand_to_worker(self, job: Any) -> None:
        self._jobs.put(job)

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
            self._hand_to_worker(jobs)

    def _submit_read(
        self,
        where: str,
        params: tuple[Any, ...],
        limit: int,
        nick: str | None,
        callback: ReadCallback,
    ) -> None:
        terms = [where] if where else []
        visible, extra = self._visible_terms(nick)
        if visible:
            terms.append(visible)
            params = (*params, *extra)
        clause = f"WHERE {' AND '.join(terms)} " if terms else ""
        sql = f"SELECT {_COLUMNS} FROM chats {clause}ORDER BY seq DESC LIMIT ?"
        self._submit(_Read(sql, (*params, limit), callback, newest_first=True))

    def _call_on_worker(
        self,
        func: Callable[[sqlite3.Connection], Any],
        callback: Callable[[Any], Any] | None = None,
    ) -> None:
        """Run func(connection) on the worker, in FIFO order (for tests and tools)."""
        self._submit(_Call(func, callback))

    # --- results, back on the store's thread -----------------------------------

    def _on_worker_results_ready(self) -> None:
        self._deliver_results()

    def _deliver_results(self) -> None:
        try:
            while self._results:
                func, args = self._results.popleft()
                func(*args)
        except BaseException:
            # Let the error surface, but do not strand the results behind it:
            # they are delivered, still in order, on the next turn of the loop.
            if self._results:
                self._results_ready.emit()
            raise
        finally:
            self.results_delivered.emit()

    def _set_last_seq(self, seq: int) -> None:
        self._last_seq = seq
        if self._sync is None:  # in memory: nothing more to wait for
            self._mark_synced(seq)

    def _mark_synced(self, seq: int) -> None:
        if seq > self._synced_seq:  # a late report from the sync thread is old news
            self._synced_seq = seq
            self.synced.emit(seq)

    # --- the worker --------------------------------------------------------------

    def _work(self) -> None:
        stopping = False
        while not stopping:
            batch = _unpack([self._jobs.get()])
            while len(batch) < MAX_BATCH:
                try:
                    batch.extend(_unpack([self._jobs.get_nowait()]))
                except queue.Empty:
                    break
            for job in batch:
                if isinstance(job, _Stop):
                    stopping = True
                    break
                self._run_guarded(job)
            self._commit()
            self._restart_log_if_wanted()
            self._publish()
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error as exc:
                log.warning("closing the chat history failed: %s", exc)
            self._db = None

    def _run_guarded(self, job: Any) -> None:
        try:
            self._run(job)
        except Exception as exc:  # a bug here must not kill the worker
            log.exception("chat history worker failed on %r", job)
            if isinstance(job, _Store):
                self._abandon_transaction(f"internal error: {exc!r}", this_one=job)
            else:
                self._post(self.failed.emit, f"Chat history internal error: {exc!r}.")

    def _run(self, job: Any) -> None:
        if isinstance(job, _Store):
            self._run_store(job)
        elif isinstance(job, _Read):
            self._commit()  # a read returns everything submitted before it
            if job.cancelled is not None and job.cancelled():
                self.skipped_reads += 1
                return
            rows = self._query(job.sql, job.params, "read", job.max_chars)
            if rows is None and job.max_chars is not None:
                rows = []  # a page reader must not wait forever: `failed` said why
            if rows is not None:
                chats = [_chat_from_row(row) for row in rows]
                if job.newest_first:
                    chats.reverse()
                self._post(job.callback, chats)
        elif isinstance(job, _Call):
            self._commit()
            assert self._db is not None
            result = job.func(self._db)
            if job.callback is not None:
                self._post(job.callback, result)
        elif isinstance(job, _Open):
            self._run_open(job)

    def _run_store(self, job: _Store) -> None:
        db = self._db
        assert db is not None
        try:
            if not db.in_transaction:
                db.execute("BEGIN IMMEDIATE")
                self._tx_seq = self._worker_seq
                self._tx_results = []
                self._tx_jobs = []
            chat = Chat(self._worker_seq + 1, utc_timestamp(), job.sender, job.text, job.to, job.me)
            inserted = db.execute(
                _INSERT,
                (
                    chat.seq,
                    chat.ts,
                    chat.sender,
                    chat.text,
                    chat.to,
                    int(chat.me),
                    job.client_id,
                    job.message_id,
                ),
            ).rowcount
            if not inserted:  # a resend of a stored message: acknowledge the original
                row = db.execute(_FIND_RESEND, (job.client_id, job.message_id)).fetchone()
                if row is None:
                    raise sqlite3.IntegrityError("the message was neither stored nor found")
                self._tx_results.append((job.callback, (_chat_from_row(row), True)))
                self._tx_jobs.append(job)
                return
        except sqlite3.Error as exc:
            self._abandon_transaction(_describe(exc), this_one=job)
            return
        self._worker_seq = chat.seq
        self._tx_results.append((job.callback, (chat, False)))
        self._tx_jobs.append(job)

    def _commit(self) -> None:
        db = self._db
        if db is None or not db.in_transaction:
            return
        try:
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._abandon_transaction(_describe(exc))
            return
        self._tx_jobs = []
        if self._sync is not None:
            self._sync.request(self._worker_seq)
        self._post(self._set_last_seq, self._worker_seq)
        self._results.extend(self._tx_results)
        self._tx_results = []

    def _restart_log_if_wanted(self) -> None:
        """Copy the rest of an oversized log into the database file (wal_sync.py).

        Run by the writer between two commits, so nothing is added meanwhile
        and its next write starts the log over. What is left after the sync
        thread's checkpoints is small: the cost is mostly one flush of it.
        """
        sync = self._sync
        if sync is None or not sync.restart_wanted or self._db is None:
            return
        sync.restart_wanted = False
        try:
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as exc:  # the sync thread asks again later
            log.warning("chat history checkpoint failed: %s", exc)

    def _abandon_transaction(self, reason: str, *, this_one: _Store | None = None) -> None:
        """Roll back: none of the transaction's messages was stored.

        `this_one`: the message being written when it failed, not yet counted
        in the transaction's results. Each message's `failed` callback is told.
        """
        jobs = [*self._tx_jobs, *([this_one] if this_one is not None else [])]
        lost = len(jobs)
        self._tx_results = []
        self._tx_jobs = []
        self._worker_seq = self._tx_seq
        db = self._db
        if db is not None and db.in_transaction:  # SQLITE_FULL rolls back by itself
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error as exc:
                log.warning("chat history rollback failed: %s", exc)
        what = "a message" if lost == 1 else f"{lost} messages"
        self._post(
            self.failed.emit,
            f"Could not save {what} to the chat history in {self.location}: {reason}. "
            "They were not stored and not acknowledged.",
        )
        for job in jobs:
            if job.failed is not None:
                self._post(job.failed, reason)

    def _query(
        self, sql: str, params: tuple[Any, ...], what: str, max_chars: int | None = None
    ) -> list[Any] | None:
        assert self._db is not None
        try:
            cursor = self._db.execute(sql, params)
            if max_chars is None:
                return cursor.fetchall()
            rows, chars = [], 0
            for row in cursor:
                rows.append(row)
                chars += len(row[3])  # the text (_COLUMNS)
                if chars >= max_chars:
                    break
            return rows
        except sqlite3.Error as exc:
            self._post(
                self.failed.emit,
                f"Could not {what} the chat history in {self.location}: {_describe(exc)}.",
            )
            return None

    def _post(self, func: Callable[..., Any], *args: Any) -> None:
        self._results.append((func, args))

    def _publish(self) -> None:
        if self._results:
            try:
                self._results_ready.emit()
            except RuntimeError:  # the QObject was deleted without close()
                log.warning("chat history store deleted while busy; results dropped")

    def _run_open(self, job: _Open) -> None:
        try:
            job.done.set_result(self._open())
        except Exception as exc:  # start() is waiting: it must always get an answer
            if self._db is not None:
                self._db.close()
                self._db = None
            self._jobs.put(_Stop())
            if isinstance(exc, HistoryError):
                job.done.set_exception(exc)
                return
            if isinstance(exc, sqlite3.Error):
                message = self._describe_open_error(exc)
                if _is_corruption(exc):  # a damaged header: a fresh start helps too
                    job.done.set_exception(_DamagedInsideError(message))
                    return
            else:
                message = f"Cannot open the chat history {self.location}: {exc}."
            job.done.set_exception(HistoryError(message))

    def _open(self) -> int:
        path = self.path
        db = sqlite3.connect(
            ":memory:" if path is None else str(path),
            timeout=LOCK_TIMEOUT_S,
            isolation_level=None,  # we say BEGIN and COMMIT ourselves
            check_same_thread=False,  # closed by the worker, opened by it too
        )
        self._db = db
        if self._trace_sql is not None:
            db.set_trace_callback(self._trace_sql)
        db.create_function("casefold", 1, _casefold, deterministic=True)
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if path is not None and mode != "wal":
            raise sqlite3.OperationalError(f"cannot switch to WAL mode (got {mode})")
        # A COMMIT does not wait for the disk, and never checkpoints: WalSync
        # does both on its own thread.
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA wal_autocheckpoint = 0")
        # No journal_size_limit: shrinking the log file when it starts over
        # happens inside a COMMIT and took 40 ms on this disk. The file stays
        # at its largest (under about 100 MB, wal_sync.py) until the server stops.
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(
                f"it was written by a newer chatapp (format {version}, this one reads "
                f"{SCHEMA_VERSION})"
            )
        if path is not None:
            self._check_integrity(db)
        db.executescript(_SCHEMA)
        # Always a real write, so a read-only file or disk fails here, at start.
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._worker_seq = db.execute("SELECT coalesce(max(seq), 0) FROM chats").fetchone()[0]
        return self._worker_seq

    def _check_integrity(self, db: sqlite3.Connection) -> None:
        """Refuse a file damaged inside: reads of it would fail or come back
        short, and new chats would go into it. quick_check reads every page
        once (it skips only the index-to-table cross-check of integrity_check):
        about a second per 100 MB on an SSD, once per start."""
        try:
            problems = [
                row[0]
                for row in db.execute(f"PRAGMA quick_check({QUICK_CHECK_MAX_ERRORS})")
            ]
        except sqlite3.DatabaseError as exc:  # so damaged that the check cannot run
            problems = [str(exc)]
        if problems != ["ok"]:
            raise _DamagedInsideError(_damaged_inside(self.location, problems[0]))

    def _describe_open_error(self, exc: sqlite3.Error) -> str:
        name = getattr(exc, "sqlite_errorname", "")
        where = self.location
        if name.startswith("SQLITE_BUSY") or "locked" in str(exc):
            return _in_use(where)
        if _is_corruption(exc):
            return (
                f"The chat history {where} is damaged or is not a chatapp history file "
                f"({exc}). Start with an empty history (the damaged file is kept next to "
                "it, renamed), or use --data-dir."
            )
        if name.startswith("SQLITE_READONLY") or name.startswith("SQLITE_CANTOPEN"):
            if self._directory is not None and _on_read_only_file_system(self._directory):
                return _unwritable_folder(self._directory)
            return (
                f"Cannot open the chat history {where} for writing ({exc}). "
                "Check the permissions of the file and its folder, or use --data-dir."
            )
        return f"Cannot open the chat history {where}: {_describe(exc)}."


def _is_corruption(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "")
    return name == "SQLITE_NOTADB" or name.startswith("SQLITE_CORRUPT")


class _DamagedInsideError(HistoryError):
    """Raised on the worker; start() turns it into HistoryDamagedError with the path."""


def _damaged_inside(where: str, problem: str) -> str:
    return (
        f"The chat history {where} is damaged inside (the integrity check found: "
        f"{problem[:200]}). Clients would get no or partial history and new chats would "
        "go into the damaged file. Start with an empty history (the damaged file is kept "
        "next to it, renamed), or restore it from a backup."
    )


def _on_read_only_file_system(path: Path) -> bool:
    """The folder is on a file system mounted read-only (no one may write there)."""
    statvfs = getattr(os, "statvfs", None)  # not on Windows
    if statvfs is None:
        return False
    try:
        return bool(statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _unwritable_folder(directory: Path) -> str:
    """Why the history folder cannot be written, and what to do about it."""
    if _on_read_only_file_system(directory):
        return (
            f"The chat history folder {directory} is on a read-only disk or file system: "
            "nothing can be saved there. Make it writable (remount it read-write, or free "
            "the disk's write protection), or choose another folder with --data-dir."
        )
    return (
        f"The chat history folder {directory} is read-only for this user: "
        "chatapp may not create files in it. Give this user write permission on it, "
        "or choose another folder with --data-dir."
    )


def _in_use(where: str) -> str:
    return (
        f"The chat history {where} is in use by another chatapp server. "
        "Stop that server, or start this one with --data-dir pointing to another folder."
    )


def _describe(exc: sqlite3.Error) -> str:
    name = getattr(exc, "sqlite_errorname", "")
    if name == "SQLITE_FULL":
        return "the disk is full"
    if name.startswith("SQLITE_IOERR"):
        return f"the disk reported an error ({exc})"
    if name.startswith("SQLITE_READONLY"):
        return "the file or its disk has become read-only"
    return str(exc)
