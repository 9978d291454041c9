"""Reconnect, resume, receipts and de-duplication over real loopback sockets."""

import pytest
from net_support import LOOPBACK, WAIT_MS

from chatapp.net import ChatClient, ChatServer, ClientState
from chatapp.net.client import Receipt
from chatapp.net.history_store import HistoryStore
from chatapp.protocol import Say
from chatapp.protocol.backoff import Backoff


def quick_client() -> ChatClient:
    client = ChatClient()
    client.backoff = Backoff(first=0.05, cap=0.2)
    return client


class RestartableServer:
    """A server whose history lives on disk, so it can stop and come back."""

    def __init__(self, data_dir, config=None):
        self.data_dir = data_dir
        self.config = config
        self.port = 0
        self.server: ChatServer | None = None

    def start(self) -> ChatServer:
        history = HistoryStore(self.data_dir)
        history.start()
        self.server = ChatServer(history=history, config=self.config)
        self.server.listen(LOOPBACK, self.port)
        self.port = self.server.port
        return self.server

    def stop(self) -> None:
        self.server.stop("restarting")
        self.server.history.close()


@pytest.fixture
def restartable(qtbot, tmp_path):
    room = RestartableServer(tmp_path)
    room.start()
    yield room
    if room.server.is_listening:
        room.stop()


@pytest.fixture
def clients():
    made = []

    def make(port, nick):
        client = quick_client()
        made.append(client)
        client.connect_to(LOOPBACK, port, nick)
        return client

    yield make
    for client in made:
        client.auto_reconnect = False
        client.disconnect_from_server()


def wait_online(qtbot, client):
    qtbot.waitUntil(lambda: client.state is ClientState.ONLINE, timeout=WAIT_MS)


def test_client_comes_back_after_a_restart_and_catches_up(qtbot, restartable, clients):
    alice = clients(restartable.port, "alice")
    bob = clients(restartable.port, "bob")
    wait_online(qtbot, alice)
    wait_online(qtbot, bob)
    with qtbot.waitSignal(bob.chat_received, timeout=WAIT_MS):
        alice.send_text("before the restart")

    received = []
    bob.chat_received.connect(received.append)
    bob.backoff = Backoff(first=60, cap=60)  # bob stays away until told
    with qtbot.waitSignal(alice.reconnect_countdown, timeout=WAIT_MS):
        restartable.stop()
    assert alice.state is ClientState.WAITING
    restartable.start()
    wait_online(qtbot, alice)
    # While bob is still away, alice says something he must catch up on.
    with qtbot.waitSignal(alice.message_acked, timeout=WAIT_MS):
        alice.send_text("while bob was away")
    assert bob.state is ClientState.WAITING
    bob.reconnect_now()
    wait_online(qtbot, bob)
    qtbot.waitUntil(lambda: any(c.text == "while bob was away" for c in received), timeout=WAIT_MS)
    assert bob.nick == "bob" and alice.nick == "alice"  # same nicks as before
    assert [c.text for c in received] == ["while bob was away"]  # nothing twice


def test_messages_typed_offline_wait_in_the_outbox(qtbot, restartable, clients):
    alice = clients(restartable.port, "alice")
    wait_online(qtbot, alice)
    restartable.stop()
    qtbot.waitUntil(lambda: alice.state is ClientState.WAITING, timeout=WAIT_MS)
    receipts = []
    alice.receipt_changed.connect(lambda mid, receipt: receipts.append((mid, receipt)))
    first = alice.send_text("typed while away")
    second = alice.send_text("and another")
    assert set(alice.outbox) == {first, second}
    restartable.start()
    qtbot.waitUntil(lambda: not alice.outbox, timeout=WAIT_MS)
    assert receipts == [
        (first, Receipt.SENDING), (second, Receipt.SENDING),
        (first, Receipt.DELIVERED), (second, Receipt.DELIVERED),
    ]


def test_server_stores_a_resent_message_once(qtbot, restartable, clients):
    alice = clients(restartable.port, "alice")
    bob = clients(restartable.port, "bob")
    wait_online(qtbot, alice)
    wait_online(qtbot, bob)
    acks = []
    alice.message_acked.connect(lambda mid, seq: acks.append((mid, seq)))
    shown = []
    bob.chat_received.connect(shown.append)
    say = Say("c-resent", "only once please")
    alice.connection.send(say)
    alice.connection.send(say)  # as after a reconnect with the ack lost
    qtbot.waitUntil(lambda: len(acks) == 2, timeout=WAIT_MS)
    assert acks[0] == acks[1]
    with qtbot.waitSignal(bob.chat_received, timeout=WAIT_MS):
        alice.send_text("a marker after it")
    assert [c.text for c in shown] == ["only once please", "a marker after it"]


def test_refused_message_is_marked_failed(qtbot, restartable, clients):
    alice = clients(restartable.port, "alice")
    wait_online(qtbot, alice)
    with qtbot.waitSignal(alice.receipt_changed, timeout=WAIT_MS,
                          check_params_cb=lambda _id, receipt: receipt is Receipt.FAILED):
        alice.send_text("hello?", to="nobody-here")
    assert not alice.outbox


def test_a_kicked_client_does_not_come_back(qtbot, restartable, clients):
    alice = clients(restartable.port, "alice")
    wait_online(qtbot, alice)
    with qtbot.waitSignal(alice.disconnected, timeout=WAIT_MS):
        restartable.server.kick(restartable.server.peers[0], "enough")
    assert alice.state is ClientState.DISCONNECTED


def test_reconnect_now_skips_the_wait(qtbot, restartable, clients):
    alice = clients(restartable.port, "alice")
    wait_online(qtbot, alice)
    alice.backoff = Backoff(first=60, cap=60)  # a long wait, unless asked
    restartable.stop()
    qtbot.waitUntil(lambda: alice.state is ClientState.WAITING, timeout=WAIT_MS)
    restartable.start()
    alice.reconnect_now()
    wait_online(qtbot, alice)


def test_disconnect_while_waiting_stops_trying(qtbot, restartable, clients):
    alice = clients(restartable.port, "alice")
    wait_online(qtbot, alice)
    alice.backoff = Backoff(first=60, cap=60)
    restartable.stop()
    qtbot.waitUntil(lambda: alice.state is ClientState.WAITING, timeout=WAIT_MS)
    with qtbot.waitSignal(alice.disconnected, timeout=WAIT_MS):
        alice.disconnect_from_server()
    assert alice.state is ClientState.DISCONNECTED
    restartable.start()
    with qtbot.assertNotEmitted(alice.welcomed, wait=300):
        pass


def test_a_full_outbox_is_paced_under_the_flood_limit(qtbot, tmp_path, clients):
    from chatapp.net.server_config import ServerConfig

    # A strict limit that cuts off anyone who floods for more than half a second.
    room = RestartableServer(tmp_path, ServerConfig(flood_rate=40, flood_burst=5, flood_grace=0.5))
    room.start()
    alice = clients(room.port, "alice")
    wait_online(qtbot, alice)
    room.stop()
    qtbot.waitUntil(lambda: alice.state is ClientState.WAITING, timeout=WAIT_MS)
    for i in range(60):
        alice.send_text(f"typed offline {i}")
    left = []
    room.start()
    room.server.peer_left.connect(lambda peer, reason: left.append(reason))
    qtbot.waitUntil(lambda: not alice.outbox, timeout=WAIT_MS * 2)
    assert left == []  # paced, not cut off as a flood
    room.stop()
