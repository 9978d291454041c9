"""ChatClient: connect to a chat server, say hello, and turn what arrives
into signals a window can show."""

from __future__ import annotations

import enum
import itertools

from PySide6.QtCore import QObject, Signal

from .. import __version__
from ..protocol import (
    Ack,
    Bye,
    Chat,
    Error,
    Hello,
    Join,
    Leave,
    NickChange,
    Resume,
    Role,
    Say,
    Users,
    Welcome,
)
from .connection import ConnectionService

CLIENT_NAME = f"chatapp/{__version__}"


class ClientState(enum.Enum):
    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"  # TCP handshake under way
    HANDSHAKING = "handshaking"  # hello sent, waiting for welcome
    ONLINE = "online"


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
    server_error = Signal(str, str)  # code, message from an `error` frame
    error_occurred = Signal(str)  # a readable sentence

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connection = ConnectionService(Role.CLIENT, parent=self)
        self.connection.connected.connect(self._on_connection_connected)
        self.connection.disconnected.connect(self._on_connection_disconnected)
        self.connection.message_received.connect(self._on_connection_message_received)
        self.connection.error_occurred.connect(self._on_connection_error_occurred)
        self.state = ClientState.DISCONNECTED
        self.nick = ""
        self.users: list[str] = []
        self.client_id = ""  # given by the server; sent back to resume after a reconnect
        self.last_seq = 0  # the newest chat seen, for resume
        self._wanted_nick = ""
        self._user_closed = False
        self._ids = itertools.count(1)

    # --- actions -------------------------------------------------------------

    def connect_to(self, host: str, port: int, nick: str) -> None:
        if self.state is not ClientState.DISCONNECTED:
            self.connection.abort()
        self._wanted_nick = nick
        self._user_closed = False
        self._set_state(ClientState.CONNECTING)
        self.connection.connect_to_host(host, port)

    def disconnect_from_server(self, reason: str = "leaving") -> None:
        self._user_closed = True
        if self.state is ClientState.ONLINE:
            self.connection.send(Bye(reason))
        self.connection.close(reason)
        if not self.connection.is_connected:
            self._went_offline("")

    def send_text(self, text: str, to: str | None = None, me: bool = False) -> str:
        """Send a chat line; returns its id (the server's ack names it)."""
        message_id = f"c-{next(self._ids)}"
        if self.state is ClientState.ONLINE:
            self.connection.send(Say(message_id, text, to, me))
        else:
            self.error_occurred.emit("Not connected: the message was not sent.")
        return message_id

    # --- slots ---------------------------------------------------------------

    def _on_connection_connected(self) -> None:
        self._set_state(ClientState.HANDSHAKING)
        resume = Resume(self.client_id, self.last_seq) if self.client_id else None
        self.connection.send(Hello(self._wanted_nick, client=CLIENT_NAME, resume=resume))

    def _on_connection_disconnected(self) -> None:
        reason = "" if self._user_closed else (self.connection.close_reason or "The server closed the connection.")
        self._went_offline(reason)

    def _on_connection_error_occurred(self, _code: object, sentence: str) -> None:
        if self._user_closed:
            return
        self.error_occurred.emit(sentence)
        if not self.connection.is_connected:
            self._went_offline(sentence)

    def _on_connection_message_received(self, message: object) -> None:
        if isinstance(message, Welcome):
            self.nick, self.client_id = message.nick, message.client_id
            self._set_users(list(message.users))
            self.connection.start_heartbeat(message.heartbeat.interval, message.heartbeat.timeout)
            self._set_state(ClientState.ONLINE)
            self.welcomed.emit(message)
        elif isinstance(message, Chat):
            self.last_seq = max(self.last_seq, message.seq)
            self.chat_received.emit(message)
        elif isinstance(message, Ack):
            self.message_acked.emit(message.id, message.seq)
        elif isinstance(message, Join):
            self._set_users(self.users + [message.nick])
            self.user_joined.emit(message.nick)
        elif isinstance(message, Leave):
            self._set_users([nick for nick in self.users if nick != message.nick])
            self.user_left.emit(message.nick, message.reason)
        elif isinstance(message, NickChange):
            self._on_nick_change(message)
        elif isinstance(message, Users):
            self._set_users(list(message.nicks))
        elif isinstance(message, Error):
            self.server_error.emit(message.code, message.message)
            self.connection.close_reason = message.message or message.code
        elif isinstance(message, Bye):
            self.connection.close_reason = message.reason or "The server said goodbye."
            self.connection.close()

    def _on_nick_change(self, change: NickChange) -> None:
        if change.old == self.nick:
            self.nick = change.nick
        self._set_users([change.nick if nick == change.old else nick for nick in self.users])
        self.nick_changed.emit(change.old or "", change.nick)

    def _set_users(self, users: list[str]) -> None:
        self.users = sorted(users, key=str.casefold)
        self.users_changed.emit(self.users)

    def _set_state(self, state: ClientState) -> None:
        if state is not self.state:
            self.state = state
            self.state_changed.emit(state)

    def _went_offline(self, reason: str) -> None:
        if self.state is ClientState.DISCONNECTED:
            return
        self._set_users([])
        self._set_state(ClientState.DISCONNECTED)
        self.disconnected.emit(reason)
