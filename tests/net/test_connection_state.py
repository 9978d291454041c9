"""ConnectionService keeps the socket's state without asking Qt on every send."""

from __future__ import annotations

from net_support import WAIT_MS

from chatapp.protocol import Say


def test_is_connected_follows_the_socket_and_sends_stop_after_abort(qtbot, server, connect_client):
    client = connect_client("alice")
    connection = client.connection
    assert connection.is_connected
    with qtbot.waitSignal(connection.bytes_written, timeout=WAIT_MS) as written:
        queued = connection.send(Say("c-1", "hello"))
    assert queued > 0 and written.args[0] == queued
    connection.abort()
    assert not connection.is_connected
    assert connection.send(Say("c-2", "lost")) == 0


def test_is_connected_is_false_from_a_graceful_close_on(qtbot, server, connect_client):
    client = connect_client("bob")
    connection = client.connection
    connection.close("done")
    assert not connection.is_connected
    qtbot.waitUntil(lambda: connection.state.name == "UnconnectedState", timeout=WAIT_MS)
    assert not connection.is_connected
