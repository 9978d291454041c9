"""Chats committed together reach each peer together: one write, seq order, acks after.

The history store commits a busy room's chats in batches (group commit). The
server sends each peer all the chats of a batch in one write, encoded once,
instead of one write per chat per peer; these tests pin down that nothing a
peer sees changes: the order, who sees a private chat, plain-text formatting,
each ack after its own chat, no chat twice for a newcomer catching up.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from net_support import WAIT_MS
from raw_peer_support import RawPeer, hello_line, welcomed_json_peer
from write_log_support import record_writes

from chatapp.net import ChatServer


@pytest.fixture
def peers(qtbot, server):
    made: list[RawPeer] = []

    def json_peer(nick: str) -> RawPeer:
        peer = welcomed_json_peer(qtbot, server.port, nick)
        made.append(peer)
        return peer

    def plain_peer(line: bytes) -> RawPeer:
        peer = RawPeer(server.port, line)
        made.append(peer)
        qtbot.waitUntil(lambda: any(b"welcome" in x for x in peer.lines()), timeout=WAIT_MS)
        return peer

    yield json_peer, plain_peer
    for peer in made:
        peer.close()


def hold_worker(server: ChatServer) -> threading.Event:
    """Keep the store's worker busy until the event is set, so everything
    submitted meanwhile is committed in one batch."""
    gate = threading.Event()
    server.history.call_on_worker(lambda _db: gate.wait(5))
    return gate


def chats(frames: list[dict]) -> list[dict]:
    return [f for f in frames if f["type"] == "chat"]


def test_a_batch_reaches_each_peer_in_one_write_in_seq_order(qtbot, server, peers, monkeypatch):
    json_peer, plain_peer = peers
    alice, bob = json_peer("alice"), json_peer("bob")
    carol = plain_peer(b"/nick carol\n")
    qtbot.waitUntil(lambda: len(server.users()) == 3, timeout=WAIT_MS)
    # The join notices have gone out (they are batched too): count chats only.
    qtbot.waitUntil(lambda: {"type": "join", "nick": "carol"} in alice.frames(), timeout=WAIT_MS)
    recorded = record_writes(monkeypatch)
    gate = hold_worker(server)
    for i in range(10):
        server.say(f"operator line {i}")
    gate.set()
    qtbot.waitUntil(lambda: len(chats(bob.frames())) == 10, timeout=WAIT_MS)
    plain_lines = lambda: sum(b"operator line" in x for x in carol.lines())  # noqa: E731
    qtbot.waitUntil(lambda: plain_lines() == 10, timeout=WAIT_MS)
    writes = Counter(server._peers[connection].nick for connection, _, messages in recorded
                     if messages and connection in server._peers)
    assert writes == {"alice": 1, "bob": 1, "carol": 1}
    got = chats(bob.frames())
    assert [c["text"] for c in got] == [f"operator line {i}" for i in range(10)]
    assert [c["seq"] for c in got] == sorted(c["seq"] for c in got)
    assert chats(alice.frames()) == got
    plain = [x.decode() for x in carol.lines() if b"operator line" in x]
    assert plain[0].endswith(" server: operator line 0")


def test_private_chat_in_a_batch_reaches_only_its_two_ends(qtbot, server, peers):
    json_peer, plain_peer = peers
    alice, bob, dave = json_peer("alice"), json_peer("bob"), json_peer("dave")
    carol = plain_peer(b"hello from carol\n")
    gate = hold_worker(server)
    alice.send({"type": "say", "id": "a1", "text": "public one"})
    alice.send({"type": "say", "id": "a2", "text": "secret", "to": "bob"})
    alice.send({"type": "say", "id": "a3", "text": "public two"})
    qtbot.wait(100)  # the server has read them: they wait in the store's queue
    gate.set()
    qtbot.waitUntil(lambda: len(chats(dave.frames())) >= 3, timeout=WAIT_MS)  # carol's line too
    qtbot.waitUntil(lambda: len(chats(bob.frames())) >= 4, timeout=WAIT_MS)
    texts = lambda peer: [c["text"] for c in chats(peer.frames())]  # noqa: E731
    assert texts(bob)[-3:] == ["public one", "secret", "public two"]
    assert texts(alice)[-3:] == ["public one", "secret", "public two"]
    assert "secret" not in texts(dave) and texts(dave)[-2:] == ["public one", "public two"]
    qtbot.waitUntil(lambda: sum(b"public" in x for x in carol.lines()) == 2, timeout=WAIT_MS)
    assert not any(b"secret" in x for x in carol.lines())


def test_each_ack_follows_its_own_chat(qtbot, server, peers):
    json_peer, _ = peers
    alice = json_peer("alice")
    gate = hold_worker(server)
    for i in range(5):
        alice.send({"type": "say", "id": f"m{i}", "text": f"line {i}"})
    qtbot.wait(100)
    gate.set()
    qtbot.waitUntil(
        lambda: sum(f["type"] == "ack" for f in alice.frames()) == 5, timeout=WAIT_MS
    )
    frames = [f for f in alice.frames() if f["type"] in ("chat", "ack")]
    seen: set[int] = set()
    for frame in frames:
        if frame["type"] == "chat":
            seen.add(frame["seq"])
        else:
            assert frame["seq"] in seen, "an ack came before its chat"


def test_newcomer_catching_up_gets_each_chat_once(qtbot, server, peers):
    json_peer, _ = peers
    alice = json_peer("alice")
    gate = hold_worker(server)
    alice.send({"type": "say", "id": "x1", "text": "before bob"})
    qtbot.wait(100)
    # bob's hello, and so his history read, is queued after alice's chat.
    bob = RawPeer(server.port, hello_line("bob"))
    try:
        qtbot.waitUntil(lambda: any(f["type"] == "welcome" for f in bob.frames()), timeout=WAIT_MS)
        alice.send({"type": "say", "id": "x2", "text": "after bob"})
        qtbot.wait(100)
        gate.set()
        qtbot.waitUntil(lambda: len(chats(bob.frames())) >= 2, timeout=WAIT_MS)
        qtbot.wait(200)
        assert [c["text"] for c in chats(bob.frames())] == ["before bob", "after bob"]
    finally:
        bob.close()


def test_a_senders_acks_of_one_batch_come_in_one_write(qtbot, server, peers, monkeypatch):
    json_peer, _ = peers
    alice = json_peer("alice")
    recorded = record_writes(monkeypatch)
    gate = hold_worker(server)
    for i in range(6):
        alice.send({"type": "say", "id": f"k{i}", "text": f"line {i}"})
    qtbot.wait(100)
    gate.set()
    qtbot.waitUntil(lambda: sum(f["type"] == "ack" for f in alice.frames()) == 6, timeout=WAIT_MS)
    assert [data.count(b'"ack"') for _, data, _ in recorded if b'"ack"' in data] == [6]
    assert [f["id"] for f in alice.frames() if f["type"] == "ack"] == [f"k{i}" for i in range(6)]
