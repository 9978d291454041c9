"""Joins, leaves and nick changes go out in batches (Room.flush_presence, timed by ChatServer).

When many clients arrive at once, each peer gets the notices of a batch in one
write instead of one write per newcomer. What every peer can work out from its
welcome plus the notices after it must stay exactly the room's user list.
"""

from __future__ import annotations

import pytest
from net_support import WAIT_MS
from raw_peer_support import RawPeer, hello_line
from write_log_support import record_writes

from chatapp.net.server import PRESENCE_BATCH_MS


@pytest.fixture
def open_peer(server):
    made: list[RawPeer] = []

    def open_peer(nick: str) -> RawPeer:
        peer = RawPeer(server.port, hello_line(nick))
        made.append(peer)
        return peer

    yield open_peer
    for peer in made:
        peer.close()


def users_seen(peer: RawPeer) -> list[str]:
    """The user list a client builds from its welcome and the notices after it;
    fails on a notice that contradicts it (a join of someone already there...)."""
    users: list[str] | None = None
    for frame in peer.frames():
        kind = frame["type"]
        if kind == "welcome":
            users = list(frame["users"])
        elif kind == "join":
            assert users is not None and frame["nick"] not in users, frame
            users.append(frame["nick"])
        elif kind == "leave":
            assert users is not None and frame["nick"] in users, frame
            users.remove(frame["nick"])
        elif kind == "nick":
            assert users is not None and frame["old"] in users, frame
            users[users.index(frame["old"])] = frame["nick"]
    return sorted(users or [], key=str.casefold)


def test_a_crowd_arriving_at_once_agrees_on_who_is_here(qtbot, server, open_peer):
    first = open_peer("first")
    qtbot.waitUntil(lambda: server.users() == ["first"], timeout=WAIT_MS)
    crowd = [open_peer(f"p{i}") for i in range(30)]
    qtbot.waitUntil(lambda: len(server.users()) == 31, timeout=WAIT_MS)
    crowd[3].close()  # one leaves while the others' notices may still be queued
    qtbot.waitUntil(lambda: len(server.users()) == 30, timeout=WAIT_MS)
    qtbot.wait(3 * PRESENCE_BATCH_MS)
    expected = server.users()
    for peer in [first, *crowd[:3], *crowd[4:]]:
        qtbot.waitUntil(lambda peer=peer: users_seen(peer) == expected, timeout=WAIT_MS)


def test_notices_of_a_batch_reach_a_peer_in_one_write(qtbot, server, open_peer, monkeypatch):
    watcher = open_peer("watcher")
    qtbot.waitUntil(lambda: server.users() == ["watcher"], timeout=WAIT_MS)
    qtbot.wait(2 * PRESENCE_BATCH_MS)
    watcher_connection = server.peers[0].connection
    recorded = record_writes(monkeypatch)
    for i in range(5):
        open_peer(f"n{i}")
    qtbot.waitUntil(lambda: len(server.users()) == 6, timeout=WAIT_MS)
    joins = lambda: sum(f["type"] == "join" for f in watcher.frames())  # noqa: E731
    qtbot.waitUntil(lambda: joins() == 5, timeout=WAIT_MS)
    writes = [data.count(b'"join"') for connection, data, _ in recorded
              if connection is watcher_connection and b'"join"' in data]
    assert len(writes) < 5  # batched: fewer writes than notices
    assert sum(writes) == 5


def test_a_newcomer_is_announced_before_its_first_chat(qtbot, server, open_peer):
    watcher = open_peer("watcher")
    qtbot.waitUntil(lambda: server.users() == ["watcher"], timeout=WAIT_MS)
    talker = open_peer("talker")
    talker.send({"type": "say", "id": "t1", "text": "hi, I just came"})
    qtbot.waitUntil(lambda: any(f["type"] == "chat" for f in watcher.frames()), timeout=WAIT_MS)
    kinds = [(f["type"], f.get("nick") or f.get("from")) for f in watcher.frames()
             if f["type"] in ("join", "chat")]
    assert kinds == [("join", "talker"), ("chat", "talker")]


def test_users_changed_is_coalesced_and_ends_with_the_room(qtbot, server, open_peer):
    seen: list[list[str]] = []
    server.users_changed.connect(seen.append)
    for i in range(10):
        open_peer(f"u{i}")
    qtbot.waitUntil(lambda: len(server.users()) == 10, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(seen) and seen[-1] == server.users(), timeout=WAIT_MS)
    assert len(seen) < 10


def test_a_rename_reaches_everyone_and_queued_notices_go_before_bye(qtbot, server, open_peer):
    alice, bob = open_peer("alice"), open_peer("bob")
    qtbot.waitUntil(lambda: len(server.users()) == 2, timeout=WAIT_MS)
    bob.send({"type": "nick", "nick": "robert"})
    qtbot.waitUntil(lambda: "robert" in server.users(), timeout=WAIT_MS)
    server.stop("maintenance")  # at once: the rename may still be queued
    for peer in (alice, bob):
        qtbot.waitUntil(lambda peer=peer: any(f["type"] == "bye" for f in peer.frames()),
                        timeout=WAIT_MS)
        kinds = [f["type"] for f in peer.frames()]
        assert kinds.index("nick") < kinds.index("bye")
        assert users_seen(peer) == ["alice", "robert"]


def test_a_big_room_batches_its_notices_less_often(qtbot, server, open_peer, monkeypatch):
    # As if each peer stood for many: 4 peers at 20 writes/s make a batch every 200 ms.
    monkeypatch.setattr("chatapp.protocol.room.PRESENCE_WRITES_PER_S", 20)
    watcher = open_peer("watcher")
    qtbot.waitUntil(lambda: server.users() == ["watcher"], timeout=WAIT_MS)
    for i in range(3):
        open_peer(f"n{i}")
    qtbot.waitUntil(lambda: len(server.users()) == 4, timeout=WAIT_MS)
    assert server.presence_interval_ms() == 200
    qtbot.waitUntil(lambda: sum(f["type"] == "join" for f in watcher.frames()) == 3,
                    timeout=WAIT_MS)
    monkeypatch.undo()
    assert server.presence_interval_ms() == PRESENCE_BATCH_MS  # a small room: the floor
