"""ChatClient: connect to a chat server, say hello, and turn what arrives
into signals a window can show. It comes back by itself when the connection
drops, and keeps what you typed until the server has stored it.
"""

from __future__ import annotations

import enum
import itertools
import math
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from .. import __version__
from ..protocol import (
    Ack,
    Bye,
    Challenge,
    Chat,
    Error,
    Join,
    Leave,
    NickChange,
    Resume,
    Role,
    Say,
    Users,
    Welcome,
)
from ..protocol.backoff import Backoff
from ..protocol.flood import TokenBucket
from ..protocol.handshake import (
    ClientHandshake,
    ClientHandshakeEvent,
    HandshakeRefused,
    SendToPeer,
    Welcomed,
)
from .connection import ConnectionService

CLIENT_NAME = f"chatapp/{__version__}"
COUNTDOWN_TICK_MS = 1000
# Stay a little under the server's flood limit, so a full outbox resent after a
# reconnect is paced instead of being cut off as a flood. The server counts
# every line, so the margin also leaves room for the heartbeat's pings and
# pongs, and the burst room for the lines sent around it that are not chats:
# the hello and the auth before the welcome, a pong and a ping.
PACING_MARGIN = 0.9
OTHER_LINES_IN_A_BURST = 4
# Errors after which coming back by itself would be wrong: the user must act.
NO_RECONNECT_CODES = frozenset(
    {"kicked", "invalid_nick", "unsupported_version", "wrong_password", "password_required"}
)


class ClientState(enum.Enum):
    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"  # TCP handshake under way
    HANDSHAKING = "handshaking"  # hello sent, waiting for welcome
    ONLINE = "online"
    WAITING = "waiting"  # connection lost; the next attempt is scheduled


class Receipt(enum.Enum):
    SENDING = "sending"  # in the outbox: not yet stored by the server
    DELIVERED = "delivered"  # the server acknowledged it: it is stored
    FAILED = "failed"  # the server refused it


class ChatClient(QObject):
    state_changed = Signal(object)  # ClientState
    welcomed = Signal(object)  # Welcome
    disconnected = Signal(str)  # a readable reason; "" when the user asked for it
    chat_received = Signal(object)  # Chat
    user_joined = Signal(str)
    user_left = Signal(str, str)  # nick, reason
    nick_changed = Signal(str, str)  # old, new
    users_changed = Signal(list)
    message_acked = Signal(str, int)  # message id, seq
    receipt_changed = Signal(str, object)  # message id, Receipt
    server_error = Signal(str, str)  # code, message from an `error` frame
    error_occurred = Signal(str)  # a readable sentence
    reconnect_countdown = Signal(int)  # whole seconds until the next attempt

    def __init__(self, parent: QObject | None = None, *, auto_reconnect: bool = True) -> None:
        super().__init__(parent)
        self.connection = ConnectionService(Role.CLIENT, parent=self)
        self.connection.connected.connect(self._on_connection_connected)
        self.connection.disconnected.connect(self._on_connection_disconnected)
        self.connection.message_received.connect(self._on_connection_message_received)
        self.connection.error_occurred.connect(self._on_connection_error_occurred)
        self.state = ClientState.DISCONNECTED
        self.nick = ""
        self.users: list[str] = []
        self.nick_taken = ""  # set at a welcome that gave another nick than the one asked
        self.client_id = ""  # given by the server: public, it proves nothing
        # The secret given with it: sent back (to that server only) to resume.
        self._resume_token = ""
        self.last_seq = 0  # the newest chat seen, for resume
        self.auto_reconnect = auto_reconnect
        self.backoff = Backoff()
        # Messages not yet stored by the server, oldest first (dicts keep order).
        self.outbox: dict[str, Say] = {}
        self._host, self._port, self._wanted_nick = "", 0, ""
        self._password: str | None = None
        self._user_closed = False
        self._no_reconnect = False
        self._ids = itertools.count(1)
        self._retry_timer = QTimer(self, singleShot=True)
        self._retry_timer.timeout.connect(self.reconnect_now)
        self._pacer = TokenBucket(0, 0, 0.0)  # no limit until the server names one
        self._unsent: deque[Say] = deque()  # waiting for the pacer
        self._pacing_timer = QTimer(self, singleShot=True)
        self._pacing_timer.timeout.connect(self._send_paced)
        self._countdown_timer = QTimer(self, interval=COUNTDOWN_TICK_MS)
        self._countdown_timer.timeout.connect(self._on_countdown_timer_timeout)
        self._handshake: ClientHandshake | None = None  # this connection's greeting
        # What each message from the server does: one entry per type.
        self._handlers: dict[type, Callable[[Any], None]] = {
            Welcome: self._on_handshake_message,
            Challenge: self._on_handshake_message,
            Chat: self._on_chat,
            Ack: self._on_ack,
            Join: self._on_join,
            Leave: self._on_leave,
            NickChange: self._on_nick_change,
            Users: lambda users: self._set_users(list(users.nicks)),
            Error: self._on_server_error,
            Bye: self._on_bye,
        }
        # What each outcome of the handshake does: one entry per event type.
        self._handshake_handlers: dict[type, Callable[[Any], None]] = {
            SendToPeer: lambda event: self.connection.send(event.message),
            Welcomed: self._on_welcome,
            HandshakeRefused: self._on_handshake_refused,
        }

    # --- actions -------------------------------------------------------------

    def connect_to(self, host: str, port: int, nick: str, password: str | None = None) -> None:
        if (host, port) != (self._host, self._port):
            self._resume_token = ""  # a secret for one server: never hand it to another
        self._host, self._port, self._wanted_nick = host, port, nick
        self._password = password or None
        self._user_closed = False
        self._no_reconnect = False
        self.backoff.reset()
        self._dial()

    def reconnect_now(self) -> None:
        """Try again at once (the Reconnect-now button, or the backoff timer)."""
        if self._host and self.state in (ClientState.WAITING, ClientState.DISCONNECTED):
            self._user_closed = False
            self._dial()

    def disconnect_from_server(self, reason: str = "leaving") -> None:
        self._user_closed = True
        self._stop_retrying()
        if self.state is ClientState.WAITING:  # nothing open: just stop trying
            self._set_state(ClientState.DISCONNECTED)
            self.disconnected.emit("")
            return
        if self.state is ClientState.ONLINE:
            self.connection.send(Bye(reason))
        self.connection.close(reason)
        if not self.connection.is_connected:
            self._went_offline("")

    def send_text(self, text: str, to: str | None = None, me: bool = False) -> str:
        """Queue a chat line and send it when online; returns its id.

        It stays in the outbox, and is sent again after a reconnect, until the
        server's ack says it is stored (the server drops resent duplicates).
        """
        message_id = f"c-{next(self._ids)}"
        say = Say(message_id, text, to, me)
        self.outbox[message_id] = say
        self.receipt_changed.emit(message_id, Receipt.SENDING)
        if self.state is ClientState.ONLINE:
            self._unsent.append(say)
            self._send_paced()
        return message_id

    def change_nick(self, nick: str) -> None:
        """Ask for another nick: now if online (the server answers with a nick
        change, or an `invalid_nick` error), else at the next connection."""
        if self.state is ClientState.ONLINE:
            self.connection.send(NickChange(nick))
        else:
            self._wanted_nick = nick

    def _send_paced(self) -> None:
        """Send what the server's rate limit allows now; the rest a bit later."""
        now = time.monotonic()
        while self._unsent and self.state is ClientState.ONLINE and self._pacer.take(now):
            say = self._unsent.popleft()
            if say.id in self.outbox:  # not acked meanwhile
                self.connection.send(say)
        if self._unsent and self.state is ClientState.ONLINE:
            self._pacing_timer.start(max(1, int(self._pacer.wait_time(now) * 1000)))

    # --- connecting and reconnecting -----------------------------------------

    def _dial(self) -> None:
        self._stop_retrying()
        if self.connection.is_connected:
            self.connection.abort()
        self._set_state(ClientState.CONNECTING)
        self.connection.connect_to_host(self._host, self._port)

    def _went_offline(self, reason: str) -> None:
        if self.state in (ClientState.DISCONNECTED, ClientState.WAITING):
            return
        self._set_users([])
        # Come back by itself only to a room it has been in, and not after a
        # kick or a refusal the user must fix first.
        if (
            self.auto_reconnect
            and self.client_id
            and not self._user_closed
            and not self._no_reconnect
        ):
            self._schedule_retry()
        else:
            self._set_state(ClientState.DISCONNECTED)
        self.disconnected.emit(reason)

    def _schedule_retry(self) -> None:
        delay = self.backoff.next_delay()
        self._retry_timer.start(int(delay * 1000))
        self._countdown_timer.start()
        self._set_state(ClientState.WAITING)
        self.reconnect_countdown.emit(math.ceil(delay))

    def _stop_retrying(self) -> None:
        self._retry_timer.stop()
        self._countdown_timer.stop()

    def _on_countdown_timer_timeout(self) -> None:
        remaining_ms = self._retry_timer.remainingTime()
        if remaining_ms < 0:
            self._countdown_timer.stop()
            return
        self.reconnect_countdown.emit(math.ceil(remaining_ms / 1000))

    # --- slots ---------------------------------------------------------------

    def _on_connection_connected(self) -> None:
        self._set_state(ClientState.HANDSHAKING)
        resume = (
            Resume(self.client_id, self.last_seq, self._resume_token) if self.client_id else None
        )
        self._handshake = ClientHandshake(self._wanted_nick, CLIENT_NAME, self._password, resume)
        self._carry_out(self._handshake.start())

    def _on_connection_disconnected(self) -> None:
        if self._user_closed:
            reason = ""
        else:
            reason = self.connection.close_reason or "The server closed the connection."
        self._went_offline(reason)

    def _on_connection_error_occurred(self, _code: object, sentence: str) -> None:
        if self._user_closed:
            return
        self.error_occurred.emit(sentence)
        if not self.connection.is_connected:
            self._went_offline(sentence)

    def _on_connection_message_received(self, message: object) -> None:
        handler = self._handlers.get(type(message))
        if handler is not None:
            handler(message)

    def _on_handshake_message(self, message: Welcome | Challenge) -> None:
        if self._handshake is not None:
            self._carry_out(self._handshake.receive(message))

    def _carry_out(self, events: list[ClientHandshakeEvent]) -> None:
        for event in events:
            self._handshake_handlers[type(event)](event)

    def _on_handshake_refused(self, refused: HandshakeRefused) -> None:
        # The user must act (give the password): no coming back by itself.
        self._no_reconnect = True
        self.connection.close_reason = refused.message
        self.server_error.emit(refused.code, refused.message)
        self.connection.close()

    def _on_chat(self, chat: Chat) -> None:
        # Resume sends exactly what was missed; this guard keeps a replay
        # from ever showing a message twice.
        if chat.seq > self.last_seq:
            self.last_seq = chat.seq
            self.chat_received.emit(chat)

    def _on_ack(self, ack: Ack) -> None:
        if self.outbox.pop(ack.id, None) is not None:
            self.receipt_changed.emit(ack.id, Receipt.DELIVERED)
        self.message_acked.emit(ack.id, ack.seq)

    def _on_join(self, join: Join) -> None:
        self._set_users(self.users + [join.nick])
        self.user_joined.emit(join.nick)

    def _on_leave(self, leave: Leave) -> None:
        self._set_users([nick for nick in self.users if nick != leave.nick])
        self.user_left.emit(leave.nick, leave.reason)

    def _on_bye(self, bye: Bye) -> None:
        self.connection.close_reason = bye.reason or "The server said goodbye."
        self.connection.close()

    def _on_welcome(self, welcomed: Welcomed) -> None:
        welcome = welcomed.welcome
        # The nick asked for, when the room gave another (it was taken): the
        # user must be told, not find out from the user list.
        self.nick_taken = welcomed.nick_taken
        self.nick, self.client_id = welcome.nick, welcome.client_id
        self._resume_token = welcome.resume_token or ""
        self._wanted_nick = welcome.nick  # come back under the same name
        if welcome.last_seq is not None and welcome.last_seq < self.last_seq:
            self.last_seq = 0  # the server's history was reset: its numbers start over
        self.backoff.reset()
        limit = welcome.rate_limit
        self._pacer = TokenBucket(
            limit.rate * PACING_MARGIN if limit else 0,
            max(1, limit.burst - OTHER_LINES_IN_A_BURST) if limit else 0,
            time.monotonic(),
        )
        self._set_users(list(welcome.users))
        self.connection.start_heartbeat(welcome.heartbeat.interval, welcome.heartbeat.timeout)
        self._set_state(ClientState.ONLINE)
        self.welcomed.emit(welcome)
        # Typed while away, or sent but never acked: all of it, oldest first.
        self._unsent = deque(self.outbox.values())
        self._send_paced()

    def _on_server_error(self, error: Error) -> None:
        if error.id is not None and self.outbox.pop(error.id, None) is not None:
            self.receipt_changed.emit(error.id, Receipt.FAILED)
        if error.code in NO_RECONNECT_CODES:
            self._no_reconnect = True
        self.connection.close_reason = error.message or error.code
        self.server_error.emit(error.code, error.message)

    def _on_nick_change(self, change: NickChange) -> None:
        if change.old == self.nick:
            self.nick = self._wanted_nick = change.nick
        self._set_users([change.nick if nick == change.old else nick for nick in self.users])
        self.nick_changed.emit(change.old or "", change.nick)

    def _set_users(self, users: list[str]) -> None:
        self.users = sorted(users, key=str.casefold)
        self.users_changed.emit(self.users)

    def _set_state(self, state: ClientState) -> None:
        if state is not self.state:
            self.state = state
            self.state_changed.emit(state)
