"""Discovery as the programs use it: the client's ServerFinder (DNS-SD and the
UDP beacon merged into one list of servers) and the server's ServerDiscovery
(both announcers, fed with the room's live user count).

A server is one entry however many ways it was heard, keyed by its advert's
`server_id`; it is gone when every way that found it has lost it.
"""

from __future__ import annotations

import logging
import secrets
import socket

from PySide6.QtCore import QObject, QTimer, Signal

from .. import __version__
from ..protocol.advert import FoundServer, ServerAdvert
from ..protocol.beacon import DEFAULT_BEACON_PORT
from ..protocol.dns_sd_txt import clean_name
from .beacon import BeaconAnnouncer, BeaconListener
from .discovery_interfaces import DiscoveryInterface, discovery_interfaces
from .dns_sd import DnsSdAnnouncer, DnsSdBrowser

log = logging.getLogger("chatapp.discovery")

PREFERRED_SOURCES = ("mdns", "beacon")  # which advert the list shows when both have one
GOODBYE_WAIT_MS = 1500  # the longest stop() waits for mDNS's goodbye before `stopped`


def _unique(interfaces: list[DiscoveryInterface]) -> list[DiscoveryInterface]:
    seen: set[str] = set()
    kept = []
    for interface in interfaces:
        if interface.address not in seen:
            seen.add(interface.address)
            kept.append(interface)
    return kept


def describe_interfaces(interfaces: list[DiscoveryInterface]) -> str:
    """ "eth0 (192.168.1.5), wlan0 (10.0.0.7)" """
    return ", ".join(f"{i.name} ({i.address})" for i in interfaces)


def _names(interfaces: list[DiscoveryInterface]) -> list[str]:
    return list(dict.fromkeys(i.name for i in interfaces))


class ServerFinder(QObject):
    """The client's list of servers on the chosen networks, from both sources."""

    server_found = Signal(object)  # FoundServer
    server_changed = Signal(object)  # FoundServer: users, password, address changed
    server_gone = Signal(str)  # server_id
    status_changed = Signal(str)

    def __init__(
        self,
        interfaces: list[str] | None = None,
        udp_port: int | None = None,  # None: DEFAULT_BEACON_PORT
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.interface_names = interfaces
        self.udp_port = udp_port or DEFAULT_BEACON_PORT
        self.interfaces: list[DiscoveryInterface] = []
        self.browser: DnsSdBrowser | None = None
        self.listener: BeaconListener | None = None
        self.status = ""
        self._beacon_problem = ""
        self._sources: dict[str, dict[str, FoundServer]] = {}

    @property
    def servers(self) -> list[FoundServer]:
        return [self._shown(server_id) for server_id in self._sources]

    def start(self) -> None:
        if self.browser is not None:
            return
        self.interfaces = _unique(discovery_interfaces(self.interface_names))
        self.browser = DnsSdBrowser([i.network for i in self.interfaces], self)
        self.browser.found.connect(self._on_heard)
        self.browser.lost.connect(lambda server_id: self._on_lost(server_id, "mdns"))
        self.browser.status_changed.connect(self._update_status)
        self.listener = BeaconListener(_names(self.interfaces), self.udp_port, self)
        self.listener.advert_heard.connect(self._on_heard)
        self.listener.advert_lost.connect(lambda server_id: self._on_lost(server_id, "beacon"))
        self.listener.failed.connect(self._on_beacon_failed)
        if self.interfaces:
            self.listener.start()
        self.browser.start()
        self._update_status()

    def stop(self) -> None:
        for part in (self.browser, self.listener):
            if part is not None:
                part.stop()  # not deleted: see ServerDiscovery._stop; it goes with the finder
        self.browser = self.listener = None
        gone, self._sources = list(self._sources), {}
        for server_id in gone:
            self.server_gone.emit(server_id)

    def request_now(self) -> None:
        """Ask every server to say so again now (the list's Refresh)."""
        if self.listener is not None:
            self.listener.request()
        if self.browser is not None:
            self.browser.request()

    def _shown(self, server_id: str) -> FoundServer:
        sources = self._sources[server_id]
        return next(sources[via] for via in PREFERRED_SOURCES if via in sources)

    def _on_heard(self, found: FoundServer) -> None:
        server_id = found.advert.server_id
        sources = self._sources.get(server_id)
        if sources is None:
            self._sources[server_id] = {found.via: found}
            self.server_found.emit(found)
            return
        before = self._shown(server_id)
        sources[found.via] = found
        after = self._shown(server_id)
        if after != before:
            self.server_changed.emit(after)

    def _on_lost(self, server_id: str, via: str) -> None:
        sources = self._sources.get(server_id)
        if sources is None or via not in sources:
            return
        before = self._shown(server_id)
        del sources[via]
        if not sources:
            del self._sources[server_id]
            self.server_gone.emit(server_id)
        elif self._shown(server_id) != before:
            self.server_changed.emit(self._shown(server_id))

    def _on_beacon_failed(self, sentence: str) -> None:
        self._beacon_problem = sentence
        self._update_status()

    def _update_status(self, *_args: object) -> None:
        if not self.interfaces:
            status = self.tr("Not looking for servers: no network interface to look on.")
        else:
            ways = []
            if self.browser is not None and not self.browser.failed:
                ways.append("mDNS")
            if self.listener is not None and self.listener.running:
                ways.append(self.tr("UDP beacon"))
            where = describe_interfaces(self.interfaces)
            if ways:
                status = (
                    self.tr("Looking on %1 by %2").replace("%1", where)
                    .replace("%2", self.tr(" and ").join(ways))
                )
            else:
                status = self.tr("Not looking for servers on %1.").replace("%1", where)
            problems = [p for p in (self._beacon_problem, self._mdns_problem()) if p]
            if problems:
                status += ". " + " ".join(problems)
        if status != self.status:
            self.status = status
            self.status_changed.emit(status)

    def _mdns_problem(self) -> str:
        return self.browser.status if self.browser is not None and self.browser.failed else ""


class ServerDiscovery(QObject):
    """A server's announcements: DNS-SD and the UDP beacon, while it listens."""

    status_changed = Signal(str)
    datagram_seen = Signal(str, str, int, str)  # the beacon's, for the event log
    stopped = Signal()

    def __init__(
        self,
        server: QObject,
        interfaces: list[str] | None = None,
        udp_port: int | None = None,  # None: DEFAULT_BEACON_PORT
        name: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.server = server
        self.interface_names = interfaces
        self.udp_port = udp_port or DEFAULT_BEACON_PORT
        self.name = clean_name(name or socket.gethostname())
        self.server_id = secrets.token_hex(8)  # new each run: two runs are two servers
        self.interfaces: list[DiscoveryInterface] = []
        self.dns_sd: DnsSdAnnouncer | None = None
        self.beacon: BeaconAnnouncer | None = None
        self.status = ""
        self._wanted = False
        self._beacon_problem = ""
        self._goodbye: DnsSdAnnouncer | None = None  # saying goodbye, not yet done
        server.listening_changed.connect(self._on_server_listening_changed)
        server.users_changed.connect(self._on_server_users_changed)

    def advert(self) -> ServerAdvert:
        server = self.server
        return ServerAdvert(
            server_id=self.server_id,
            name=self.name,
            port=server.port,
            version=__version__,
            users=len(server.users()),
            password_required=server.config.password is not None,
            fingerprint="",  # until TLS exists
        )

    def start(self) -> None:
        """Announce now if the server listens, and whenever it starts listening."""
        self._wanted = True
        if self.server.is_listening:
            self._start()

    def _start(self) -> None:
        if self.dns_sd is not None or self.beacon is not None:
            return
        self.interfaces, problem = self._chosen_interfaces()
        if not self.interfaces:
            self._set_status(problem)
            return
        self.dns_sd = DnsSdAnnouncer(self.advert, [i.address for i in self.interfaces], self)
        self.dns_sd.status_changed.connect(self._update_status)
        self.beacon = BeaconAnnouncer(self.advert, _names(self.interfaces), self.udp_port, self)
        self.beacon.datagram_seen.connect(self.datagram_seen)
        self.beacon.failed.connect(self._on_beacon_failed)
        self.beacon.start()
        self.dns_sd.start()
        self._update_status()

    def _chosen_interfaces(self) -> tuple[list[DiscoveryInterface], str]:
        host = self.server.host
        if self.interface_names:
            chosen = _unique(discovery_interfaces(self.interface_names))
            if not chosen:
                return [], self.tr("Not announced: none of the interfaces %1 is up with an "
                                   "IPv4 address.").replace("%1", ", ".join(self.interface_names))
            return chosen, ""
        if host.startswith("127.") or host in ("localhost", "::1"):
            return [], self.tr(
                "Not announced: the server listens on %1, which only this machine can reach."
            ).replace("%1", host)
        chosen = _unique(discovery_interfaces(None))
        if host not in ("0.0.0.0", "::", ""):  # one address: announce where it is
            chosen = [i for i in chosen if i.address == host]
        if not chosen:
            return [], self.tr("Not announced: this machine has no network to announce on.")
        return chosen, ""

    def stop(self) -> None:
        """Goodbyes on both ways; `stopped` once mDNS has said its goodbye."""
        self._wanted = False
        self._stop()

    def _stop(self) -> None:
        dns_sd, beacon = self.dns_sd, self.beacon
        self.dns_sd = self.beacon = None
        if beacon is not None:
            # Stopped parts are not deleteLater()'d: in the tests, deferred deletes of
            # stopped beacons and browsers crashed Qt in a later test's event loop
            # (not understood yet). They go with their owner; only a restart leaves one.
            beacon.stop()
        self._beacon_problem = ""
        self._set_status(self.tr("Not announced: the server is not listening."))
        if dns_sd is None:
            if self._goodbye is None:
                self.stopped.emit()
            return
        self._goodbye = dns_sd

        def said() -> None:
            if self._goodbye is dns_sd:
                self._goodbye = None
                self.stopped.emit()

        dns_sd.stopped.connect(said)
        QTimer.singleShot(GOODBYE_WAIT_MS, dns_sd, said)  # never wait for ever
        dns_sd.stop()

    def _on_server_listening_changed(self, listening: bool) -> None:
        if listening and self._wanted:
            self._start()
        elif not listening and (self.dns_sd is not None or self.beacon is not None):
            self._stop()

    def _on_server_users_changed(self, _users: object) -> None:
        for announcer in (self.dns_sd, self.beacon):
            if announcer is not None:
                announcer.advert_changed()

    def _on_beacon_failed(self, sentence: str) -> None:
        self._beacon_problem = sentence
        self._update_status()

    def _update_status(self, *_args: object) -> None:
        if self.dns_sd is None and self.beacon is None:
            return
        ways = []
        if self.dns_sd is not None and not self.dns_sd.failed:
            ways.append("mDNS")
        if self.beacon is not None and self.beacon.running:
            ways.append(self.tr("UDP beacon"))
        where = describe_interfaces(self.interfaces)
        if ways:
            status = (
                self.tr("Announced on %1 by %2").replace("%1", where)
                .replace("%2", self.tr(" and ").join(ways))
            )
        else:
            status = self.tr("Not announced on %1.").replace("%1", where)
        problems = [self._beacon_problem]
        if self.dns_sd is not None and self.dns_sd.failed:
            problems.append(self.dns_sd.status)
        problems = [p for p in problems if p]
        if problems:
            status += ". " + " ".join(problems)
        self._set_status(status)

    def _set_status(self, sentence: str) -> None:
        if sentence != self.status:
            self.status = sentence
            log.info("%s", sentence)
            self.status_changed.emit(sentence)
