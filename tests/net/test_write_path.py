"""SocketWriter and write_to_each alone, on real loopback sockets: straight to
the kernel or through Qt, the send-queue cap, many connections in one call,
and the counters."""

from __future__ import annotations

import socket

import pytest
from net_support import LOOPBACK, WAIT_MS
from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QHostAddress, QTcpServer, QTcpSocket

from chatapp.net import write_path
from chatapp.net.write_path import SocketWriter, write_to_each


class Target(QObject):
    """The least a Writable needs: a writer, and a cut-off that aborts."""

    bytes_written = Signal("qlonglong")

    def __init__(self, sock: QAbstractSocket, max_send_queue: int) -> None:
        super().__init__()
        self.socket = sock
        sock.setParent(self)
        self.writer = SocketWriter(sock, self.bytes_written, max_send_queue)
        sock.stateChanged.connect(self._on_state_changed)
        self.writer.use_descriptor()
        self.cut_off = 0

    def _on_state_changed(self, state: QAbstractSocket.SocketState) -> None:
        self.writer.follow_state(state)

    def send_queue_exceeded(self) -> None:
        self.cut_off += 1
        self.writer.stop()
        self.socket.abort()


@pytest.fixture
def pairs(qtbot):
    """make(n, cap) -> n (Target, raw client socket) pairs over loopback."""
    listener = QTcpServer()
    assert listener.listen(QHostAddress(LOOPBACK), 0)
    made: list[tuple[Target, socket.socket]] = []

    def make(count: int = 1, max_send_queue: int = 64 << 20) -> list[tuple[Target, socket.socket]]:
        new = []
        for _ in range(count):
            raw = socket.create_connection((LOOPBACK, listener.serverPort()))
            qtbot.waitUntil(listener.hasPendingConnections, timeout=WAIT_MS)
            new.append((Target(listener.nextPendingConnection(), max_send_queue), raw))
        made.extend(new)
        return new

    yield make
    for target, raw in made:
        raw.close()
        target.socket.abort()
    listener.close()


def receive(raw: socket.socket, size: int) -> bytes:
    raw.settimeout(5)
    data = b""
    while len(data) < size and (chunk := raw.recv(size - len(data))):
        data += chunk
    return data


@pytest.mark.skipif(not write_path.DIRECT_WRITES, reason="POSIX only")
def test_a_plain_socket_is_written_straight_to_the_kernel_and_counted(pairs):
    [(target, raw)] = pairs()
    assert target.writer.fd >= 0
    write_to_each([target], b"hello\n", 1)
    write_to_each([target], b"two\nlines\n", 2)
    assert target.socket.bytesToWrite() == 0  # the kernel has them, no event loop turned
    assert (target.writer.bytes_out, target.writer.messages_out) == (16, 3)
    assert receive(raw, 16) == b"hello\ntwo\nlines\n"


class OtherSocket(QTcpSocket):  # e.g. a QSslSocket: its bytes must go through Qt
    pass


@pytest.fixture
def through_qt(qtbot):
    """make(cap) -> (a Target on an OtherSocket, the raw socket at its other end)."""
    raw_server = socket.create_server((LOOPBACK, 0))
    made: list[tuple[Target, socket.socket]] = []

    def make(max_send_queue: int = 64 << 20) -> tuple[Target, socket.socket]:
        sock = OtherSocket()
        with qtbot.waitSignal(sock.connected, timeout=WAIT_MS):
            sock.connectToHost(LOOPBACK, raw_server.getsockname()[1])
        made.append((Target(sock, max_send_queue), raw_server.accept()[0]))
        return made[-1]

    yield make
    for target, raw in made:
        raw.close()
        target.socket.abort()
    raw_server.close()


def test_another_kind_of_socket_is_written_through_qt_and_reported(qtbot, through_qt):
    target, raw = through_qt()
    sock = target.socket
    assert target.writer.fd == -1
    with qtbot.waitSignal(target.bytes_written, timeout=WAIT_MS) as written:
        write_to_each([target], b"through qt\n", 1)
        assert sock.bytesToWrite() == 11  # Qt holds it until the loop turns
    assert written.args == [11]
    assert (target.writer.bytes_out, target.writer.messages_out) == (11, 1)
    assert receive(raw, 11) == b"through qt\n"


@pytest.mark.skipif(not write_path.DIRECT_WRITES, reason="POSIX only")
def test_while_qt_holds_data_later_writes_queue_behind_it(pairs):
    [(target, _raw)] = pairs()  # the peer reads nothing yet
    write_to_each([target], b"x" * 24_000_000, 1)  # more than the kernel takes unread
    held = target.socket.bytesToWrite()
    assert held > 0
    write_to_each([target], b"tail\n", 1)
    assert target.socket.bytesToWrite() == held + 5  # not straight to the kernel: in order


def test_the_cap_cuts_off_a_peer_that_stopped_reading(pairs):
    cap = 256 * 1024
    [(target, _raw)] = pairs(max_send_queue=cap)  # never reads
    piece = b"y" * 64 * 1024
    written = 0
    while not target.cut_off and written < 256 << 20:
        write_to_each([target], piece, 1)
        written += len(piece)
    assert target.cut_off == 1
    assert target.socket.state() == QAbstractSocket.SocketState.UnconnectedState
    # What the kernel's buffers took, then the cap and at most an eighth of it more.
    assert target.writer.bytes_out == written < 32 << 20
    before = target.writer.bytes_out
    write_to_each([target], piece, 1)  # cut off: skipped, not counted
    assert target.writer.bytes_out == before and target.cut_off == 1


def test_a_burst_buffered_in_qt_is_judged_by_what_the_kernel_refuses(qtbot, through_qt):
    cap = 64 * 1024
    target, raw = through_qt(cap)
    # 3x the cap in one turn of the event loop, all buffered in Qt: the kernel
    # takes it when asked, so this peer (which reads, later) is not cut off.
    burst = [bytes([65 + i % 26]) * 1000 for i in range(200)]
    for piece in burst:
        write_to_each([target], piece, 1)
    assert target.cut_off == 0 and target.writer.connected
    raw.setblocking(False)
    received = bytearray()

    def read_some() -> bool:  # while the event loop turns, so Qt sends what it holds
        try:
            while chunk := raw.recv(1 << 20):
                received.extend(chunk)
        except BlockingIOError:
            pass
        return len(received) >= 200_000

    qtbot.waitUntil(read_some, timeout=WAIT_MS)
    assert bytes(received) == b"".join(burst) and target.cut_off == 0


def test_one_call_writes_to_many_and_skips_the_closed(pairs):
    many = pairs(200)
    closed_target, _ = many[57]
    closed_target.socket.abort()
    data = b'{"type":"chat"}\n' * 3
    write_to_each([target for target, _ in many], data, 3)
    for index, (target, raw) in enumerate(many):
        if index == 57:
            assert (target.writer.bytes_out, target.writer.messages_out) == (0, 0)
            continue
        assert (target.writer.bytes_out, target.writer.messages_out) == (len(data), 3)
        assert receive(raw, len(data)) == data


@pytest.mark.skipif(not write_path.DIRECT_WRITES, reason="POSIX only")
def test_a_direct_write_is_reported_only_while_observed(pairs):
    [(target, raw)] = pairs()
    heard: list[int] = []
    target.bytes_written.connect(heard.append)
    write_to_each([target], b"unheard\n", 1)  # nobody said they listen: no emit
    target.writer.observed = True
    write_to_each([target], b"heard\n", 1)
    assert heard == [6]
    assert receive(raw, 14) == b"unheard\nheard\n"
