"""HistoryStore's one channel back: `results`, a HistoryResults per hand-over."""

from __future__ import annotations

import threading

import pytest
from net_support import WAIT_MS

from chatapp.net.history_store import HistoryResults, HistoryStore


@pytest.fixture
def store(qtbot, tmp_path):
    store = HistoryStore(tmp_path)
    store.start()
    got: list[HistoryResults] = []
    store.results.connect(got.append)
    store.got = got  # type: ignore[attr-defined]
    yield store
    store.close()


def stored(results: list[HistoryResults]) -> list:
    return [item for batch in results for item in batch.stored]


def test_a_turn_of_the_worker_comes_back_as_one_batch_with_the_tags(qtbot, store):
    gate = threading.Event()
    store.call_on_worker(lambda _db: gate.wait(5))  # the chats queue behind this
    for i in range(3):
        store.store("alice", f"hi {i}", None, False, "c1", f"m{i}", tag=("tag", i))
    store.store("alice", "hi 0", None, False, "c1", "m0", tag="resend")
    store.store("bob", "psst", "alice", False, "c2", "", tag=None)
    qtbot.wait(50)  # the batch goes to the worker within a few turns of the loop
    gate.set()
    qtbot.waitUntil(lambda: len(stored(store.got)) == 5, timeout=WAIT_MS)
    with_chats = [batch for batch in store.got if batch.stored]
    assert len(with_chats) == 1  # one commit, one batch
    items = with_chats[0].stored
    assert [item.tag for item in items] == [("tag", 0), ("tag", 1), ("tag", 2), "resend", None]
    assert [(item.chat.seq, item.duplicate) for item in items] == [
        (1, False), (2, False), (3, False), (1, True), (4, False)]
    assert items[4].chat.to == "alice"


def test_the_disk_catching_up_comes_through_the_same_channel(qtbot, store):
    store.store("alice", "hi", None, False, "c1", "m1", tag="t")
    qtbot.waitUntil(lambda: any(batch.synced_seq == 1 for batch in store.got), timeout=WAIT_MS)
    assert store.synced_seq == 1 and not store.got[-1].sync_broken


def test_a_chat_not_stored_comes_back_with_its_tag_and_a_problem(qtbot, store):
    done: list = []
    store.call_on_worker(lambda db: db.execute("PRAGMA query_only = 1"), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)
    store.store("alice", "hi", None, False, "c1", "m1", tag="lost")
    qtbot.waitUntil(lambda: any(batch.not_stored for batch in store.got), timeout=WAIT_MS)
    batch = next(batch for batch in store.got if batch.not_stored)
    assert [lost.tag for lost in batch.not_stored] == ["lost"]
    assert "not stored" in batch.problems[0] and batch.stored == []


def test_a_read_answers_after_the_results_committed_before_it(qtbot, store):
    order: list[str] = []
    store.results.connect(lambda batch: order.extend(f"stored {i.chat.seq}" for i in batch.stored))
    gate = threading.Event()
    store.call_on_worker(lambda _db: gate.wait(5))
    store.store("alice", "one", None, False, "c1", "m1")
    store.recent(10, lambda chats: order.append(f"read {[c.seq for c in chats]}"))
    store.store("alice", "two", None, False, "c1", "m2")  # after the read: not in it
    gate.set()
    qtbot.waitUntil(lambda: len(order) == 3, timeout=WAIT_MS)
    assert order == ["stored 1", "read [1]", "stored 2"]
