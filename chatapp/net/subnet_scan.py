"""'Scan this network': try the chat port on every address of the local IPv4
subnets, for networks where neither mDNS nor the beacon gets through.

Only on request, and politely: at most MAX_IN_FLIGHT connection attempts at
a time, each given up after CONNECT_TIMEOUT_MS, one scan at a time, and a
subnet larger than /LARGEST_PREFIX is narrowed to the /NARROWED_PREFIX around
this machine's address (a /16 would be 65534 attempts); `started` says so.
A connection that succeeds is closed at once: finding the port open is all
the scan wants.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QTcpSocket

from chatapp.net.discovery_interfaces import discovery_interfaces
from chatapp.net.server import DEFAULT_PORT

MAX_IN_FLIGHT = 32
CONNECT_TIMEOUT_MS = 400
LARGEST_PREFIX = 22  # a /22 has 1022 addresses: about 13 s at the pace above
NARROWED_PREFIX = 24


@dataclass(frozen=True)
class NarrowedSubnet:
    subnet: ipaddress.IPv4Network  # as configured
    scanned: ipaddress.IPv4Network  # the part around our address that is scanned


@dataclass
class ScanPlan:
    hosts: list[str] = field(default_factory=list)
    narrowed: list[NarrowedSubnet] = field(default_factory=list)


def plan_scan(networks: list[ipaddress.IPv4Interface]) -> ScanPlan:
    """The addresses to try, each once, in order, and the subnets narrowed."""
    plan, seen = ScanPlan(), set()
    for interface in networks:
        subnet = interface.network
        if subnet.prefixlen < LARGEST_PREFIX:
            scanned = ipaddress.IPv4Interface(f"{interface.ip}/{NARROWED_PREFIX}").network
            plan.narrowed.append(NarrowedSubnet(subnet, scanned))
            subnet = scanned
        for host in subnet.hosts():
            if host not in seen:
                seen.add(host)
                plan.hosts.append(str(host))
    return plan


@dataclass
class _Probe:
    host: str
    socket: QTcpSocket
    timer: QTimer


class SubnetScan(QObject):
    """One scan at a time: start(), then found/progress and one finished."""

    started = Signal(int, list)  # addresses to try, sentences about narrowed subnets
    found = Signal(str, int)  # host, port: something accepted a connection there
    progress = Signal(int, int)  # done, total
    finished = Signal(int, bool)  # how many found, cancelled

    def __init__(self, port: int = DEFAULT_PORT, interfaces: list[str] | None = None,
                 parent: QObject | None = None, *,
                 networks: list[ipaddress.IPv4Interface] | None = None,
                 max_in_flight: int = MAX_IN_FLIGHT,
                 timeout_ms: int = CONNECT_TIMEOUT_MS) -> None:
        """`interfaces` as for discovery_interfaces(); `networks` (address/prefix)
        replaces the interfaces' own, for tests."""
        super().__init__(parent)
        self.port = port
        self._interface_names = interfaces
        self._networks = networks
        self._max_in_flight = max_in_flight
        self._timeout_ms = timeout_ms
        self._waiting: list[str] = []
        self._probes: dict[QTcpSocket, _Probe] = {}
        self._total = self._done = self._found = 0
        self._running = False
        self._pumping = False
        self.most_in_flight = 0  # the most attempts that were ever open at once

    @property
    def running(self) -> bool:
        return self._running

    @property
    def in_flight(self) -> int:
        return len(self._probes)

    def start(self) -> bool:
        """Begin a scan; False (and nothing happens) while one is running or
        when there is no address to try (no network up)."""
        if self._running:
            return False
        networks = self._networks
        if networks is None:
            networks = [interface.network
                        for interface in discovery_interfaces(self._interface_names)]
        plan = plan_scan(networks)
        if not plan.hosts:
            return False
        self._running = True
        self._waiting = list(reversed(plan.hosts))  # popped from the end, in order
        self._total, self._done, self._found = len(plan.hosts), 0, 0
        self.started.emit(self._total, [self._narrowed_sentence(n) for n in plan.narrowed])
        self._pump()
        return True

    def cancel(self) -> None:
        """Stop now: every open attempt is closed before this returns."""
        if not self._running:
            return
        self._waiting.clear()
        for probe in list(self._probes.values()):
            self._close(probe)
        self._end(cancelled=True)

    def _narrowed_sentence(self, narrowed: NarrowedSubnet) -> str:
        return self.tr(
            "The network {subnet} is too large to scan politely; only the "
            "{count} addresses of {scanned} around this machine were tried."
        ).format(subnet=narrowed.subnet, count=narrowed.scanned.num_addresses - 2,
                 scanned=narrowed.scanned)

    def _pump(self) -> None:
        """Open attempts up to the bound; end the scan when none are left."""
        if self._pumping:
            return  # an attempt that failed at once, inside _open: the loop below goes on
        self._pumping = True
        try:
            while self._running and self._waiting and len(self._probes) < self._max_in_flight:
                self._open(self._waiting.pop())
                self.most_in_flight = max(self.most_in_flight, len(self._probes))
        finally:
            self._pumping = False
        if self._running and not self._probes and not self._waiting:
            self._end(cancelled=False)

    def _open(self, host: str) -> None:
        socket = QTcpSocket(self)
        timer = QTimer(socket)
        timer.setSingleShot(True)
        probe = _Probe(host, socket, timer)
        self._probes[socket] = probe
        socket.connected.connect(self._on_probe_connected)
        socket.errorOccurred.connect(self._on_probe_error_occurred)
        # A bound method, not a lambda holding the scan: a lambda would keep the
        # scan alive until this timer dies, and then the scan's last reference
        # would go inside the socket's destructor, which deletes the scan's
        # children, this socket among them (a crash).
        timer.timeout.connect(self._on_probe_timer_timeout)
        timer.start(self._timeout_ms)
        socket.connectToHost(host, self.port)

    def _on_probe_timer_timeout(self) -> None:
        timer = self.sender()
        probe = self._probes.get(timer.parent()) if timer is not None else None
        if probe is not None:
            self._settle(probe)  # no answer in time: a firewall dropped it, or nobody is there

    def _on_probe_connected(self) -> None:
        probe = self._probes.get(self.sender())
        if probe is not None:
            self._found += 1
            self.found.emit(probe.host, self.port)
            self._settle(probe)

    def _on_probe_error_occurred(self, _error: QAbstractSocket.SocketError) -> None:
        probe = self._probes.get(self.sender())
        if probe is not None:
            self._settle(probe)  # refused, unreachable...: nothing there

    def _settle(self, probe: _Probe) -> None:
        if probe.socket not in self._probes:
            return  # already settled (a timeout and an error can both arrive)
        self._close(probe)
        self._done += 1
        self.progress.emit(self._done, self._total)
        self._pump()  # unless a slot connected to progress cancelled the scan

    def _close(self, probe: _Probe) -> None:
        del self._probes[probe.socket]
        probe.timer.stop()
        probe.timer.timeout.disconnect(self._on_probe_timer_timeout)
        probe.socket.connected.disconnect(self._on_probe_connected)
        probe.socket.errorOccurred.disconnect(self._on_probe_error_occurred)
        probe.socket.abort()
        probe.socket.deleteLater()

    def _end(self, cancelled: bool) -> None:
        self._running = False
        self.finished.emit(self._found, cancelled)
