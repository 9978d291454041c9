"""ConnectionService writes straight to the descriptor while Qt holds nothing
unsent, and hands Qt the rest, in order (write_path.DIRECT_WRITES)."""

from __future__ import annotations

import socket

import pytest
from net_support import LOOPBACK, WAIT_MS
from PySide6.QtNetwork import QHostAddress, QTcpServer

from chatapp.net import write_path
from chatapp.net.connection import ConnectionService
from chatapp.protocol import Role

pytestmark = pytest.mark.skipif(not write_path.DIRECT_WRITES, reason="POSIX only")


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


def test_once_qt_has_sent_what_it_held_writes_go_straight_to_the_kernel_again(qtbot, accepted):
    service, raw = accepted
    service.send_raw(b"x" * 24_000_000, 1)
    assert service.bytes_to_write > 0
    raw.setblocking(False)
    left = [24_000_000]

    def drained() -> bool:
        try:
            while left[0] and (chunk := raw.recv(1 << 20)):
                left[0] -= len(chunk)
        except BlockingIOError:
            pass
        return not left[0] and service.bytes_to_write == 0

    qtbot.waitUntil(drained, timeout=WAIT_MS * 2)
    service.send_raw(b"again\n", 1)
    assert service.bytes_to_write == 0  # the kernel took it, in this very call
    raw.setblocking(True)
    raw.settimeout(5)
    assert raw.recv(100) == b"again\n"


def test_a_listener_that_comes_later_hears_of_the_writes_after_it(qtbot, accepted):
    # Nobody listening: the emit is skipped (ConnectionService.connectNotify).
    service, raw = accepted
    service.send_raw(b"unheard\n", 1)
    written: list[int] = []
    service.bytes_written.connect(written.append)
    service.send_raw(b"heard\n", 1)
    assert written == [6]
    raw.settimeout(5)
    received = b""
    while len(received) < 14:
        received += raw.recv(100)
    assert received == b"unheard\nheard\n"
