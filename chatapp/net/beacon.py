"""The UDP beacon (docs/PROTOCOL.md, "Finding servers"): a server's announcer
and a client's listener, for networks where mDNS is blocked or port 5353 is
taken. Rules and formats live in chatapp/protocol/beacon*.py; this moves
datagrams and wakes those rules with a timer.

Its datagrams are the event log's TCP-versus-UDP lesson: no connection, no
state, and any of them may be lost, so the announcer repeats itself and a
listener forgets a server it has not heard from for the advert's valid_s.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QUdpSocket

from chatapp.net.beacon_sockets import RECEIVED, Arrival, BeaconEndpoint
from chatapp.protocol.advert import FoundServer, ServerAdvert
from chatapp.protocol.beacon import (
    DEFAULT_BEACON_PORT,
    BeaconAdvert,
    FindRequest,
    Goodbye,
    encode_advert,
    encode_find,
    encode_goodbye,
)
from chatapp.protocol.beacon_state import AnswerLimiter, BeaconSchedule, HeardServers

# A find is sent at most this often, however often request() is called.
MIN_REQUEST_GAP_S = 0.5


def _arm(timer: QTimer, deadline: float | None) -> None:
    if deadline is None:
        timer.stop()
        return
    timer.start(max(0, round((deadline - time.monotonic()) * 1000)))


class BeaconAnnouncer(BeaconEndpoint):
    """A server's beacon: adverts a few times after start and then rarely,
    an answer to each find (rate limited), a goodbye at stop."""

    def __init__(self, advert_source: Callable[[], ServerAdvert],
                 interfaces: list[str] | None = None,
                 udp_port: int = DEFAULT_BEACON_PORT, parent: QObject | None = None) -> None:
        super().__init__(interfaces, udp_port, parent)
        self._advert_source = advert_source
        self._schedule: BeaconSchedule | None = None
        self._limiter: AnswerLimiter | None = None
        self._server_id = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> bool:
        if self.running:
            return True
        if not self.open_sockets():
            return False
        now = time.monotonic()
        self._schedule = BeaconSchedule(now)
        self._limiter = AnswerLimiter(now)
        _arm(self._timer, self._schedule.next_deadline())
        return True

    def stop(self) -> None:
        if not self.running:
            return
        self._timer.stop()
        if self._server_id:
            self.send_everywhere(encode_goodbye(self._server_id),
                                 self.tr("goodbye: this server is stopping"))
        self.close_sockets()
        self._schedule = self._limiter = None

    def advert_changed(self) -> None:
        """Someone joined or left, or the name changed: advertise soon."""
        if self._schedule is not None:
            self._schedule.changed(time.monotonic())
            _arm(self._timer, self._schedule.next_deadline())

    def _advert(self) -> bytes:
        advert = self._advert_source()
        self._server_id = advert.server_id
        return encode_advert(advert)

    def _on_timer_timeout(self) -> None:
        if self._schedule is None:
            return
        if self._schedule.due(time.monotonic()):
            data = self._advert()
            self.send_everywhere(data, self._sent_advert_summary())
        _arm(self._timer, self._schedule.next_deadline())

    def _sent_advert_summary(self) -> str:
        return self.tr("advert: this server, to everyone on the network")

    def handle_arrival(self, socket: QUdpSocket, arrival: Arrival) -> None:
        if socket is not self.receiver or self._limiter is None:
            return  # nothing is expected on the sending sockets
        beacon = self.decode(arrival)
        if not isinstance(beacon, FindRequest) or arrival.port == 0:
            return  # adverts and goodbyes (ours looped back, other servers') are not for us
        answer = self._advert()
        if self._limiter.allow(arrival.host, time.monotonic(), arrival.size, len(answer)):
            self.send_to(socket, answer, arrival.host, arrival.port,
                         self.tr("advert: answer to a find, to that address only"))
        else:
            self.report(RECEIVED, arrival.peer, arrival.size,
                        self.tr("find not answered: too many finds, or too short"))


class BeaconListener(BeaconEndpoint):
    """A client's ear for beacons: `advert_heard` for every advert (repeats
    too, but one copy of the same advert per second at most), `advert_lost`
    after a goodbye or when an advert's validity runs out."""

    advert_heard = Signal(FoundServer)
    advert_lost = Signal(str)  # server_id

    def __init__(self, interfaces: list[str] | None = None,
                 udp_port: int = DEFAULT_BEACON_PORT, parent: QObject | None = None) -> None:
        super().__init__(interfaces, udp_port, parent)
        self._heard = HeardServers()
        self._last_request = float("-inf")
        self._full_reported = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> bool:
        if self.running:
            return True
        if not self.open_sockets():
            return False
        self.request()  # servers already running answer now instead of in 30 s
        return True

    def stop(self) -> None:
        if not self.running:
            return
        self._timer.stop()
        self.close_sockets()
        for server_id in self._heard.forget_all():
            self.advert_lost.emit(server_id)

    def request(self) -> None:
        """Ask every server on the chosen networks to advertise now."""
        now = time.monotonic()
        if not self.running or now - self._last_request < MIN_REQUEST_GAP_S:
            return
        self._last_request = now
        self.send_everywhere(encode_find(), self.describe(FindRequest()))

    def handle_arrival(self, socket: QUdpSocket, arrival: Arrival) -> None:
        beacon = self.decode(arrival)
        now = time.monotonic()
        if isinstance(beacon, BeaconAdvert):
            refused = self._heard.refuses(beacon.advert.server_id, arrival.host)
            found = self._heard.heard(beacon, arrival.host, now)
            if found is None:
                if refused and not self._full_reported:
                    self._full_reported = True
                    self.report(RECEIVED, arrival.peer, arrival.size, self.tr(
                        "advert ignored: {count} servers are known already").format(
                            count=len(self._heard)))
                return
            self.advert_heard.emit(found)
        elif isinstance(beacon, Goodbye):
            lost = self._heard.goodbye(beacon.server_id, arrival.host)
            if lost is not None:
                self.advert_lost.emit(lost)
        _arm(self._timer, self._heard.next_deadline())

    def _on_timer_timeout(self) -> None:
        for server_id in self._heard.expire(time.monotonic()):
            self.advert_lost.emit(server_id)
        self._full_reported = False
        _arm(self._timer, self._heard.next_deadline())
