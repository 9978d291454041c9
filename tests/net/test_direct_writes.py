"""ConnectionService writes straight to the descriptor while Qt holds nothing
unsent, and hands Qt the rest, in order (connection.DIRECT_WRITES)."""

from __future__ import annotations

import socket

import pytest
from net_support import LOOPBACK, WAIT_MS
from PySide6.QtNetwork import QHostAddress, QTcpServer

from chatapp.net import connection as connection_module
from chatapp.net.connection import ConnectionService
from chatapp.protocol import Role

pytestmark = pytest.mark.skipif(not connection_module.DIRECT_WRITES, reason="POSIX only")


@pytest.fixture
def accepted(qtbot):
    """(a server-side ConnectionService, the raw client socket at its other end)."""
    listener = QTcpServer()
    assert listener.listen(QHostAddress(LOOPBACK), 0)
    raw = socket.create_connection((LOOPBACK, listener.serverPort()))
    qtbot.waitUntil(listener.hasPendingConnections, timeout=WAIT_MS)
    service = ConnectionService(Role.SERVER, listener.nextPendingConnection(),
                                max_send_queue=64 << 20)
    yield service, raw
    raw.close()
    service.abort()
    listener.close()


def test_a_write_reaches_the_kernel_at_once_and_is_reported(qtbot, accepted):
    service, raw = accepted
    written: list[int] = []
    service.bytes_written.connect(written.append)
    service.send_raw(b"hello\n", 1)
    assert written == [6] and service.bytes_to_write == 0  # no turn of the event loop needed
    assert raw.recv(100) == b"hello\n"


def test_what_the_kernel_cannot_take_goes_through_qt_in_order(qtbot, accepted):
    service, raw = accepted
    # 24 MB: more than the kernel's buffers take while nobody reads
    pieces = [bytes([65 + i % 26]) * 100_000 for i in range(240)]
    for piece in pieces:
        service.send_raw(piece, 1)
    assert service.is_connected and service.bytes_to_write > 0  # Qt holds the rest
    raw.setblocking(False)
    received = bytearray()

    def read_some() -> bool:
        try:
            while chunk := raw.recv(1 << 20):
                received.extend(chunk)
        except BlockingIOError:
            pass
        return len(received) == 24_000_000

    qtbot.waitUntil(read_some, timeout=WAIT_MS * 2)
    assert bytes(received) == b"".join(pieces)


def test_after_an_abort_nothing_is_written_to_the_old_descriptor(qtbot, accepted):
    service, raw = accepted
    service.abort()
    assert service.send_raw(b"late\n", 1) == 0
    raw.settimeout(1)
    assert raw.recv(100) == b""  # the reset or end, never "late"
