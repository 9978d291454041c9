"""One connected client, as the server sees it."""

from __future__ import annotations

from dataclasses import dataclass

from ..protocol import Mode
from .connection import ConnectionService


@dataclass(eq=False)
class Peer:
    connection: ConnectionService
    nick: str = ""  # empty until identified (hello, or a plain peer's first line)
    client_id: str = ""
    client_name: str = ""
    rtt_ms: float | None = None
    # True while its history read is queued: live chats would arrive twice.
    catching_up: bool = False

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
