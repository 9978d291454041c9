"""One connected client, as the server sees it."""

from __future__ import annotations

from dataclasses import dataclass

from ..protocol import Mode
from ..protocol.flood import FloodControl
from ..protocol.handshake import ServerHandshake
from ..protocol.resume_token import SessionIdentity
from ..protocol.session import ProtocolSession
from .connection import ConnectionService


@dataclass(eq=False, slots=True)  # slots: a server holds thousands
class Peer:
    connection: ConnectionService
    address: str = ""  # the peer's IP, as admission counts it
    nick: str = ""  # empty until identified (hello, or a plain peer's first line)
    # A JSON peer's identity, proved by its resume token (None for plain peers).
    identity: SessionIdentity | None = None
    # The key the history de-duplicates this peer's resends on (history.store's
    # client_id): the identity's PRIVATE key, never the public welcome.client_id.
    # Empty for plain-text peers, which have no message ids to resend.
    client_id: str = ""
    client_name: str = ""
    # True while its history read is queued: live chats would arrive twice.
    catching_up: bool = False
    # The first room notice (join, leave, nick change) this peer still needs:
    # its welcome already told it about everything before (Room.flush_presence).
    presence_from: int = 0
    # Its greeting until it has joined (protocol/handshake.py); then None.
    handshake: ServerHandshake | None = None
    # Flood control: every line it sends is charged; a flood is cut off (after
    # its warning has had a moment to arrive) once this is set.
    flood: FloodControl | None = None
    cut_off_for_flooding: bool = False

    @property
    def identified(self) -> bool:
        return bool(self.nick)

    @property
    def rtt_ms(self) -> float | None:
        """Measured by the connection's heartbeat, the one owner of it."""
        return self.connection.rtt_ms

    @property
    def session(self) -> ProtocolSession:
        return self.connection.session

    @property
    def link(self) -> ConnectionService:
        """What the room's fan-out plan names: the connection to write to."""
        return self.connection

    @property
    def public_id(self) -> str:
        return self.identity.public_id if self.identity else ""

    @property
    def is_plain(self) -> bool:
        return self.connection.session.mode is Mode.PLAIN

    @property
    def endpoint(self) -> str:
        return self.connection.peer_endpoint

    @property
    def connected_at(self) -> float:
        return self.connection.connected_at
