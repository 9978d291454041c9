"""What a two-lane sequence diagram shows: each end's calls and kernel states,
and the segments between the ends, each stamped with the lab's clock."""

from __future__ import annotations

import enum
from dataclasses import dataclass

CLIENT = "client"
SERVER = "server"


def other_end(end: str) -> str:
    return SERVER if end == CLIENT else CLIENT


class EventKind(enum.Enum):
    CALL = "call"  # the program called the socket API (connect(), close()...)
    STATE = "state"  # the kernel's TCP state of this end changed
    SEGMENT = "segment"  # a segment from `end` to the other end (SYN, FIN, RST...)
    NOTE = "note"  # something worth saying about this end (EOF read, bind failed)


@dataclass(frozen=True)
class LaneEvent:
    t: float  # seconds since the lab started
    kind: EventKind
    end: str  # CLIENT or SERVER; for a segment, the end that sent it
    text: str
