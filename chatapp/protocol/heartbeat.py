"""Heartbeat deadlines, sans-IO (aioquic style): the caller says what time it
is; this says when it next needs waking and what to do then.

A peer is LATE after two intervals without hearing anything from it and DEAD
at the timeout. Any traffic counts as a sign of life, not just pongs. Pings go
out every interval whatever the traffic: each pong measures the round trip.
With `interval=None` no pings are sent (plain-text peers would see them on
screen); only the idle timeout applies.

Our own stalls are not the peer's silence: when handle_timer runs much later
than next_deadline() asked (STALL_S), our loop was not running (a blocked
thread, a suspended process) and nothing could be read meanwhile, so the
silence clock starts over instead of the peer being declared late or dead.

The first ping may come sooner than a whole interval (`first_ping_in`): peers
that joined together are then not all pinged together (ConnectionService).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

DEFAULT_INTERVAL = 5.0
DEFAULT_TIMEOUT = 15.0
LATE_AFTER_INTERVALS = 2
# A timer this late means our loop stalled: its deadlines are at most 50 ms
# late (net/deadlines.py), and a healthy loop turns in milliseconds.
STALL_S = 1.0


class Liveness(enum.Enum):
    ALIVE = "alive"
    LATE = "late"
    DEAD = "dead"


@dataclass(frozen=True)
class SendPing:
    t: float  # our clock; the pong carries it back, so RTT = now - t


@dataclass(frozen=True)
class LivenessChanged:
    liveness: Liveness
    reason: str = ""


HeartbeatAction = SendPing | LivenessChanged


class Heartbeat:
    __slots__ = ("interval", "timeout", "late_after", "liveness", "rtt", "_last_heard",
                 "_next_ping", "stalls_forgiven")

    def __init__(
        self, interval: float | None, timeout: float, now: float,
        first_ping_in: float | None = None,
    ) -> None:
        if timeout <= 0 or (interval is not None and interval <= 0):
            raise ValueError("heartbeat interval and timeout must be positive")
        if first_ping_in is not None and not 0 <= first_ping_in <= (interval or 0):
            raise ValueError("the first ping must come within the first interval")
        self.interval = interval
        self.timeout = timeout
        self.late_after = LATE_AFTER_INTERVALS * interval if interval else None
        self.liveness = Liveness.ALIVE
        self.rtt: float | None = None
        self.stalls_forgiven = 0  # times our own late timer restarted the silence clock
        self._last_heard = now
        if interval:
            self._next_ping = now + (interval if first_ping_in is None else first_ping_in)
        else:
            self._next_ping = None

    def heard(self, now: float) -> LivenessChanged | None:
        """Something arrived from the peer; returns a change back to ALIVE."""
        self._last_heard = now
        if self.liveness is Liveness.LATE:
            self.liveness = Liveness.ALIVE
            return LivenessChanged(Liveness.ALIVE)
        return None

    def pong(self, t: float, now: float) -> float:
        """A pong echoing our ping's `t` arrived; returns the round-trip time in s."""
        self.heard(now)
        self.rtt = max(0.0, now - t)
        return self.rtt

    def next_deadline(self) -> float | None:
        """When handle_timer must next run; None once the peer is dead."""
        if self.liveness is Liveness.DEAD:
            return None
        deadlines = [self._last_heard + self.timeout]
        if self.liveness is Liveness.ALIVE and self.late_after is not None:
            deadlines.append(self._last_heard + self.late_after)
        if self._next_ping is not None:
            deadlines.append(self._next_ping)
        return min(deadlines)

    def handle_timer(self, now: float) -> list[HeartbeatAction]:
        if self.liveness is Liveness.DEAD:
            return []
        due = self.next_deadline()
        if due is not None and now - due > STALL_S:
            # We were not running, so we could not hear: the peer was not silent.
            self._last_heard = max(self._last_heard, now)
            self.stalls_forgiven += 1
        silent_for = now - self._last_heard
        if silent_for >= self.timeout:
            self.liveness = Liveness.DEAD
            return [LivenessChanged(Liveness.DEAD, f"no response for {self.timeout:g} s")]
        actions: list[HeartbeatAction] = []
        if self._next_ping is not None and self.interval and now >= self._next_ping:
            actions.append(SendPing(now))
            self._next_ping = now + self.interval
        if (
            self.late_after is not None
            and silent_for >= self.late_after
            and self.liveness is Liveness.ALIVE
        ):
            self.liveness = Liveness.LATE
            actions.append(LivenessChanged(Liveness.LATE, f"nothing heard for {silent_for:.0f} s"))
        return actions
