"""How long a client waits before it tries to reconnect (no clock, no I/O).

Exponential backoff with jitter: 0.5 s, 1 s, 2 s ... up to 30 s, each delay
drawn from its upper half, so a room full of clients that lost the same
server do not all come back in the same millisecond.
"""

from __future__ import annotations

import random

FIRST_DELAY = 0.5
MAX_DELAY = 30.0


class Backoff:
    def __init__(self, first: float = FIRST_DELAY, cap: float = MAX_DELAY,
                 rng: random.Random | None = None) -> None:
        self.first = first
        self.cap = cap
        self.attempt = 0
        self._rng = rng or random.Random()

    def next_delay(self) -> float:
        """The wait before the next attempt; each call counts one attempt."""
        ceiling = min(self.cap, self.first * 2**self.attempt)
        self.attempt += 1
        return self._rng.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        """The connection worked: start again from the shortest delay."""
        self.attempt = 0
