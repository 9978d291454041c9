"""ChatServer: the room. A QTcpServer accepts peers; each peer is one
ConnectionService; this class holds the nicks, numbers and stores the chat,
and routes it to everyone who should see it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QHostAddress, QTcpServer

from ..protocol import (
    Ack,
    Bye,
    Chat,
    Error,
    HeartbeatSettings,
    Hello,
    HelpRequest,
    Join,
    Leave,
    Message,
    NickChange,
    Role,
    Say,
    Users,
    Welcome,
    WhoRequest,
    clean_text,
    nick_problem,
)
from ..protocol import errors as codes
from ..protocol.heartbeat import Liveness
from ..protocol.plaintext import HELP_TEXT
from ..protocol.session import Mode
from .connection import ConnectionService
from .history import RECENT_ON_JOIN, visible_to
from .history_store import HistoryStore
from .nick_registry import NickRegistry
from .peer import Peer
from .server_config import ServerConfig
from .socket_errors import NetError, describe_socket_error

DEFAULT_HOST = "0.0.0.0"
DEFAULT_PORT = 2000
OPERATOR_NICK = "server"
PLAIN_NICK_PREFIX = "guest"


class ChatServer(QObject):
    listening_changed = Signal(bool)
    connection_accepted = Signal(object)  # Peer, nick not known yet (ConnectionRequest)
    peer_joined = Signal(object)  # Peer, now with a nick
    peer_left = Signal(object, str)  # Peer, reason
    peer_updated = Signal(object)  # Peer: nick or round-trip time changed
    users_changed = Signal(list)
    chat_posted = Signal(object)  # every Chat the room stores, private ones too
    notice_posted = Signal(str)
    error_occurred = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        history: HistoryStore | None = None,
        config: ServerConfig | None = None,
    ) -> None:
        super().__init__(parent)
        self.config = config or ServerConfig()
        if history is None:  # a throwaway room: history in memory only
            history = HistoryStore(None, self)
            history.start()
        self.history = history
        self.history.failed.connect(self.error_occurred)
        self._tcp = QTcpServer(self)
        self._tcp.newConnection.connect(self._on_tcp_new_connection)
        self._tcp.acceptError.connect(self._on_tcp_accept_error)
        self._peers: dict[ConnectionService, Peer] = {}
        self._nicks: NickRegistry[Peer] = NickRegistry(reserved=(OPERATOR_NICK,))
        self._guest_count = 0
        self._host = DEFAULT_HOST

    # --- listening -----------------------------------------------------------

    @property
    def is_listening(self) -> bool:
        return self._tcp.isListening()

    @property
    def host(self) -> str:
        return self._host

    @property
    def port(self) -> int:
        return int(self._tcp.serverPort())

    @property
    def peers(self) -> list[Peer]:
        return list(self._peers.values())

    def users(self) -> list[str]:
        return self._nicks.nicks()

    def listen(self, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
        """Start accepting clients; raises NetError with a readable sentence."""
        address = QHostAddress(host)
        if address.isNull():
            raise NetError(None, f"'{host}' is not an IP address of this machine.")
        if not self._tcp.listen(address, port):
            code = self._tcp.serverError()
            raise NetError(code, describe_socket_error(code, host, port, self._tcp.errorString()))
        self._host = host
        self.listening_changed.emit(True)

    def stop(self, reason: str = "The server stopped.") -> None:
        """Stop listening and say goodbye to every client."""
        was_listening = self._tcp.isListening()
        self._tcp.close()
        for peer in self.peers:
            peer.connection.send(Bye(reason))
            peer.connection.close(reason)
        if was_listening:
            self.listening_changed.emit(False)

    # --- the operator --------------------------------------------------------

    def say(self, text: str, to: str | None = None) -> bool:
        """The operator speaks, as the nick "server". The chat arrives through
        chat_posted once stored; False if there was nothing to send."""
        text = clean_text(text).strip("\n")
        if not text:
            return False
        if to is not None and self._nicks.owner(to) is None:
            self.error_occurred.emit(f"No user called {to} is connected.")
            return False
        self._post(OPERATOR_NICK, text, to, False)
        return True

    def kick(self, peer: Peer, reason: str = "kicked by the operator") -> None:
        # The "kicked" error tells a chatapp client not to come back by itself.
        peer.connection.send(Error("kicked", reason))
        peer.connection.send(Bye(reason))
        peer.connection.close(reason)

    # --- connections ---------------------------------------------------------

    def _on_tcp_new_connection(self) -> None:
        while self._tcp.hasPendingConnections():
            socket = self._tcp.nextPendingConnection()
            connection = ConnectionService(
                Role.SERVER, socket, self,
                max_send_queue=self.config.max_send_queue, **self.config.session_limits(),
            )
            peer = Peer(connection)
            self._peers[connection] = peer
            connection.message_received.connect(self._on_connection_message_received)
            connection.protocol_error.connect(self._on_connection_protocol_error)
            connection.disconnected.connect(self._on_connection_disconnected)
            connection.liveness_changed.connect(self._on_connection_liveness_changed)
            connection.rtt_measured.connect(self._on_connection_rtt_measured)
            # Until it identifies itself, a peer only gets the first-line deadline.
            connection.start_heartbeat(None, self.config.first_line_timeout)
            self.connection_accepted.emit(peer)

    def _on_tcp_accept_error(self, code: object) -> None:
        self.error_occurred.emit(describe_socket_error(code, self._host, self.port))  # type: ignore[arg-type]

    def _on_connection_disconnected(self) -> None:
        peer = self._peers.get(self.sender())  # type: ignore[call-overload]
        if peer is not None:
            self._forget(peer, peer.connection.close_reason or "connection closed")

    def _forget(self, peer: Peer, reason: str) -> None:
        """The peer is gone: free its nick and tell the room why."""
        connection = peer.connection
        if self._peers.pop(connection, None) is None:
            return
        if peer.identified:
            self._nicks.release(peer.nick)
            self._broadcast(Leave(peer.nick, reason))
            self.notice_posted.emit(f"{peer.nick} left ({reason})")
            self.users_changed.emit(self.users())
        self.peer_left.emit(peer, reason)
        connection.deleteLater()

    def _on_connection_protocol_error(self, _code: str, _message: str, _fatal: bool) -> None:
        peer = self._peers.get(self.sender())  # type: ignore[call-overload]
        if peer is not None and not peer.identified and peer.connection.session.mode is Mode.JSON:
            # It speaks JSON but has not managed a hello: it gets the short deadline.
            heartbeat = peer.connection.heartbeat
            if heartbeat is None or heartbeat.timeout > self.config.hello_timeout:
                peer.connection.start_heartbeat(None, self.config.hello_timeout)

    def _on_connection_liveness_changed(self, liveness: Liveness, reason: str) -> None:
        peer = self._peers.get(self.sender())  # type: ignore[call-overload]
        if peer is None or not peer.identified:
            return
        if liveness is Liveness.LATE:
            self.notice_posted.emit(f"{peer.nick} is late: {reason}")
        self.peer_updated.emit(peer)

    def _on_connection_rtt_measured(self, rtt_ms: float) -> None:
        peer = self._peers.get(self.sender())  # type: ignore[call-overload]
        if peer is not None:
            peer.rtt_ms = rtt_ms
            self.peer_updated.emit(peer)

    def _on_connection_message_received(self, event: object) -> None:
        peer = self._peers.get(self.sender())  # type: ignore[call-overload]
        if peer is None:
            return
        if not peer.identified:
            self._greet(peer, event)
            if not peer.identified or isinstance(event, (Hello, NickChange)):
                return  # the greeting was the whole event
        self._handle(peer, event)

    # --- greeting ------------------------------------------------------------

    def _greet(self, peer: Peer, event: object) -> None:
        """Give the peer its nick: from hello, or a guest nick for a plain peer."""
        if isinstance(event, Hello):
            problem = nick_problem(event.nick)
            if problem:
                self._refuse(peer, codes.INVALID_NICK, f"{problem}.")
                return
            resume = event.resume
            if resume:
                self._replace_stale_peer(resume.client_id)
            peer.client_id = resume.client_id if resume else uuid.uuid4().hex
            peer.client_name = event.client or "unknown client"
            self._join(peer, event.nick)
            self._send_backlog(peer, resume.last_seq if resume else None)
        elif isinstance(event, Bye):
            peer.connection.close(event.reason or "quit")
            return
        else:  # a plain-text peer's first line
            peer.client_name = "plain text"
            wanted = event.nick if isinstance(event, NickChange) and not nick_problem(event.nick) else ""
            if not wanted:
                self._guest_count += 1
                wanted = f"{PLAIN_NICK_PREFIX}{self._guest_count}"
            self._join(peer, wanted)

    def _replace_stale_peer(self, client_id: str) -> None:
        """A client that reconnects may find its old connection still here
        (its end died without a FIN): drop the old one so it gets its nick back."""
        for old in self.peers:
            if old.client_id == client_id and old.identified:
                self._forget(old, "reconnected")
                old.connection.abort()

    def _join(self, peer: Peer, wanted: str) -> None:
        peer.nick = self._nicks.claim(wanted, peer)
        heartbeat = HeartbeatSettings(self.config.heartbeat_interval, self.config.heartbeat_timeout)
        if peer.connection.session.mode is Mode.PLAIN:
            peer.connection.start_heartbeat(None, self.config.plain_idle_timeout)
        else:
            peer.connection.start_heartbeat(heartbeat.interval, heartbeat.timeout)
        peer.connection.send(
            Welcome(peer.nick, peer.client_id, heartbeat, tuple(self.users()), last_seq=self.history.last_seq)
        )
        self._broadcast(Join(peer.nick), exclude=peer)
        self.notice_posted.emit(f"{peer.nick} joined from {peer.endpoint}")
        self.peer_joined.emit(peer)
        self.users_changed.emit(self.users())

    def _send_backlog(self, peer: Peer, last_seq: int | None) -> None:
        """The last messages for a newcomer, or all it missed for a resume.

        The read is queued behind every write already submitted, and live chats
        skip the peer until it is answered, so nothing is missed or sent twice.
        """
        peer.catching_up = True

        def deliver(chats: list[Chat]) -> None:
            for chat in chats:
                peer.connection.send(chat)
            peer.catching_up = False

        if last_seq is None:
            self.history.recent(RECENT_ON_JOIN, deliver, nick=peer.nick)
        else:
            self.history.since(last_seq, deliver, nick=peer.nick)

    def _refuse(self, peer: Peer, code: str, message: str) -> None:
        peer.connection.send(Error(code, message))
        peer.connection.close(code)

    # --- a greeted peer ------------------------------------------------------

    def _handle(self, peer: Peer, event: object) -> None:
        if isinstance(event, Say):
            self._on_say(peer, event)
        elif isinstance(event, NickChange):
            self._rename(peer, event.nick)
        elif isinstance(event, WhoRequest):
            peer.connection.send(Users(tuple(self.users())))
        elif isinstance(event, HelpRequest):
            peer.connection.send(HELP_TEXT)
        elif isinstance(event, Bye):
            peer.connection.close(event.reason or "quit")

    def _on_say(self, peer: Peer, say: Say) -> None:
        text = clean_text(say.text).strip("\n")
        if not text.strip():
            peer.connection.send(Error(codes.BAD_FIELD, "the message is empty", say.id))
            return
        if say.to is not None and self._nicks.owner(say.to) is None and say.to.casefold() != OPERATOR_NICK:
            peer.connection.send(Error(codes.UNKNOWN_USER, f"no user called {say.to[:40]} is here", say.id))
            return
        # Plain-text peers have no message ids to resend, so nothing to de-duplicate.
        message_id = "" if peer.is_plain else say.id

        def acknowledge(chat: Chat) -> None:
            peer.connection.send(Ack(say.id, chat.seq))

        self._post(peer.nick, text, say.to, say.me, peer.client_id, message_id, acknowledge)

    def _post(
        self, sender: str, text: str, to: str | None, me: bool,
        client_id: str = "", message_id: str = "", stored: Callable[[Chat], None] | None = None,
    ) -> None:
        """Store one chat, then deliver it and call `stored`: nothing is shown
        or acknowledged before it is on disk. A resend is only acknowledged."""
        if to is not None:
            owner = self._nicks.owner(to)
            to = owner.nick if owner else OPERATOR_NICK

        def on_stored(chat: Chat, duplicate: bool) -> None:
            if not duplicate:
                self._broadcast(chat, only_for=chat if chat.to else None)
                self.chat_posted.emit(chat)
            if stored is not None:
                stored(chat)

        self.history.store(sender, text, to, me, client_id, message_id, on_stored)

    def _rename(self, peer: Peer, wanted: str) -> None:
        problem = nick_problem(wanted)
        if problem:
            peer.connection.send(Error(codes.INVALID_NICK, f"{problem}."))
            return
        if wanted.casefold() != peer.nick.casefold() and wanted in self._nicks:
            peer.connection.send(Error(codes.INVALID_NICK, f"the nick {wanted} is taken"))
            return
        old = peer.nick
        self._nicks.release(old)
        peer.nick = self._nicks.claim(wanted, peer)
        self._broadcast(NickChange(peer.nick, old))
        self.notice_posted.emit(f"{old} is now known as {peer.nick}")
        self.peer_updated.emit(peer)
        self.users_changed.emit(self.users())

    def _broadcast(self, message: Message, exclude: Peer | None = None, only_for: Chat | None = None) -> None:
        for peer in self._peers.values():
            if peer is exclude or not peer.identified:
                continue
            if isinstance(message, Chat) and peer.catching_up:
                continue  # its backlog read will include this chat
            if only_for is not None and not visible_to(only_for, peer.nick):
                continue
            peer.connection.send(message)
