"""Shown when committed, acknowledged when on the disk: the WalSync thread.

A COMMIT (synchronous=NORMAL) hands a chat to the operating system, and the
server shows it to the room then; the sync thread flushes the log and only
then may the server acknowledge it. These tests hold that flush back to see
each step on its own, and check the checkpoints and the lock file that came
with it.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading

import pytest
from history_callbacks_support import CallbackStore, has_problem, synced_past, synced_to
from net_support import LOOPBACK, WAIT_MS
from raw_peer_support import RawPeer, welcomed_json_peer

from chatapp.net import ChatServer
from chatapp.net.history_store import FILE_NAME, LOCK_NAME, WORKER_NAME, HistoryStore


class Calls:
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def __call__(self, *args) -> None:
        self.calls.append(args)


@pytest.fixture
def held_flush(monkeypatch):
    """Every flush of the log waits until the returned event is set."""
    gate = threading.Event()

    def flush_when_allowed(fd: int) -> None:
        gate.wait(WAIT_MS / 1000)
        os.fsync(fd)

    monkeypatch.setattr("chatapp.net.wal_sync._flush", flush_when_allowed)
    yield gate
    gate.set()  # let the thread finish before the store closes


@pytest.fixture
def store(qtbot, tmp_path):
    store = CallbackStore(tmp_path)
    store.start()
    yield store
    store.close()


def store_chats(store: HistoryStore, count: int, done: Calls, text: str = "hello") -> None:
    for i in range(count):
        store.store("alice", f"{text} {i}", None, False, "c1", f"{text}{i}", done)


def store_and_wait_synced(qtbot, store: HistoryStore, count: int, done: Calls, text: str) -> None:
    """Store `count` chats and wait until they are committed and on the disk."""
    expected = len(done.calls) + count
    store_chats(store, count, done, text=text)
    qtbot.waitUntil(
        lambda: len(done.calls) == expected and store.synced_seq == store.last_seq,
        timeout=WAIT_MS,
    )


def test_every_stored_chat_is_reported_synced(qtbot, store):
    done = Calls()
    with qtbot.waitSignal(store.results, check_params_cb=synced_to(5), timeout=WAIT_MS):
        store_chats(store, 5, done)
    assert len(done.calls) == 5 and store.synced_seq == 5


def test_a_chat_is_called_back_when_committed_and_synced_after_the_flush(
    qtbot, held_flush, store
):
    done = Calls()
    store_chats(store, 3, done)
    qtbot.waitUntil(lambda: len(done.calls) == 3, timeout=WAIT_MS)
    assert store.last_seq == 3
    assert store.synced_seq == 0  # the flush is held: nothing may count as on the disk
    with qtbot.waitSignal(store.results, check_params_cb=synced_to(3), timeout=WAIT_MS):
        held_flush.set()
    assert store.synced_seq == 3


def test_a_failed_flush_is_reported_and_nothing_counts_as_synced_after_it(
    qtbot, store, monkeypatch
):
    def failing_flush(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("chatapp.net.wal_sync._flush", failing_flush)
    done = Calls()
    with qtbot.waitSignal(store.results, check_params_cb=has_problem, timeout=WAIT_MS) as failure:
        store_chats(store, 2, done)
    problem = "\n".join(failure.args[0].problems)
    assert "Input/output error" in problem and "restart the server" in problem
    monkeypatch.undo()  # the disk answers again, but what it lost may not count as synced
    store_chats(store, 2, done, text="later")
    qtbot.waitUntil(lambda: len(done.calls) == 4, timeout=WAIT_MS)
    assert store.last_seq == 4
    assert store.synced_seq == 0


def test_close_flushes_everything_and_reports_it(qtbot, tmp_path):
    store = CallbackStore(tmp_path)
    store.start()
    done = Calls()
    store_chats(store, 20, done)
    store.close()  # no turn of the event loop in between
    assert len(done.calls) == 20
    assert store.synced_seq == 20


def test_an_in_memory_store_counts_a_commit_as_synced(qtbot):
    store = CallbackStore(None)
    store.start()
    try:
        done = Calls()
        with qtbot.waitSignal(store.results, check_params_cb=synced_past(store), timeout=WAIT_MS):
            store_chats(store, 1, done)
        assert store.synced_seq == 1
    finally:
        store.close()


@pytest.mark.parametrize("interval_s, copied", [(0.0, True), (3600.0, False)])
def test_checkpoints_run_on_the_sync_thread_only(qtbot, tmp_path, monkeypatch, interval_s, copied):
    # The database file itself grows only when a checkpoint copies the log
    # into it; commits never checkpoint (wal_autocheckpoint = 0).
    monkeypatch.setattr("chatapp.net.wal_sync.CHECKPOINT_INTERVAL_S", interval_s)
    store = CallbackStore(tmp_path)
    store.start()
    try:
        database = tmp_path / FILE_NAME
        before = database.stat().st_size
        for batch in range(3):  # a checkpoint follows a flush: have a few
            done = Calls()
            with qtbot.waitSignal(
                store.results, check_params_cb=synced_past(store), timeout=WAIT_MS
            ):
                store_chats(store, 50, done, text=f"{batch}-" + "x" * 1000)
        if copied:
            qtbot.waitUntil(lambda: database.stat().st_size > before, timeout=WAIT_MS)
        else:
            assert database.stat().st_size == before
    finally:
        store.close()


@pytest.mark.parametrize("limit, writer_copies", [(0, True), (2**40, False)])
def test_the_writer_copies_the_rest_of_an_oversized_log_itself(
    qtbot, tmp_path, monkeypatch, limit, writer_copies
):
    # The sync thread's checkpoints never make the writer wait; when the log
    # is past its limit, the writer finishes the copy between two commits.
    monkeypatch.setattr("chatapp.net.wal_sync.CHECKPOINT_INTERVAL_S", 0.0)
    monkeypatch.setattr("chatapp.net.wal_sync.WAL_RESTART_BYTES", limit)
    # The writer is the store's worker: nothing touches the disk on our thread (issue 14).
    here = WORKER_NAME
    checkpoints_here: list[str] = []

    def trace(sql: str) -> None:
        if sql.startswith("PRAGMA wal_checkpoint") and threading.current_thread().name == here:
            checkpoints_here.append(sql)

    store = CallbackStore(tmp_path, trace_sql=trace)
    store.start()
    try:
        with qtbot.waitSignal(store.results, check_params_cb=synced_past(store), timeout=WAIT_MS):
            store_chats(store, 5, Calls())
        # The sync thread has flushed and checkpointed: its verdict is in.
        qtbot.waitUntil(lambda: store.log_restart_wanted or not writer_copies, timeout=WAIT_MS)
        done = Calls()
        store_chats(store, 1, done, text="next")
        qtbot.waitUntil(lambda: len(done.calls) == 1, timeout=WAIT_MS)
        assert checkpoints_here == (["PRAGMA wal_checkpoint(PASSIVE)"] if writer_copies else [])
    finally:
        store.close()


def wal_restarts(log_file) -> int:
    """The log's checkpoint sequence number: one more each time it starts over."""
    with open(log_file, "rb") as f:
        return int.from_bytes(f.read(16)[12:16], "big")


def flood_until_the_log_starts_over(qtbot, store: HistoryStore, log_file, done: Calls) -> None:
    """A flood of chats, then one chat at a time until the log starts over:
    the first write after a checkpoint has copied all of it."""
    with qtbot.waitSignal(store.results, check_params_cb=synced_past(store), timeout=WAIT_MS):
        store_chats(store, 300, Calls(), text="flood " + "x" * 2000)
    before = wal_restarts(log_file)

    def one_more_chat_starts_it_over() -> bool:
        store_and_wait_synced(qtbot, store, 1, done, text=f"later {len(done.calls)}")
        return wal_restarts(log_file) > before

    qtbot.waitUntil(one_more_chat_starts_it_over, timeout=WAIT_MS)


def test_the_log_starts_over_after_a_flood(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr("chatapp.net.wal_sync.CHECKPOINT_INTERVAL_S", 0.0)
    store = CallbackStore(tmp_path)
    store.start()
    try:
        log_file = tmp_path / f"{FILE_NAME}-wal"
        done = Calls()
        flood_until_the_log_starts_over(qtbot, store, log_file, done)
        size = log_file.stat().st_size
        store_and_wait_synced(qtbot, store, 10, done, text="reused")
        assert log_file.stat().st_size == size  # written over from the start
    finally:
        store.close()


def test_a_log_that_started_over_is_judged_by_its_length_not_its_file(
    qtbot, tmp_path, monkeypatch
):
    # The file keeps its largest size after the log starts over. Judged by
    # that, the writer would be asked to copy after every checkpoint, forever.
    monkeypatch.setattr("chatapp.net.wal_sync.CHECKPOINT_INTERVAL_S", 0.0)
    monkeypatch.setattr("chatapp.net.wal_sync.WAL_RESTART_BYTES", 256 * 1024)
    writer_checkpoints: list[str] = []

    def trace(sql: str) -> None:  # the writer's connection, whichever thread writes
        if sql.startswith("PRAGMA wal_checkpoint"):
            writer_checkpoints.append(sql)

    store = CallbackStore(tmp_path, trace_sql=trace)
    store.start()
    try:
        log_file = tmp_path / f"{FILE_NAME}-wal"
        done = Calls()
        flood_until_the_log_starts_over(qtbot, store, log_file, done)
        assert writer_checkpoints  # the oversized log was copied by the writer
        assert log_file.stat().st_size > 256 * 1024
        writer_checkpoints.clear()
        for round_ in range(4):  # each flush is followed by a checkpoint
            store_and_wait_synced(qtbot, store, 1, done, text=f"small {round_}")
        assert writer_checkpoints == []
    finally:
        store.close()


def test_other_programs_can_read_the_history_while_the_server_runs(qtbot, store):
    done = Calls()
    with qtbot.waitSignal(store.results, check_params_cb=synced_to(4), timeout=WAIT_MS):
        store_chats(store, 4, done)
    reader = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    try:
        assert reader.execute("SELECT count(*) FROM chats").fetchone()[0] == 4
    finally:
        reader.close()


def test_a_lock_left_by_a_killed_server_does_not_block_the_next(qtbot, tmp_path):
    lock_path = tmp_path / LOCK_NAME
    # A process that takes the lock and dies without releasing it.
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys; from PySide6.QtCore import QLockFile; "
            "lock = QLockFile(sys.argv[1]); assert lock.tryLock(0); os._exit(0)",
            str(lock_path),
        ],
        check=True,
        timeout=60,
    )
    assert lock_path.exists()
    store = CallbackStore(tmp_path)
    store.start()
    store.close()


# --- the server: acknowledge only what is on the disk ---------------------------------


@pytest.fixture
def room(qtbot, store):
    server = ChatServer(history=store)
    server.listen(LOOPBACK, 0)
    peers: list[RawPeer] = []

    def join(nick: str) -> RawPeer:
        peer = welcomed_json_peer(qtbot, server.port, nick)
        peers.append(peer)
        return peer

    yield join
    for peer in peers:
        peer.close()
    server.close()


def of_type(peer: RawPeer, kind: str) -> list[dict]:
    return [frame for frame in peer.frames() if frame["type"] == kind]


def test_the_room_sees_a_chat_before_its_sender_is_acknowledged(qtbot, held_flush, store, room):
    alice, bob = room("alice"), room("bob")
    alice.send({"type": "say", "id": "m1", "text": "hello before the disk"})
    qtbot.waitUntil(lambda: len(of_type(bob, "chat")) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(of_type(alice, "chat")) == 1, timeout=WAIT_MS)
    assert of_type(alice, "ack") == []  # shown, but not yet on the disk
    held_flush.set()
    qtbot.waitUntil(lambda: len(of_type(alice, "ack")) == 1, timeout=WAIT_MS)
    assert of_type(alice, "ack")[0]["id"] == "m1"
    assert store.synced_seq == of_type(alice, "ack")[0]["seq"]


def test_a_resend_is_acknowledged_only_once_its_original_is_on_the_disk(
    qtbot, held_flush, store, room
):
    alice = room("alice")
    for _ in range(2):  # the second is a resend of the first: acknowledged, not shown
        alice.send({"type": "say", "id": "m1", "text": "once"})
    qtbot.waitUntil(lambda: len(of_type(alice, "chat")) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: store.last_seq == 1, timeout=WAIT_MS)
    assert of_type(alice, "ack") == []
    held_flush.set()
    qtbot.waitUntil(lambda: len(of_type(alice, "ack")) == 2, timeout=WAIT_MS)
    assert [ack["seq"] for ack in of_type(alice, "ack")] == [1, 1]
    assert len(of_type(alice, "chat")) == 1
