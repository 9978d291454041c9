"""What the beacon's announcer and listener share: their UDP sockets and how
datagrams are read, sent and reported to the event log.

A socket sends on one interface only (the kernel picks one route), so each
chosen interface gets a sending socket bound to its address, with the
multicast interface and TTL 1 set on it. One more socket per endpoint is bound
to the beacon port on every address (shared, so a server and a client on one
machine both hear it) and joins the group on each interface.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QHostAddress, QUdpSocket

from chatapp.net.discovery_interfaces import DiscoveryInterface, discovery_interfaces
from chatapp.protocol.beacon import (
    BEACON_GROUP,
    BEACON_TTL,
    MAX_DATAGRAM_SIZE,
    Beacon,
    BeaconAdvert,
    FindRequest,
    Goodbye,
    InvalidBeaconError,
    decode_beacon,
)
from chatapp.protocol.flood import TokenBucket

log = logging.getLogger(__name__)

SENT, RECEIVED = "sent", "received"
# The event log shows datagrams as they come, but a flood must not flood it:
# beyond this many per second they are counted and the count shown later.
REPORTS_PER_S, REPORT_BURST = 20.0, 40
_Option = QAbstractSocket.SocketOption
_BIND_MODE = (QAbstractSocket.BindFlag.ShareAddress
              | QAbstractSocket.BindFlag.ReuseAddressHint)


@dataclass
class InterfaceSender:
    interface: DiscoveryInterface
    socket: QUdpSocket


@dataclass(frozen=True)
class Arrival:
    data: bytes
    size: int  # as sent; `data` is cut at MAX_DATAGRAM_SIZE + 1
    host: str
    port: int

    @property
    def peer(self) -> str:
        return f"{self.host}:{self.port}"


class BeaconEndpoint(QObject):
    """The sockets of one announcer or listener, and their event-log reports."""

    datagram_seen = Signal(str, str, int, str)  # direction, peer, size, summary
    failed = Signal(str)  # a sentence for the user: the beacon port could not be opened

    def __init__(self, interfaces: list[str] | None, udp_port: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interface_names = interfaces
        self.udp_port = udp_port
        self.senders: list[InterfaceSender] = []
        self.receiver: QUdpSocket | None = None
        self._reports = TokenBucket(REPORTS_PER_S, REPORT_BURST, time.monotonic())
        self._unreported = 0

    @property
    def running(self) -> bool:
        return self.receiver is not None

    # ---- sockets ----------------------------------------------------------

    def open_sockets(self) -> bool:
        receiver = QUdpSocket(self)
        if not receiver.bind(QHostAddress(QHostAddress.SpecialAddress.AnyIPv4),
                             self.udp_port, _BIND_MODE):
            self.failed.emit(self.tr(
                "Discovery cannot listen on UDP port {port}: {reason}. Another program may "
                "hold it; choose another discovery port in the options."
            ).format(port=self.udp_port, reason=receiver.errorString()))
            receiver.deleteLater()
            return False
        self._watch(receiver)
        self.receiver = receiver
        joined = set()
        for interface in discovery_interfaces(self._interface_names):
            if interface.can_multicast and interface.name not in joined:
                joined.add(interface.name)  # one membership per interface, not per address
                if not receiver.joinMulticastGroup(QHostAddress(BEACON_GROUP),
                                                   interface.qt_interface()):
                    log.info("beacon: cannot join %s on %s: %s", BEACON_GROUP,
                             interface.name, receiver.errorString())
            sender = self._open_sender(interface)
            if sender is not None:
                self.senders.append(InterfaceSender(interface, sender))
        return True

    def _open_sender(self, interface: DiscoveryInterface) -> QUdpSocket | None:
        sender = QUdpSocket(self)
        if not sender.bind(QHostAddress(interface.address), 0):
            log.info("beacon: cannot send from %s (%s): %s", interface.address,
                     interface.name, sender.errorString())
            sender.deleteLater()
            return None
        if interface.can_multicast:
            sender.setSocketOption(_Option.MulticastTtlOption, BEACON_TTL)
            sender.setMulticastInterface(interface.qt_interface())
        self._watch(sender)  # answers to our finds come back to this socket
        return sender

    def _watch(self, socket: QUdpSocket) -> None:
        socket.readyRead.connect(self._on_socket_ready_read)
        socket.errorOccurred.connect(self._on_socket_error_occurred)

    def close_sockets(self) -> None:
        sockets = [sender.socket for sender in self.senders]
        if self.receiver is not None:
            sockets.append(self.receiver)
        for socket in sockets:
            socket.readyRead.disconnect(self._on_socket_ready_read)
            socket.close()
            socket.deleteLater()
        self.senders.clear()
        self.receiver = None

    # ---- sending ----------------------------------------------------------

    def send_everywhere(self, data: bytes, summary: str) -> None:
        """To the group and the broadcast address of every chosen interface."""
        multicast_sent = set()
        for sender in self.senders:
            interface = sender.interface
            # An interface with two addresses is one link: one multicast copy,
            # but a broadcast for each of its subnets.
            targets = []
            if interface.can_multicast and interface.name not in multicast_sent:
                multicast_sent.add(interface.name)
                targets.append(BEACON_GROUP)
            if interface.broadcast:
                targets.append(interface.broadcast)
            for target in targets:
                self.send_to(sender.socket, data, target, self.udp_port, summary,
                             via=interface.name)

    def send_to(self, socket: QUdpSocket, data: bytes, host: str, port: int, summary: str,
                via: str = "") -> None:
        written = socket.writeDatagram(data, QHostAddress(host), port)
        peer = f"{host}:{port}" + (f" ({via})" if via else "")
        if written < 0:
            log.info("beacon: sending to %s failed: %s", peer, socket.errorString())
            summary = self.tr("not sent: {reason}").format(reason=socket.errorString())
        self.report(SENT, peer, len(data), summary)

    # ---- receiving --------------------------------------------------------

    def _on_socket_ready_read(self) -> None:
        socket = self.sender()
        if not isinstance(socket, QUdpSocket):
            return
        for arrival in self._drain(socket):
            self.handle_arrival(socket, arrival)

    def _drain(self, socket: QUdpSocket) -> Iterator[Arrival]:
        while socket.hasPendingDatagrams():
            size = socket.pendingDatagramSize()
            # Reading at most one byte more than allowed is enough to refuse
            # a huge datagram; the rest of it is discarded by the system.
            datagram = socket.receiveDatagram(MAX_DATAGRAM_SIZE + 1)
            if not datagram.isValid():
                break  # e.g. an ICMP error surfacing here (Windows): nothing to read
            yield Arrival(bytes(datagram.data().data()), max(size, 0),
                          _plain_ipv4(datagram.senderAddress()), datagram.senderPort())

    def handle_arrival(self, socket: QUdpSocket, arrival: Arrival) -> None:
        raise NotImplementedError

    def decode(self, arrival: Arrival) -> Beacon | None:
        """The beacon, or None after reporting why the datagram was ignored."""
        try:
            if arrival.size > MAX_DATAGRAM_SIZE:
                raise InvalidBeaconError(f"{arrival.size} bytes, more than {MAX_DATAGRAM_SIZE}")
            beacon = decode_beacon(arrival.data)
        except InvalidBeaconError as rejection:
            self.report(RECEIVED, arrival.peer, arrival.size,
                        self.tr("ignored: {reason}").format(reason=str(rejection)))
            return None
        self.report(RECEIVED, arrival.peer, arrival.size, self.describe(beacon))
        return beacon

    def _on_socket_error_occurred(self, error: QAbstractSocket.SocketError) -> None:
        # Windows reports an ICMP "port unreachable" for an earlier datagram as
        # an error on the next read: a datagram was lost, nothing more. Keep going.
        socket = self.sender()
        reason = socket.errorString() if isinstance(socket, QUdpSocket) else str(error)
        log.info("beacon: socket error (ignored): %s", reason)

    # ---- event log --------------------------------------------------------

    def describe(self, beacon: Beacon) -> str:
        if isinstance(beacon, BeaconAdvert):
            advert = beacon.advert
            return self.tr("advert: “{name}”, chat port {port}, {users} in the room").format(
                name=advert.name, port=advert.port, users=advert.users)
        if isinstance(beacon, FindRequest):
            return self.tr("find: servers, please advertise")
        if isinstance(beacon, Goodbye):
            return self.tr("goodbye from server {id}").format(id=beacon.server_id)
        return type(beacon).__name__

    def report(self, direction: str, peer: str, size: int, summary: str) -> None:
        if not self._reports.take(time.monotonic()):
            self._unreported += 1
            return
        if self._unreported:
            summary += " " + self.tr("({count} more datagrams not shown)").format(
                count=self._unreported)
            self._unreported = 0
        self.datagram_seen.emit(direction, peer, size, summary)


def _plain_ipv4(address: QHostAddress) -> str:
    """"198.18.1.2" even when the system hands it over as ::ffff:198.18.1.2."""
    ipv4, ok = address.toIPv4Address(), True
    if isinstance(ipv4, tuple):  # some bindings return (value, ok)
        ipv4, ok = ipv4
    return QHostAddress(ipv4).toString() if ok and ipv4 else address.toString()
