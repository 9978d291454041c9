"""What arrived of a numbered stream: each arrival marked new, duplicate or out
of order, and which numbers never came. Plain Python, so the marks are tested
without sockets."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

_NUMBERED = re.compile(rb"message (\d{1,9})")
# More than a lesson ever sends; a higher number is not ours (and listing the gaps
# below a forged "message 999999999" would take forever).
MAX_MESSAGES = 10_000


def numbered_message(number: int) -> bytes:
    """The lab's messages: readable at a netcat on the receiving machine."""
    return b"message %d" % number


def message_number(payload: bytes) -> int | None:
    match = _NUMBERED.fullmatch(payload.strip())
    number = int(match.group(1)) if match else None
    return number if number is not None and number < MAX_MESSAGES else None


class Mark(enum.Enum):
    IN_ORDER = "in order"
    OUT_OF_ORDER = "out of order"  # a higher number had arrived before it
    DUPLICATE = "duplicate"  # it had arrived already


@dataclass(frozen=True)
class Arrival:
    number: int
    mark: Mark
    at_s: float  # since the run started


class ArrivalLog:
    def __init__(self, expected: int | None = None) -> None:
        """`expected`: how many were sent (None when another machine sends: then the
        missing ones are the gaps below the highest number seen)."""
        self.expected = expected
        self.arrivals: list[Arrival] = []
        self.unreadable = 0  # datagrams that were not the lab's numbered messages
        self._seen: set[int] = set()
        self._highest = -1

    def add(self, number: int, at_s: float) -> Arrival | None:
        """Log one arrival; None for a number that was never sent (a stranger's)."""
        if self.expected is not None and not 0 <= number < self.expected:
            self.unreadable += 1
            return None
        if number in self._seen:
            mark = Mark.DUPLICATE
        elif number < self._highest:
            mark = Mark.OUT_OF_ORDER
        else:
            mark = Mark.IN_ORDER
        self._seen.add(number)
        self._highest = max(self._highest, number)
        arrival = Arrival(number, mark, at_s)
        self.arrivals.append(arrival)
        return arrival

    @property
    def delivered(self) -> int:
        return len(self._seen)

    def count(self, mark: Mark) -> int:
        return sum(1 for a in self.arrivals if a.mark is mark)

    def missing(self) -> list[int]:
        end = self.expected if self.expected is not None else self._highest + 1
        return [n for n in range(end) if n not in self._seen]

    @property
    def complete(self) -> bool:
        return self.expected is not None and self.delivered >= self.expected

    @property
    def last_at_s(self) -> float | None:
        return self.arrivals[-1].at_s if self.arrivals else None
