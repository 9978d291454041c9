"""Lab 4's receiving end: a TCP listener, a plain UDP socket and a reliable-UDP
receiver, each logging which numbered messages arrive. Runs beside the senders
on loopback, or alone on another machine that the senders aim at."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QTcpServer, QTcpSocket, QUdpSocket

from ..net.socket_errors import NetError, describe_socket_error
from .arrival_log import ArrivalLog, message_number
from .lossy_relay import MAX_DATAGRAM, bind_udp, ip_address
from .reliable_udp_link import ReliableUdpReceiver

TCP, UDP, RELIABLE = "tcp", "udp", "reliable"
PATHS = (TCP, UDP, RELIABLE)
# Where a machine receiving for another one listens (TCP, UDP, reliable UDP).
REMOTE_PORTS = (47410, 47411, 47412)
MAX_LINE = 64  # a TCP "line" longer than any numbered message is not ours


class LabReceivers(QObject):
    arrived = Signal(str, int, str)  # path, message number, Mark value
    sender_connected = Signal(str)  # "address:port" of a TCP sender: a run begins

    def __init__(self, expected: int | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.logs = {path: ArrivalLog(expected) for path in PATHS}
        self.started_at = time.monotonic()
        self.tcp_server = QTcpServer(self)
        self.tcp_server.newConnection.connect(self._on_tcp_server_new_connection)
        self._tcp_buffers: dict[QTcpSocket, bytes] = {}
        self.udp = QUdpSocket(self)
        self.udp.readyRead.connect(self._on_udp_ready_read)
        self.reliable = ReliableUdpReceiver(self)
        self.reliable.delivered.connect(self._on_reliable_delivered)

    def start(self, host: str = "127.0.0.1", ports: tuple[int, int, int] = (0, 0, 0)
              ) -> tuple[int, int, int]:
        """Listen on `host`; returns the three ports. Raises NetError with a sentence."""
        address = ip_address(host)
        if not self.tcp_server.listen(address, ports[0]):
            code = self.tcp_server.serverError()
            raise NetError(code, describe_socket_error(code, host, ports[0],
                                                       self.tcp_server.errorString()))
        bind_udp(self.udp, host, ports[1])
        self.reliable.start(host, ports[2])
        return self.ports

    @property
    def ports(self) -> tuple[int, int, int]:
        return (int(self.tcp_server.serverPort()), int(self.udp.localPort()), self.reliable.port)

    def reset(self, expected: int | None = None) -> None:
        self.logs = {path: ArrivalLog(expected) for path in PATHS}
        self.started_at = time.monotonic()

    def stop(self) -> None:
        self.tcp_server.close()
        for socket in list(self._tcp_buffers):
            socket.abort()
        self._tcp_buffers.clear()
        self.udp.close()
        self.reliable.stop()

    def _record(self, path: str, payload: bytes) -> None:
        number = message_number(payload)
        if number is None:
            self.logs[path].unreadable += 1
            return
        arrival = self.logs[path].add(number, time.monotonic() - self.started_at)
        if arrival is not None:
            self.arrived.emit(path, number, arrival.mark.value)

    def _on_tcp_server_new_connection(self) -> None:
        while self.tcp_server.hasPendingConnections():
            socket = self.tcp_server.nextPendingConnection()
            self._tcp_buffers[socket] = b""
            self.sender_connected.emit(f"{socket.peerAddress().toString()}:{socket.peerPort()}")
            socket.readyRead.connect(lambda s=socket: self._on_tcp_ready_read(s))
            socket.disconnected.connect(lambda s=socket: self._tcp_buffers.pop(s, None))

    def _on_tcp_ready_read(self, socket: QTcpSocket) -> None:
        # TCP is a byte stream: a read may hold several messages or part of one (lab 1).
        buffer = self._tcp_buffers.get(socket, b"") + bytes(socket.readAll().data())
        *lines, rest = buffer.split(b"\n")
        if len(rest) > MAX_LINE:
            rest = b""
            self.logs[TCP].unreadable += 1
        self._tcp_buffers[socket] = rest
        for line in lines:
            self._record(TCP, line)

    def _on_udp_ready_read(self) -> None:
        while self.udp.hasPendingDatagrams():
            datagram = self.udp.receiveDatagram(MAX_DATAGRAM)
            self._record(UDP, bytes(datagram.data().data()))

    def _on_reliable_delivered(self, _seq: int, payload: bytes) -> None:
        self._record(RELIABLE, payload)
