"""Connects a ConnectionService (and a ChatServer's accepts) to the event log.

Each row names the Qt signal as Qt spells it (readyRead, bytesWritten,
stateChanged, newConnection, errorOccurred) with its arguments, and the
Winsock event a VB6 programmer would have handled for the same moment.

The taps are QObjects parented to the log model, and their slots are bound
methods: when the log goes away Qt disconnects them, so a connection that
outlives its window never calls into a deleted model.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QAbstractSocket

from . import winsock
from .event_log_model import CONNECTION, ERROR, MESSAGE, READ, STATE, WRITE, EventLogModel

Source = str | Callable[[], str]

# A line of our own heartbeat on the wire: {"type":"ping","t":12.5} (or pong).
_HEARTBEAT_LINE = re.compile(rb'\s*\{"type":"p[io]ng"[^\n]*\n?')
# Pongs owed, remembered by size until their write shows (a few at most).
_PONGS_REMEMBERED = 8


def heartbeat_lines(chunk: bytes) -> list[bytes] | None:
    """The ping and pong lines a chunk is made of, or None when it holds
    anything else (a chat in the same read is worth showing)."""
    if b'"type":"p' not in chunk:
        return None
    lines = chunk.splitlines(keepends=True)
    if all(_HEARTBEAT_LINE.fullmatch(line) for line in lines):
        return lines
    return None


def _source_text(source: Source) -> str:
    return source() if callable(source) else source


def describe_message(event: object) -> str:
    """`chat`, `hello`...: the wire type of a protocol event, else its class name."""
    wire_type = getattr(type(event), "TYPE", "")
    return wire_type or type(event).__name__


class ConnectionTap(QObject):
    """Logs one ConnectionService's signals."""

    def __init__(
        self, log: EventLogModel, connection: Any, source: Source, key: str | None = None
    ) -> None:
        """`key`: which connection the rows belong to (the server's peer endpoint);
        None follows the address the connection dials (a client's reconnects)."""
        super().__init__(log)
        self._log = log
        self._connection = connection
        self._source = source
        self._follows_target = key is None
        self._key = key if key is not None else _target_text(connection)
        self._pongs_owed: deque[int] = deque(maxlen=_PONGS_REMEMBERED)
        connection.state_changed.connect(self._on_state_changed)
        connection.connected.connect(self._on_connected)
        connection.disconnected.connect(self._on_disconnected)
        connection.data_received.connect(self._on_data_received)
        connection.bytes_written.connect(self._on_bytes_written)
        connection.error_occurred.connect(self._on_error_occurred)
        connection.message_received.connect(self._on_message_received)
        connection.protocol_error.connect(self._on_protocol_error)
        # The heartbeat's signals, where the connection has them.
        if hasattr(connection, "liveness_changed"):
            connection.liveness_changed.connect(self._on_liveness_changed)
        if hasattr(connection, "rtt_measured"):
            connection.rtt_measured.connect(self._on_rtt_measured)
        # The tap dies with the connection too, so long-running servers do not collect taps.
        connection.destroyed.connect(self.deleteLater)

    def _add(
        self,
        signal: str,
        winsock_event: str,
        kind: str,
        data: bytes | None = None,
        detail: str = "",
        heartbeat: bool = False,
    ) -> None:
        source = self._source
        self._log.log(
            source() if callable(source) else source,
            signal,
            winsock_event,
            kind,
            data,
            detail,
            self._key,
            heartbeat,
        )

    def _on_state_changed(self, state: QAbstractSocket.SocketState) -> None:
        if self._follows_target and state == QAbstractSocket.SocketState.HostLookupState:
            self._key = _target_text(self._connection)
        value = winsock.winsock_state(state)
        self._add(
            f"stateChanged({winsock.qt_state_name(state)})",
            f"State = {winsock.winsock_state_text(value)}",
            STATE,
        )

    def _on_connected(self) -> None:
        self._add("connected", winsock.CONNECT, CONNECTION)

    def _on_disconnected(self) -> None:
        reason = getattr(self._connection, "close_reason", "")
        self._add("disconnected", winsock.CLOSE, CONNECTION, detail=reason)

    def _on_data_received(self, chunk: bytes) -> None:
        beats = heartbeat_lines(chunk)
        self._add(
            f"readyRead({len(chunk)} bytes)",
            f"{winsock.DATA_ARRIVAL}({len(chunk)})",
            READ,
            data=bytes(chunk),
            heartbeat=beats is not None,
        )
        for line in beats or ():
            size = len(line) + (0 if line.endswith(b"\n") else 1)
            if b'"ping"' in line:
                self._pongs_owed.append(size)  # answered with the same t: the same size
            else:  # our ping came back: its write was a heartbeat
                self._log.mark_heartbeat_write(self._key, f"bytesWritten({size})")

    def _on_bytes_written(self, count: int) -> None:
        queued = getattr(self._connection, "bytes_to_write", 0)
        beat = count in self._pongs_owed
        if beat:
            self._pongs_owed.remove(count)
        self._add(f"bytesWritten({count})", winsock.send_event(queued), WRITE, heartbeat=beat)

    def _on_error_occurred(self, code: object, sentence: str) -> None:
        name = getattr(code, "name", str(code))
        self._add(f"errorOccurred({name})", winsock.ERROR, ERROR, detail=sentence)

    def _on_message_received(self, event: object) -> None:
        name = describe_message(event)
        beat = name in ("ping", "pong")
        self._add(f"message_received({name})", "", MESSAGE, detail=repr(event), heartbeat=beat)

    def _on_protocol_error(self, code: str, message: str, fatal: bool) -> None:
        suffix = ", fatal" if fatal else ""
        self._add(f"protocol_error({code}{suffix})", "", ERROR, detail=message)

    def _on_liveness_changed(self, liveness: object, why: str) -> None:
        name = getattr(liveness, "value", str(liveness))
        kind = ERROR if name == "dead" else STATE
        self._add(f"liveness_changed({name})", "", kind, detail=why)

    def _on_rtt_measured(self, ms: float) -> None:
        self._add(f"rtt_measured({ms:.1f} ms)", "", MESSAGE, heartbeat=True)


class ServerTap(QObject):
    """Logs a ChatServer's own signals, and taps every connection it accepts."""

    def __init__(self, log: EventLogModel, server: Any, source: str = "server") -> None:
        super().__init__(log)
        self._log = log
        self._source = source
        server.listening_changed.connect(self._on_listening_changed)
        server.connection_accepted.connect(self._on_connection_accepted)
        server.peer_joined.connect(self._on_peer_joined)
        server.peer_left.connect(self._on_peer_left)
        server.error_occurred.connect(self._on_error_occurred)
        server.peer_updated.connect(self._on_peer_updated)
        server.users_changed.connect(self._on_users_changed)
        server.chat_posted.connect(self._on_chat_posted)
        self._server = server

    def _on_listening_changed(self, listening: object) -> None:
        if listening:
            where = f"{self._server.host}:{self._server.port}"
            value = winsock.SCK_LISTENING
            self._log.log(
                self._source,
                f"listen({where})",
                f"State = {winsock.winsock_state_text(value)}",
                STATE,
            )
        else:
            value = winsock.SCK_CLOSED
            self._log.log(
                self._source, "close()", f"State = {winsock.winsock_state_text(value)}", STATE
            )

    def _on_connection_accepted(self, peer: Any) -> None:
        self._log.log(
            self._source,
            f"newConnection({peer.endpoint})",
            winsock.CONNECTION_REQUEST,
            CONNECTION,
            detail=f"accepted {peer.endpoint}",
        )
        attach_connection(self._log, peer.connection, peer_source(peer), peer.endpoint)

    def _on_peer_joined(self, peer: Any) -> None:
        self._log.log(self._source, f"peer_joined({peer.nick})", "", MESSAGE)

    def _on_peer_left(self, peer: Any, reason: str) -> None:
        self._log.log(
            self._source,
            f"peer_left({peer.nick or peer_source(peer)()})",
            "",
            CONNECTION,
            detail=reason,
        )

    def _on_error_occurred(self, sentence: str) -> None:
        self._log.log(self._source, "error_occurred", winsock.ERROR, ERROR, detail=sentence)

    def _on_peer_updated(self, peer: Any) -> None:
        self._log.log(self._source, f"peer_updated({peer.nick})", "", MESSAGE)

    def _on_users_changed(self, users: list[str]) -> None:
        signal = f"users_changed({len(users)})"
        self._log.log(self._source, signal, "", MESSAGE, detail=", ".join(users))

    def _on_chat_posted(self, chat: Any) -> None:
        to = f" → {chat.to}" if getattr(chat, "to", None) else ""
        signal = f"chat_posted(#{chat.seq} {chat.sender}{to})"
        self._log.log(self._source, signal, "", MESSAGE, detail=chat.text)


def peer_source(peer: Any) -> Callable[[], str]:
    """ "alice@127.0.0.1:50312" once the nick is known; the endpoint is kept from
    the start because Qt forgets it after the close."""
    endpoint = peer.endpoint

    def text() -> str:
        return f"{peer.nick}@{endpoint}" if peer.nick else f"peer {endpoint}"

    return text


def _target_text(connection: Any) -> str:
    """ "127.0.0.1:2000": the address a client dials, its rows' connection."""
    host, port = getattr(connection, "target", ("", 0))
    if not port:
        return ""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def attach_connection(
    log: EventLogModel, connection: Any, source: Source, key: str | None = None
) -> ConnectionTap:
    return ConnectionTap(log, connection, source, key)


def attach_server(log: EventLogModel, server: Any, source: str = "server") -> ServerTap:
    return ServerTap(log, server, source)
