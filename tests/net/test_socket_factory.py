"""ConnectionService's socket comes from its factory on the connecting side,
and is tuned the same once connected, whatever its kind."""

from __future__ import annotations

import pytest
from net_support import LOOPBACK, WAIT_MS
from PySide6.QtCore import QObject
from PySide6.QtNetwork import QAbstractSocket, QHostAddress, QTcpServer, QTcpSocket

from chatapp.net import write_path
from chatapp.net.connection import ConnectionService
from chatapp.net.socket_factory import plain_tcp_socket
from chatapp.protocol import Role


class RecordingSocket(QTcpSocket):
    pass


@pytest.fixture
def listener():
    server = QTcpServer()
    assert server.listen(QHostAddress(LOOPBACK), 0)
    yield server
    server.close()


def test_a_connecting_service_takes_its_socket_from_its_factory(qtbot, listener):
    made: list[RecordingSocket] = []

    def factory(parent: QObject) -> QAbstractSocket:
        made.append(RecordingSocket(parent))
        return made[-1]

    service = ConnectionService(Role.CLIENT, socket_factory=factory)
    assert len(made) == 1 and service.findChild(RecordingSocket) is made[0]
    with qtbot.waitSignal(service.connected, timeout=WAIT_MS):
        service.connect_to_host(LOOPBACK, listener.serverPort())
    qtbot.waitUntil(listener.hasPendingConnections, timeout=WAIT_MS)
    accepted = listener.nextPendingConnection()
    # Tuned like any connection's socket, and written through Qt (not a plain QTcpSocket).
    low_delay = made[0].socketOption(QAbstractSocket.SocketOption.LowDelayOption)
    assert low_delay == 1 and service.kernel_keepalive() is not None
    assert service.writer.fd == -1
    with qtbot.waitSignal(service.bytes_written, timeout=WAIT_MS):
        assert service.send_raw(b"hi\n", 1) == 3
    qtbot.waitUntil(lambda: accepted.bytesAvailable() >= 3, timeout=WAIT_MS)
    assert accepted.readAll().data() == b"hi\n"
    assert len(made) == 1  # one socket for the service's life (reconnects reuse it)
    service.abort()


@pytest.mark.skipif(not write_path.DIRECT_WRITES, reason="POSIX only")
def test_the_default_factory_makes_a_plain_socket_written_directly(qtbot, listener):
    service = ConnectionService(Role.CLIENT)
    assert type(service.findChild(QTcpSocket)) is QTcpSocket
    with qtbot.waitSignal(service.connected, timeout=WAIT_MS):
        service.connect_to_host(LOOPBACK, listener.serverPort())
    assert service.writer.fd == service.descriptor >= 0
    service.abort()
    assert service.writer.fd == -1


def test_an_accepted_socket_is_used_as_it_is_and_no_factory_is_called(qtbot, listener):
    def factory(parent: QObject) -> QAbstractSocket:
        raise AssertionError("the accepting side has its socket already")

    client = QTcpSocket()
    with qtbot.waitSignal(client.connected, timeout=WAIT_MS):
        client.connectToHost(LOOPBACK, listener.serverPort())
    qtbot.waitUntil(listener.hasPendingConnections, timeout=WAIT_MS)
    accepted = listener.nextPendingConnection()
    service = ConnectionService(Role.SERVER, accepted, socket_factory=factory)
    assert accepted.parent() is service and service.is_connected
    assert service.peer_port == client.localPort()
    client.abort()
    service.abort()


def test_the_default_factory_gives_the_socket_its_parent():
    parent = QObject()
    sock = plain_tcp_socket(parent)
    assert type(sock) is QTcpSocket and sock.parent() is parent
