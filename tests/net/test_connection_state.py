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


class Owner:
    """A ConnectionOwner that writes down what it was told, in order."""

    def __init__(self, order: list[str]) -> None:
        self.order = order
        self.connections: list[object] = []
        self.chunks: list[bytes] = []
        self.lines = 0

    def connection_message(self, connection, event) -> None:
        self.order.append("handler")
        self.connections.append(connection)

    def connection_first_data(self, connection, chunk) -> None:
        self.chunks.append(chunk)

    def connection_lines_received(self, connection, count) -> None:
        self.lines += count

    def connection_closed(self, connection) -> None:
        self.order.append("closed")

    def connection_liveness_changed(self, connection, liveness, reason) -> None:
        self.order.append(f"liveness {liveness.name}")

    def connection_deadline_passed(self, connection) -> None:
        self.order.append("deadline")


def test_the_owner_is_called_first_and_held_weakly(qtbot, server, connect_client):
    client = connect_client("carol")
    connection = client.connection
    order: list[str] = []
    owner = Owner(order)
    connection.set_owner(owner)
    connection.message_received.connect(lambda event: order.append("signal"))
    with qtbot.waitSignal(client.chat_received, timeout=WAIT_MS):
        server.say("hello carol")
    assert order[:2] == ["handler", "signal"]
    assert owner.connections[0] is connection
    assert owner.chunks and b"hello carol" in b"".join(owner.chunks)
    del owner
    order.clear()
    with qtbot.waitSignal(client.chat_received, timeout=WAIT_MS):
        server.say("still fine")  # the owner is gone: no call, no error
    assert "handler" not in order and "signal" in order


def test_the_owner_hears_deadlines_and_the_close_and_data_only_until_told(
    qtbot, server, connect_client
):
    client = connect_client("dave")
    connection = client.connection
    owner = Owner([])
    connection.set_owner(owner)
    connection.stop_reporting_data()
    with qtbot.waitSignal(connection.deadline_passed, timeout=WAIT_MS):
        connection.set_deadline(0.01)
    with qtbot.waitSignal(client.chat_received, timeout=WAIT_MS):
        server.say("not reported as data")
    assert owner.chunks == []
    with qtbot.waitSignal(connection.disconnected, timeout=WAIT_MS):
        server.kick(server.peers[0])
    assert owner.order[0] == "deadline" and owner.order[-1] == "closed"
