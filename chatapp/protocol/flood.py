"""Flood control: a token bucket per connection (no clock: the caller passes `now`).

`burst` messages may arrive at once; after that, `rate` per second. A bucket
with rate 0 never limits (for benchmarks).

FloodControl is the server's whole rule for one peer, charged for EVERY line the
peer sends (chats, pings, pongs, blank and malformed lines alike: each costs the
server a wake-up and a parse). A peer over the limit is warned once, then read
no more until it is back within the limit; one that stays more than `grace`
seconds of messages over it is cut off.
"""

from __future__ import annotations

from dataclasses import dataclass


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

    def spend(self, count: int, now: float) -> float:
        """Spend `count` tokens whether or not they are there (a debt is
        allowed: the lines have arrived already); returns the tokens left,
        negative when the sender is over the limit."""
        if not self.enabled:
            return float(self.burst)
        self._refill(now)
        self._tokens -= count
        return self._tokens

    def wait_time(self, now: float) -> float:
        """Seconds until the next message would be allowed."""
        if not self.enabled:
            return 0.0
        self._refill(now)
        return max(0.0, (1 - self._tokens) / self.rate)

    def debt_time(self, now: float) -> float:
        """Seconds until the bucket is out of debt (back to zero tokens)."""
        if not self.enabled:
            return 0.0
        self._refill(now)
        return max(0.0, -self._tokens / self.rate)

    def is_full(self, now: float) -> bool:
        self._refill(now)
        return self._tokens >= self.burst


@dataclass(frozen=True, slots=True)
class FloodVerdict:
    """What to do with a peer after charging it for the lines it sent."""

    warn: bool = False  # first time over the limit since it calmed down: say so
    pause: float = 0.0  # read nothing more from it for this long (seconds)
    cut_off: bool = False  # flooding for too long: disconnect it


WITHIN_LIMIT = FloodVerdict()


class FloodControl:
    """Token bucket plus the warn, pause and cut-off steps, for one peer."""

    __slots__ = ("bucket", "grace", "_warned")

    def __init__(self, rate: float, burst: int, grace: float, now: float) -> None:
        self.bucket = TokenBucket(rate, burst, now)
        self.grace = grace
        self._warned = False

    @property
    def rate(self) -> float:
        return self.bucket.rate

    @property
    def burst(self) -> int:
        return self.bucket.burst

    def lines_received(self, count: int, now: float) -> FloodVerdict:
        """Charge `count` lines that just arrived (0 is allowed)."""
        bucket = self.bucket
        if not bucket.enabled or count <= 0:
            return WITHIN_LIMIT
        if self._warned and bucket.is_full(now):
            self._warned = False  # it calmed down: forgive
        tokens = bucket.spend(count, now)
        if tokens >= 0:
            return WITHIN_LIMIT
        warn = not self._warned
        self._warned = True
        # The debt is what the peer sent past the limit, in messages; `grace`
        # seconds' worth of them is a burst to slow down, more is a flood.
        if -tokens > bucket.rate * self.grace:
            return FloodVerdict(warn=warn, cut_off=True)
        # Nothing more is read until the debt is paid: the sender's TCP window
        # fills and its writes slow down.
        return FloodVerdict(warn=warn, pause=max(0.001, bucket.debt_time(now)))
