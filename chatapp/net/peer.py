"""One connected client, as the server sees it."""

from __future__ import annotations

from dataclasses import dataclass

from ..protocol import Hello, Mode
from ..protocol.flood import TokenBucket
from .connection import ConnectionService


@dataclass(eq=False, slots=True)  # slots: a server holds thousands
class Peer:
    connection: ConnectionService
    address: str = ""  # the peer's IP, as admission counts it
    nick: str = ""  # empty until identified (hello, or a plain peer's first line)
    client_id: str = ""
    client_name: str = ""
    rtt_ms: float | None = None
    # True while its history read is queued: live chats would arrive twice.
    catching_up: bool = False
    # The first room notice (join, leave, nick change) this peer still needs:
    # its welcome already told it about everything before (ChatServer._presence).
    presence_from: int = 0
    # Greeting: whether it spoke JSON (a shorter deadline), the password
    # challenge under way, and a wrong answer waiting for its slowed refusal.
    speaks_json: bool = False
    pending_hello: Hello | None = None
    nonce: str = ""
    wrong_password: bool = False
    # Flood control.
    flood: TokenBucket | None = None
    flood_strikes: int = 0

    @property
    def identified(self) -> bool:
        return bool(self.nick)

    @property
    def is_plain(self) -> bool:
        return self.connection.session.mode is Mode.PLAIN

    @property
    def endpoint(self) -> str:
        return self.connection.peer_endpoint

    @property
    def connected_at(self) -> float:
        return self.connection.connected_at
