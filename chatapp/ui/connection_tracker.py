"""Everything the state panel shows about one connection, recorded from its start.

A tracker is made when a connection is made (the client's, or each peer the
server accepts), so that selecting a client later still shows its whole
timeline. It keeps the endpoints because Qt forgets them after the close,
and it keeps asking the kernel about the address pair after the close, until
the kernel's socket is gone, so TIME_WAIT is seen on the side that closed first.

It also keeps what watches the peer: TCP keepalive as the kernel holds it
(read from the socket, not from our own settings: that is what really runs),
and the in-band heartbeat with its liveness and last round trip.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QHostAddress

from ..net import tcp_state
from ..net.tcp_info import TcpInfo, tcp_info
from . import winsock
from .kernel_state_monitor import KernelStateMonitor, default_monitor

SocketState = QAbstractSocket.SocketState

# Linux keeps TIME_WAIT for 60 s; other systems up to 4 minutes (2 x MSL).
FOLLOW_AFTER_CLOSE_S = 240.0
QT, KERNEL, PEER_KERNEL, EVENT = "qt", "kernel", "peer kernel", "event"


@dataclass(frozen=True)
class TimelineEntry:
    t: float
    layer: str  # QT, KERNEL, PEER_KERNEL or EVENT
    state: str  # "ConnectedState", "TIME_WAIT", "errorOccurred(...)"
    winsock: int | None = None


@dataclass(frozen=True)
class Counters:
    bytes_in: int = 0
    bytes_out: int = 0
    messages_in: int = 0
    messages_out: int = 0
    bytes_to_write: int = 0


@dataclass(frozen=True)
class HeartbeatInfo:
    interval: float | None  # None: no pings (a plain-text peer), only the idle timeout
    timeout: float


class ConnectionTracker(QObject):
    changed = Signal()

    def __init__(
        self,
        connection: Any,
        monitor: KernelStateMonitor | None = None,
        parent: QObject | None = None,
        label: str = "",
    ) -> None:
        super().__init__(parent)
        self.label = label
        self._connection = connection
        self._alive = True
        self._monitor = monitor or default_monitor()
        self._pid = os.getpid()
        self._reset()
        connection.state_changed.connect(self._on_connection_state_changed)
        connection.error_occurred.connect(self._on_connection_error_occurred)
        connection.destroyed.connect(self._on_connection_destroyed)
        connection.liveness_changed.connect(self._on_connection_liveness_changed)
        connection.rtt_measured.connect(self._on_connection_rtt_measured)
        state = connection.state
        if state != SocketState.UnconnectedState:
            # A server-side socket is born connected: its timeline starts here.
            self._record_qt(state)
            self._capture_endpoints()
            self._monitor.watch(self)

    def _reset(self) -> None:
        self.timeline: list[TimelineEntry] = []
        self.kernel_state: str | None = None
        # The other end's kernel state, seen when the peer runs on this machine.
        self.peer_kernel_state: str | None = None
        self.local_host = self.peer_host = ""
        self.local_port = self.peer_port = 0
        self.closed_at: float | None = None
        self.errored = False
        self.error_text = ""
        self._counters = Counters()
        self._connected_at_cache = 0.0
        self._keepalive: Any = None  # KeepaliveSettings once read, None = off or not known
        self._keepalive_read = False
        self._heartbeat: HeartbeatInfo | None = None
        self.liveness: Any = None  # the heartbeat's Liveness, kept after the close
        self.rtt_ms: float | None = None
        # A client's connection object is reused: its heartbeat from the last
        # connection is still there until the next welcome starts a new one.
        self._old_heartbeat = getattr(self._connection, "heartbeat", None)

    def set_label(self, label: str) -> None:
        if label != self.label:
            self.label = label
            self.changed.emit()

    # --- what the panel reads ---------------------------------------------------

    @property
    def qt_state(self) -> SocketState:
        if self._alive:
            try:
                return self._connection.state
            except RuntimeError:  # deleted between our check and the call
                self._alive = False
        return SocketState.UnconnectedState

    @property
    def winsock_value(self) -> int:
        return winsock.winsock_state(self.qt_state, self.errored)

    @property
    def local_endpoint(self) -> str:
        return _endpoint(self.local_host, self.local_port)

    @property
    def peer_endpoint(self) -> str:
        return _endpoint(self.peer_host, self.peer_port)

    @property
    def connected_at(self) -> float:
        if self._alive:
            try:
                return float(self._connection.connected_at)
            except RuntimeError:
                self._alive = False
        return self._connected_at_cache

    def counters(self) -> Counters:
        if self._alive:
            try:
                c = self._connection
                self._counters = Counters(
                    c.bytes_in, c.bytes_out, c.messages_in, c.messages_out, c.bytes_to_write
                )
                self._connected_at_cache = float(c.connected_at)
            except RuntimeError:
                self._alive = False
        return self._counters

    # --- what watches the peer -------------------------------------------------------

    @property
    def keepalive_known(self) -> bool:
        """Whether the kernel has been asked (while the socket was open)."""
        self._read_keepalive()
        return self._keepalive_read

    def keepalive(self) -> Any:
        """TCP keepalive as the kernel holds it for this socket (KeepaliveSettings),
        or None when it is off or was never read."""
        self._read_keepalive()
        return self._keepalive

    def _read_keepalive(self) -> None:
        if not self._alive or self.closed_at is not None:
            return  # the socket is gone: keep what was read while it was open
        try:
            if self._connection.is_connected:
                self._keepalive = self._connection.kernel_keepalive()
                self._keepalive_read = True
        except RuntimeError:
            self._alive = False
        except OSError:
            pass  # Qt closed the descriptor a moment before it says so: keep the last answer

    def tcp_info(self) -> TcpInfo | None:
        """The kernel's TCP_INFO for the open socket; None once closed or where
        the system does not give it (the panel says which)."""
        if not self._alive or self.closed_at is not None:
            return None
        try:
            if not self._connection.is_connected:
                return None
            return tcp_info(self._connection.descriptor)
        except RuntimeError:
            self._alive = False
            return None

    def heartbeat(self) -> HeartbeatInfo | None:
        """The heartbeat of this connection, once the greeting started it."""
        if self._alive and self.closed_at is None:
            try:
                beat = self._connection.heartbeat
            except RuntimeError:
                self._alive = False
                return self._heartbeat
            if beat is not None and beat is not self._old_heartbeat:
                self._heartbeat = HeartbeatInfo(beat.interval, beat.timeout)
                if self.liveness is None:
                    self.liveness = beat.liveness
        return self._heartbeat

    # --- the kernel ---------------------------------------------------------------

    @property
    def connecting(self) -> bool:
        return self.closed_at is None and self.qt_state == SocketState.ConnectingState

    @property
    def wants_kernel_state(self) -> bool:
        if not self.local_port:
            return self.connecting  # looking for our SYN_SENT socket
        if self.closed_at is None:
            return True
        following = time.time() - self.closed_at < FOLLOW_AFTER_CLOSE_S
        peer_lingers = self.peer_kernel_state not in (None, tcp_state.GONE)
        return following and (self.kernel_state != tcp_state.GONE or peer_lingers)

    def update_kernel_state(self, sockets: list[tcp_state.KernelSocket]) -> None:
        if not self.local_port and not self._find_connecting_socket(sockets):
            return
        status = tcp_state.find_state(
            sockets,
            self.local_port,
            self.peer_port,
            local_host=self.local_host,
            peer_host=self.peer_host,
            pid=self._pid,
        )
        peer_status = tcp_state.find_state(
            sockets,
            self.peer_port,
            self.local_port,
            local_host=self.peer_host,
            peer_host=self.local_host,
        )
        if peer_status is None and self.peer_kernel_state is not None:
            peer_status = tcp_state.GONE  # seen before, gone now
        changed = peer_status != self.peer_kernel_state
        if changed:
            self.peer_kernel_state = peer_status
            self.timeline.append(TimelineEntry(time.time(), PEER_KERNEL, peer_status or ""))
        if status is None and self.closed_at is not None:
            status = tcp_state.GONE
        if status is not None and status != self.kernel_state:
            self.kernel_state = status
            self.timeline.append(TimelineEntry(time.time(), KERNEL, status))
            changed = True
        if changed:
            self.changed.emit()

    def _find_connecting_socket(self, sockets: list[tcp_state.KernelSocket]) -> bool:
        """During a connect: take the endpoints from the kernel's SYN_SENT socket."""
        if not self.connecting:
            return False
        try:
            host, port = self._connection.target
        except RuntimeError:
            return False
        numeric = not QHostAddress(host).isNull()
        found = tcp_state.find_connecting(
            sockets, port, peer_host=host if numeric else None, pid=self._pid
        )
        if found is None:
            return False
        self.local_host, self.local_port = found.local_host, found.local_port
        self.peer_host, self.peer_port = found.peer_host, found.peer_port
        return True

    # --- slots ----------------------------------------------------------------------

    def _on_connection_state_changed(self, state: SocketState) -> None:
        if state in (SocketState.HostLookupState, SocketState.ConnectingState) and (
            self.closed_at is not None or not self.timeline
        ):
            self._reset()  # the client reuses its connection object: a new connection starts
        self._record_qt(state)
        if state == SocketState.ConnectedState:
            self._capture_endpoints()
            self._monitor.watch(self)
        elif state == SocketState.ConnectingState:
            self._monitor.watch(self)  # the kernel shows SYN_SENT while the handshake waits
        elif state == SocketState.UnconnectedState:
            self.closed_at = time.time()
            self.counters()
            self._monitor.refresh()
        self.changed.emit()

    def _on_connection_error_occurred(self, code: object, sentence: str) -> None:
        self.error_text = sentence
        name = getattr(code, "name", str(code))
        if self.qt_state == SocketState.UnconnectedState:
            self.errored = True
        self.timeline.append(
            TimelineEntry(time.time(), EVENT, f"errorOccurred({name})", winsock.SCK_ERROR)
        )
        self.changed.emit()

    def _on_connection_liveness_changed(self, liveness: object, _reason: str) -> None:
        self.heartbeat()
        self.liveness = liveness
        self.changed.emit()

    def _on_connection_rtt_measured(self, rtt_ms: float) -> None:
        self.heartbeat()
        self.rtt_ms = rtt_ms
        self.changed.emit()

    def _on_connection_destroyed(self, *_args: object) -> None:
        self._alive = False
        if self.closed_at is None:
            self.closed_at = time.time()

    def _record_qt(self, state: SocketState) -> None:
        value = winsock.winsock_state(state)
        self.timeline.append(TimelineEntry(time.time(), QT, winsock.qt_state_name(state), value))

    def _capture_endpoints(self) -> None:
        c = self._connection
        self.local_host, self.local_port = (
            tcp_state.normalize_host(_host_of(c.local_endpoint)),
            c.local_port,
        )
        self.peer_host, self.peer_port = tcp_state.normalize_host(c.peer_host), c.peer_port
        self.counters()


def _host_of(endpoint: str) -> str:
    """ "127.0.0.1:2000" -> "127.0.0.1"; "[::1]:2000" -> "::1"."""
    host = endpoint.rsplit(":", 1)[0]
    return host[1:-1] if host.startswith("[") else host


def _endpoint(host: str, port: int) -> str:
    if not port:
        return ""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
