"""Lab 4's sending end: the same numbered messages, one every interval, over TCP
(through a delaying relay), plain UDP and reliable UDP (each through its own
lossy relay), to receivers on this machine or on another one."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QHostAddress, QTcpSocket, QUdpSocket

from ..net.socket_errors import describe_socket_error
from .arrival_log import numbered_message
from .lossy_relay import Impairments, TcpDelayRelay, UdpLossyRelay, bind_udp, ip_address
from .reliable_udp_link import ReliableUdpSender
from .transport_receivers import RELIABLE, TCP, UDP


@dataclass(frozen=True)
class SendPlan:
    count: int = 20
    interval_ms: float = 20.0
    impairments: Impairments = field(default_factory=Impairments)
    receiver_host: str = "127.0.0.1"
    receiver_ports: tuple[int, int, int] = (0, 0, 0)  # TCP, UDP, reliable UDP


class LabSenders(QObject):
    sent = Signal(str, int)  # path, message number
    all_sent = Signal()  # every message handed to every path
    reliable_done = Signal(bool)  # True: all acked; False: the sender gave up
    failed = Signal(str)  # a sentence (the TCP connection failed, ...)

    def __init__(self, plan: SendPlan, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        host, (tcp_port, udp_port, reliable_port) = plan.receiver_host, plan.receiver_ports
        # A socket bound to loopback cannot reach another machine: then the relay binds to all.
        relay_host = "127.0.0.1" if QHostAddress(host).isLoopback() else "0.0.0.0"
        self.tcp_relay = TcpDelayRelay(host, tcp_port, plan.impairments.delay_ms, parent=self)
        self.tcp_relay.failed.connect(self._fail)
        self._failed = False
        self.udp_relay = UdpLossyRelay(host, udp_port, plan.impairments, relay_host, self)
        self.reliable_relay = UdpLossyRelay(host, reliable_port, plan.impairments, relay_host,
                                            self)
        self.tcp = QTcpSocket(self)
        self.tcp.setSocketOption(QAbstractSocket.SocketOption.LowDelayOption, 1)
        self.tcp.connected.connect(self._on_tcp_connected)
        self.tcp.errorOccurred.connect(self._on_tcp_error_occurred)
        self.udp = QUdpSocket(self)
        self.reliable: ReliableUdpSender | None = None
        self.started_at: float | None = None
        self.next_number = 0
        self._reliable_done = False
        self._timer = QTimer(self, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        """Start the relays, connect TCP, then send; raises NetError with a sentence."""
        ip_address(self.plan.receiver_host)
        self.tcp_relay.start()
        self.udp_relay.start()
        self.reliable_relay.start()
        bind_udp(self.udp, "127.0.0.1")
        self.reliable = ReliableUdpSender("127.0.0.1", self.reliable_relay.port, self)
        self.reliable.all_acked.connect(self._on_reliable_all_acked)
        self.reliable.gave_up.connect(lambda: self.reliable_done.emit(False))  # once, at most
        self.reliable.start()
        self.tcp.connectToHost("127.0.0.1", self.tcp_relay.port)

    def stop(self) -> None:
        self._timer.stop()
        self.tcp.abort()
        self.udp.close()
        if self.reliable is not None:
            self.reliable.stop()
        for relay in (self.tcp_relay, self.udp_relay, self.reliable_relay):
            relay.stop()

    def _on_tcp_connected(self) -> None:
        self.started_at = time.monotonic()
        self._timer.start(max(0, round(self.plan.interval_ms)))
        self._on_timer_timeout()

    def _on_timer_timeout(self) -> None:
        if self.next_number >= self.plan.count:
            return
        number, payload = self.next_number, numbered_message(self.next_number)
        self.next_number += 1
        self.tcp.write(payload + b"\n")  # TCP carries bytes: the newline marks where one ends
        self.udp.writeDatagram(payload, ip_address("127.0.0.1"), self.udp_relay.port)
        assert self.reliable is not None
        self.reliable.send(payload)
        for path in (TCP, UDP, RELIABLE):
            self.sent.emit(path, number)
        if self.next_number >= self.plan.count:
            self._timer.stop()
            self.all_sent.emit()

    def _on_reliable_all_acked(self) -> None:
        if self.next_number >= self.plan.count and not self._reliable_done:
            self._reliable_done = True
            self.reliable_done.emit(True)

    def _fail(self, sentence: str) -> None:
        if not self._failed:  # the relay's reason comes first; the reset it causes adds nothing
            self._failed = True
            self._timer.stop()
            self.failed.emit(sentence)

    def _on_tcp_error_occurred(self, code: QAbstractSocket.SocketError) -> None:
        if code == QAbstractSocket.SocketError.RemoteHostClosedError:
            return
        self._fail(describe_socket_error(code, self.plan.receiver_host,
                                               self.plan.receiver_ports[0],
                                               self.tcp.errorString()))
