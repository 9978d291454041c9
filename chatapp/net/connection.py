"""ConnectionService: one socket plus one protocol session, as signals.

The Winsock control's events map onto the signals here:
  Connect -> connected, DataArrival -> data_received(chunk, size),
  SendComplete -> bytes_written(n), Close -> disconnected, Error -> error_occurred.
The socket only moves bytes; all parsing happens in the sans-IO session, and
the UI listens to signals and never touches the socket. Where the socket
comes from is socket_factory.py; how bytes are written to it, write_path.py.
"""

from __future__ import annotations

import random
import time
import weakref
from collections.abc import Iterable

from PySide6.QtCore import QMetaMethod, QObject, Signal
from PySide6.QtNetwork import QAbstractSocket
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
from .connection_owner import ConnectionOwner
from .connection_timeouts import Timeouts
from .keepalive import DEFAULT_KEEPALIVE, KeepaliveSettings, read_keepalive
from .socket_errors import describe_socket_error
from .socket_factory import (
    SocketFactory,
    endpoint_text,
    plain_tcp_socket,
    ready_signal,
    tune_connected_socket,
)
from .write_path import DEFAULT_MAX_SEND_QUEUE, SocketWriter, write_to_each

SocketState = QAbstractSocket.SocketState

CONNECT_TIMEOUT_MS = 10_000
# How long a graceful close waits for unsent data and the peer's FIN before aborting.
CLOSE_TIMEOUT_MS = 3_000
# A connection's deadlines, by kind (its Timeouts).
_CONNECT, _CLOSE, _HEARTBEAT, _DEADLINE, _RESUME = range(5)  # and ConnectionService._ON_DUE
# Reads happen in pieces of this size, and Qt holds at most READ_BUFFER unread:
# one connection never makes us buffer more than that.
READ_CHUNK = 64 * 1024
READ_BUFFER = 256 * 1024


class _ReadCounts:  # setting an attribute of a Qt object costs 4x as much
    __slots__ = ("bytes_in", "messages_in")

    def __init__(self) -> None:
        self.bytes_in = self.messages_in = 0


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
        socket: QAbstractSocket | None = None,
        parent: QObject | None = None,
        *,
        socket_factory: SocketFactory = plain_tcp_socket,
        max_send_queue: int = DEFAULT_MAX_SEND_QUEUE,
        **session_limits: int,
    ) -> None:
        """`socket`: one a server accepted (connected already); None for the
        connecting side, which makes its own with `socket_factory` (once: each
        connect_to_host() reuses it)."""
        super().__init__(parent)
        # Kept for connect_to_host(), which starts a new session; an accepted
        # socket never reconnects, and a server holds thousands of them.
        self._session_limits = session_limits if socket is None else None
        self.session = ProtocolSession(role, **session_limits)
        self._counts = _ReadCounts()
        self.connected_at = time.time() if socket is not None else 0.0
        self.close_reason = ""
        # The host and port connect_to_host() dials (the peer's, for an accepted one).
        self.target: tuple[str, int] = ("", 0)
        self._socket = socket if socket is not None else socket_factory(self)
        self._socket.setParent(self)
        self.writer = SocketWriter(self._socket, self.bytes_written, max_send_queue)
        self._timeouts = Timeouts(len(self._ON_DUE))
        self.heartbeat: Heartbeat | None = None
        # Held weakly: the owner holds its connections. weakref.ref(x) is one
        # shared object per owner, so this costs no memory per connection.
        self._owner: weakref.ref[ConnectionOwner[ConnectionService]] | None = None
        self._report_data = False
        self.keepalive = DEFAULT_KEEPALIVE
        self._paused = False
        self._held = False  # hold_input(): nothing handled until release_input()
        # Set by close(): the verdict is in, so nothing more from the peer is
        # handled (a flooder's buffered backlog would otherwise all be parsed
        # and answered at once, stalling the server for everyone).
        self._closing = False
        self._socket.setReadBufferSize(READ_BUFFER)
        self._socket.stateChanged.connect(self._on_socket_state_changed)
        if socket is None:  # an accepted socket is connected already
            ready_signal(self._socket).connect(self._on_socket_connected)
        self._socket.disconnected.connect(self._on_socket_disconnected)
        self._socket.readyRead.connect(self._on_socket_ready_read)
        self._socket.errorOccurred.connect(self._on_socket_error_occurred)
        if socket is not None:
            self.target = (socket.peerAddress().toString(), socket.peerPort())
            tune_connected_socket(self._socket, self.keepalive)
            self.writer.use_descriptor()

    # --- what the socket is doing -----------------------------------------

    @property
    def state(self) -> SocketState:
        return self._socket.state()

    # Traffic so far: what came in (counted here) and what was queued (the writer).
    @property
    def bytes_in(self) -> int:
        return self._counts.bytes_in

    @property
    def bytes_out(self) -> int:
        return self.writer.bytes_out

    @property
    def messages_in(self) -> int:
        return self._counts.messages_in

    @property
    def messages_out(self) -> int:
        return self.writer.messages_out

    @property
    def is_connected(self) -> bool:
        return self.writer.connected

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

    def set_owner(self, owner: ConnectionOwner[ConnectionService]) -> None:
        """Have `owner` handle this connection's events by direct call, each
        before its signal (see ConnectionOwner), and the chunks read until
        stop_reporting_data()."""
        self._owner = weakref.ref(owner)
        self._report_data = True

    def stop_reporting_data(self) -> None:
        self._report_data = False

    def _current_owner(self) -> ConnectionOwner[ConnectionService] | None:
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
        self.target = (host, port)
        self.close_reason = ""
        self._closing = False
        # A new connection starts a new conversation: fresh framing and handshake.
        self.session = ProtocolSession(self.session.role, **(self._session_limits or {}))
        self._timeouts.set(self, _CONNECT, CONNECT_TIMEOUT_MS / 1000)
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
        if not data or not self.writer.connected:
            return 0
        self.send_raw_to_each((self,), data, count_message)
        return len(data)

    @staticmethod
    def send_raw_to_each(
        connections: Iterable[ConnectionService], data: bytes, count_message: int
    ) -> None:
        """Queue the same bytes on each connected connection (send_raw, for many):
        a broadcast's one loop, write_path.write_to_each. Every write passes
        here (send_raw too), so a test may watch them all by patching this."""
        write_to_each(connections, data, count_message)

    def send_queue_exceeded(self) -> None:
        """The writer's verdict: the peer stopped reading (see Writable)."""
        self.close_reason = SEND_QUEUE_EXCEEDED
        self.abort()

    def connectNotify(self, signal: QMetaMethod) -> None:  # noqa: N802 (Qt's name)
        if signal.name() == b"bytes_written":
            self.writer.observed = True  # and stays so: a rare case not worth counting
        super().connectNotify(signal)

    def close(self, reason: str = "") -> None:
        """Graceful close: unsent data is flushed, then FIN; abort if it hangs."""
        if reason and not self.close_reason:
            self.close_reason = reason
        self._closing = True
        self._timeouts.cancel(self, _CONNECT)
        if self._socket.state() == SocketState.UnconnectedState:
            return
        self._timeouts.set(self, _CLOSE, CLOSE_TIMEOUT_MS / 1000)
        self._socket.disconnectFromHost()

    def abort(self) -> None:
        """Hard close: unsent data is dropped and the peer sees a reset."""
        self.writer.stop()
        self._timeouts.cancel(self, _CONNECT, _CLOSE)
        self._socket.abort()

    # --- slots ---------------------------------------------------------------

    def _on_socket_state_changed(self, state: SocketState) -> None:
        self.writer.follow_state(state)
        self.state_changed.emit(state)

    def _on_socket_connected(self) -> None:
        self._timeouts.cancel(self, _CONNECT)
        tune_connected_socket(self._socket, self.keepalive)
        self.writer.use_descriptor()
        self.connected_at = time.time()
        self.connected.emit()

    def _on_socket_disconnected(self) -> None:
        self._timeouts.cancel(self, _CLOSE, _HEARTBEAT)
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
        self._timeouts.set(self, _DEADLINE, None if seconds is None else max(0.0, seconds))

    def pause_reading(self, seconds: float) -> None:
        """Back-pressure: handle nothing more from this peer for `seconds`."""
        self._paused = True
        self._timeouts.set(self, _RESUME, max(0.001, seconds))

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
        self._timeouts.cancel(self, _CONNECT)
        text = describe_socket_error(code, *self.target, self._socket.errorString())
        if not self.close_reason:
            self.close_reason = text
        self.error_occurred.emit(code, text)

    # --- deadlines -------------------------------------------------------------

    def deadline_reached(self, when: float) -> None:
        """The scheduler's call: run the deadlines that fell due (DeadlineScheduler)."""
        if not self._timeouts.is_expected(when) or not Shiboken.isValid(self):
            return  # a wake-up asked for before a sooner one, or we are deleted
        for kind in self._timeouts.take_due(self, when):
            self._ON_DUE[kind](self)

    def _on_deadline_passed(self) -> None:
        if (owner := self._current_owner()) is not None:
            owner.connection_deadline_passed(self)
        self.deadline_passed.emit()

    def _schedule_heartbeat(self) -> None:
        when = self.heartbeat.next_deadline() if self.heartbeat else None
        self._timeouts.set_at(self, _HEARTBEAT, when)

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
        self.close_reason = text = describe_socket_error(code, *self.target)
        self._socket.abort()
        self.error_occurred.emit(code, text)

    # What each kind of deadline does when it falls due (_CONNECT...).
    _ON_DUE = (_on_connect_deadline, abort, _on_heartbeat_deadline, _on_deadline_passed,
               _on_resume_deadline)
