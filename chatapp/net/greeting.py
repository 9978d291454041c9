"""Carries out a newcomer's handshake (protocol/handshake.py) on its
connection: the handshake decides, this only sends, holds input, closes and
arms the connection's deadline from `next_deadline()`."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ..protocol import Error
from ..protocol.handshake import (
    ClosePeer,
    HandshakeAccepted,
    HandshakeEvent,
    HoldInput,
    RefusePeer,
    ReleaseInput,
    SendToPeer,
)
from .connection import ConnectionService
from .peer import Peer


def carry_out(
    peer: Peer,
    events: list[HandshakeEvent],
    accepted: Callable[[Peer, HandshakeAccepted], None],
) -> None:
    for event in events:
        if type(event) is HandshakeAccepted:
            accepted(peer, event)
        else:
            _DO[type(event)](peer.connection, event)
    arm_deadline(peer)


def _refuse(connection: ConnectionService, event: RefusePeer) -> None:
    connection.send(Error(event.code, event.message))
    connection.close(event.close_reason)


# One entry per handshake event (HandshakeAccepted is the room's: carry_out).
_DO: dict[type, Callable[[ConnectionService, Any], None]] = {
    SendToPeer: lambda connection, event: connection.send(event.message),
    RefusePeer: _refuse,
    ClosePeer: lambda connection, event: connection.close(event.reason),
    HoldInput: lambda connection, _event: connection.hold_input(),
    ReleaseInput: lambda connection, _event: connection.release_input(),
}


def arm_deadline(peer: Peer) -> None:
    """The connection's deadline is the handshake's (none once it is over)."""
    handshake = peer.handshake
    due = handshake.next_deadline() if handshake is not None else None
    if due is not None:
        peer.connection.set_deadline(max(0.0, due - time.monotonic()))
