"""The chat history's SQL: schema, queries, the integrity check, rows to Chats.

No threads and no Qt: every function takes a plain sqlite3 connection, so it
can be tested on one (tests/net/test_history_sql.py). HistoryStore
(history_store.py) calls these on its worker thread.

The file is in WAL mode with synchronous=NORMAL: a COMMIT hands the chats to
the operating system (they survive a killed server) without waiting for the
disk; WalSync (wal_sync.py) flushes and checkpoints the log on its own thread.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from ..protocol import Chat
from .history_files import HistoryError, damaged_inside

SCHEMA_VERSION = 1
LOCK_TIMEOUT_S = 0.5  # how long to wait for a lock held by another process
# PRAGMA quick_check stops after this many problems: one is enough to refuse
# the file, and a badly damaged one would otherwise list thousands.
QUICK_CHECK_MAX_ERRORS = 10

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
COLUMNS = "seq, ts, sender, text, recipient, me"
_TEXT_COLUMN = 3  # where the text is in COLUMNS (pages count its characters)
# The partial index is only usable when the query repeats its WHERE term.
_FIND_RESEND = (
    f"SELECT {COLUMNS} FROM chats WHERE client_id = ? AND message_id = ? AND message_id != ''"
)
# A resend (same client and message id) hits the unique index and is skipped:
# one statement per new message, and the lookup only for the rare resend.
_INSERT = (
    "INSERT INTO chats (seq, ts, sender, text, recipient, me, client_id, message_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
)

# Who may see a chat, in SQL: derived from the room's rule, which is written
# once in chatapp/protocol/room.py (visible_to): a room chat is for everyone,
# a private one for its sender and its recipient, names compared case-folded.
# SQL cannot call the Python rule, so this is its translation; change both
# together. Every query that filters by reader is built from visible_terms()
# below, nowhere else; tests/net/test_history_sql.py checks that both agree.
_VISIBLE = "(recipient IS NULL OR casefold(sender) = :reader OR casefold(recipient) = :reader)"


def visible_terms(nick: str | None) -> tuple[str, dict[str, Any]]:
    """The WHERE term and its parameters for the chats `nick` may see ("" for all)."""
    if nick is None:
        return "", {}
    return _VISIBLE, {"reader": nick.casefold()}


def _casefold(value: str | None) -> str | None:
    return None if value is None else value.casefold()


# --- opening ---------------------------------------------------------------------


def open_database(
    path: Path | None, trace_sql: Any = None
) -> tuple[sqlite3.Connection, int]:
    """Open (or create) the history; returns the connection and its last seq.

    Raises sqlite3.Error, or HistoryError (DamagedInsideError) for a file that
    fails its integrity check. The caller closes the connection on failure.
    """
    db = sqlite3.connect(
        ":memory:" if path is None else str(path),
        timeout=LOCK_TIMEOUT_S,
        isolation_level=None,  # we say BEGIN and COMMIT ourselves
        check_same_thread=False,  # opened and closed by the worker, made on another thread
    )
    try:
        last_seq = _prepare(db, path, trace_sql)
    except BaseException:
        db.close()
        raise
    return db, last_seq


def _prepare(db: sqlite3.Connection, path: Path | None, trace_sql: Any) -> int:
    if trace_sql is not None:
        db.set_trace_callback(trace_sql)
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
        check_integrity(db, str(path))
    db.executescript(_SCHEMA)
    # Always a real write, so a read-only file or disk fails here, at start.
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return last_seq(db)


def last_seq(db: sqlite3.Connection) -> int:
    return db.execute("SELECT coalesce(max(seq), 0) FROM chats").fetchone()[0]


class DamagedInsideError(HistoryError):
    """The file failed its integrity check; the store adds the path."""


def check_integrity(db: sqlite3.Connection, where: str) -> None:
    """Refuse a file damaged inside: reads of it would fail or come back
    short, and new chats would go into it. quick_check reads every page
    once (it skips only the index-to-table cross-check of integrity_check):
    about a second per 100 MB on an SSD, once per start."""
    try:
        problems = [
            row[0] for row in db.execute(f"PRAGMA quick_check({QUICK_CHECK_MAX_ERRORS})")
        ]
    except sqlite3.DatabaseError as exc:  # so damaged that the check cannot run
        problems = [str(exc)]
    if problems != ["ok"]:
        raise DamagedInsideError(damaged_inside(where, problems[0]))


# --- writing ---------------------------------------------------------------------

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


def insert_chat(
    db: sqlite3.Connection, chat: Chat, client_id: str, message_id: str
) -> tuple[Chat, bool]:
    """Insert `chat` (its seq and ts already chosen); returns (chat, False).

    A resend of a stored message (same client_id and non-empty message_id)
    writes nothing and returns (the original, True)."""
    inserted = db.execute(
        _INSERT,
        (chat.seq, chat.ts, chat.sender, chat.text, chat.to, int(chat.me), client_id, message_id),
    ).rowcount
    if inserted:
        return chat, False
    row = db.execute(_FIND_RESEND, (client_id, message_id)).fetchone()
    if row is None:
        raise sqlite3.IntegrityError("the message was neither stored nor found")
    return chat_from_row(row), True


def chat_from_row(row: tuple[Any, ...]) -> Chat:
    seq, ts, sender, text, recipient, me = row
    return Chat(seq, ts, sender, text, recipient, bool(me))


# --- reading ---------------------------------------------------------------------


class Query:
    """A read: its SQL and parameters, and whether it ran newest first (to
    apply LIMIT to the newest chats) and must be reversed to seq order."""

    __slots__ = ("sql", "params", "newest_first")

    def __init__(self, sql: str, params: dict[str, Any], newest_first: bool) -> None:
        self.sql = sql
        self.params = params
        self.newest_first = newest_first


def newest_query(after: int | None, limit: int, nick: str | None) -> Query:
    """The newest `limit` chats (with a seq above `after`) that nick may see."""
    terms, params = [], {"limit": max(0, limit)}
    if after is not None:
        terms.append("seq > :after")
        params["after"] = after
    visible, extra = visible_terms(nick)
    if visible:
        terms.append(visible)
        params.update(extra)
    clause = f"WHERE {' AND '.join(terms)} " if terms else ""
    return Query(f"SELECT {COLUMNS} FROM chats {clause}ORDER BY seq DESC LIMIT :limit",
                 params, newest_first=True)


def page_query(after: int, count: int, nick: str | None, newest: int | None) -> Query:
    """The first `count` chats after `after` that nick may see; with `newest`,
    none older than the newest that many of them."""
    visible, extra = visible_terms(nick)
    terms = ["seq > :after"]
    params: dict[str, Any] = {"after": after, "count": max(0, count), **extra}
    if newest is not None:
        # The seq below which chats are too old: that of the (newest+1)-th
        # newest chat the reader may see, or 0.
        floor = (
            f"SELECT seq FROM chats {('WHERE ' + visible) if visible else ''} "
            "ORDER BY seq DESC LIMIT 1 OFFSET :newest"
        )
        terms.append(f"seq > coalesce(({floor}), 0)")
        params["newest"] = max(0, newest)
    if visible:
        terms.append(visible)
    return Query(
        f"SELECT {COLUMNS} FROM chats WHERE {' AND '.join(terms)} ORDER BY seq LIMIT :count",
        params, newest_first=False,
    )


def read_chats(db: sqlite3.Connection, query: Query, max_chars: int | None = None) -> list[Chat]:
    """Run a read; with max_chars, stop once the texts add up to that many
    characters (one chat past it at most)."""
    cursor = db.execute(query.sql, query.params)
    if max_chars is None:
        rows = cursor.fetchall()
    else:
        rows, chars = [], 0
        for row in cursor:
            rows.append(row)
            chars += len(row[_TEXT_COLUMN])
            if chars >= max_chars:
                break
    chats = [chat_from_row(row) for row in rows]
    if query.newest_first:
        chats.reverse()
    return chats

