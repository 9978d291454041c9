"""WalSync: puts committed chats on the disk, on its own thread, behind the writes.

The history is written with synchronous=NORMAL: a COMMIT hands the chat to the
operating system (it survives a killed server) and returns without waiting
for the disk, so the server can show the chat to the room at once. This
thread then flushes the write-ahead log to the disk (fdatasync) and reports
how far that got; the server acknowledges a chat only after that, so an ack
still means "on disk, even across a power cut" (docs/BENCHMARKS.md).

Flushing a file needs no database connection, so it never holds up a write.
The checkpoints that copy the log into the database file run here too, on a
second connection of their own, concurrently with the writes: SQLite would
otherwise run them inside a COMMIT, with nothing read or sent meanwhile.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

# Flush at most this often. Each flush costs the kernel and the disk work,
# whoever waits for it, and a 2-core machine feels that as slower broadcasts:
# flushing after every commit (300 a second under the fan-out load) made the
# fan-out p99 about 1 ms worse than flushing every 20 ms (docs/BENCHMARKS.md).
# An ack 20 ms later is not something a person can see.
FLUSH_INTERVAL_S = 0.02
# Copy the log into the database file about this often while chats are
# written (SQLite's own default, every 1,000 pages, is about a second of the
# fan-out benchmark: each small commit adds whole pages to the log).
CHECKPOINT_INTERVAL_S = 1.0
# The log starts over, instead of growing, only when a write finds all of it
# copied. These checkpoints never wait for the writer, and under a steady
# stream of chats it always adds more while one runs: the saturation
# benchmark grew the log to 1 GB. Past this size, `restart_wanted` asks the
# writer to copy the rest itself, between two of its commits (HistoryStore).
# A checkpoint here that made the writer wait instead (RESTART) cost it 25 to
# 50 ms, spent mostly in SQLite's busy-wait sleeps. In a room with pauses the
# log starts over by itself. The file keeps its largest size (this plus a
# second's worth: 72 MB in the last benchmark run) until the server stops.
WAL_RESTART_BYTES = 64 * 2**20
WAL_FRAME_HEADER_BYTES = 24  # each page in the log has this in front of it
THREAD_NAME = "chatapp-history-sync"
# os.fdatasync flushes the data without the file's times; Windows has only fsync.
_flush = getattr(os, "fdatasync", os.fsync)


class WalSync(QObject):
    """Flushes a WAL-mode database's log on demand, from its own thread.

    request(seq) after each COMMIT; `synced(seq)` then says that every chat up
    to seq is on disk. A failed flush is reported once through `failed`, and
    nothing is reported synced after it: the disk may have lost what it had.
    The writer reads `restart_wanted` after its commits (WAL_RESTART_BYTES).
    """

    # Emitted on the sync thread; connect with a queued slot. A seq (SQLite's
    # 64-bit integer) as object: Qt's int is 32 bits.
    synced = Signal(object)
    failed = Signal(str)

    def __init__(self, database: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self._wanted = 0  # highest seq committed
        self._done = 0  # highest seq on disk
        self._stopping = False
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._log_fd = -1
        self._checkpointer: sqlite3.Connection | None = None
        self._frame_bytes = 0  # a page in the log, with its header
        self.restart_wanted = False  # a plain bool: set here, cleared by the writer

    def start(self, committed_seq: int) -> None:
        """Open the log and a connection for checkpoints (raises OSError or
        sqlite3.Error), then start the thread. Everything up to committed_seq
        was written before and counts as synced."""
        self._wanted = self._done = committed_seq
        self._log_fd = os.open(f"{self._database}-wal", os.O_RDWR | getattr(os, "O_BINARY", 0))
        try:
            self._checkpointer = sqlite3.connect(
                self._database, isolation_level=None, check_same_thread=False
            )
            page_size = self._checkpointer.execute("PRAGMA page_size").fetchone()[0]
            self._frame_bytes = page_size + WAL_FRAME_HEADER_BYTES
        except sqlite3.Error:
            os.close(self._log_fd)
            raise
        self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
        self._thread.start()

    def request(self, seq: int) -> None:
        """Everything up to seq is committed: flush it (from any thread)."""
        with self._wake:
            if seq > self._wanted:
                self._wanted = seq
                self._wake.notify()

    def close(self) -> int:
        """Flush what was requested, stop the thread, close the files (blocking).

        Returns the highest seq on disk."""
        if self._thread is None:
            return self._done
        with self._wake:
            self._stopping = True
            self._wake.notify()
        self._thread.join()
        self._thread = None
        os.close(self._log_fd)
        if self._checkpointer is not None:
            self._checkpointer.close()
        return self._done

    def _run(self) -> None:
        last_flush = time.monotonic()
        next_checkpoint = last_flush + CHECKPOINT_INTERVAL_S
        while True:
            with self._wake:
                while self._wanted == self._done and not self._stopping:
                    self._wake.wait()
                if self._wanted == self._done:
                    return  # stopping, and nothing left to flush
            # Let the commits of the next few milliseconds share this flush.
            delay = last_flush + FLUSH_INTERVAL_S - time.monotonic()
            if delay > 0 and not self._stopping:
                time.sleep(delay)
            with self._wake:
                target = self._wanted
            last_flush = time.monotonic()
            try:
                _flush(self._log_fd)
            except OSError as exc:
                self.failed.emit(
                    f"Could not write the chat history to the disk ({exc.strerror or exc}). "
                    "New messages are shown but no longer acknowledged; restart the server."
                )
                return  # the disk may have dropped what it had: nothing is synced from now on
            self._done = target
            self.synced.emit(target)
            if time.monotonic() >= next_checkpoint:
                # The log's length, not the file's: the file keeps its
                # largest size after the log starts over.
                if self._checkpoint() * self._frame_bytes > WAL_RESTART_BYTES:
                    self.restart_wanted = True
                next_checkpoint = time.monotonic() + CHECKPOINT_INTERVAL_S

    def _checkpoint(self) -> int:
        """Copy the log into the database file, as far as it can without
        waiting; returns how many pages the log holds (0 if it failed)."""
        assert self._checkpointer is not None
        try:
            _busy, log_pages, _copied = self._checkpointer.execute(
                "PRAGMA wal_checkpoint(PASSIVE)"
            ).fetchone()
        except sqlite3.Error as exc:  # the log keeps everything; try again later
            log.warning("chat history checkpoint failed: %s", exc)
            return 0
        return log_pages
