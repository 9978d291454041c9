"""History for newcomers and resumes, a page at a time (issue 14, item 1):
bounded pages, paced by the reader, cancelled when it leaves, nothing
missed or sent twice between the backlog and live chats."""

from __future__ import annotations

import json
import socket
import threading

import pytest
from history_callbacks_support import CallbackStore, has_problem
from net_support import LOOPBACK, WAIT_MS
from raw_peer_support import RawPeer, hello_line

from chatapp.net import ChatServer
from chatapp.net.history_store import HistoryStore
from chatapp.net.read_turns import ReadTurns


def fill(qtbot, store: HistoryStore, count: int, text_size: int = 20, to_every: int = 0) -> None:
    """`count` chats straight into the table (fast); every `to_every`-th is
    private, from carol to dave."""
    rows = []
    for seq in range(store.last_seq + 1, store.last_seq + count + 1):
        private = to_every and seq % to_every == 0
        rows.append((seq, "2026-12-01T10:00:00.000Z", "carol" if private else "old",
                     f"chat {seq} " + "x" * text_size, "dave" if private else None, 0, "", ""))
    done: list[object] = []

    def insert(db) -> None:
        db.executemany("INSERT INTO chats VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    store.call_on_worker(insert, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)
    assert store.last_seq == rows[-1][0]  # numbering goes on after them


@pytest.fixture
def store(qtbot, tmp_path):
    statements: list[str] = []
    store = CallbackStore(tmp_path, trace_sql=statements.append)
    store.start()
    store.statements = statements  # type: ignore[attr-defined]
    yield store
    store.close()


@pytest.fixture
def room(qtbot, store):
    server = ChatServer(history=store)
    server.listen(LOOPBACK, 0)
    yield server
    server.close()


def read_pages(qtbot, store: HistoryStore, after: int, count: int, **kwargs) -> list:
    got: list = []
    store.page(after, count, got.append, **kwargs)
    qtbot.waitUntil(lambda: bool(got), timeout=WAIT_MS)
    return got[0]


def resume_line(nick: str, last_seq: int) -> bytes:
    resume = {"client_id": f"id-{nick}", "last_seq": last_seq}
    return json.dumps({"type": "hello", "v": 1, "nick": nick, "resume": resume}).encode() + b"\n"


def chat_seqs(peer: RawPeer) -> list[int]:
    return [f["seq"] for f in peer.frames() if f["type"] == "chat"]


# --- the store's pages ------------------------------------------------------------


def test_pages_cover_everything_once_in_order(qtbot, store):
    fill(qtbot, store, 1000)
    seen: list[int] = []
    after = 0
    while True:
        page = read_pages(qtbot, store, after, 300)
        seen += [chat.seq for chat in page]
        if len(page) < 300:
            break
        after = page[-1].seq
    assert seen == list(range(1, 1001))


def test_the_first_page_starts_at_the_newest_n_the_nick_may_see(qtbot, store):
    fill(qtbot, store, 100, to_every=2)  # even seqs: carol to dave
    page = read_pages(qtbot, store, 0, 10, nick="bob", newest=5)
    assert [c.seq for c in page] == [91, 93, 95, 97, 99]
    page = read_pages(qtbot, store, 0, 3, nick="Dave", newest=5)
    assert [c.seq for c in page] == [96, 97, 98]


def test_a_cancelled_read_is_skipped_on_the_worker(qtbot, store):
    fill(qtbot, store, 10)
    gate = threading.Event()
    store.call_on_worker(lambda db: gate.wait(5))  # reads queue behind this
    gone = {"flag": False}
    answered: list = []
    store.page(0, 5, answered.append, cancelled=lambda: gone["flag"])
    gone["flag"] = True
    store.statements.clear()
    gate.set()
    live: list = []
    store.page(0, 1, live.append)
    qtbot.waitUntil(lambda: bool(live), timeout=WAIT_MS)
    assert answered == [] and store.skipped_reads == 1
    assert sum(sql.startswith("SELECT") for sql in store.statements) == 1  # only the live one


# --- the server's backlogs ----------------------------------------------------------


def test_a_plain_join_still_gets_the_last_100(qtbot, room, store):
    fill(qtbot, store, 500)
    peer = RawPeer(room.port, hello_line("newcomer"))
    try:
        qtbot.waitUntil(lambda: len(chat_seqs(peer)) >= 100, timeout=WAIT_MS)
        assert chat_seqs(peer) == list(range(401, 501))
    finally:
        peer.close()


def test_a_resume_gets_every_chat_once_while_the_room_keeps_talking(qtbot, room, store):
    fill(qtbot, store, 2000)
    room._backlogs.page_chats = 50  # 40 pages
    peer = RawPeer(room.port, resume_line("back", 0))
    said = 0

    def talk() -> bool:  # the operator speaks while the pages go out
        nonlocal said
        if said < 30:
            said += 1
            room.say(f"live {said}")
        return said == 30 and not len(room._backlogs) and chat_seqs(peer)[-1:] == [2030]

    try:
        qtbot.waitUntil(talk, timeout=3 * WAIT_MS)
        seqs = chat_seqs(peer)
        assert seqs == list(range(1, 2031))  # nothing missed, nothing twice
        assert room._backlogs.pages_sent >= 40
    finally:
        peer.close()


def test_a_peer_that_does_not_read_gets_no_more_pages_until_it_does(qtbot, room, store):
    fill(qtbot, store, 1000, text_size=16_000)  # 16 MB of history
    room._backlogs.page_chats = 20  # 320 KB a page, 50 pages
    room._backlogs.page_chars = 10**9  # pages of 20 whatever their size
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((LOOPBACK, room.port))
    sock.sendall(resume_line("sleepy", 0))
    try:
        qtbot.waitUntil(lambda: room._backlogs.pages_sent >= 1, timeout=WAIT_MS)
        qtbot.wait(1000)  # time enough to read and send everything, were it not paced
        stuck_at = room._backlogs.pages_sent
        # The kernel's buffers (4 MB at most here) hold some pages, Qt one more: not 50.
        assert stuck_at < 25 and len(room._backlogs) == 1
        received = 0
        sock.settimeout(0.2)

        def drain() -> bool:
            nonlocal received
            try:
                while chunk := sock.recv(1 << 20):
                    received += len(chunk)
            except (TimeoutError, BlockingIOError):
                pass
            return not len(room._backlogs)

        qtbot.waitUntil(drain, timeout=6 * WAIT_MS)
        assert room._backlogs.pages_sent == 51  # 50 full pages, then the (empty) last
        assert received > 16_000_000
    finally:
        sock.close()


def test_a_gone_peer_s_queued_reads_never_run(qtbot, room, store):
    fill(qtbot, store, 100)
    room._backlogs.turns = ReadTurns(per_address=1, in_total=1)
    gate = threading.Event()
    store.call_on_worker(lambda db: gate.wait(5))  # the disk is busy
    first = RawPeer(room.port, resume_line("first", 0))  # its read is queued on the store
    second = RawPeer(room.port, resume_line("second", 0))  # waits for a turn
    last = RawPeer(room.port, resume_line("last", 0))
    try:
        qtbot.waitUntil(lambda: len(room.peers) == 3 and all(p.nick for p in room.peers),
                        timeout=WAIT_MS)
        assert room._backlogs.turns.running == 1 and room._backlogs.turns.waiting == 2
        first.close()
        second.close()
        qtbot.waitUntil(lambda: len(room.peers) == 1, timeout=WAIT_MS)
        store.statements.clear()
        gate.set()
        qtbot.waitUntil(lambda: len(chat_seqs(last)) == 100, timeout=WAIT_MS)
        # first's read, queued on the store before it left (and second's, if it got
        # first's turn before its own leaving was noticed): skipped, not run.
        assert store.skipped_reads in (1, 2)
        assert sum(sql.startswith("SELECT") for sql in store.statements) == 1  # last's only
        assert room._backlogs.turns.running == 0 and room._backlogs.turns.waiting == 0
    finally:
        for peer in (first, second, last):
            peer.close()


def test_a_page_of_long_chats_ends_early_and_says_it_may_continue(qtbot, store):
    from chatapp.protocol.backlog_pages import page_may_continue

    fill(qtbot, store, 50, text_size=10_000)
    page = read_pages(qtbot, store, 0, 250, max_chars=64_000)
    assert [c.seq for c in page] == list(range(1, 8))  # 7 x 10 KB reach 64,000
    assert page_may_continue(page, 250, 64_000)
    last = read_pages(qtbot, store, 49, 250, max_chars=64_000)
    assert [c.seq for c in last] == [50] and not page_may_continue(last, 250, 64_000)


def test_long_chats_are_sent_in_small_pages_all_of_them_once(qtbot, room, store):
    fill(qtbot, store, 300, text_size=10_000)
    room._backlogs.page_chars = 64_000
    peer = RawPeer(room.port, resume_line("back", 0))
    try:
        qtbot.waitUntil(lambda: not len(room._backlogs), timeout=3 * WAIT_MS)
        qtbot.waitUntil(lambda: len(chat_seqs(peer)) >= 300, timeout=WAIT_MS)
        assert chat_seqs(peer) == list(range(1, 301))
        assert room._backlogs.pages_sent >= 300 // 7
    finally:
        peer.close()


def test_a_page_read_that_fails_answers_an_empty_page_after_failed(qtbot, store):
    fill(qtbot, store, 10)
    store.call_on_worker(lambda db: db.execute("ALTER TABLE chats RENAME TO gone"))
    with qtbot.waitSignal(store.results, check_params_cb=has_problem, timeout=WAIT_MS):
        page = read_pages_or_none(qtbot, store)
    assert page == []  # the backlog ends (its peer takes live chats) instead of hanging


def read_pages_or_none(qtbot, store):
    got: list = []
    store.page(0, 5, got.append, max_chars=1000)
    qtbot.waitUntil(lambda: bool(got), timeout=WAIT_MS)
    return got[0]
