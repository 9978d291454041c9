"""The beacon's rules over time, sans-IO (time comes in as `now`, seconds):
when a server advertises, whether it answers a find, and which servers a
listener still believes in. The Qt side (chatapp/net/beacon.py) only wakes
these at `next_deadline()` and moves datagrams.
"""

from __future__ import annotations

from collections import OrderedDict

from chatapp.protocol.advert import FoundServer, ServerAdvert
from chatapp.protocol.beacon import BeaconAdvert
from chatapp.protocol.flood import TokenBucket

# A few adverts right after start (a datagram may be lost, and a listener
# started at the same moment may not be bound yet), then rarely.
STARTUP_OFFSETS_S = (0.0, 1.0, 2.0, 4.0)
ADVERT_PERIOD_S = 30.0
# A change (someone joined) is advertised soon, but not more often than this.
MIN_ADVERT_GAP_S = 1.0

# Finds answered: so the server cannot be made to send a flood to a forged
# address, at most this many answers per second in all, fewer per requester.
ANSWERS_PER_S, ANSWER_BURST = 10.0, 10
ANSWERS_PER_REQUESTER_PER_S, REQUESTER_BURST = 1.0, 3
MAX_REQUESTERS_REMEMBERED = 256

MAX_SERVERS_REMEMBERED = 256  # a flood of fake adverts cannot grow memory
# The same advert from the same address is passed on at most this often: a
# flood of copies refreshes the server but does not flood the client's list.
MIN_REPEAT_REPORT_S = 1.0


class BeaconSchedule:
    """When the announcer sends its next advert."""

    def __init__(self, now: float) -> None:
        self._startup = [now + offset for offset in STARTUP_OFFSETS_S]
        self._next = self._startup[0]
        self._last_sent: float | None = None

    def next_deadline(self) -> float:
        return self._next

    def due(self, now: float) -> bool:
        """True if an advert is to be sent now; the caller then sends it."""
        if now < self._next:
            return False
        self._last_sent = now
        later = [moment for moment in self._startup if moment > now]
        self._next = later[0] if later else now + ADVERT_PERIOD_S
        return True

    def changed(self, now: float) -> None:
        """The advert changed: send it soon, at most once per MIN_ADVERT_GAP_S."""
        soonest = now if self._last_sent is None else max(now, self._last_sent + MIN_ADVERT_GAP_S)
        self._next = min(self._next, soonest)


class AnswerLimiter:
    """Whether a find is answered: never with more bytes than it had, at most
    ANSWERS_PER_S in all and ANSWERS_PER_REQUESTER_PER_S to one address."""

    def __init__(self, now: float, total_rate: float = ANSWERS_PER_S,
                 total_burst: int = ANSWER_BURST,
                 requester_rate: float = ANSWERS_PER_REQUESTER_PER_S,
                 requester_burst: int = REQUESTER_BURST,
                 max_requesters: int = MAX_REQUESTERS_REMEMBERED) -> None:
        self._total = TokenBucket(total_rate, total_burst, now)
        self._requester_rate = requester_rate
        self._requester_burst = requester_burst
        self._max_requesters = max_requesters
        self._requesters: OrderedDict[str, TokenBucket] = OrderedDict()

    def allow(self, requester: str, now: float, request_size: int, answer_size: int) -> bool:
        if answer_size > request_size:
            return False
        bucket = self._requesters.pop(requester, None)
        if bucket is None:
            bucket = TokenBucket(self._requester_rate, self._requester_burst, now)
        self._requesters[requester] = bucket  # most recent last
        while len(self._requesters) > self._max_requesters:
            # Forgetting a requester restores its burst, but the total still holds.
            self._requesters.popitem(last=False)
        if bucket.wait_time(now) > 0 or self._total.wait_time(now) > 0:
            return False
        return bucket.take(now) and self._total.take(now)


class HeardServers:
    """The servers a listener has heard, each until its advert's valid_s runs out.

    A server is remembered per (id, address it was heard from): a goodbye only
    counts from the address that advertised, and one server heard on two
    networks is lost only when both are.
    """

    def __init__(self, capacity: int = MAX_SERVERS_REMEMBERED) -> None:
        self._capacity = capacity
        self._expiry: dict[tuple[str, str], float] = {}
        self._reported: dict[tuple[str, str], tuple[ServerAdvert, float]] = {}

    def __len__(self) -> int:
        return len(self._expiry)

    def refuses(self, server_id: str, host: str) -> bool:
        """True if an advert from this server would be ignored: the table is full of others."""
        return (server_id, host) not in self._expiry and len(self._expiry) >= self._capacity

    def heard(self, beacon: BeaconAdvert, host: str, now: float) -> FoundServer | None:
        """The server to report, or None: the table is full of others (`refuses`),
        or the same advert was reported less than MIN_REPEAT_REPORT_S ago."""
        key = (beacon.advert.server_id, host)
        if self.refuses(*key):
            return None
        self._expiry[key] = now + beacon.valid_s
        last = self._reported.get(key)
        if last is not None and last[0] == beacon.advert and now - last[1] < MIN_REPEAT_REPORT_S:
            return None
        self._reported[key] = (beacon.advert, now)
        return FoundServer(beacon.advert, host, "beacon")

    def goodbye(self, server_id: str, host: str) -> str | None:
        """The id now lost, or None (unknown, forged from elsewhere, or still
        heard on another network)."""
        self._reported.pop((server_id, host), None)
        if self._expiry.pop((server_id, host), None) is None:
            return None
        return None if self._known(server_id) else server_id

    def expire(self, now: float) -> list[str]:
        """The ids lost by `now`, each once."""
        stale = [key for key, moment in self._expiry.items() if moment <= now]
        for key in stale:
            del self._expiry[key]
            self._reported.pop(key, None)
        lost = {server_id for server_id, _host in stale if not self._known(server_id)}
        return sorted(lost)

    def next_deadline(self) -> float | None:
        return min(self._expiry.values(), default=None)

    def forget_all(self) -> list[str]:
        ids = sorted({server_id for server_id, _host in self._expiry})
        self._expiry.clear()
        self._reported.clear()
        return ids

    def _known(self, server_id: str) -> bool:
        return any(known == server_id for known, _host in self._expiry)
