"""Writes a room's fan-out plan (protocol/room.py): the same bytes to a
group of connections in one loop, or one peer's own bytes."""

from __future__ import annotations

from ..protocol.room import FanOut
from .connection import ConnectionService


def write_plan(plan: FanOut) -> None:
    for connections, data, count in plan:
        if len(connections) == 1:
            connections[0].send_raw(data, count)
        else:
            ConnectionService.send_raw_to_each(connections, data, count)
