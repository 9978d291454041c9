"""Heartbeats over real loopback sockets, with short intervals."""

import socket
import time

import pytest
from net_support import LOOPBACK, WAIT_MS

from chatapp.net import ChatClient, ChatServer
from chatapp.net.connection import ConnectionService
from chatapp.net.server_config import ServerConfig
from chatapp.protocol import Hello, Role, encode_message
from chatapp.protocol.heartbeat import Liveness

INTERVAL, TIMEOUT = 0.2, 0.8


@pytest.fixture
def fast_server(qtbot):
    server = ChatServer(config=ServerConfig(heartbeat_interval=INTERVAL, heartbeat_timeout=TIMEOUT))
    server.listen(LOOPBACK, 0)
    yield server
    server.close()


def online(qtbot, server, nick):
    client = ChatClient()
    with qtbot.waitSignal(client.welcomed, timeout=WAIT_MS):
        client.connect_to(LOOPBACK, server.port, nick)
    return client


def test_client_that_never_answers_pings_is_dropped_with_a_leave(qtbot, fast_server):
    watcher = online(qtbot, fast_server, "watcher")
    mute = socket.create_connection((LOOPBACK, fast_server.port))
    mute.sendall(encode_message(Hello("mute")))
    with qtbot.waitSignal(watcher.user_joined, timeout=WAIT_MS):
        pass
    joined_at = time.monotonic()
    with qtbot.waitSignal(watcher.user_left, timeout=WAIT_MS) as left:
        pass
    gone_after = time.monotonic() - joined_at
    assert left.args[0] == "mute"
    assert "no response" in left.args[1]
    assert gone_after <= TIMEOUT + 1.0
    mute.close()


def test_a_live_client_measures_rtt_and_stays(qtbot, fast_server):
    alice = online(qtbot, fast_server, "alice")
    with qtbot.waitSignal(alice.connection.rtt_measured, timeout=WAIT_MS) as measured:
        pass
    assert 0 <= measured.args[0] < 500
    peer = fast_server.peers[0]
    qtbot.waitUntil(lambda: peer.rtt_ms is not None, timeout=WAIT_MS)
    # Three timeouts later it is still there: pings and pongs keep it alive.
    with qtbot.assertNotEmitted(alice.disconnected, wait=int(TIMEOUT * 3000)):
        pass
    assert peer.connection.liveness is Liveness.ALIVE


def test_connections_started_together_are_pinged_at_different_moments(qtbot):
    # Twenty peers that joined in the same instant: their pings must not all
    # fall due together, every interval (a burst that holds up the chats).
    interval = 5.0
    connections = [ConnectionService(Role.SERVER) for _ in range(20)]
    started = time.monotonic()
    for connection in connections:
        connection.start_heartbeat(interval, 3 * interval)
    first_pings = sorted(c.heartbeat.next_deadline() - started for c in connections)
    assert all(0 <= t <= interval + 0.1 for t in first_pings)
    assert first_pings[-1] - first_pings[0] > interval / 2


def test_silent_server_is_noticed_by_the_client(qtbot):
    # A listener that accepts, answers hello with a welcome, then goes quiet.
    listener = socket.create_server((LOOPBACK, 0))
    client = ChatClient()
    with qtbot.waitSignal(client.connection.bytes_written, timeout=WAIT_MS):  # the hello
        client.connect_to(LOOPBACK, listener.getsockname()[1], "alice")
    conn, _ = listener.accept()
    conn.recv(1024)
    conn.sendall(
        b'{"type":"welcome","v":1,"nick":"alice","client_id":"x",'
        b'"heartbeat":{"interval":0.2,"timeout":0.8},"users":["alice"]}\n'
    )
    with qtbot.waitSignal(client.connection.liveness_changed, timeout=WAIT_MS,
                          check_params_cb=lambda state, _why: state is Liveness.LATE):
        pass
    with qtbot.waitSignal(client.disconnected, timeout=WAIT_MS) as gone:
        pass
    assert "no response" in gone.args[0]
    conn.close()
    listener.close()


def test_tcp_keepalive_is_on_for_both_ends(qtbot, fast_server):
    alice = online(qtbot, fast_server, "alice")
    settings = alice.connection.kernel_keepalive()
    assert settings is not None and settings == alice.connection.keepalive
    assert fast_server.peers[0].connection.kernel_keepalive() is not None


def test_keepalive_of_a_closed_descriptor_is_none_not_an_error():
    import os

    from chatapp.net.keepalive import KeepaliveSettings, enable_keepalive, read_keepalive

    reader, writer = os.pipe()
    os.close(reader)
    os.close(writer)  # a descriptor number that is no longer open
    assert read_keepalive(reader) is None
    assert enable_keepalive(reader, KeepaliveSettings()) is False
