"""Flood control: a token bucket per connection (no clock: the caller passes `now`).

`burst` messages may arrive at once; after that, `rate` per second. A bucket
with rate 0 never limits (for benchmarks).
"""

from __future__ import annotations


class TokenBucket:
    __slots__ = ("rate", "burst", "_tokens", "_updated")

    def __init__(self, rate: float, burst: int, now: float) -> None:
        self.rate = rate
        self.burst = burst
        self._tokens = float(burst)
        self._updated = now

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def _refill(self, now: float) -> None:
        self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    def take(self, now: float) -> bool:
        """Spend one token for a message; False when the sender is over the limit."""
        if not self.enabled:
            return True
        self._refill(now)
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False

    def wait_time(self, now: float) -> float:
        """Seconds until the next message would be allowed."""
        if not self.enabled:
            return 0.0
        self._refill(now)
        return max(0.0, (1 - self._tokens) / self.rate)

    def is_full(self, now: float) -> bool:
        self._refill(now)
        return self._tokens >= self.burst
