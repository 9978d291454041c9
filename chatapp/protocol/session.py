"""One side of one connection, sans-IO: bytes in -> events out, messages in ->
bytes out. No sockets, no Qt, no clocks; the caller moves the bytes.

    session = ProtocolSession(Role.SERVER)
    session.receive_data(chunk)
    while (event := session.next_event()) is not None:
        ...
    wire = session.send(message)

The server side decides the mode from the first line: "{" means JSON, 0x16
(a TLS ClientHello) is refused for now, anything else is plain text.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from . import errors as codes
from .errors import LocalProtocolError, RemoteProtocolError
from .framing import (
    DEFAULT_MAX_FRAME,
    DEFAULT_MAX_FRAME_BEFORE_HELLO,
    FrameTooLarge,
    LineFramer,
)
from .http_refusal import REFUSAL_TEXT, http_response, is_http_request_line
from .messages import (
    PROTOCOL_VERSION,
    Ack,
    Auth,
    Bye,
    Challenge,
    Chat,
    Error,
    Hello,
    Join,
    Leave,
    Message,
    NickChange,
    Ping,
    Pong,
    Say,
    Users,
    Welcome,
    encode_message,
    parse_line,
)
from .plaintext import PlainEvent, format_plain, parse_plain_line

DEFAULT_MAX_ERRORS = 10
TLS_HANDSHAKE_BYTE = 0x16


class Role(enum.Enum):
    SERVER = "server"  # we accepted the connection
    CLIENT = "client"  # we made it


class Mode(enum.Enum):
    UNDECIDED = "undecided"
    JSON = "json"
    PLAIN = "plain"
    HTTP = "http"  # a web browser: told in one HTTP answer that this is no web server


class State(enum.Enum):
    GREETING = "greeting"  # server: waiting for hello; client: for welcome
    ACTIVE = "active"
    CLOSED = "closed"


@dataclass(frozen=True)
class ProtocolViolation:
    """The peer sent something wrong. Answer with an `error` frame carrying
    `code`; when `fatal`, close the connection after it."""

    code: str
    message: str
    fatal: bool = False

    def as_error(self) -> Error:
        return Error(self.code, self.message)


@dataclass(frozen=True)
class ConnectionClosed:
    """The peer closed its side (end of stream)."""


Event = Message | PlainEvent | ProtocolViolation | ConnectionClosed

# Which messages each side may receive.
_SERVER_RECEIVES = (Hello, Auth, Say, Ping, Pong, Bye, NickChange)
_CLIENT_RECEIVES = (
    Welcome, Challenge, Ack, Chat, Join, Leave, Users, Ping, Pong, Error, Bye, NickChange,
)


@dataclass(frozen=True)
class _ReceiveRules:
    """What one role may receive: one table entry per role."""

    receives: frozenset[type]
    greeting: type  # what must come first (hello to a server, welcome to a client)
    before_greeting: frozenset[type]  # what may come before it


_RULES = {
    Role.SERVER: _ReceiveRules(frozenset(_SERVER_RECEIVES), Hello, frozenset({Bye})),
    Role.CLIENT: _ReceiveRules(
        frozenset(_CLIENT_RECEIVES), Welcome, frozenset({Bye, Error, Challenge})
    ),
}


# What each side may send: what the other receives, and a str (a notice for
# plain-text peers, which JSON peers never see).
_SERVER_SENDS = (str, *_CLIENT_RECEIVES)
_CLIENT_SENDS = (str, *_SERVER_RECEIVES)


def _plain_bytes(message: Message | str) -> bytes:
    return "".join(line + "\r\n" for line in format_plain(message)).encode("utf-8")


class ProtocolSession:
    # One per connection, and a server holds thousands: no __dict__ each.
    __slots__ = ("role", "mode", "state", "max_frame", "max_errors", "error_count",
                 "lines_received", "_framer", "_events", "_taken", "_plain_ids",
                 "_saw_first_byte")

    def __init__(
        self,
        role: Role,
        *,
        max_frame: int = DEFAULT_MAX_FRAME,
        max_frame_before_hello: int = DEFAULT_MAX_FRAME_BEFORE_HELLO,
        max_errors: int = DEFAULT_MAX_ERRORS,
    ) -> None:
        self.role = role
        self.mode = Mode.JSON if role is Role.CLIENT else Mode.UNDECIDED
        self.state = State.GREETING
        self.max_frame = max_frame
        self.max_errors = max_errors
        self.error_count = 0
        # Every line framed so far, events or not (blank, malformed, oversized):
        # flood control charges for each, as each costs the receiver work.
        self.lines_received = 0
        self._framer = LineFramer(max_frame_before_hello if role is Role.SERVER else max_frame)
        # Pending events, and how many of them next_event() has handed out: a
        # list and an index cost a tenth of the memory of an (empty) deque.
        self._events: list[Event] = []
        self._taken = 0
        self._plain_ids = 0
        self._saw_first_byte = False  # once True, no more sniffing for TLS

    # --- receiving ---------------------------------------------------------

    def receive_data(self, data: bytes) -> None:
        """Feed bytes from the socket; b"" means the peer closed its side."""
        if self.state is State.CLOSED:
            return
        if not data:
            self.state = State.CLOSED
            self._events.append(ConnectionClosed())
            return
        if self.mode is Mode.UNDECIDED and not self._saw_first_byte:
            # The first byte that is not whitespace decides, however the
            # stream is chunked: whitespace-only lines decide nothing.
            first = data.lstrip()
            if first:
                self._saw_first_byte = True
                if first[0] == TLS_HANDSHAKE_BYTE:
                    self._violation(codes.TLS_NOT_SUPPORTED, "TLS is not supported yet", fatal=True)
                    return
        # The line that ends the greeting raises the line limit, and that must
        # apply to the very next line even when both came in one read; so
        # until then the framer gets one line at a time.
        start = 0
        while self.state is State.GREETING and start < len(data):
            newline = data.find(b"\n", start)
            end = len(data) if newline < 0 else newline + 1
            self._feed(data[start:end])
            start = end
        if start < len(data) and self.state is not State.CLOSED:
            self._feed(data[start:] if start else data)

    def _feed(self, data: bytes) -> None:
        for item in self._framer.feed(data):
            if self.state is State.CLOSED:
                return
            self.lines_received += 1
            if isinstance(item, FrameTooLarge):
                self._violation(
                    codes.FRAME_TOO_LARGE, f"a line may hold at most {item.limit} bytes"
                )
            else:
                self._receive_line(item)

    def next_event(self) -> Event | None:
        """The next event, or None until more data arrives."""
        events = self._events
        if self._taken >= len(events):
            return None
        event = events[self._taken]
        self._taken += 1
        if self._taken == len(events):
            events.clear()
            self._taken = 0
        return event

    def events(self) -> list[Event]:
        """All pending events at once."""
        pending = self._events[self._taken:]
        self._events.clear()
        self._taken = 0
        return pending

    @property
    def is_silent_newcomer(self) -> bool:
        """A server's peer that has not sent a byte other than whitespace yet."""
        return (
            self.role is Role.SERVER and self.mode is Mode.UNDECIDED and not self._saw_first_byte
        )

    @property
    def buffered(self) -> int:
        return self._framer.buffered

    def _receive_line(self, line: bytes) -> None:
        if self.mode is Mode.UNDECIDED:
            if not line.strip():
                return  # blank lines before the first word decide nothing
            if is_http_request_line(line):
                self.mode = Mode.HTTP
                self._violation(codes.HTTP_NOT_SUPPORTED, REFUSAL_TEXT, fatal=True)
                return
            self.mode = Mode.JSON if line.lstrip().startswith(b"{") else Mode.PLAIN
            if self.mode is Mode.PLAIN:
                self._become_active()  # plain peers have no handshake
        if self.mode is Mode.PLAIN:
            self._receive_plain_line(line)
        else:
            self._receive_json_line(line)

    def _receive_json_line(self, line: bytes) -> None:
        if not line.strip():
            return
        try:
            message = parse_line(line)
            self._check_allowed(message)
        except RemoteProtocolError as exc:
            self._violation(exc.code, exc.message)
            return
        self._events.append(message)

    def _check_allowed(self, message: Message) -> None:
        rules = _RULES[self.role]
        kind = type(message)
        if kind not in rules.receives:
            raise RemoteProtocolError(
                codes.UNEXPECTED_TYPE, f"'{message.TYPE}' is not sent to a {self.role.value}"
            )
        if self.state is State.GREETING:
            if kind in rules.before_greeting:
                return
            if kind is not rules.greeting:
                raise RemoteProtocolError(
                    codes.HELLO_REQUIRED, f"send '{rules.greeting.TYPE}' first"
                )
            if message.v != PROTOCOL_VERSION:  # type: ignore[attr-defined]
                raise RemoteProtocolError(
                    codes.UNSUPPORTED_VERSION, f"this side speaks protocol v{PROTOCOL_VERSION}"
                )
            self._become_active()
        elif kind is rules.greeting:
            raise RemoteProtocolError(
                codes.ALREADY_GREETED, f"'{message.TYPE}' was already received"
            )

    def _receive_plain_line(self, line: bytes) -> None:
        text = line.decode("utf-8", errors="replace")  # a human typed it: be lenient
        self._plain_ids += 1
        try:
            event = parse_plain_line(text, f"p-{self._plain_ids}")
        except RemoteProtocolError as exc:
            self._violation(exc.code, exc.message)
            return
        if event is not None:
            self._events.append(event)

    def _become_active(self) -> None:
        self.state = State.ACTIVE
        self._framer.max_line = self.max_frame

    def _violation(self, code: str, message: str, fatal: bool = False) -> None:
        self.error_count += 1
        if self.error_count >= self.max_errors and not fatal:
            fatal = True
            message = f"{message} (too many errors, closing)"
        self._events.append(ProtocolViolation(code, message, fatal))
        if fatal:
            self.state = State.CLOSED

    # --- sending -----------------------------------------------------------

    def send(self, message: Message | str, shared: dict[str, bytes] | None = None) -> bytes:
        """Bytes to write for `message` (a str is a notice for plain peers;
        JSON peers get nothing for it). Plain peers get readable lines.

        `shared`: for one message sent to many sessions (a broadcast), a dict
        the caller keeps for that message; each encoding (JSON, plain text)
        is then made once, not once per peer. The checks still run per session.

        A peer that has sent nothing yet is most likely a person at netcat or
        telnet (a program speaks first): it is written to as plain text.
        """
        allowed = _SERVER_SENDS if self.role is Role.SERVER else _CLIENT_SENDS
        if not isinstance(message, allowed):
            raise LocalProtocolError(
                codes.UNEXPECTED_TYPE, f"a {self.role.value} does not send '{message.TYPE}'"
            )
        if self.mode is Mode.HTTP:
            return http_response(message)
        if self.mode is Mode.PLAIN or self.is_silent_newcomer:
            if shared is None:
                return _plain_bytes(message)
            data = shared.get("plain")
            if data is None:
                data = shared["plain"] = _plain_bytes(message)
            return data
        if isinstance(message, str):
            return b""
        if isinstance(message, Bye):
            self.state = State.CLOSED
        elif (
            self.role is Role.CLIENT
            and self.state is State.GREETING
            and not isinstance(message, (Hello, Auth))
        ):
            raise LocalProtocolError(codes.HELLO_REQUIRED, "send hello first")
        if shared is None:
            return encode_message(message)
        data = shared.get("json")
        if data is None:
            data = shared["json"] = encode_message(message)
        return data

    @property
    def accepts_pings(self) -> bool:
        """Plain-text peers get no in-band heartbeat: it would print on their screen."""
        return self.mode is Mode.JSON
