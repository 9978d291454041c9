"""DNS-SD (mDNS) for chatapp: announce a server as `<name>._chatapp._tcp.local.`
and browse for others, with python-zeroconf's asyncio API on the running
asyncio loop (qasync: Qt's loop is asyncio's), so other tools (avahi-browse,
dns-sd) see the server too.

Both sides work only on the addresses they are given (zeroconf's `interfaces=`):
the caller picks them from the discovery setting, and tests point them at
loopback or at a test host's own interface. Nothing here raises at the user:
a failure to start (port 5353 taken, an address gone) becomes a sentence in
`status`, and the UDP beacon goes on without DNS-SD.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from zeroconf import IPVersion, ServiceStateChange
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from ..protocol.advert import SERVICE_TYPE, FoundServer, ServerAdvert
from ..protocol.dns_sd_txt import TxtError, clean_name, decode_txt, encode_txt

log = logging.getLogger("chatapp.discovery")

# The asyncio loop starts once the first window is painted (app/first_paint.py):
# until then, starting waits for it, looking this often.
LOOP_POLL_MS = 50
TXT_UPDATE_MIN_INTERVAL_S = 1.0  # a busy room changes its user count many times a second
# Records live 2 minutes (not the usual 75 for service records): a server that
# died without its goodbye leaves the lists in about that time.
RECORD_TTL_S = 120
RESOLVE_TIMEOUT_MS = 3000
MAX_SERVICES = 256  # names tracked at once; a flood of fake adverts stops there


def running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _detail(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error) or type(error).__name__


class _OnTheLoop(QObject):
    """Starts its work once asyncio's loop runs, and keeps its tasks alive."""

    status_changed = Signal(str)

    def __init__(self, addresses: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.addresses = list(addresses)
        self.status = ""
        self.failed = False
        self.zeroconf: AsyncZeroconf | None = None
        self._tasks: set[asyncio.Task] = set()
        self._wanted = False

    @property
    def active(self) -> bool:
        return self.zeroconf is not None

    def start(self) -> None:
        self._wanted = True
        if self.zeroconf is not None:
            return
        if not self.addresses:
            self._set_status(self.tr("mDNS is off: there is no network interface to use."))
            return
        if running_loop() is None:
            QTimer.singleShot(LOOP_POLL_MS, self, self._start_when_wanted)
            return
        try:
            self.zeroconf = AsyncZeroconf(interfaces=self.addresses, ip_version=IPVersion.V4Only)
        except Exception as error:  # zeroconf raises OSError and its own errors
            log.debug("mDNS start failed", exc_info=True)
            self._failed(error)
            return
        self._started()

    def _start_when_wanted(self) -> None:
        if self._wanted:
            self.start()

    def _started(self) -> None:
        raise NotImplementedError

    def _spawn(self, coroutine: object, what: str) -> asyncio.Task:
        task = asyncio.ensure_future(self._guarded(coroutine, what))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _guarded(self, coroutine: object, what: str) -> None:
        try:
            await coroutine  # type: ignore[misc]
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.debug("mDNS %s failed", what, exc_info=True)
            self._failed(error)

    def _failed(self, error: BaseException) -> None:
        self.failed = True
        self._set_status(
            self.tr("mDNS could not start (%1); the UDP beacon still works.").replace(
                "%1", _detail(error)
            )
        )

    def _set_status(self, sentence: str) -> None:
        if sentence != self.status:
            self.status = sentence
            self.status_changed.emit(sentence)

    def _close_zeroconf(self) -> asyncio.Task | None:
        self._wanted = False
        zeroconf, self.zeroconf = self.zeroconf, None
        for task in list(self._tasks):
            task.cancel()
        if zeroconf is None or running_loop() is None:
            return None
        return asyncio.ensure_future(zeroconf.async_close())


class DnsSdAnnouncer(_OnTheLoop):
    """Registers the server's service on `addresses`, keeps its TXT record's user
    count current (at most once a second) and says goodbye at stop()."""

    stopped = Signal()

    def __init__(
        self,
        advert_source: Callable[[], ServerAdvert],
        addresses: list[str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(addresses, parent)
        self._advert_source = advert_source
        self.info: AsyncServiceInfo | None = None
        self._sent: ServerAdvert | None = None  # the advert in the record now
        self.registered = False
        self._last_update = 0.0
        self._update_timer = QTimer(self, singleShot=True)
        self._update_timer.timeout.connect(self._update_txt)

    @property
    def service_name(self) -> str:
        """The registered name (zeroconf renames it when another server has it)."""
        return self.info.name if self.info is not None else ""

    def _make_info(self, name: str | None = None) -> AsyncServiceInfo:
        advert = self._sent = self._advert_source()
        instance = name or f"{clean_name(advert.name)}.{SERVICE_TYPE}"
        return AsyncServiceInfo(
            SERVICE_TYPE,
            instance,
            port=advert.port,
            properties=encode_txt(advert),
            server=f"chatapp-{advert.server_id[:16]}.local.",
            addresses=[socket.inet_aton(address) for address in self.addresses],
            host_ttl=RECORD_TTL_S,
            other_ttl=RECORD_TTL_S,
        )

    def _started(self) -> None:
        self._set_status(self.tr("mDNS: announcing…"))
        self._spawn(self._register(), "registration")

    async def _register(self) -> None:
        assert self.zeroconf is not None
        self.info = self._make_info()
        broadcast = await self.zeroconf.async_register_service(self.info, allow_name_change=True)
        self.registered = True
        self._last_update = time.monotonic()
        name = self.service_name.removesuffix("." + SERVICE_TYPE)
        self._set_status(self.tr("mDNS: announced as %1").replace("%1", name))
        if self._advert_source() != self._sent:  # changed while zeroconf was probing
            self.advert_changed()
        await broadcast

    def advert_changed(self) -> None:
        """The advert changed (users, password): the TXT follows, rate limited."""
        if not self.registered or self._update_timer.isActive():
            return
        wait = self._last_update + TXT_UPDATE_MIN_INTERVAL_S - time.monotonic()
        self._update_timer.start(max(0, int(wait * 1000)))

    def _update_txt(self) -> None:
        if self.zeroconf is None or self.info is None:
            return
        self.info = self._make_info(self.info.name)
        self._last_update = time.monotonic()
        self._spawn(self.zeroconf.async_update_service(self.info), "update")

    def stop(self) -> None:
        """Goodbye packets (the lists drop the server at once), then close.
        `stopped` follows when that is done (at once if nothing ran)."""
        self._update_timer.stop()
        zeroconf, registered = self.zeroconf, self.registered
        self.registered = False
        if zeroconf is None or running_loop() is None:
            self._close_zeroconf()
            self.stopped.emit()
            return
        self.zeroconf = None
        for task in list(self._tasks):
            task.cancel()
        self._wanted = False
        task = asyncio.ensure_future(self._goodbye(zeroconf, registered))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _goodbye(self, zeroconf: AsyncZeroconf, registered: bool) -> None:
        try:
            if registered:
                await zeroconf.async_unregister_all_services()
            await zeroconf.async_close()
        except Exception:
            log.debug("mDNS goodbye failed", exc_info=True)
        finally:
            self.stopped.emit()


def _on_link_address(
    addresses: list[str], networks: list[ipaddress.IPv4Interface]
) -> str | None:
    """The advertised address to connect to: one on a network we browse on,
    else any ordinary unicast one (loopback only when we browse loopback)."""
    candidates = []
    for text in addresses:
        try:
            address = ipaddress.IPv4Address(text)
        except ValueError:
            continue
        if address.is_multicast or address.is_unspecified or address.is_reserved:
            continue
        if any(address in network.network for network in networks):
            return text
        browsing_loopback = any(network.ip.is_loopback for network in networks)
        if not address.is_loopback or browsing_loopback:
            candidates.append(text)
    return candidates[0] if candidates else None


class DnsSdBrowser(_OnTheLoop):
    """Browses `_chatapp._tcp` on the networks given and resolves each service:
    `found` for every valid advert (again when it changes), `lost` when it goes."""

    found = Signal(object)  # FoundServer, via "mdns"
    lost = Signal(str)  # server_id

    def __init__(
        self, networks: list[ipaddress.IPv4Interface], parent: QObject | None = None
    ) -> None:
        super().__init__([str(network.ip) for network in networks], parent)
        self.networks = list(networks)
        self.ids: dict[str, str] = {}  # service name -> server_id of its last valid advert
        self._resolving: set[str] = set()
        self._browser: AsyncServiceBrowser | None = None

    def _started(self) -> None:
        self._browse()
        self._set_status(self.tr("mDNS: looking for servers"))

    def _browse(self) -> None:
        assert self.zeroconf is not None
        self._browser = AsyncServiceBrowser(
            self.zeroconf.zeroconf, [SERVICE_TYPE], handlers=[self._on_service_state_change]
        )

    def request(self) -> None:
        """Ask the network again now (a fresh browse sends its queries at once)."""
        if self.zeroconf is None or self._browser is None:
            return
        old, self._browser = self._browser, None
        self._spawn(old.async_cancel(), "browse restart")
        self._browse()

    def _on_service_state_change(
        self, zeroconf: object, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is ServiceStateChange.Removed:
            self._resolving.discard(name)
            server_id = self.ids.pop(name, "")
            if server_id and server_id not in self.ids.values():
                self.lost.emit(server_id)
            return
        if name in self._resolving:
            return
        if name not in self.ids and len(self.ids) + len(self._resolving) >= MAX_SERVICES:
            log.debug("mDNS: ignoring %r, already tracking %d services", name, MAX_SERVICES)
            return
        self._resolving.add(name)
        self._spawn(self._resolve(name), "resolve")

    async def _resolve(self, name: str) -> None:
        try:
            zeroconf = self.zeroconf
            if zeroconf is None:
                return
            info = AsyncServiceInfo(SERVICE_TYPE, name)
            if not await info.async_request(zeroconf.zeroconf, RESOLVE_TIMEOUT_MS):
                log.debug("mDNS: %r did not resolve", name)
                return
        finally:
            self._resolving.discard(name)
        found = self.found_server(info)
        if found is not None and self.zeroconf is not None:
            previous = self.ids.get(name)
            self.ids[name] = found.advert.server_id
            if previous and previous != found.advert.server_id:
                if previous not in self.ids.values():
                    self.lost.emit(previous)
            self.found.emit(found)

    def found_server(self, info: AsyncServiceInfo) -> FoundServer | None:
        """A resolved service as a FoundServer, or None (and why, in the debug log)."""
        try:
            advert = decode_txt(info.properties, info.port)
        except TxtError as problem:
            log.debug("mDNS: ignoring %r: %s", info.name, problem)
            return None
        host = _on_link_address(info.parsed_addresses(IPVersion.V4Only), self.networks)
        if host is None:
            log.debug("mDNS: ignoring %r: no usable address", info.name)
            return None
        return FoundServer(advert=advert, host=host, via="mdns")

    def stop(self) -> None:
        self._browser = None  # closing zeroconf removes its listeners
        self.ids.clear()
        self._resolving.clear()
        self._close_zeroconf()
