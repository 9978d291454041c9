"""HistoryWorker: the thread that runs every statement of the chat history.

No Qt. It takes jobs from a FIFO queue (HistoryStore puts them there), runs
them on its own sqlite3 connection (history_sql.py), a batch of jobs in one
transaction, and leaves what it has to say in an outbox, in order, then
calls `wake` (HistoryStore hands that to its own thread). Stored chats
enter the outbox only once their transaction is committed.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..protocol import Chat
from . import history_sql as sql
from .history_files import HistoryError, describe_open_error, describe_sqlite_error, is_corruption
from .history_sql import utc_timestamp
from .wal_sync import WalSync

log = logging.getLogger(__name__)

MAX_BATCH = 1000  # jobs per transaction: bounds a commit's latency and memory
WORKER_NAME = "chatapp-history"

ReadCallback = Callable[[list[Chat]], Any]
Cancelled = Callable[[], bool]  # asked on the worker just before a read runs


@dataclass(frozen=True, slots=True)
class Stored:
    """A chat committed (or, duplicate=True, the original of a resend)."""

    chat: Chat
    duplicate: bool
    tag: object  # store()'s tag, untouched


@dataclass(frozen=True, slots=True)
class NotStored:
    tag: object
    reason: str  # why, as the middle of a sentence ("the disk is full")


@dataclass(slots=True)
class StoreJob:
    sender: str
    text: str
    to: str | None
    me: bool
    client_id: str
    message_id: str
    tag: object


@dataclass(slots=True)
class ReadJob:
    query: sql.Query
    callback: ReadCallback
    # A read whose asker has gone is skipped, not run (a resume storm's readers
    # leave at once; their reads must not cost the disk anything).
    cancelled: Cancelled | None = None
    # With it, a page stops once its texts reach this many characters, and a
    # read that fails answers an empty page so its reader moves on.
    max_chars: int | None = None


@dataclass(slots=True)
class CallJob:
    func: Callable[[sqlite3.Connection], Any]
    callback: Callable[[Any], Any] | None


@dataclass(slots=True)
class Answer:  # a read's or a call's result, for its callback
    callback: Callable[[Any], Any]
    value: Any


@dataclass(slots=True)
class Committed:
    seq: int


class Stop:
    pass


def _unpack(item: Any) -> list[Any]:
    """A batch of chats (a list, from _flush_batch) is its jobs, in order."""
    return item if isinstance(item, list) else [item]


class HistoryWorker:
    """The disk side of HistoryStore. `jobs` in, `outbox` out, `wake()` after
    each turn that added to the outbox. Everything but `start` and `join`,
    and the attributes marked otherwise, is the worker thread's alone."""

    def __init__(
        self, path: Path | None, directory: Path | None, location: str,
        wake: Callable[[], None], trace_sql: Callable[[str], Any] | None = None,
    ) -> None:
        self.path = path
        self.directory = directory
        self.location = location  # for sentences to the user
        self.jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.outbox: deque[Any] = deque()  # emptied by the owner's thread
        self.sync: WalSync | None = None  # set by the owner once opened
        self.skipped_reads = 0  # reads not run because their asker had gone (tests)
        self._wake = wake
        self._trace_sql = trace_sql
        self._thread: threading.Thread | None = None
        self._db: sqlite3.Connection | None = None
        self._worker_seq = 0
        self._tx_seq = 0  # _worker_seq when the open transaction began
        self._tx: list[tuple[StoreJob, Stored]] = []

    def start(self, opened: Future[int]) -> None:
        """Start the thread; it opens the database and answers `opened`."""
        self._thread = threading.Thread(
            target=self._work, args=(opened,), name=WORKER_NAME, daemon=True
        )
        self._thread.start()

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def _work(self, opened: Future[int]) -> None:
        if not self._run_open(opened):
            return
        stopping = False
        while not stopping:
            batch = _unpack(self.jobs.get())
            while len(batch) < MAX_BATCH:
                try:
                    batch.extend(_unpack(self.jobs.get_nowait()))
                except queue.Empty:
                    break
            for job in batch:
                if isinstance(job, Stop):
                    stopping = True
                    break
                self._run_guarded(job)
            self._commit()
            self._restart_log_if_wanted()
            if self.outbox:
                self._wake()
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error as exc:
                log.warning("closing the chat history failed: %s", exc)
            self._db = None

    def _run_open(self, opened: Future[int]) -> bool:
        try:
            self._db, self._worker_seq = sql.open_database(self.path, self._trace_sql)
        except HistoryError as exc:  # start() is waiting: it must always get an answer
            opened.set_exception(exc)
        except sqlite3.Error as exc:
            message = describe_open_error(exc, self.location, self.directory)
            if is_corruption(exc):  # a damaged header: a fresh start helps too
                opened.set_exception(sql.DamagedInsideError(message))
            else:
                opened.set_exception(HistoryError(message))
        except Exception as exc:
            opened.set_exception(HistoryError(f"Cannot open the chat history {self.location}: "
                                              f"{exc}."))
        else:
            opened.set_result(self._worker_seq)
            return True
        return False

    def _run_guarded(self, job: Any) -> None:
        try:
            if isinstance(job, StoreJob):
                self._run_store(job)
            elif isinstance(job, ReadJob):
                self._run_read(job)
            else:
                self._run_call(job)
        except Exception as exc:  # a bug here must not kill the worker
            log.exception("chat history worker failed on %r", job)
            if isinstance(job, StoreJob):
                self._abandon_transaction(f"internal error: {exc!r}", this_one=job)
            else:
                self.outbox.append(f"Chat history internal error: {exc!r}.")

    def _run_store(self, job: StoreJob) -> None:
        db = self._db
        assert db is not None
        try:
            if not db.in_transaction:
                db.execute("BEGIN IMMEDIATE")
                self._tx_seq = self._worker_seq
                self._tx = []
            new = Chat(self._worker_seq + 1, utc_timestamp(), job.sender, job.text, job.to, job.me)
            chat, duplicate = sql.insert_chat(db, new, job.client_id, job.message_id)
        except sqlite3.Error as exc:
            self._abandon_transaction(describe_sqlite_error(exc), this_one=job)
            return
        if not duplicate:
            self._worker_seq = chat.seq
        self._tx.append((job, Stored(chat, duplicate, job.tag)))

    def _run_read(self, job: ReadJob) -> None:
        self._commit()  # a read returns everything submitted before it
        if job.cancelled is not None and job.cancelled():
            self.skipped_reads += 1
            return
        assert self._db is not None
        try:
            chats = sql.read_chats(self._db, job.query, job.max_chars)
        except sqlite3.Error as exc:
            self.outbox.append(
                f"Could not read the chat history in {self.location}: "
                f"{describe_sqlite_error(exc)}."
            )
            if job.max_chars is None:
                return
            chats = []  # a page reader must not wait forever
        self.outbox.append(Answer(job.callback, chats))

    def _run_call(self, job: CallJob) -> None:
        self._commit()
        assert self._db is not None
        changes = self._db.total_changes
        result = job.func(self._db)
        if self._db.total_changes != changes:  # it may have inserted chats: number after them
            self._worker_seq = sql.last_seq(self._db)
            self.outbox.append(Committed(self._worker_seq))
        if job.callback is not None:
            self.outbox.append(Answer(job.callback, result))

    def _commit(self) -> None:
        db = self._db
        if db is None or not db.in_transaction:
            return
        try:
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._abandon_transaction(describe_sqlite_error(exc))
            return
        if self.sync is not None:
            self.sync.request(self._worker_seq)
        self.outbox.extend([stored for _job, stored in self._tx])
        self.outbox.append(Committed(self._worker_seq))
        self._tx = []

    def _restart_log_if_wanted(self) -> None:
        """Copy the rest of an oversized log into the database file (wal_sync.py),
        between two commits, so that the next write starts the log over."""
        sync = self.sync
        if sync is None or not sync.restart_wanted or self._db is None:
            return
        sync.restart_wanted = False
        try:
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as exc:  # the sync thread asks again later
            log.warning("chat history checkpoint failed: %s", exc)

    def _abandon_transaction(self, reason: str, *, this_one: StoreJob | None = None) -> None:
        """Roll back: none of the transaction's chats was stored; each is told
        (`this_one`: the chat being written when it failed)."""
        jobs = [job for job, _stored in self._tx] + ([this_one] if this_one else [])
        self._tx = []
        self._worker_seq = self._tx_seq
        db = self._db
        if db is not None and db.in_transaction:  # SQLITE_FULL rolls back by itself
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error as exc:
                log.warning("chat history rollback failed: %s", exc)
        what = "a message" if len(jobs) == 1 else f"{len(jobs)} messages"
        self.outbox.append(
            f"Could not save {what} to the chat history in {self.location}: {reason}. "
            "They were not stored and not acknowledged."
        )
        self.outbox.extend([NotStored(job.tag, reason) for job in jobs])
