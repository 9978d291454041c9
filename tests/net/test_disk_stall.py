"""A frozen disk delays acks, never pings, welcomes or the room (issue 14, item 7).

The commit is held on an Event from the store's own SQL trace hook: it runs
wherever the statement runs, so a commit on the server's thread (as inline
commits were) would freeze the whole test's event loop, and the welcome and
pong asserted below would only come after the release.
"""

from __future__ import annotations

import threading

import pytest
from history_callbacks_support import CallbackStore
from net_support import LOOPBACK, WAIT_MS
from raw_peer_support import RawPeer, hello_line, welcomed_json_peer

from chatapp.net import ChatClient, ChatServer

HOLD_S = 10  # the longest the test holds a commit (released much sooner)


class FrozenDisk:
    """Holds every COMMIT while frozen, as a disk that stopped answering would."""

    def __init__(self) -> None:
        self.frozen = False
        self.held = threading.Event()  # a commit is being held right now
        self.thaw = threading.Event()
        self.held_on: set[str] = set()

    def trace(self, sql: str) -> None:
        if sql == "COMMIT" and self.frozen:
            self.held_on.add(threading.current_thread().name)
            self.held.set()
            self.thaw.wait(HOLD_S)
            self.held.clear()


@pytest.fixture
def disk():
    disk = FrozenDisk()
    yield disk
    disk.thaw.set()


@pytest.fixture
def room(qtbot, tmp_path, disk):
    store = CallbackStore(tmp_path, trace_sql=disk.trace)
    store.start()
    server = ChatServer(history=store)
    server.listen(LOOPBACK, 0)
    yield server
    disk.thaw.set()
    server.close()
    store.close()


def test_pings_and_welcomes_are_answered_while_a_commit_is_stuck(qtbot, room, disk):
    alice = ChatClient()
    with qtbot.waitSignal(alice.welcomed, timeout=WAIT_MS):
        alice.connect_to(LOOPBACK, room.port, "alice")
    watcher = welcomed_json_peer(qtbot, room.port, "watcher")
    acked: list[str] = []
    alice.message_acked.connect(lambda message_id, seq: acked.append(message_id))
    try:
        disk.frozen = True
        message_id = alice.send_text("this commit will hang")
        qtbot.waitUntil(disk.held.is_set, timeout=WAIT_MS)

        # The disk is stuck: the server still greets newcomers and answers pings.
        newcomer = RawPeer(room.port, hello_line("newcomer"))
        qtbot.waitUntil(
            lambda: any(f["type"] == "welcome" for f in newcomer.frames()), timeout=2000
        )
        watcher.send({"type": "ping", "t": 42.0})
        qtbot.waitUntil(
            lambda: {"type": "pong", "t": 42.0} in watcher.frames(), timeout=2000
        )
        assert disk.held.is_set() and acked == []  # all that while, the commit hung

        disk.frozen = False
        disk.thaw.set()
        qtbot.waitUntil(lambda: acked == [message_id], timeout=WAIT_MS)
        qtbot.waitUntil(
            lambda: any(f["type"] == "chat" and f["text"] == "this commit will hang"
                        for f in watcher.frames()),
            timeout=WAIT_MS,
        )
        assert disk.held_on == {"chatapp-history"}  # never the server's thread
        newcomer.close()
    finally:
        watcher.close()
        alice.auto_reconnect = False
        alice.disconnect_from_server()


def test_a_stall_of_the_server_s_own_loop_is_not_blamed_on_its_peers(qtbot, tmp_path):
    from chatapp.net.server_config import ServerConfig

    server = ChatServer(config=ServerConfig(heartbeat_interval=0.2, heartbeat_timeout=0.6))
    server.listen(LOOPBACK, 0)
    left: list[str] = []
    server.peer_left.connect(lambda peer, reason: left.append(reason))
    client = ChatClient()
    try:
        with qtbot.waitSignal(client.welcomed, timeout=WAIT_MS):
            client.connect_to(LOOPBACK, server.port, "idle")
        qtbot.wait(700)  # a few heartbeats: the peer answers them
        assert left == []
        # The loop stops for three timeouts' worth (as it did on the frozen disk):
        # not a wait for something, the stall under test.
        threading.Event().wait(2.0)
        qtbot.wait(1000)  # the late timers fire, then heartbeats as usual
        assert left == [] and len(server.peers) == 1
        assert server.peers[0].connection.heartbeat.stalls_forgiven >= 1
    finally:
        client.auto_reconnect = False
        client.disconnect_from_server()
        server.close()
