"""HistoryStore: durable chat history in SQLite, on a worker thread, FIFO results."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from history_callbacks_support import CallbackStore, has_problem
from PySide6.QtCore import QCoreApplication, QTimer
from shared_support import WAIT_MS

from chatapp.app.data_dir import ENV_DATA_DIR, default_data_dir, resolve_data_dir
from chatapp.net.history_store import (
    BATCH_EXTRA_TURNS,
    FILE_NAME,
    WORKER_NAME,
    HistoryError,
    HistoryStore,
)
from chatapp.protocol import Chat
from chatapp.protocol.room import visible_to

TS_FORMAT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


class Calls:
    """A callback that records its calls, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.threads: set[int] = set()

    def __call__(self, *args) -> None:
        self.threads.add(threading.get_ident())
        self.calls.append(args)

    def wait(self, qtbot, count: int = 1) -> list[tuple]:
        qtbot.waitUntil(lambda: len(self.calls) >= count, timeout=WAIT_MS)
        return self.calls


@pytest.fixture
def open_store(qtbot):
    stores: list[HistoryStore] = []

    def open_(directory, **kwargs) -> HistoryStore:
        store = CallbackStore(directory, **kwargs)
        store.start()
        stores.append(store)
        return store

    yield open_
    for store in stores:
        store.close()


def store_all(qtbot, store: HistoryStore, items) -> list[tuple[Chat, bool]]:
    """Store (sender, text, client_id, message_id) items; wait for every ack."""
    done = Calls()
    for sender, text, client_id, message_id in items:
        store.store(sender, text, None, False, client_id, message_id, done)
    return done.wait(qtbot, len(items))


def read(qtbot, method, *args, **kwargs) -> list[Chat]:
    done = Calls()
    method(*args, done, **kwargs)
    return done.wait(qtbot)[0][0]


def say(n: int, client_id: str = "c1", prefix: str = "m"):
    return [("alice", f"hello {i}", client_id, f"{prefix}{i}") for i in range(1, n + 1)]


# --- numbering and de-duplication ------------------------------------------------


def test_seqs_increase_by_one_with_utc_timestamps(qtbot, open_store, tmp_path):
    store = open_store(tmp_path)
    assert store.last_seq == 0
    acks = store_all(qtbot, store, say(5))
    assert [chat.seq for chat, _dup in acks] == [1, 2, 3, 4, 5]
    assert not any(dup for _chat, dup in acks)
    assert all(TS_FORMAT.match(chat.ts) for chat, _dup in acks)
    assert [chat.text for chat, _dup in acks] == [f"hello {i}" for i in range(1, 6)]
    assert store.last_seq == 5


def test_a_resend_returns_the_original_and_stores_nothing(qtbot, open_store, tmp_path):
    store = open_store(tmp_path)
    ((original, _),) = store_all(qtbot, store, [("alice", "hi", "c1", "m1")])
    store_all(qtbot, store, [("bob", "yo", "c2", "m1")])  # same id, other client: new
    ((resent, duplicate),) = store_all(qtbot, store, [("alice", "hi", "c1", "m1")])
    assert duplicate is True
    assert resent == original
    assert store.last_seq == 2
    assert [c.seq for c in read(qtbot, store.recent, 100)] == [1, 2]


def test_a_resend_within_one_batch_is_caught(qtbot, open_store, tmp_path):
    store = open_store(tmp_path)
    acks = store_all(qtbot, store, [("alice", "hi", "c1", "m1")] * 3)
    assert [(chat.seq, dup) for chat, dup in acks] == [(1, False), (1, True), (1, True)]


def test_messages_without_an_id_are_never_deduplicated(qtbot, open_store, tmp_path):
    store = open_store(tmp_path)
    acks = store_all(qtbot, store, [("server", "notice", "", "")] * 3)
    assert [(chat.seq, dup) for chat, dup in acks] == [(1, False), (2, False), (3, False)]


def test_a_resend_after_a_restart_is_still_a_duplicate(qtbot, tmp_path):
    first = CallbackStore(tmp_path)
    first.start()
    (original, _), *_ = store_all(qtbot, first, say(3))
    first.close()

    second = CallbackStore(tmp_path)
    second.start()
    try:
        assert second.last_seq == 3
        ((resent, duplicate),) = store_all(qtbot, second, [("alice", "hello 1", "c1", "m1")])
        assert duplicate is True
        assert resent == original
        ((fresh, duplicate),) = store_all(qtbot, second, [("alice", "new", "c1", "m4")])
        assert (fresh.seq, duplicate) == (4, False)
    finally:
        second.close()


# --- reading ------------------------------------------------------------------------


def test_recent_returns_the_last_count_in_seq_order(qtbot, open_store, tmp_path):
    store = open_store(tmp_path)
    assert read(qtbot, store.recent, 10) == []
    store_all(qtbot, store, say(7))
    assert [c.seq for c in read(qtbot, store.recent, 3)] == [5, 6, 7]
    assert [c.seq for c in read(qtbot, store.recent, 100)] == list(range(1, 8))
    assert read(qtbot, store.recent, 0) == []


def test_since_returns_everything_after_seq(qtbot, open_store, tmp_path):
    store = open_store(tmp_path)
    assert read(qtbot, store.since, 0) == []
    store_all(qtbot, store, say(6))
    assert [c.seq for c in read(qtbot, store.since, 0)] == [1, 2, 3, 4, 5, 6]
    assert [c.seq for c in read(qtbot, store.since, 4)] == [5, 6]
    assert read(qtbot, store.since, 6) == []
    assert read(qtbot, store.since, store.last_seq + 10) == []


def test_since_over_its_limit_returns_the_newest_without_a_gap(qtbot, open_store, tmp_path):
    store = open_store(tmp_path)
    store_all(qtbot, store, say(10))
    assert [c.seq for c in read(qtbot, store.since, 2, limit=3)] == [8, 9, 10]


def test_reads_can_be_limited_to_what_a_nick_may_see(qtbot, open_store, tmp_path):
    store = open_store(tmp_path)
    done = Calls()
    store.store("alice", "room", None, False, "", "", done)
    store.store("alice", "psst", "Bob", False, "", "", done)
    store.store("carol", "secret", "dave", False, "", "", done)
    store.store("Bob", "waves", None, True, "", "", done)
    every = [chat for chat, _dup in done.wait(qtbot, 4)]
    for nick in ("bob", "BOB", "carol", "eve"):
        expected = [chat for chat in every if visible_to(chat, nick)]
        assert read(qtbot, store.recent, 100, nick=nick) == expected
        assert read(qtbot, store.since, 1, nick=nick) == [c for c in expected if c.seq > 1]
    assert [c.seq for c in read(qtbot, store.recent, 2, nick="eve")] == [1, 4]


def test_history_survives_a_reopen(qtbot, tmp_path):
    first = CallbackStore(tmp_path)
    first.start()
    done = Calls()
    first.store("alice", "你好, 世界 👋", None, False, "c1", "m1", done)
    first.store("alice", "psst", "bob", False, "c1", "m2", done)
    first.store("bob", "waves", None, True, "c2", "m1", done)
    written = [chat for chat, _dup in done.wait(qtbot, 3)]
    first.close()
    assert (tmp_path / FILE_NAME).is_file()

    second = CallbackStore(tmp_path)
    second.start()
    try:
        assert second.last_seq == 3
        assert read(qtbot, second.since, 0) == written
        assert written[1].to == "bob" and written[2].me is True
    finally:
        second.close()


# --- ordering, threads, durability --------------------------------------------------


def test_callbacks_arrive_in_submission_order(qtbot, open_store, tmp_path):
    store = open_store(tmp_path)
    events: list[tuple] = []
    for i in range(200):
        store.store(
            "alice",
            f"m{i}",
            None,
            False,
            "c1",
            f"id{i}",
            lambda chat, dup: events.append(("store", chat.seq)),
        )
        if i % 50 == 49:  # reads see every write submitted before them
            store.recent(1, lambda chats: events.append(("recent", chats[-1].seq)))
            store.since(0, lambda chats: events.append(("since", len(chats))))
    qtbot.waitUntil(lambda: len(events) == 208, timeout=WAIT_MS)
    expected: list[tuple] = []
    for i in range(200):
        expected.append(("store", i + 1))
        if i % 50 == 49:
            expected += [("recent", i + 1), ("since", i + 1)]
    assert events == expected


def traced_store(open_store, tmp_path):
    """A store and the (thread name, SQL) of every statement it runs."""
    statements: list[tuple[str, str]] = []

    def trace(sql: str) -> None:
        statements.append((threading.current_thread().name, sql))

    return open_store(tmp_path, trace_sql=trace), statements


def test_every_statement_runs_on_the_worker_never_on_our_thread(qtbot, open_store, tmp_path):
    # Issue 14: a stalled disk must never stall our (the GUI/server) thread,
    # so reads and writes alike go to the worker. (Was: quick writes inline.)
    store, statements = traced_store(open_store, tmp_path)
    statements.clear()
    done = Calls()
    store.store("alice", "hi", None, False, "c1", "m1", done)
    store.recent(5, done)
    done.wait(qtbot, 2)
    assert {name for name, _sql in statements} == {WORKER_NAME}
    assert done.threads == {threading.get_ident()}
    assert [args[0] for args in done.calls][1] == [done.calls[0][0]]  # the read saw the write


def test_writes_queued_behind_the_busy_worker_keep_their_order(qtbot, open_store, tmp_path):
    store = open_store(tmp_path)
    gate = threading.Event()
    done = Calls()
    store.call_on_worker(lambda db: gate.wait(5))  # the worker is busy
    for i in range(20):
        store.store("alice", f"m{i}", None, False, "c1", f"id{i}", done)
    qtbot.wait(50)  # the loop turns: nothing is written while the worker is busy
    assert done.calls == []
    gate.set()
    done.wait(qtbot, 20)
    chats = [args[0] for args in done.calls]
    assert [chat.text for chat in chats] == [f"m{i}" for i in range(20)]
    assert [chat.seq for chat in chats] == list(range(1, 21))


def test_a_burst_is_written_in_few_transactions(qtbot, open_store, tmp_path):
    commits: list[str] = []
    store = open_store(tmp_path, trace_sql=lambda sql: sql == "COMMIT" and commits.append(sql))
    commits.clear()
    store_all(qtbot, store, say(500))
    assert store.last_seq == 500
    assert 1 <= len(commits) < 500


def test_chats_stored_while_the_worker_commits_share_its_next_commit(qtbot, open_store, tmp_path):
    commits: list[str] = []
    store = open_store(tmp_path, trace_sql=lambda sql: sql == "COMMIT" and commits.append(sql))
    gate = threading.Event()
    store.call_on_worker(lambda db: gate.wait(5))  # the worker is busy
    commits.clear()
    done = Calls()
    for i in range(50):
        store.store("alice", f"m{i}", None, False, "c1", f"id{i}", done)
    gate.set()
    done.wait(qtbot, 50)
    assert len(commits) == 1


def store_one_per_turn(store: HistoryStore, turns: int, done: Calls) -> None:
    """Store a chat now and one in each of the next `turns - 1` turns of the loop."""
    items = iter(say(turns))

    def next_one() -> None:
        item = next(items, None)
        if item is not None:
            sender, text, client_id, message_id = item
            store.store(sender, text, None, False, client_id, message_id, done)
            QTimer.singleShot(0, next_one)

    next_one()


def test_chats_of_the_next_few_turns_share_one_commit(qtbot, open_store, tmp_path):
    # The batch waits while each turn of the loop brings more chats: a burst
    # spread over a few sockets is one commit (and one broadcast), not several.
    commits: list[str] = []
    store = open_store(tmp_path, trace_sql=lambda sql: sql == "COMMIT" and commits.append(sql))
    commits.clear()
    done = Calls()
    store_one_per_turn(store, BATCH_EXTRA_TURNS, done)
    done.wait(qtbot, BATCH_EXTRA_TURNS)
    assert len(commits) == 1


def test_a_steady_stream_still_goes_to_the_worker_every_few_turns(
    qtbot, open_store, tmp_path, monkeypatch
):
    batches: list[int] = []
    store = open_store(tmp_path, trace_batches=batches.append)
    done = Calls()
    turns = 4 * (BATCH_EXTRA_TURNS + 1)
    store_one_per_turn(store, turns, done)
    done.wait(qtbot, turns)
    # (The worker may join batches that queued while it committed: fewer commits.)
    assert len(batches) >= 4 and max(batches) <= BATCH_EXTRA_TURNS + 2


def test_the_file_is_in_wal_mode_and_commits_leave_the_disk_to_the_sync_thread(
    qtbot, open_store, tmp_path
):
    store = open_store(tmp_path)
    done = Calls()
    store.call_on_worker(
        lambda db: (
            db.execute("PRAGMA journal_mode").fetchone()[0],
            db.execute("PRAGMA synchronous").fetchone()[0],
            db.execute("PRAGMA wal_autocheckpoint").fetchone()[0],
        ),
        done,
    )
    assert done.wait(qtbot)[0][0] == ("wal", 1, 0)  # 1 = NORMAL; 0 = no checkpoint in COMMIT
    assert store.path == tmp_path / FILE_NAME


def test_close_writes_what_is_queued_and_calls_back(qtbot, tmp_path):
    store = CallbackStore(tmp_path / "new" / "dir")
    store.start()
    done = Calls()
    for i in range(50):
        store.store("alice", f"m{i}", None, False, "c1", f"id{i}", done)
    store.close()  # no event loop turn in between
    assert [chat.seq for chat, _dup in done.calls] == list(range(1, 51))
    store.store("alice", "late", None, False, "c1", "late", done)  # dropped, no error
    assert len(done.calls) == 50

    again = CallbackStore(tmp_path / "new" / "dir")
    again.start()
    try:
        assert again.last_seq == 50
    finally:
        again.close()


def test_a_failed_write_reports_and_does_not_call_back(qtbot, open_store, tmp_path):
    store = open_store(tmp_path)
    store_all(qtbot, store, say(2))
    limits = Calls()
    # Simulate a full disk: the file may not grow beyond its current size.
    store.call_on_worker(
        lambda db: db.execute(
            "PRAGMA max_page_count = {}".format(db.execute("PRAGMA page_count").fetchone()[0])
        ).fetchone(),
        limits,
    )
    limits.wait(qtbot)
    acks = Calls()
    with qtbot.waitSignal(store.results, check_params_cb=has_problem, timeout=WAIT_MS) as failure:
        store.store("alice", "x" * 200_000, None, False, "c1", "big", acks)
    message = "\n".join(failure.args[0].problems)
    assert "disk is full" in message and str(tmp_path) in message
    assert acks.calls == []
    assert store.last_seq == 2

    store.call_on_worker(lambda db: db.execute("PRAGMA max_page_count = 1000000"), limits)
    ((chat, dup),) = store_all(qtbot, store, [("alice", "x" * 200_000, "c1", "big")])
    assert (chat.seq, dup) == (3, False)  # no gap where the failed write was
    assert [c.seq for c in read(qtbot, store.since, 0)] == [1, 2, 3]


def test_an_in_memory_store_works_and_keeps_nothing(qtbot, open_store):
    store = open_store(None)
    assert store.path is None
    acks = store_all(qtbot, store, say(3))
    assert [chat.seq for chat, _dup in acks] == [1, 2, 3]
    assert [c.seq for c in read(qtbot, store.recent, 2)] == [2, 3]


def test_using_a_store_before_start_is_a_bug(qtbot):
    with pytest.raises(RuntimeError, match="before start"):
        CallbackStore(None).recent(1, lambda chats: None)


# --- start-up failures ----------------------------------------------------------------


def test_start_in_a_folder_that_cannot_be_created_raises(qtbot, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    store = CallbackStore(blocker / "history")
    with pytest.raises(HistoryError, match="Cannot create the chat history folder") as info:
        store.start()
    assert str(blocker / "history") in str(info.value)
    assert "--data-dir" in str(info.value)


def test_start_on_a_file_instead_of_a_folder_raises(qtbot, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(HistoryError, match="Cannot create the chat history folder"):
        CallbackStore(blocker).start()


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_start_in_a_read_only_folder_raises(qtbot, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(HistoryError, match="is read-only for this user"):
            CallbackStore(locked).start()
    finally:
        locked.chmod(0o700)


def test_start_on_a_damaged_file_raises(qtbot, tmp_path):
    (tmp_path / FILE_NAME).write_bytes(b"this is not a database\n" * 200)
    with pytest.raises(HistoryError, match="damaged or is not a chatapp history file"):
        CallbackStore(tmp_path).start()


def test_a_second_server_on_the_same_folder_is_refused(qtbot, open_store, tmp_path):
    open_store(tmp_path)
    with pytest.raises(HistoryError, match="in use by another chatapp server"):
        CallbackStore(tmp_path).start()


# --- the data folder ------------------------------------------------------------------


def test_data_dir_prefers_the_option_then_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "from-env"))
    assert resolve_data_dir(str(tmp_path / "opt")) == tmp_path / "opt"
    assert resolve_data_dir(None) == tmp_path / "from-env"
    monkeypatch.delenv(ENV_DATA_DIR)
    assert resolve_data_dir(None) == default_data_dir()
    assert resolve_data_dir("~/chat-data") == Path.home() / "chat-data"


def test_default_data_dir_is_named_for_chatapp_and_leaves_app_names_alone(qapp):
    names = (QCoreApplication.organizationName(), QCoreApplication.applicationName())
    path = default_data_dir()
    assert path.name == "chatapp" and path.is_absolute()
    assert (QCoreApplication.organizationName(), QCoreApplication.applicationName()) == names


def test_default_data_dir_works_without_a_qcoreapplication(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path)}
    code = (
        "from PySide6.QtCore import QCoreApplication;"
        "from chatapp.app.data_dir import default_data_dir;"
        "assert QCoreApplication.instance() is None;"
        "print(default_data_dir())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()
    assert Path(out).name == "chatapp" and Path(out).is_absolute()
    if sys.platform.startswith("linux"):
        assert Path(out) == tmp_path / "xdg" / "chatapp"
