"""ConnectionService: one QTcpSocket plus one protocol session, as signals.

The Winsock control's events map onto the signals here:
  Connect -> connected, DataArrival -> data_received(chunk, size),
  SendComplete -> bytes_written(n), Close -> disconnected, Error -> error_occurred.
The socket only moves bytes; all parsing happens in the sans-IO session, and
the UI listens to signals and never touches the QTcpSocket.
"""

from __future__ import annotations

import os
import random
import time
import weakref
from collections.abc import Iterable
from typing import Protocol

from PySide6.QtCore import QMetaMethod, QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QHostAddress, QTcpSocket
from shiboken6 import Shiboken

from ..protocol import (
    ConnectionClosed,
    Message,
    Ping,
    Pong,
    ProtocolSession,
    ProtocolViolation,
    Role,
)
from ..protocol.errors import SEND_QUEUE_EXCEEDED, TOO_MANY_ERRORS
from ..protocol.heartbeat import Heartbeat, Liveness, LivenessChanged, SendPing
from ..protocol.session import Event
from .deadlines import scheduler as deadline_scheduler
from .keepalive import DEFAULT_KEEPALIVE, KeepaliveSettings, enable_keepalive, read_keepalive
from .socket_errors import describe_socket_error

SocketState = QAbstractSocket.SocketState

CONNECT_TIMEOUT_MS = 10_000
# How long a graceful close waits for unsent data and the peer's FIN before aborting.
CLOSE_TIMEOUT_MS = 3_000
# A connection's deadlines, by kind (ConnectionService._due).
_CONNECT, _CLOSE, _HEARTBEAT, _DEADLINE, _RESUME = range(5)
_DEADLINE_KINDS = 5
# Reads happen in pieces of this size, and Qt holds at most READ_BUFFER unread:
# one connection never makes us buffer more than that.
READ_CHUNK = 64 * 1024
READ_BUFFER = 256 * 1024
# Past this much unsent data the peer is not reading; give up rather than hoard memory.
DEFAULT_MAX_SEND_QUEUE = 1024 * 1024
# Write straight to the socket's descriptor while Qt holds nothing unsent (the
# Unbuffered mode Qt gives connectToHost() sockets but not accepted ones).
# Qt's buffered write copies the bytes, arms a write notifier and sends them
# on a later turn of the event loop, and the buffer it allocates stays with
# the socket (up to 32 KiB each). Directly, the kernel has the bytes at once;
# what the kernel cannot take goes to Qt, which sends it in order. POSIX only:
# on Windows a socket is not a file descriptor.
DIRECT_WRITES = os.name == "posix"


class _Counts:
    __slots__ = ("bytes_in", "bytes_out", "messages_in", "messages_out", "unchecked")

    def __init__(self) -> None:
        self.bytes_in = self.bytes_out = self.messages_in = self.messages_out = 0
        self.unchecked = 0  # bytes written since the send queue was last measured


class ConnectionOwner(Protocol):
    """Who handles a connection's events by direct call (the server, for its
    peers): no Qt signal connection per peer, and no QObject.sender(), which
    scans every connection its receiver has, so it is slow with thousands of
    peers. The signals are still emitted afterwards, for observers."""

    def connection_message(self, connection: ConnectionService, event: Event) -> None: ...

    def connection_first_data(self, connection: ConnectionService, chunk: bytes) -> None:
        """Every chunk until the owner calls connection.stop_reporting_data()."""

    def connection_lines_received(self, connection: ConnectionService, count: int) -> None:
        """A chunk held `count` lines (all of them: blank, malformed, pings...),
        told before any of its events is handled, so the owner may pause or
        close the connection first (flood control)."""

    def connection_closed(self, connection: ConnectionService) -> None: ...

    def connection_liveness_changed(
        self, connection: ConnectionService, liveness: Liveness, reason: str
    ) -> None: ...

    def connection_deadline_passed(self, connection: ConnectionService) -> None: ...


def endpoint_text(address: QHostAddress, port: int) -> str:
    text = address.toString()
    if text.startswith("::ffff:"):  # IPv4 seen through a dual-stack socket
        text = text[len("::ffff:") :]
    return f"[{text}]:{port}" if ":" in text else f"{text}:{port}"


class ConnectionService(QObject):
    state_changed = Signal(object)  # QAbstractSocket.SocketState
    connected = Signal()
    disconnected = Signal()
    data_received = Signal(bytes)  # the raw chunk, as read (DataArrival)
    message_received = Signal(object)  # a protocol event: Message or plain-text event
    protocol_error = Signal(str, str, bool)  # code, message, fatal (the peer's fault)
    bytes_written = Signal("qlonglong")  # SendComplete: bytes the OS took (an int)
    error_occurred = Signal(object, str)  # QAbstractSocket.SocketError, readable sentence
    liveness_changed = Signal(object, str)  # Liveness, why
    deadline_passed = Signal()  # the deadline set with set_deadline() expired
    rtt_measured = Signal(float)  # round-trip time of a ping, in ms

    def __init__(
        self,
        role: Role,
        socket: QTcpSocket | None = None,
        parent: QObject | None = None,
        *,
        max_send_queue: int = DEFAULT_MAX_SEND_QUEUE,
        **session_limits: int,
    ) -> None:
        super().__init__(parent)
        # Kept for connect_to_host(), which starts a new session; an accepted
        # socket never reconnects, and a server holds thousands of them.
        self._session_limits = session_limits if socket is None else None
        self.session = ProtocolSession(role, **session_limits)
        self.max_send_queue = max_send_queue
        self._counts = _Counts()
        self.connected_at = time.time() if socket is not None else 0.0
        self.close_reason = ""
        self._host, self._port = "", 0
        self._socket = socket or QTcpSocket(self)
        self._socket.setParent(self)
        # When each timeout falls due (time.monotonic(), or None), indexed by
        # the _CONNECT... constants: one scheduler wakes every connection
        # (chatapp/net/deadlines.py), a QTimer each would cost memory and time.
        self._due: list[float | None] = [None] * _DEADLINE_KINDS
        self._wake_at: float | None = None  # when the scheduler will wake us
        self.heartbeat: Heartbeat | None = None
        # Held weakly: the owner holds its connections. weakref.ref(x) is one
        # shared object per owner, so this costs no memory per connection.
        self._owner: weakref.ref[ConnectionOwner] | None = None
        self._report_data = False
        self.keepalive = DEFAULT_KEEPALIVE
        self._paused = False
        self._held = False  # hold_input(): nothing handled until release_input()
        self._fd = -1  # the descriptor written to directly, or -1 (see DIRECT_WRITES)
        # Set by close(): the verdict is in, so nothing more from the peer is
        # handled (a flooder's buffered backlog would otherwise all be parsed
        # and answered at once, stalling the server for everyone).
        self._closing = False
        self._socket.setReadBufferSize(READ_BUFFER)
        # Kept by _on_socket_state_changed: asking the socket for its state on
        # every send costs more than the send (an enum made per call).
        self._connected = self._socket.state() == SocketState.ConnectedState
        self._socket.stateChanged.connect(self._on_socket_state_changed)
        if socket is None:  # an accepted socket is connected already
            self._socket.connected.connect(self._on_socket_connected)
        self._socket.disconnected.connect(self._on_socket_disconnected)
        self._socket.readyRead.connect(self._on_socket_ready_read)
        # Qt reports the writes it sends (signal to signal: no Python call);
        # wired on the first write Qt buffers, as most go straight to the
        # kernel (send_raw), and each connection costs memory per peer.
        self._qt_reports_writes = False
        # Qt may hold unsent bytes (set by _write_through_qt): only then is
        # asking it (bytesToWrite(), a call into Qt per write) worth its cost.
        self._qt_may_hold = False
        # Someone listens to bytes_written (connectNotify): an emit that nobody
        # hears still costs about as much as the write's own Python work.
        self._writes_observed = False
        self._socket.errorOccurred.connect(self._on_socket_error_occurred)
        if socket is not None:
            self._host = socket.peerAddress().toString()
            self._port = socket.peerPort()
            self._tune_socket()

    def _tune_socket(self) -> None:
        enable_keepalive(self.descriptor, self.keepalive)
        # Chat lines are small and someone waits for each: send them at once
        # (TCP_NODELAY). With Nagle's algorithm a line written while the previous
        # one is unacknowledged waits for the peer's delayed ACK, up to 40 ms.
        self._socket.setSocketOption(QAbstractSocket.SocketOption.LowDelayOption, 1)
        # Only a plain TCP socket: a TLS socket's bytes must go through Qt.
        if DIRECT_WRITES and type(self._socket) is QTcpSocket:
            self._fd = self.descriptor

    # --- what the socket is doing -----------------------------------------

    @property
    def state(self) -> SocketState:
        return self._socket.state()

    # Traffic so far (the counters live in a plain object: setting an attribute
    # of a Qt object from Python costs several times more, on every send).
    @property
    def bytes_in(self) -> int:
        return self._counts.bytes_in

    @property
    def bytes_out(self) -> int:
        return self._counts.bytes_out

    @property
    def messages_in(self) -> int:
        return self._counts.messages_in

    @property
    def messages_out(self) -> int:
        return self._counts.messages_out

    @property
    def is_connected(self) -> bool:
        return self._connected

    @property
    def local_endpoint(self) -> str:
        return endpoint_text(self._socket.localAddress(), self._socket.localPort())

    @property
    def peer_endpoint(self) -> str:
        return endpoint_text(self._socket.peerAddress(), self._socket.peerPort())

    @property
    def local_port(self) -> int:
        return self._socket.localPort()

    @property
    def peer_port(self) -> int:
        return self._socket.peerPort()

    @property
    def peer_host(self) -> str:
        return self._socket.peerAddress().toString()

    @property
    def descriptor(self) -> int:
        """The OS socket handle, for the kernel TCP-state probe and socket options."""
        return int(self._socket.socketDescriptor())

    @property
    def bytes_to_write(self) -> int:
        return int(self._socket.bytesToWrite())

    @property
    def liveness(self) -> Liveness | None:
        return self.heartbeat.liveness if self.heartbeat else None

    @property
    def rtt_ms(self) -> float | None:
        rtt = self.heartbeat.rtt if self.heartbeat else None
        return None if rtt is None else rtt * 1000

    def kernel_keepalive(self) -> KeepaliveSettings | None:
        """TCP keepalive as the kernel holds it for this socket (None if off)."""
        return read_keepalive(self.descriptor)

    # --- actions -------------------------------------------------------------

    def set_owner(self, owner: ConnectionOwner) -> None:
        """Have `owner` handle this connection's events by direct call, each
        before its signal (see ConnectionOwner), and the chunks read until
        stop_reporting_data()."""
        self._owner = weakref.ref(owner)
        self._report_data = True

    def stop_reporting_data(self) -> None:
        self._report_data = False

    def _current_owner(self) -> ConnectionOwner | None:
        return self._owner() if self._owner is not None else None

    def start_heartbeat(self, interval: float | None, timeout: float) -> None:
        """Watch the peer: ping every `interval` s (None: never) and give up
        after `timeout` s of silence. Replaces any earlier heartbeat."""
        # The first ping at a random moment of the first interval, and every
        # interval from there: peers that joined together (a class logging in,
        # everyone reconnecting after a restart) would otherwise be pinged
        # together for as long as they stay, in one burst of pings and then
        # of pongs, and the chats queued behind a burst wait for it. In the
        # fan-out benchmark those bursts were a fifth of chatapp's slowest 1 %.
        first_ping_in = interval * random.random() if interval else None
        self.heartbeat = Heartbeat(interval, timeout, time.monotonic(), first_ping_in)
        self._schedule_heartbeat()

    def connect_to_host(self, host: str, port: int) -> None:
        self._host, self._port = host, port
        self.close_reason = ""
        self._closing = False
        # A new connection starts a new conversation: fresh framing and handshake.
        self.session = ProtocolSession(self.session.role, **(self._session_limits or {}))
        self._set_due(_CONNECT, CONNECT_TIMEOUT_MS / 1000)
        self._socket.connectToHost(host, port)

    def send(self, message: Message | str, shared: dict[str, bytes] | None = None) -> int:
        """Encode and queue a message; returns the bytes queued (0 if not connected).

        `shared`: see ProtocolSession.send (one encoding per broadcast)."""
        return self.send_raw(self.session.send(message, shared), count_message=True)

    def send_many(
        self, messages: list[Message], shared: list[dict[str, bytes]] | None = None
    ) -> int:
        """Encode several messages and queue them in one write; returns the bytes queued.

        `shared`: one dict per message, as for send()."""
        send = self.session.send
        if shared is None:
            data = b"".join([send(message) for message in messages])
        else:
            pairs = zip(messages, shared, strict=True)
            data = b"".join([send(message, cache) for message, cache in pairs])
        return self.send_raw(data, count_message=len(messages))

    def send_raw(self, data: bytes, count_message: int = 0) -> int:
        """Queue bytes as they are; `count_message`: how many messages they hold."""
        if not data or not self._connected:
            return 0
        self.send_raw_to_each((self,), data, count_message)
        return len(data)

    @staticmethod
    def send_raw_to_each(
        connections: Iterable[ConnectionService], data: bytes, count_message: int
    ) -> None:
        """Queue the same bytes on each connected connection (send_raw, for many).

        The one write path, and a broadcast's loop: one call for a room instead
        of a method call per peer around each write. A 100-peer broadcast took
        3 to 10 % less time this way, and the fan-out p99 fell from 1.79 to
        1.71 ms (medians of 5 rounds against the old loop, docs/BENCHMARKS.md).
        """
        size = len(data)
        write = os.write
        for connection in connections:
            if not connection._connected:  # closed by an earlier write of this loop, say
                continue
            fd = connection._fd
            if fd >= 0 and not (connection._qt_may_hold and connection._qt_holds_data()):
                try:
                    sent = write(fd, data)
                except OSError:  # it would block, or the connection broke: Qt reports it
                    sent = 0
                if sent and connection._writes_observed:
                    connection.bytes_written.emit(sent)
                if sent < size:
                    connection._write_through_qt(data[sent:])
            else:
                connection._write_through_qt(data)
            counts = connection._counts
            counts.bytes_out += size
            counts.messages_out += count_message

    def _qt_holds_data(self) -> bool:
        if self._socket.bytesToWrite():
            return True
        self._qt_may_hold = False
        return False

    def _write_through_qt(self, data: bytes) -> None:
        """Buffer in Qt, behind what it holds; give up on a peer that stopped reading."""
        self._qt_may_hold = True
        if not self._qt_reports_writes:
            self._qt_reports_writes = True
            self._socket.bytesWritten.connect(self.bytes_written)
        self._socket.write(data)
        # Asking Qt what is unsent costs half a write: ask once per eighth of the
        # cap buffered, so a peer that stopped reading is caught within 1/8 of it.
        counts = self._counts
        counts.unchecked += len(data)
        if counts.unchecked >= self.max_send_queue >> 3 and self._send_queue_full():
            self.close_reason = SEND_QUEUE_EXCEEDED
            self.abort()

    def connectNotify(self, signal: QMetaMethod) -> None:  # noqa: N802 (Qt's name)
        if signal.name() == b"bytes_written":
            self._writes_observed = True  # and stays so: a rare case not worth counting
        super().connectNotify(signal)

    def _send_queue_full(self) -> bool:
        self._counts.unchecked = 0
        if self._socket.bytesToWrite() > self.max_send_queue:
            # Qt hands its buffer to the OS only when the event loop turns, so a
            # burst written in one turn (a batch of stored chats, a backlog)
            # would count as unsent even for a peer that reads well: let the OS
            # take what it can now, and judge only what it refuses.
            self._socket.flush()
            return bool(self._socket.bytesToWrite() > self.max_send_queue)
        return False

    def close(self, reason: str = "") -> None:
        """Graceful close: unsent data is flushed, then FIN; abort if it hangs."""
        if reason and not self.close_reason:
            self.close_reason = reason
        self._closing = True
        self._set_due(_CONNECT, None)
        if self._socket.state() == SocketState.UnconnectedState:
            return
        self._set_due(_CLOSE, CLOSE_TIMEOUT_MS / 1000)
        self._socket.disconnectFromHost()

    def abort(self) -> None:
        """Hard close: unsent data is dropped and the peer sees a reset."""
        self._fd = -1
        self._set_due(_CONNECT, None)
        self._set_due(_CLOSE, None)
        self._socket.abort()

    # --- slots ---------------------------------------------------------------

    def _on_socket_state_changed(self, state: SocketState) -> None:
        self._connected = state == SocketState.ConnectedState
        if not self._connected:
            self._fd = -1  # Qt may close it, and the number be reused by another socket
        self.state_changed.emit(state)

    def _on_socket_connected(self) -> None:
        self._set_due(_CONNECT, None)
        self._tune_socket()
        self.connected_at = time.time()
        self.connected.emit()

    def _on_socket_disconnected(self) -> None:
        self._set_due(_CLOSE, None)
        self._set_due(_HEARTBEAT, None)
        if (owner := self._current_owner()) is not None:
            owner.connection_closed(self)
        self.disconnected.emit()

    def _on_socket_ready_read(self) -> None:
        # Read in bounded pieces and stop while paused: what stays unread fills
        # Qt's capped buffer, then the kernel's, and TCP slows the sender down.
        while self._handling_input and (available := self._socket.bytesAvailable()) > 0:
            # Asking for what is there, not READ_CHUNK: Qt allocates what we ask for.
            chunk = self._socket.read(min(available, READ_CHUNK)).data()
            if not chunk:
                return
            self._counts.bytes_in += len(chunk)
            if self.heartbeat is not None:
                change = self.heartbeat.heard(time.monotonic())
                if change is not None:
                    self._report_liveness(change.liveness, change.reason)
            if self._report_data and (owner := self._current_owner()) is not None:
                owner.connection_first_data(self, chunk)
            self.data_received.emit(chunk)
            session = self.session
            lines_before = session.lines_received
            session.receive_data(chunk)
            lines = session.lines_received - lines_before
            if lines and (owner := self._current_owner()) is not None:
                owner.connection_lines_received(self, lines)
            self._dispatch_events()

    @property
    def _handling_input(self) -> bool:
        return not self._paused and not self._held and not self._closing

    def _dispatch_events(self) -> None:
        while self._handling_input and (event := self.session.next_event()) is not None:
            self._dispatch(event)

    def set_deadline(self, seconds: float | None) -> None:
        """Emit deadline_passed after `seconds` (None cancels): e.g. the time
        a new peer has to introduce itself."""
        self._set_due(_DEADLINE, None if seconds is None else max(0.0, seconds))

    def pause_reading(self, seconds: float) -> None:
        """Back-pressure: handle nothing more from this peer for `seconds`."""
        self._paused = True
        self._set_due(_RESUME, max(0.001, seconds))

    def hold_input(self) -> None:
        """Handle nothing more from this peer (neither what is parsed already
        nor what arrives) until release_input(): e.g. while a verdict is due."""
        self._held = True

    def release_input(self) -> None:
        self._held = False
        self._dispatch_events()  # events parsed before the hold
        self._on_socket_ready_read()  # and what arrived meanwhile

    def _on_resume_deadline(self) -> None:
        self._paused = False
        self._dispatch_events()  # events parsed before the pause
        self._on_socket_ready_read()  # and what arrived meanwhile

    def _dispatch(self, event: Event) -> None:
        if isinstance(event, ProtocolViolation):
            self.protocol_error.emit(event.code, event.message, event.fatal)
            # Plain-text peers get a readable line, JSON peers an `error` frame.
            self.send_raw(self.session.send(event.as_error()))
            if event.fatal:
                too_many = self.session.error_count >= self.session.max_errors
                self.close(TOO_MANY_ERRORS if too_many else event.code)
        elif isinstance(event, ConnectionClosed):
            pass  # the socket's disconnected signal reports it
        else:
            self._counts.messages_in += 1
            # Keepalive is the transport's business: answered here, for both sides.
            if isinstance(event, Ping):
                self.send(Pong(event.t))
            elif isinstance(event, Pong) and self.heartbeat is not None:
                self.rtt_measured.emit(self.heartbeat.pong(event.t, time.monotonic()) * 1000)
            if (owner := self._current_owner()) is not None:
                owner.connection_message(self, event)
            self.message_received.emit(event)

    def _report_liveness(self, liveness: Liveness, reason: str) -> None:
        if (owner := self._current_owner()) is not None:
            owner.connection_liveness_changed(self, liveness, reason)
        self.liveness_changed.emit(liveness, reason)

    def _on_socket_error_occurred(self, code: QAbstractSocket.SocketError) -> None:
        self._set_due(_CONNECT, None)
        text = describe_socket_error(code, self._host, self._port, self._socket.errorString())
        if not self.close_reason:
            self.close_reason = text
        self.error_occurred.emit(code, text)

    # --- deadlines -------------------------------------------------------------

    def _set_due(self, kind: int, seconds: float | None) -> None:
        """Make deadline `kind` fall due in `seconds` (None: cancel it)."""
        self._set_due_at(kind, None if seconds is None else time.monotonic() + seconds)

    def _set_due_at(self, kind: int, when: float | None) -> None:
        self._due[kind] = when
        if when is not None and (self._wake_at is None or when < self._wake_at):
            self._wake_at = deadline_scheduler().wake(self, when)

    def deadline_reached(self, when: float) -> None:
        """The scheduler's call: run the deadlines that fell due (DeadlineScheduler)."""
        if when != self._wake_at or not Shiboken.isValid(self):
            return  # a wake-up asked for before a sooner one, or we are deleted
        self._wake_at = None
        now = max(time.monotonic(), when)
        due = sorted((at, kind) for kind, at in enumerate(self._due)
                     if at is not None and at <= now)
        for at, kind in due:
            if self._due[kind] != at:
                continue  # moved or cancelled by what an earlier one did
            self._due[kind] = None
            if kind == _CONNECT:
                self._on_connect_deadline()
            elif kind == _CLOSE:
                self.abort()
            elif kind == _RESUME:
                self._on_resume_deadline()
            elif kind == _DEADLINE:
                if (owner := self._current_owner()) is not None:
                    owner.connection_deadline_passed(self)
                self.deadline_passed.emit()
            else:
                self._on_heartbeat_deadline()
        pending = [at for at in self._due if at is not None]
        if pending and (self._wake_at is None or min(pending) < self._wake_at):
            self._wake_at = deadline_scheduler().wake(self, min(pending))

    def _schedule_heartbeat(self) -> None:
        self._set_due_at(_HEARTBEAT, self.heartbeat.next_deadline() if self.heartbeat else None)

    def _on_heartbeat_deadline(self) -> None:
        if self.heartbeat is None or not self.is_connected:
            return
        for action in self.heartbeat.handle_timer(time.monotonic()):
            if isinstance(action, SendPing):
                self.send(Ping(round(action.t, 6)))
            elif isinstance(action, LivenessChanged):
                self._report_liveness(action.liveness, action.reason)
                if action.liveness is Liveness.DEAD:
                    self.close_reason = action.reason
                    self.abort()
                    return
        self._schedule_heartbeat()

    def _on_connect_deadline(self) -> None:
        code = QAbstractSocket.SocketError.SocketTimeoutError
        text = describe_socket_error(code, self._host, self._port)
        self.close_reason = text
        self._socket.abort()
        self.error_occurred.emit(code, text)
