"""The reliability layer of reliable_udp.py over real QUdpSockets: the sender's
socket and timer, and the receiver's socket that acks whoever sent."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtNetwork import QHostAddress, QUdpSocket

from .lossy_relay import MAX_DATAGRAM, bind_udp
from .reliable_udp import ReliableReceiver, ReliableSender, encode_data


class ReliableUdpSender(QObject):
    """Sends messages to one address and resends each until it is acked."""

    all_acked = Signal()
    gave_up = Signal()

    def __init__(self, host: str, port: int, parent: QObject | None = None,
                 **sender_options: float) -> None:
        super().__init__(parent)
        self._to = (QHostAddress(host), port)
        self.layer = ReliableSender(**sender_options)  # type: ignore[arg-type]
        self.socket = QUdpSocket(self)
        self.socket.readyRead.connect(self._on_socket_ready_read)
        self._timer = QTimer(self, singleShot=True, timerType=Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._finished = False

    def start(self, bind_host: str = "127.0.0.1") -> None:
        bind_udp(self.socket, bind_host)

    def send(self, payload: bytes) -> None:
        self.layer.send(payload, time.monotonic())
        self._flush()

    def stop(self) -> None:
        self._timer.stop()
        self.socket.close()

    def _on_socket_ready_read(self) -> None:
        while self.socket.hasPendingDatagrams():
            datagram = self.socket.receiveDatagram(MAX_DATAGRAM)
            self.layer.receive_datagram(bytes(datagram.data().data()), time.monotonic())
        self._flush()

    def _on_timer_timeout(self) -> None:
        self.layer.handle_timer(time.monotonic())
        self._flush()

    def _flush(self) -> None:
        for datagram in self.layer.datagrams_to_send():
            self.socket.writeDatagram(datagram, *self._to)
        deadline = self.layer.next_deadline()
        if deadline is None:
            self._timer.stop()
        else:
            self._timer.start(max(0, round((deadline - time.monotonic()) * 1000)))
        if self._finished:
            return
        if self.layer.gave_up:
            self._finished = True
            self.gave_up.emit()
        elif self.layer.all_acked and self.layer.stats.messages:
            # Not finished for good: more messages may still be handed over.
            self.all_acked.emit()


class ReliableUdpReceiver(QObject):
    """Receives on one port, acks to the sender's address, delivers in order.

    Datagrams carry no connection: a sender from a new address or port starts
    over at seq 0, so the receiver starts over too (QUIC puts a connection ID in
    every datagram for this)."""

    delivered = Signal(int, bytes)  # seq, payload: each once, in order
    sender_changed = Signal(str)  # "address:port" of a new sender

    def __init__(self, parent: QObject | None = None, **receiver_options: int) -> None:
        super().__init__(parent)
        self._options = receiver_options
        self.layer = ReliableReceiver(**receiver_options)
        self._sender: tuple[str, int] | None = None
        self.socket = QUdpSocket(self)
        self.socket.readyRead.connect(self._on_socket_ready_read)

    @property
    def port(self) -> int:
        return int(self.socket.localPort())

    def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        return bind_udp(self.socket, host, port)

    def stop(self) -> None:
        self.socket.close()

    def _on_socket_ready_read(self) -> None:
        while self.socket.hasPendingDatagrams():
            datagram = self.socket.receiveDatagram(MAX_DATAGRAM)
            sender = (datagram.senderAddress().toString(), datagram.senderPort())
            data = bytes(datagram.data().data())
            if sender != self._sender:
                if self._sender is not None and not data.startswith(encode_data(0, b"")):
                    self.layer.stats.ignored += 1  # a stranger's datagram, not a new start
                    continue
                self._sender = sender
                self.layer = ReliableReceiver(**self._options)
                self.sender_changed.emit(f"{sender[0]}:{sender[1]}")
            messages = self.layer.receive_datagram(data)
            for ack in self.layer.datagrams_to_send():
                self.socket.writeDatagram(ack, datagram.senderAddress(), datagram.senderPort())
            for message in messages:
                self.delivered.emit(message.seq, message.payload)
