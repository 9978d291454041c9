"""Who handles a connection's events by direct call (the server, for its peers)."""

from __future__ import annotations

from typing import Protocol, TypeVar

from ..protocol.heartbeat import Liveness
from ..protocol.session import Event

# The connection type (a ConnectionService) as a parameter, so this module need
# not import connection.py, which imports it: no circle, not even for types.
ConnectionT = TypeVar("ConnectionT", contravariant=True)


class ConnectionOwner(Protocol[ConnectionT]):
    """No Qt signal connection per peer, and no QObject.sender(), which scans
    every connection its receiver has, so it is slow with thousands of peers.
    The connection's signals are still emitted afterwards, for observers."""

    def connection_message(self, connection: ConnectionT, event: Event) -> None: ...

    def connection_first_data(self, connection: ConnectionT, chunk: bytes) -> None:
        """Every chunk until the owner calls connection.stop_reporting_data()."""

    def connection_lines_received(self, connection: ConnectionT, count: int) -> None:
        """A chunk held `count` lines (all of them: blank, malformed, pings...),
        told before any of its events is handled, so the owner may pause or
        close the connection first (flood control)."""

    def connection_closed(self, connection: ConnectionT) -> None: ...

    def connection_liveness_changed(
        self, connection: ConnectionT, liveness: Liveness, reason: str
    ) -> None: ...

    def connection_deadline_passed(self, connection: ConnectionT) -> None: ...
