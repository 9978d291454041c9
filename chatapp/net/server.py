"""ChatServer: the Qt adapter around a sans-IO room (protocol/room.py). A
QTcpServer accepts peers; each peer is one ConnectionService whose greeting
is a protocol handshake (protocol/handshake.py, carried out by greeting.py);
chats are stored and delivered by chat_delivery.py. Sockets, timers and
storage calls in, signals out: the rules live in the protocol layer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QTcpSocket

from ..protocol import (
    Auth,
    Bye,
    Error,
    HeartbeatSettings,
    Hello,
    HelpRequest,
    NickChange,
    Ping,
    Pong,
    RateLimit,
    Role,
    Say,
    Users,
    Welcome,
    WhoRequest,
    clean_text,
)
from ..protocol import errors as codes
from ..protocol.flood import FloodControl
from ..protocol.handshake import HandshakeAccepted, ServerHandshake, short_reason
from ..protocol.heartbeat import Liveness
from ..protocol.plaintext import HELP_TEXT
from ..protocol.resume_token import SessionIdentity
from ..protocol.room import (
    OPERATOR_NICK,
    PLAIN_NICK_PREFIX,
    PRESENCE_BATCH_S,
    RenameRefusedError,
    Room,
)
from ..protocol.session import Mode
from .admission import Admission
from .backlog import Backlogs
from .chat_delivery import ChatDelivery
from .connection import ConnectionService
from .fan_out import write_plan
from .flood_guard import charge_lines, cut_off
from .greeting import arm_deadline, carry_out
from .history_store import HistoryStore
from .listener import LISTEN_BACKLOG, Listener
from .peer import Peer
from .server_config import ServerConfig

__all__ = [
    "DEFAULT_HOST", "DEFAULT_PORT", "LISTEN_BACKLOG", "OPERATOR_NICK", "PLAIN_NICK_PREFIX",
    "ChatServer",
]

DEFAULT_HOST = "0.0.0.0"
DEFAULT_PORT = 2000
PRESENCE_BATCH_MS = round(PRESENCE_BATCH_S * 1000)


class ChatServer(QObject):
    listening_changed = Signal(bool)
    connection_accepted = Signal(object)  # Peer, nick not known yet (ConnectionRequest)
    peer_joined = Signal(object)  # Peer, now with a nick
    peer_left = Signal(object, str)  # Peer, reason
    peer_updated = Signal(object)  # Peer: nick, liveness or round-trip time changed
    users_changed = Signal(object)  # list[str]; at most once per presence batch
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
        self._owns_history = history is None
        if history is None:  # a throwaway room: history in memory only
            history = HistoryStore(None, self)
            history.start()
        self.history = history
        self.admission = Admission(self.config.max_clients, self.config.max_per_address)
        self.listener = Listener(
            self.admission, self._admit, self._on_listener_turned_away,
            self.error_occurred.emit, self,
        )
        self._peers: dict[ConnectionService, Peer] = {}  # every connection, greeted or not
        # The room: nicks, presence batches, who sees what (sans-IO). One per
        # room; a server with rooms keeps a mapping of them.
        self.room: Room[Peer] = Room()
        self._presence_timer = QTimer(self, singleShot=True)
        self._presence_timer.timeout.connect(self._flush_presence)
        self.delivery = ChatDelivery(
            self.history, self.room, self._is_present,
            before_delivery=self._flush_presence, delivered=self.chat_posted.emit,
            problem=self.error_occurred.emit, parent=self,
        )
        # History for newcomers and resumes, a page at a time (backlog.py).
        self._backlogs = Backlogs(self.history, self)
        self.peer_left.connect(self._backlogs.cancel)
        self.peer_joined.connect(self.delivery.warn_newcomer)
        # What each message from a greeted peer does: one entry per type.
        self._handlers: dict[type, Callable[[Peer, Any], None]] = {
            Say: self._on_say,
            NickChange: self._on_nick_change,
            WhoRequest: self._on_who,
            HelpRequest: lambda peer, _event: peer.connection.send(HELP_TEXT),
            Bye: lambda peer, event: peer.connection.close(short_reason(event.reason) or "quit"),
            Pong: self._on_pong,
            Ping: lambda _peer, _event: None,  # answered by the connection itself
        }

    # --- listening -----------------------------------------------------------

    @property
    def is_listening(self) -> bool:
        return self.listener.is_listening

    @property
    def host(self) -> str:
        return self.listener.host or DEFAULT_HOST

    @property
    def port(self) -> int:
        return self.listener.port

    @property
    def peers(self) -> list[Peer]:
        return list(self._peers.values())

    def users(self) -> list[str]:
        return self.room.users()

    def presence_interval_ms(self) -> int:
        return round(self.room.presence_interval() * 1000)

    def listen(self, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
        """Start accepting clients; raises NetError with a readable sentence."""
        self.listener.listen(host, port)
        self.listening_changed.emit(True)

    def stop(self, reason: str = "The server stopped.") -> None:
        """Stop listening and say goodbye to every client."""
        was_listening = self.listener.is_listening
        self.listener.close()
        self._flush_presence()
        for peer in self.peers:
            peer.connection.send(Bye(reason))
            peer.connection.close(reason)
        if was_listening:
            self.listening_changed.emit(False)

    def close(self) -> None:
        """Stop, and shut the history this server made for itself (if any):
        its worker thread must not outlive the server object."""
        self.stop()
        if self._owns_history:
            self.history.close()

    # --- the operator --------------------------------------------------------

    def say(self, text: str, to: str | None = None) -> bool:
        """The operator speaks, as the nick "server". The chat arrives through
        chat_posted once stored; False if there was nothing to send."""
        text = clean_text(text).strip("\n")
        if not text:
            return False
        if to is not None and self.room.owner(to) is None:
            self.error_occurred.emit(self.tr("No user called {nick} is connected.").format(nick=to))
            return False
        self.delivery.post(OPERATOR_NICK, text, to, False)
        return True

    def kick(self, peer: Peer, reason: str = "kicked by the operator") -> None:
        # The "kicked" error tells a chatapp client not to come back by itself.
        peer.connection.send(Error(codes.KICKED, reason))
        peer.connection.send(Bye(reason))
        peer.connection.close(reason)

    # --- admitting connections -----------------------------------------------

    def _on_listener_turned_away(self, address: str, sentence: str) -> None:
        self.notice_posted.emit(
            self.tr("refused {address}: {reason}").format(address=address, reason=sentence)
        )

    def _admit(self, socket: QTcpSocket, address: str) -> None:
        connection = ConnectionService(
            Role.SERVER, socket, self,
            max_send_queue=self.config.max_send_queue, **self.config.session_limits(),
        )
        config = self.config
        peer = Peer(connection, address=address)
        peer.flood = FloodControl(
            config.flood_rate, config.flood_burst, config.flood_grace, time.monotonic()
        )
        gate = self.admission.password_gate
        peer.handshake = ServerHandshake(
            started=time.monotonic(), password=config.password,
            hello_timeout=config.hello_timeout, first_line_timeout=config.first_line_timeout,
            verdict_time=lambda correct, now: gate.attempt(address, correct, now),
        )
        self._peers[connection] = peer
        # Its events come by direct call (the connection_* methods below), not
        # by signal: see ConnectionOwner.
        connection.set_owner(self)
        arm_deadline(peer)
        self.connection_accepted.emit(peer)

    # --- a connection's events (ConnectionOwner) -------------------------------

    def connection_first_data(self, connection: ConnectionService, chunk: bytes) -> None:
        peer = self._peers.get(connection)
        if peer is not None and peer.handshake is not None:
            peer.handshake.first_data(chunk, time.monotonic())
            arm_deadline(peer)

    def connection_deadline_passed(self, connection: ConnectionService) -> None:
        peer = self._peers.get(connection)
        if peer is None:
            return
        if peer.cut_off_for_flooding:
            cut_off(peer)
        elif peer.handshake is not None:
            events = peer.handshake.handle_timer(
                time.monotonic(), silent=connection.session.is_silent_newcomer
            )
            carry_out(peer, events, self._accept)

    def connection_closed(self, connection: ConnectionService) -> None:
        peer = self._peers.get(connection)
        if peer is not None:
            self._forget(peer, peer.connection.close_reason or "connection closed")

    def _is_present(self, peer: Peer) -> bool:
        """Still connected: its connection has not been forgotten (and deleted)."""
        return self._peers.get(peer.connection) is peer

    def _forget(self, peer: Peer, reason: str) -> None:
        """The peer is gone: free its nick and its place, and tell the room why."""
        connection = peer.connection
        if self._peers.pop(connection, None) is None:
            return
        self.admission.left(peer.address)
        if peer in self.room:
            self.room.leave(peer, reason, time.monotonic())
            self._presence_queued()
            self.notice_posted.emit(
                self.tr("{nick} left ({reason})").format(nick=peer.nick, reason=reason)
            )
        self.peer_left.emit(peer, reason)
        connection.deleteLater()

    def connection_liveness_changed(
        self, connection: ConnectionService, liveness: Liveness, reason: str
    ) -> None:
        peer = self._peers.get(connection)
        if peer is None or not peer.identified:
            return
        if liveness is Liveness.LATE:
            self.notice_posted.emit(
                self.tr("{nick} is late: {reason}").format(nick=peer.nick, reason=reason)
            )
        self.peer_updated.emit(peer)

    def connection_message(self, connection: ConnectionService, event: object) -> None:
        peer = self._peers.get(connection)
        if peer is None:
            return
        if peer.handshake is not None and type(event) not in (Ping, Pong):
            carry_out(peer, peer.handshake.receive(event, time.monotonic()), self._accept)
            if not peer.identified or type(event) in (Hello, Auth, NickChange):
                return  # the greeting was the whole event
        handler = self._handlers.get(type(event))
        if handler is not None:
            handler(peer, event)

    def _on_pong(self, peer: Peer, _pong: Pong) -> None:
        if peer.rtt_ms is not None:  # the heartbeat measured it
            self.peer_updated.emit(peer)

    def connection_lines_received(self, connection: ConnectionService, count: int) -> None:
        peer = self._peers.get(connection)
        if peer is not None:
            charge_lines(peer, count)

    # --- greeting ------------------------------------------------------------

    def _accept(self, peer: Peer, accepted: HandshakeAccepted) -> None:
        """The handshake is through: a JSON peer joins under its hello's nick
        (resuming if its token proves who it is), a plain one as a guest."""
        peer.handshake = None
        hello = accepted.hello
        if hello is None:
            peer.client_name = "plain text"
            self._join(peer, accepted.wanted)
            return
        identity = accepted.identity
        assert identity is not None
        if accepted.resumed:
            self._replace_stale_peer(identity, peer)
        peer.identity = identity
        # The server keys its de-duplication on the private key, never on the
        # public client_id a resume can claim (history.store's client_id).
        peer.client_id = identity.dedup_key
        peer.client_name = short_reason(hello.client, 64) or "unknown client"
        self._join(peer, hello.nick)
        self._send_backlog(peer, hello.resume.last_seq if hello.resume else None)

    def _replace_stale_peer(self, identity: SessionIdentity, newcomer: Peer) -> None:
        """A client that reconnects may find its old connection still here
        (its end died without a FIN): drop the old one so it gets its nick back.
        Only a connection of the same token is replaced: plain-text peers
        (no token) and other clients never are."""
        for old in self.room.members:
            if (
                old is not newcomer
                and old.identity is not None
                and old.identity.dedup_key == identity.dedup_key
            ):
                self._forget(old, "reconnected")
                old.connection.abort()

    def _join(self, peer: Peer, wanted: str) -> None:
        peer.connection.set_deadline(None)
        # Only a newcomer's first bytes matter to the server (JSON or text?):
        # no Python call per chunk for the rest of the connection.
        peer.connection.stop_reporting_data()
        heartbeat = HeartbeatSettings(self.config.heartbeat_interval, self.config.heartbeat_timeout)
        if peer.connection.session.mode is Mode.PLAIN:
            peer.connection.start_heartbeat(None, self.config.plain_idle_timeout)
        else:
            peer.connection.start_heartbeat(heartbeat.interval, heartbeat.timeout)
        rate_limit = (
            RateLimit(self.config.flood_rate, self.config.flood_burst)
            if self.config.flood_rate > 0
            else None
        )
        identity = peer.identity
        self.room.join(peer, wanted, time.monotonic())
        self._presence_queued()
        # The welcome's user list covers every notice so far, its own join too.
        peer.connection.send(
            Welcome(peer.nick, identity.public_id if identity else "", heartbeat,
                    tuple(self.users()), last_seq=self.history.last_seq,
                    rate_limit=rate_limit, resume_token=identity.token if identity else None)
        )
        self.notice_posted.emit(
            self.tr("{nick} joined from {endpoint}").format(nick=peer.nick, endpoint=peer.endpoint)
        )
        self.peer_joined.emit(peer)

    def _send_backlog(self, peer: Peer, last_seq: int | None) -> None:
        """The last messages for a newcomer, or all it missed for a resume.

        Read and sent a page at a time, paced by the peer's reading and by
        turns per address (backlog.py); live chats skip the peer until the
        last page, so nothing is missed or sent twice.
        """
        self._backlogs.start(peer, last_seq)

    # --- a greeted peer ------------------------------------------------------

    def _on_who(self, peer: Peer, _event: WhoRequest) -> None:
        self._flush_presence()  # the notices first, then the list they lead to
        peer.connection.send(Users(tuple(self.users())))

    def _on_say(self, peer: Peer, say: Say) -> None:
        text = clean_text(say.text).strip("\n")
        if not text.strip():
            peer.connection.send(Error(codes.BAD_FIELD, "the message is empty", say.id))
            return
        if say.to is not None and not self.room.knows(say.to):
            peer.connection.send(
                Error(codes.UNKNOWN_USER, f"no user called {say.to[:40]} is here", say.id)
            )
            return
        self.delivery.post(peer.nick, text, say.to, say.me, peer, say.id)

    def _on_nick_change(self, peer: Peer, change: NickChange) -> None:
        try:
            old = self.room.rename(peer, change.nick, time.monotonic())
        except RenameRefusedError as refusal:
            peer.connection.send(Error(codes.INVALID_NICK, str(refusal)))
            return
        self._presence_queued()
        self.notice_posted.emit(
            self.tr("{old} is now known as {nick}").format(old=old, nick=peer.nick)
        )
        self.peer_updated.emit(peer)

    # --- presence batches (the room decides, a timer wakes it) -----------------

    def _presence_queued(self) -> None:
        due = self.room.next_deadline()
        if due is not None and not self._presence_timer.isActive():
            self._presence_timer.start(max(0, round((due - time.monotonic()) * 1000)))

    def _flush_presence(self) -> None:
        """Send the queued room notices: each peer gets, in one write, those its
        welcome did not already cover."""
        self._presence_timer.stop()
        write_plan(self.room.flush_presence())
        if self.room.take_users_changed():
            self.users_changed.emit(self.users())
