"""An in-app relay that makes a network worse on purpose, for lab 4 (TCP versus UDP).

Sender -> relay -> receiver, on loopback by default. The UDP relay drops,
copies, delays and holds back (reorders) each datagram by settable shares,
with a seed so a run can be repeated exactly; replies from the receiver (a
reliability layer's acks) go back to the sender through the same impairments.

The TCP relay can only delay: a program above TCP never sees a segment, so it
cannot lose one. Data it is handed arrives, in order, however many segments the
kernels resent on the way; dropping TCP segments takes the kernel's own help
(Linux `tc qdisc ... netem loss 10%`).
"""

from __future__ import annotations

import heapq
import itertools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QHostAddress, QTcpServer, QTcpSocket, QUdpSocket

from ..net.socket_errors import NetError, describe_socket_error

MAX_DATAGRAM = 65_535
FORWARD = "forward"  # sender -> receiver
BACK = "back"  # receiver -> sender (acks)


@dataclass(frozen=True)
class Impairments:
    loss_percent: float = 0.0
    duplicate_percent: float = 0.0
    reorder_percent: float = 0.0  # these are held back by up to reorder_extra_ms more
    reorder_extra_ms: float = 60.0
    delay_ms: float = 0.0  # every datagram (and every TCP byte), each way
    seed: int | None = None

    def slowed(self, factor: float) -> Impairments:
        """Slow motion: the delays stretched, the shares unchanged."""
        return replace(self, delay_ms=self.delay_ms * factor,
                       reorder_extra_ms=self.reorder_extra_ms * factor)

    @property
    def longest_delay_s(self) -> float:
        """How long a datagram may spend in the relay (a receiver's wait for stragglers)."""
        return (self.delay_ms + (self.reorder_extra_ms if self.reorder_percent else 0)) / 1000


class Dice:
    """Each datagram's fate: the delays of its copies (none = lost, two = duplicated)."""

    def __init__(self, impairments: Impairments) -> None:
        self.impairments = impairments
        self._random = random.Random(impairments.seed)

    def copies(self) -> list[float]:
        imp, roll = self.impairments, self._random.random
        if roll() * 100 < imp.loss_percent:
            return []
        count = 2 if roll() * 100 < imp.duplicate_percent else 1
        delays = []
        for _ in range(count):
            extra = roll() * imp.reorder_extra_ms if roll() * 100 < imp.reorder_percent else 0.0
            delays.append((imp.delay_ms + extra) / 1000)
        return delays


class DelayLine(QObject):
    """Calls each callback at its time; one precise timer for them all."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._order = itertools.count()  # equal times keep their order
        self._timer = QTimer(self, singleShot=True, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer_timeout)

    def __len__(self) -> int:
        return len(self._heap)

    def call_later(self, delay_s: float, callback: Callable[[], None]) -> None:
        if delay_s <= 0 and not self._heap:
            callback()
            return
        heapq.heappush(self._heap, (time.monotonic() + delay_s, next(self._order), callback))
        self._arm()

    def clear(self) -> None:
        self._heap.clear()
        self._timer.stop()

    def _arm(self) -> None:
        if self._heap:
            wait_ms = max(0, round((self._heap[0][0] - time.monotonic()) * 1000))
            self._timer.start(wait_ms)

    def _on_timer_timeout(self) -> None:
        now = time.monotonic()
        while self._heap and self._heap[0][0] <= now + 0.0005:
            heapq.heappop(self._heap)[2]()
        self._arm()


def ip_address(host: str) -> QHostAddress:
    """The address, or NetError with a sentence for a name or a typo."""
    address = QHostAddress(host)
    if address.isNull():
        raise NetError(None, QCoreApplication.translate(
            "TcpVsUdpLab", "'{host}' is not an IP address (like 192.168.1.20).").format(host=host))
    return address


def bind_udp(socket: QUdpSocket, host: str, port: int = 0) -> int:
    """Bind or raise NetError with a sentence; returns the port."""
    address = ip_address(host)
    if not socket.bind(address, port):
        code = socket.error()
        raise NetError(code, describe_socket_error(code, host, port, socket.errorString()))
    return int(socket.localPort())


class UdpLossyRelay(QObject):
    """Forwards datagrams to `target`, and replies back to whoever sent last."""

    datagram_handled = Signal(str, str, int)  # direction, fate (passed/dropped/...), size

    def __init__(self, target_host: str, target_port: int, impairments: Impairments,
                 listen_host: str = "127.0.0.1", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._target = (QHostAddress(target_host), target_port)
        self._listen_host = listen_host
        self._dice = Dice(impairments)
        self._sender: tuple[QHostAddress, int] | None = None
        self.counts: dict[tuple[str, str], int] = {}
        self._delays = DelayLine(self)
        self.socket = QUdpSocket(self)
        self.socket.readyRead.connect(self._on_socket_ready_read)

    @property
    def port(self) -> int:
        return int(self.socket.localPort())

    def start(self) -> int:
        return bind_udp(self.socket, self._listen_host)

    def stop(self) -> None:
        self._delays.clear()
        self.socket.close()

    def _on_socket_ready_read(self) -> None:
        while self.socket.hasPendingDatagrams():
            datagram = self.socket.receiveDatagram(MAX_DATAGRAM)
            data = bytes(datagram.data().data())
            source = (datagram.senderAddress(), datagram.senderPort())
            if source[0].isEqual(self._target[0]) and source[1] == self._target[1]:
                if self._sender is None:
                    continue  # nobody to answer yet
                self._relay(BACK, data, self._sender)
            else:
                self._sender = source
                self._relay(FORWARD, data, self._target)

    def _relay(self, direction: str, data: bytes, to: tuple[QHostAddress, int]) -> None:
        delays = self._dice.copies()
        if not delays:
            fate = "dropped"
        elif len(delays) == 2:
            fate = "duplicated"
        else:
            held = delays[0] > self._dice.impairments.delay_ms / 1000  # as Dice computes it
            fate = "held back" if held else "passed"
        self.counts[direction, fate] = self.counts.get((direction, fate), 0) + 1
        self.datagram_handled.emit(direction, fate, len(data))
        for delay in delays:
            self._delays.call_later(delay, lambda: self._send(data, to))

    def _send(self, data: bytes, to: tuple[QHostAddress, int]) -> None:
        if self.socket.state() == QAbstractSocket.SocketState.BoundState:
            self.socket.writeDatagram(data, *to)


class _TcpPipe(QObject):
    """One relayed connection: each side's bytes reach the other after the delay."""

    def __init__(self, client: QTcpSocket, target: tuple[str, int], delays: DelayLine,
                 delay_s: float, parent: TcpDelayRelay) -> None:
        super().__init__(parent)
        self._relay, self._target = parent, target
        self._delays, self._delay_s = delays, delay_s
        self.client = client
        self.client.setParent(self)
        self.upstream = QTcpSocket(self)
        self._pending: list[bytes] = []  # bytes due before the upstream connection is up
        for one, other in ((self.client, self.upstream), (self.upstream, self.client)):
            one.readyRead.connect(lambda one=one, other=other: self._forward(one, other))
            one.disconnected.connect(lambda other=other: self._close_later(other))
        self.upstream.connected.connect(self._on_upstream_connected)
        self.upstream.errorOccurred.connect(self._on_upstream_error_occurred)
        self.upstream.connectToHost(*target)

    def close(self) -> None:
        self.client.abort()
        self.upstream.abort()

    def _forward(self, source: QTcpSocket, to: QTcpSocket) -> None:
        data = bytes(source.readAll().data())
        self._delays.call_later(self._delay_s, lambda: self._write(to, data))

    def _write(self, to: QTcpSocket, data: bytes) -> None:
        if to is self.upstream and to.state() != QAbstractSocket.SocketState.ConnectedState:
            self._pending.append(data)
        elif to.state() == QAbstractSocket.SocketState.ConnectedState:
            to.write(data)

    def _on_upstream_connected(self) -> None:
        for data in self._pending:
            self.upstream.write(data)
        self._pending.clear()

    def _on_upstream_error_occurred(self, code: QAbstractSocket.SocketError) -> None:
        if code == QAbstractSocket.SocketError.RemoteHostClosedError:
            return
        self._relay.failed.emit(describe_socket_error(code, *self._target,
                                                      self.upstream.errorString()))
        self.client.abort()

    def _close_later(self, other: QTcpSocket) -> None:
        # After the bytes still in the delay line: a close travels behind the data.
        self._delays.call_later(self._delay_s, other.disconnectFromHost)


class TcpDelayRelay(QObject):
    """Accepts connections and relays each to `target` with the same delay both ways."""

    failed = Signal(str)  # the target could not be reached, as a sentence

    def __init__(self, target_host: str, target_port: int, delay_ms: float,
                 listen_host: str = "127.0.0.1", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._target = (target_host, target_port)
        self._listen_host = listen_host
        self.delay_s = delay_ms / 1000
        self._delays = DelayLine(self)
        self._pipes: list[_TcpPipe] = []
        self.server = QTcpServer(self)
        self.server.newConnection.connect(self._on_server_new_connection)

    @property
    def port(self) -> int:
        return int(self.server.serverPort())

    def start(self) -> int:
        if not self.server.listen(ip_address(self._listen_host), 0):
            code = self.server.serverError()
            raise NetError(code, describe_socket_error(code, self._listen_host, 0,
                                                       self.server.errorString()))
        return self.port

    def stop(self) -> None:
        self._delays.clear()
        self.server.close()
        for pipe in self._pipes:
            pipe.close()
        self._pipes.clear()

    def _on_server_new_connection(self) -> None:
        while self.server.hasPendingConnections():
            client = self.server.nextPendingConnection()
            self._pipes.append(_TcpPipe(client, self._target, self._delays, self.delay_s, self))
