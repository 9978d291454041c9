"""Watching what the server writes to whom, below the sockets.

Every byte a connection queues goes through ConnectionService.send_raw_to_each
(send_raw is that for one), so recording it there sees every write: what
batching promises (one write per peer per batch) can be counted.
"""

from __future__ import annotations

from chatapp.net.connection import ConnectionService


def record_writes(monkeypatch) -> list[tuple[ConnectionService, bytes, int]]:
    """From now on, each write queued on a connection: (connection, data, messages)."""
    writes: list[tuple[ConnectionService, bytes, int]] = []
    real = ConnectionService.send_raw_to_each

    def recording(connections, data: bytes, count_message: int) -> None:
        connections = list(connections)
        writes.extend((connection, data, count_message) for connection in connections)
        real(connections, data, count_message)

    monkeypatch.setattr(ConnectionService, "send_raw_to_each", staticmethod(recording))
    return writes
