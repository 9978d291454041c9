"""ChatServer: the room. A QTcpServer accepts peers; each peer is one
ConnectionService; this class admits them, gives them nicks, stores the chat
and routes it to everyone who should see it.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QHostAddress, QTcpServer, QTcpSocket

from ..protocol import (
    Ack,
    Auth,
    Bye,
    Challenge,
    Chat,
    Error,
    HeartbeatSettings,
    Hello,
    HelpRequest,
    Join,
    Leave,
    Message,
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
    encode_message,
    nick_problem,
)
from ..protocol import errors as codes
from ..protocol.auth import OneTimeChallenge
from ..protocol.flood import FloodControl
from ..protocol.heartbeat import Liveness
from ..protocol.plaintext import HELP_TEXT, SILENT_NEWCOMER_GREETING
from ..protocol.resume_token import SessionIdentity, identity_from_token, new_identity
from ..protocol.session import Mode
from .admission import Admission
from .backlog import Backlogs
from .connection import ConnectionService
from .history import visible_to
from .history_store import HistoryResults, HistoryStore, Stored
from .nick_registry import NickRegistry
from .peer import Peer
from .server_config import ServerConfig
from .socket_errors import NetError, describe_socket_error

DEFAULT_HOST = "0.0.0.0"
DEFAULT_PORT = 2000
OPERATOR_NICK = "server"
PLAIN_NICK_PREFIX = "guest"
MAX_REASON_LENGTH = 200  # a leave reason is shown to everyone: keep it a sentence
# Joins, leaves and nick changes wait at most this long to go out together:
# when a building's clients all come back at once, each peer gets one write
# per batch instead of one per newcomer (which is n^2 writes for n clients).
PRESENCE_BATCH_MS = 50
# Each batch is one write per peer; in a big room batches go out less often,
# so that joins cost at most about this many writes a second (10,000 peers: a
# batch every 0.5 s), leaving the server time for the chat itself.
PRESENCE_WRITES_PER_S = 20_000
LISTEN_BACKLOG = 1024
# Someone at netcat who has typed nothing after this long is told how to chat.
SILENT_NEWCOMER_DELAY = 1.0
# A deadline that fires this close to its limit counts as reached.
DEADLINE_SLACK = 0.01  # the kernel caps it at net.core.somaxconn
# A flood warned and cut off by the same read is closed this long after the
# warning, reading nothing meanwhile: the close resets a connection whose input
# is unread, and a client that then stops reading would never see why.
FLOOD_CUT_OFF_DELAY = 0.5


def _short(text: str, limit: int = MAX_REASON_LENGTH) -> str:
    return clean_text(text).replace("\n", " ")[:limit]


@dataclass(frozen=True, slots=True)
class _Said:
    """store()'s tag for a peer's chat: whom to acknowledge (or tell), and its id."""

    peer: Peer
    id: str


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
        self._tcp = QTcpServer(self)
        self._tcp.setMaxPendingConnections(128)
        # The kernel's queue of connections not yet accepted (Qt's default is 50):
        # when a building's clients all reconnect at once, a short queue drops
        # their SYNs and each retries after 1, 2, 4... seconds.
        self._tcp.setListenBacklogSize(LISTEN_BACKLOG)
        self._tcp.newConnection.connect(self._on_tcp_new_connection)
        self._tcp.acceptError.connect(self._on_tcp_accept_error)
        self._peers: dict[ConnectionService, Peer] = {}
        # Acks in commit order, each held until its chat is on the disk.
        self._unsynced_acks: deque[tuple[Peer, Ack]] = deque()
        # The store's one channel back: stored chats, failures, the disk's progress.
        self.history.results.connect(self._on_history_results)
        # History for newcomers and resumes, a page at a time (backlog.py).
        self._backlogs = Backlogs(self.history, self)
        self.peer_left.connect(self._backlogs.cancel)
        # While chats cannot be stored: the sentence the room was told.
        self._storage_failure: str | None = None
        self.peer_joined.connect(self._warn_newcomer_if_storage_failing)
        # Room notices (join, leave, nick change) not yet sent, with their
        # encodings; the first of them has number _presence_base.
        self._presence: list[tuple[Message, dict[str, bytes]]] = []
        self._presence_base = 0
        self._users_changed = False
        self._presence_timer = QTimer(self, singleShot=True, interval=PRESENCE_BATCH_MS)
        self._presence_timer.timeout.connect(self._flush_presence)
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
        if to is not None and self._nicks.owner(to) is None:
            self.error_occurred.emit(self.tr("No user called {nick} is connected.").format(nick=to))
            return False
        self._post(OPERATOR_NICK, text, to, False)
        return True

    def kick(self, peer: Peer, reason: str = "kicked by the operator") -> None:
        # The "kicked" error tells a chatapp client not to come back by itself.
        peer.connection.send(Error(codes.KICKED, reason))
        peer.connection.send(Bye(reason))
        peer.connection.close(reason)

    # --- admitting connections -----------------------------------------------

    def _on_tcp_new_connection(self) -> None:
        while self._tcp.hasPendingConnections():
            socket = self._tcp.nextPendingConnection()
            address = socket.peerAddress().toString()
            refusal = self.admission.refusal(address)
            if refusal is not None:
                self._turn_away(socket, *refusal)
                continue
            self.admission.admitted(address)
            self._admit(socket, address)

    def _turn_away(self, socket: QTcpSocket, code: str, sentence: str) -> None:
        # One JSON line: a chatapp client shows the sentence, and so does netcat.
        socket.write(encode_message(Error(code, sentence)))
        socket.disconnected.connect(socket.deleteLater)
        socket.disconnectFromHost()
        self.notice_posted.emit(
            self.tr("refused {address}: {reason}").format(
                address=socket.peerAddress().toString(), reason=sentence
            )
        )

    def _admit(self, socket: QTcpSocket, address: str) -> None:
        connection = ConnectionService(
            Role.SERVER, socket, self,
            max_send_queue=self.config.max_send_queue, **self.config.session_limits(),
        )
        peer = Peer(connection, address=address)
        config = self.config
        peer.flood = FloodControl(
            config.flood_rate, config.flood_burst, config.flood_grace, time.monotonic()
        )
        self._peers[connection] = peer
        # Its events come by direct call (the connection_* methods below), not
        # by signal: see ConnectionOwner.
        connection.set_owner(self)
        # Until it identifies itself, a peer has a deadline counted from now;
        # the first one comes sooner, to greet someone who waits in silence.
        connection.set_deadline(min(SILENT_NEWCOMER_DELAY, self.config.first_line_timeout))
        self.connection_accepted.emit(peer)

    def _on_tcp_accept_error(self, code: object) -> None:
        self.error_occurred.emit(describe_socket_error(code, self._host, self.port))  # type: ignore[arg-type]

    # --- a connection's events (ConnectionOwner) -------------------------------

    def connection_first_data(self, connection: ConnectionService, chunk: bytes) -> None:
        peer = self._peers.get(connection)
        if peer is None or peer.identified or peer.speaks_json:
            return
        if chunk.lstrip()[:1] == b"{":
            # It speaks JSON: a program, which has much less time to say hello.
            peer.speaks_json = True
            elapsed = time.time() - peer.connection.connected_at
            remaining = max(0.0, self.config.hello_timeout - elapsed)
            peer.connection.set_deadline(remaining)

    def connection_deadline_passed(self, connection: ConnectionService) -> None:
        peer = self._peers.get(connection)
        if peer is not None and peer.cut_off_for_flooding:
            self._refuse(peer, codes.FLOODING, "flooding: too many messages for too long")
            return
        if peer is None or peer.identified:
            return
        if peer.password_verdict is not None:
            self._give_password_verdict(peer)
            return
        limit = self.config.hello_timeout if peer.speaks_json else self.config.first_line_timeout
        remaining = limit - (time.time() - connection.connected_at)
        if remaining > DEADLINE_SLACK:
            if connection.session.is_silent_newcomer and not peer.greeted_while_silent:
                # Only to a peer that has sent nothing: a program speaks first,
                # so JSON clients never see this.
                peer.greeted_while_silent = True
                connection.send(SILENT_NEWCOMER_GREETING)
            connection.set_deadline(remaining)
            return
        what = "hello" if peer.speaks_json else "first line"
        self._refuse(peer, codes.HANDSHAKE_TIMEOUT, f"no {what} within {limit:g} s")

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
        if peer.identified:
            self._nicks.release(peer.nick)
            self._queue_presence(Leave(peer.nick, reason))
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
        if peer is None or isinstance(event, Ping):
            return  # keepalive is answered by the connection itself
        if isinstance(event, Pong):
            if connection.rtt_ms is not None:  # measured by the connection's heartbeat
                peer.rtt_ms = connection.rtt_ms
                self.peer_updated.emit(peer)
            return
        if not peer.identified:
            self._greet(peer, event)
            if not peer.identified or isinstance(event, (Hello, Auth, NickChange)):
                return  # the greeting was the whole event
        self._handle(peer, event)

    def connection_lines_received(self, connection: ConnectionService, count: int) -> None:
        peer = self._peers.get(connection)
        if peer is not None:
            self._flooding(peer, count)

    def _flooding(self, peer: Peer, lines: int) -> None:
        """Every line a peer sends is charged (FloodControl), before any is
        handled: warn, then read nothing more until it is within the limit,
        then disconnect."""
        verdict = peer.flood.lines_received(lines, time.monotonic())
        if verdict.warn:
            peer.connection.send(Error(codes.RATE_LIMITED, (
                f"Slow down: at most {peer.flood.rate:g} messages per second. "
                "Your messages are being delayed."
            )))
        if verdict.cut_off and verdict.warn:
            peer.cut_off_for_flooding = True  # the warning first (FLOOD_CUT_OFF_DELAY)
            peer.connection.hold_input()
            peer.connection.set_deadline(FLOOD_CUT_OFF_DELAY)
        elif verdict.cut_off:
            self._refuse(peer, codes.FLOODING, "flooding: too many messages for too long")
        elif verdict.pause:
            peer.connection.pause_reading(verdict.pause)

    # --- greeting ------------------------------------------------------------

    def _greet(self, peer: Peer, event: object) -> None:
        """Give the peer its nick: from hello (after the password, if any), or
        a guest nick for a plain-text peer."""
        if isinstance(event, Bye):
            peer.connection.close(_short(event.reason) or "quit")
        elif isinstance(event, Hello):
            self._on_hello(peer, event)
        elif isinstance(event, Auth) and peer.pending_hello is not None:
            self._on_auth(peer, event)
        elif peer.pending_hello is not None:
            peer.connection.send(Error(codes.AUTH_REQUIRED, "answer the password challenge first"))
        elif self.config.password is not None:
            self._refuse(peer, codes.PASSWORD_REQUIRED,
                         "This room has a password; join with the chatapp client.")
        else:  # a plain-text peer's first line
            peer.client_name = "plain text"
            wanted = (
                event.nick
                if isinstance(event, NickChange) and not nick_problem(event.nick)
                else ""
            )
            if not wanted:
                self._guest_count += 1
                wanted = f"{PLAIN_NICK_PREFIX}{self._guest_count}"
            self._join(peer, wanted)

    def _on_hello(self, peer: Peer, hello: Hello) -> None:
        problem = nick_problem(hello.nick)
        if problem:
            self._refuse(peer, codes.INVALID_NICK, f"{problem}.")
        elif self.config.password is not None:
            peer.pending_hello = hello
            peer.challenge = OneTimeChallenge()
            peer.connection.send(Challenge(peer.challenge.nonce))
        else:
            self._accept_hello(peer, hello)

    def _on_auth(self, peer: Peer, auth: Auth) -> None:
        """The answer is checked now but told only when the address's password
        gate says (PasswordGate): until then nothing more from this connection
        is handled, so nothing it pipelined behind the auth can hint at the
        verdict, and its nonce has had its one answer."""
        assert self.config.password is not None and peer.challenge is not None
        correct = peer.challenge.check(self.config.password, auth.mac)
        now = time.monotonic()
        verdict_at = self.admission.password_gate.attempt(peer.address, correct, now)
        peer.password_verdict = correct
        peer.connection.hold_input()
        peer.connection.set_deadline(verdict_at - now)  # the verdict comes when it passes

    def _give_password_verdict(self, peer: Peer) -> None:
        correct, peer.password_verdict = peer.password_verdict, None
        hello, peer.pending_hello = peer.pending_hello, None
        if not correct or hello is None:
            self._refuse(peer, codes.WRONG_PASSWORD, "Wrong password.")
            return
        self._accept_hello(peer, hello)
        peer.connection.release_input()  # what it sent after the auth, in order

    def _accept_hello(self, peer: Peer, hello: Hello) -> None:
        resume = hello.resume
        # Only the token proves who resumes; a missing, empty or malformed one
        # makes a fresh session, which replaces nobody.
        identity = identity_from_token(resume.token) if resume else None
        if identity is not None:
            self._replace_stale_peer(identity, peer)
        else:
            identity = new_identity()
        peer.identity = identity
        # The server keys its de-duplication on the private key, never on the
        # public client_id a resume can claim (history.store's client_id).
        peer.client_id = identity.dedup_key
        peer.client_name = _short(hello.client, 64) or "unknown client"
        self._join(peer, hello.nick)
        self._send_backlog(peer, resume.last_seq if resume else None)

    def _replace_stale_peer(self, identity: SessionIdentity, newcomer: Peer) -> None:
        """A client that reconnects may find its old connection still here
        (its end died without a FIN): drop the old one so it gets its nick back.
        Only a connection of the same token is replaced: plain-text peers
        (no token) and other clients never are."""
        for old in self.peers:
            if (
                old is not newcomer
                and old.identified
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
        peer.nick = self._nicks.claim(wanted, peer)
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
        peer.connection.send(
            Welcome(peer.nick, identity.public_id if identity else "", heartbeat,
                    tuple(self.users()), last_seq=self.history.last_seq,
                    rate_limit=rate_limit, resume_token=identity.token if identity else None)
        )
        self._queue_presence(Join(peer.nick))
        # The welcome's user list covers every notice so far, its own join too.
        peer.presence_from = self._presence_base + len(self._presence)
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

    def _refuse(self, peer: Peer, code: str, message: str) -> None:
        peer.connection.send(Error(code, message))
        peer.connection.close(code if code != codes.HANDSHAKE_TIMEOUT else message)

    # --- a greeted peer ------------------------------------------------------

    def _handle(self, peer: Peer, event: object) -> None:
        if isinstance(event, Say):
            self._on_say(peer, event)
        elif isinstance(event, NickChange):
            self._rename(peer, event.nick)
        elif isinstance(event, WhoRequest):
            self._flush_presence()  # the notices first, then the list they lead to
            peer.connection.send(Users(tuple(self.users())))
        elif isinstance(event, HelpRequest):
            peer.connection.send(HELP_TEXT)
        elif isinstance(event, Bye):
            peer.connection.close(_short(event.reason) or "quit")

    def _on_say(self, peer: Peer, say: Say) -> None:
        text = clean_text(say.text).strip("\n")
        if not text.strip():
            peer.connection.send(Error(codes.BAD_FIELD, "the message is empty", say.id))
            return
        if (
            say.to is not None
            and self._nicks.owner(say.to) is None
            and say.to.casefold() != OPERATOR_NICK
        ):
            peer.connection.send(
                Error(codes.UNKNOWN_USER, f"no user called {say.to[:40]} is here", say.id)
            )
            return
        # Plain-text peers have no message ids to resend, so nothing to de-duplicate.
        message_id = "" if peer.is_plain else say.id
        self._post(peer.nick, text, say.to, say.me, peer.client_id, message_id,
                   _Said(peer, say.id))

    def _post(
        self, sender: str, text: str, to: str | None, me: bool,
        client_id: str = "", message_id: str = "", said: _Said | None = None,
    ) -> None:
        """Store one chat; it is delivered once committed (a killed server
        keeps it), and `said` (a peer's Say) acknowledged once it is on the
        disk (_on_history_results). A resend is only acknowledged."""
        if to is not None:
            owner = self._nicks.owner(to)
            to = owner.nick if owner else OPERATOR_NICK
        self.history.store(sender, text, to, me, client_id, message_id, said)

    def _on_history_results(self, results: HistoryResults) -> None:
        """What the store finished, in commit order: deliver the stored chats,
        queue their acks, tell the senders of those not stored, and send the
        acks whose chats are now on the disk."""
        for sentence in results.problems:
            self.error_occurred.emit(sentence)
        if results.stored:
            if not results.sync_broken:
                self._storage_failure = None  # storing works (again)
            self._send_stored(results.stored)
        for lost in results.not_stored:
            self._tell_room_storage_failed(
                f"The server cannot save messages ({lost.reason}): nothing said now reaches "
                "anyone. The server's operator has been told."
            )
            said = lost.tag
            if isinstance(said, _Said) and self._is_present(said.peer):
                said.peer.connection.send(Error(codes.STORAGE_FAILED, (
                    f"Your message was not saved ({lost.reason}), so nobody received it. "
                    "Try again later, and tell the server's operator."
                ), said.id))
        self._send_synced_acks()  # the disk may have caught up already

    def _tell_room_storage_failed(self, sentence: str) -> None:
        """Once, when storing starts failing; newcomers are told while it lasts."""
        if self._storage_failure is not None:
            return
        self._storage_failure = sentence
        notice = Error(codes.STORAGE_FAILED, self._storage_failure)
        for peer in list(self._peers.values()):
            if peer.identified:
                peer.connection.send(notice)

    def _warn_newcomer_if_storage_failing(self, peer: Peer) -> None:
        if self._storage_failure is not None and self._is_present(peer):
            peer.connection.send(Error(codes.STORAGE_FAILED, self._storage_failure))

    def _send_stored(self, stored: list[Stored]) -> None:
        """Deliver the chats just stored, then queue their acks.

        A busy room stores many chats per commit (group commit): each peer gets
        all of them in one write, encoded once per batch, rather than one write
        per chat per peer. Each sender's ack still follows its chat."""
        self._flush_presence()  # a newcomer's join before its first words
        chats = [item.chat for item in stored if not item.duplicate]  # a resend: ack only
        if chats:
            self._broadcast_chats(chats)
            for chat in chats:
                self.chat_posted.emit(chat)
        for item in stored:
            if isinstance(item.tag, _Said):
                self._unsynced_acks.append((item.tag.peer, Ack(item.tag.id, item.chat.seq)))

    def _send_synced_acks(self) -> None:
        """Acknowledge the chats that are on the disk: an ack promises that the
        chat outlives a power cut. A sender's acks go out in one write."""
        synced = self.history.synced_seq
        acks: dict[Peer, list[Ack]] = {}
        waiting = self._unsynced_acks
        while waiting and waiting[0][1].seq <= synced:
            peer, ack = waiting.popleft()
            acks.setdefault(peer, []).append(ack)
        for peer, peer_acks in acks.items():
            # A peer that has left gets no ack (its connection is deleted);
            # its client resends, and is acknowledged then.
            if self._is_present(peer):
                peer.connection.send_many(peer_acks)
        if self.history.sync_broken:
            self._refuse_unsyncable_acks()

    def _refuse_unsyncable_acks(self) -> None:
        """The disk refused a flush: chats shown since then may not survive a
        power cut, and an ack would promise that. Their senders are told."""
        self._tell_room_storage_failed(
            "The server's disk refused to write the chat history: messages are shown but "
            "may be lost if the server stops. The server's operator has been told."
        )
        while self._unsynced_acks:
            peer, ack = self._unsynced_acks.popleft()
            if self._is_present(peer):
                peer.connection.send(Error(codes.STORAGE_FAILED, (
                    "Your message was shown but could not be written to the disk; "
                    "it may be lost if the server stops. Tell the server's operator."
                ), ack.id))

    def _rename(self, peer: Peer, wanted: str) -> None:
        problem = nick_problem(wanted)
        if problem:
            peer.connection.send(Error(codes.INVALID_NICK, f"{problem}."))
            return
        if not self._nicks.is_free_for(wanted, peer):
            peer.connection.send(Error(
                codes.INVALID_NICK, f"the nick {wanted} is taken or looks like one that is"))
            return
        old = peer.nick
        self._nicks.release(old)
        peer.nick = self._nicks.claim(wanted, peer)
        self._queue_presence(NickChange(peer.nick, old))
        self.notice_posted.emit(
            self.tr("{old} is now known as {nick}").format(old=old, nick=peer.nick)
        )
        self.peer_updated.emit(peer)

    def _queue_presence(self, message: Message) -> None:
        """A join, leave or nick change for the whole room, sent with the others
        of its batch (_flush_presence): within PRESENCE_BATCH_MS, longer in a big
        room (_presence_interval_ms)."""
        self._presence.append((message, {}))
        self._users_changed = True
        if not self._presence_timer.isActive():
            self._presence_timer.start(self._presence_interval_ms())

    def _presence_interval_ms(self) -> int:
        return max(PRESENCE_BATCH_MS, 1000 * len(self._peers) // PRESENCE_WRITES_PER_S)

    def _flush_presence(self) -> None:
        """Send the queued room notices: each peer gets, in one write, those its
        welcome did not already cover."""
        self._presence_timer.stop()
        notices, base = self._presence, self._presence_base
        self._presence = []
        self._presence_base = base + len(notices)
        whole: dict[Mode, bytes] = {}  # all notices, per mode: what almost every peer gets
        # A snapshot: a send may drop a peer.
        for peer in list(self._peers.values()) if notices else ():
            if not peer.nick:
                continue
            skip = peer.presence_from - base
            session = peer.connection.session
            if skip <= 0:
                data = whole.get(session.mode)
                if data is None:
                    data = whole[session.mode] = b"".join(
                        [session.send(message, cache) for message, cache in notices]
                    )
                count = len(notices)
            else:
                mine = notices[skip:]
                data = b"".join([session.send(message, cache) for message, cache in mine])
                count = len(mine)
            if count:
                peer.connection.send_raw(data, count_message=count)
        if self._users_changed:
            self._users_changed = False
            self.users_changed.emit(self.users())

    def _broadcast_chats(self, chats: list[Chat]) -> None:
        """Chats in seq order to everyone who may see them, one write per peer."""
        shared: list[dict[str, bytes]] = [{} for _ in chats]  # one encoding per chat and mode
        # Private chats go to their two ends only; everyone else gets the same
        # bytes, joined once per mode (JSON, plain text).
        involved = {name.casefold() for chat in chats if chat.to for name in (chat.sender, chat.to)}
        pairs = list(zip(chats, shared, strict=True))
        public = [(chat, cache) for chat, cache in pairs if chat.to is None]
        count = len(public)
        audiences: defaultdict[Mode, list[ConnectionService]] = defaultdict(list)  # public chats
        # A snapshot: a send can drop a peer that stopped reading (and _forget it).
        for peer in list(self._peers.values()):
            if not peer.nick or peer.catching_up:  # not identified; or its backlog has them
                continue
            connection = peer.connection
            if involved and peer.nick.casefold() in involved:
                session = connection.session
                parts = [session.send(chat, cache) for chat, cache in pairs
                         if visible_to(chat, peer.nick)]
                if parts:
                    connection.send_raw(b"".join(parts), len(parts))
            elif count:
                audiences[connection.session.mode].append(connection)
        for connections in audiences.values():
            # The same bytes for a whole mode (JSON, plain text), encoded once.
            session = connections[0].session
            data = b"".join([session.send(chat, cache) for chat, cache in public])
            ConnectionService.send_raw_to_each(connections, data, count)
