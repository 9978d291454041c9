"""Socket options every chatapp connection sets, on both ends."""

from __future__ import annotations

import socket

from net_support import WAIT_MS


def nodelay(descriptor: int) -> bool:
    sock = socket.socket(fileno=descriptor)  # borrowed: Qt keeps owning it
    try:
        return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
    finally:
        sock.detach()


def test_nagle_is_off_on_both_ends(qtbot, server, connect_client):
    client = connect_client("alice")
    qtbot.waitUntil(lambda: len(server.peers) == 1, timeout=WAIT_MS)
    assert nodelay(client.connection.descriptor)
    assert nodelay(server.peers[0].connection.descriptor)


def test_listen_queue_holds_a_crowd_of_reconnecting_clients(server):
    from chatapp.net.server import LISTEN_BACKLOG

    assert server.listener.tcp.listenBacklogSize() == LISTEN_BACKLOG >= 1024
