"""Does discovery see the server? Listens with the client's ServerFinder
(mDNS and the UDP beacon, chatapp.net.discovery) for a bounded while, on the
Qt event loop of the thread that starts it; the verdict is a pure function of
what was heard, so tests need no network."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from .finding import INFO, OK, WARNING, Finding

translate = QCoreApplication.translate  # the form pyside6-lupdate extracts


DISCOVERY_WAIT_S = 2.0  # the promise: a server is listed within 2 s
NOT_CHECKED = "not_checked"

FinderFactory = Callable[[QObject], Any]


def default_finder(parent: QObject, interfaces: list[str] | None = None,
                   udp_port: int | None = None) -> Any:
    """The client's ServerFinder on the chosen interfaces (None: every one that is
    up) and beacon port (None: the default), or None where chatapp has none."""
    try:
        from ..net.discovery import ServerFinder
    except ImportError:
        return None
    return ServerFinder(interfaces or None, udp_port, parent=parent)


class BorrowedFinder(QObject):
    """A finder that already runs (the client window's list): the doctor hears
    what it heard and hears, asks the servers to speak again, and leaves it
    running. A second finder in the same program would open the same sockets."""

    server_found = Signal(object)  # FoundServer

    def __init__(self, finder: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._finder = finder
        self._relays = [name for name in ("server_found", "server_changed")
                        if hasattr(finder, name)]

    def start(self) -> None:
        for name in self._relays:
            getattr(self._finder, name).connect(self.server_found)
        for found in list(getattr(self._finder, "servers", ())):
            QTimer.singleShot(0, self, lambda found=found: self.server_found.emit(found))
        if hasattr(self._finder, "request_now"):
            self._finder.request_now()

    def stop(self) -> None:
        for name in self._relays:
            try:
                getattr(self._finder, name).disconnect(self.server_found)
            except (RuntimeError, TypeError):  # already gone with its window
                pass
        self._relays = []


class DiscoveryWatch(QObject):
    """Listens for `wait_s` seconds; `finished` carries the FoundServers heard,
    or a string saying why discovery could not be checked."""

    finished = Signal(object)  # list[FoundServer] or str

    def __init__(self, wait_s: float = DISCOVERY_WAIT_S,
                 finder_factory: FinderFactory | None = None,
                 parent: QObject | None = None) -> None:
        """finder_factory(parent) makes the finder, or returns None (no discovery
        here) or a sentence saying why discovery is not to be checked."""
        super().__init__(parent)
        self.wait_s = wait_s
        self._factory = finder_factory or default_finder
        self._finder: Any = None
        self._found: dict[tuple[str, str], Any] = {}
        self._done = False
        self.started_at = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._finish)

    def start(self) -> None:
        self.started_at = time.monotonic()
        try:
            self._finder = self._factory(self)
            if self._finder is None or isinstance(self._finder, str):
                reason, self._finder = self._finder, None
                self._end(reason or translate(
                    "DoctorDiscovery", "this version of chatapp has no discovery"))
                return
            self._finder.server_found.connect(self._on_finder_server)
            if hasattr(self._finder, "server_changed"):
                self._finder.server_changed.connect(self._on_finder_server)
            self._finder.start()
            if hasattr(self._finder, "request_now"):
                self._finder.request_now()
        except Exception as error:  # noqa: BLE001 - any failure is "not checked", not a crash
            self._end(str(error) or type(error).__name__)
            return
        self._timer.start(round(self.wait_s * 1000))

    def stop(self) -> None:
        """Give up early (the dialog closed); `finished` is not emitted."""
        self._done = True
        self._timer.stop()
        self._stop_finder()

    def _on_finder_server(self, found: Any) -> None:
        self._found[(found.advert.server_id, found.host)] = found

    def _finish(self) -> None:
        self._end(list(self._found.values()))

    def _end(self, outcome: object) -> None:
        if self._done:
            return
        self._done = True
        self._stop_finder()
        self.finished.emit(outcome)

    def _stop_finder(self) -> None:
        finder, self._finder = self._finder, None
        if finder is not None:
            try:
                finder.stop()
            except Exception:  # noqa: BLE001, S110 - stopping must not hide the verdict
                pass


def _same_address(a: str, b: str) -> bool:
    try:
        return ipaddress.ip_address(a.split("%")[0]) == ipaddress.ip_address(b.split("%")[0])
    except ValueError:
        return a == b


def discovery_finding(outcome: object, targets: list[str], port: int, wait_s: float,
                      seconds: float) -> Finding:
    """The verdict on what discovery heard; `targets`: the server's addresses, if known."""
    done = translate(
        "DoctorDiscovery", "Listened for chatapp servers (mDNS and the UDP beacon) for {seconds:g} "
        "s.").format(seconds=wait_s)
    if isinstance(outcome, str):
        sentence = translate(
            "DoctorDiscovery", "Discovery not checked: {reason}.").format(reason=outcome)
        return Finding("discovery", INFO, sentence, done, seconds, {"seen": NOT_CHECKED})
    found = list(outcome)  # type: ignore[call-overload]
    names = ", ".join(f"{f.advert.name} ({f.host}:{f.advert.port})" for f in found[:5])
    at_target = [f for f in found if any(_same_address(f.host, t) for t in targets)]
    on_port = [f for f in at_target if f.advert.port == port]
    facts = {"seen": bool(on_port), "any": bool(found), "count": len(found)}
    if on_port:
        vias = ", ".join(sorted({f.via for f in on_port}))
        sentence = translate(
            "DoctorDiscovery", "Discovery sees the server at {host} port {port} (by {vias})."
        ).format(host=on_port[0].host, port=port, vias=vias)
        return Finding("discovery", OK, sentence, done, seconds, facts)
    if at_target:
        other = at_target[0].advert.port
        sentence = translate(
            "DoctorDiscovery", "Discovery sees a chatapp server at {host}, but on port {other}, "
            "not {port}: use port {other}.").format(host=at_target[0].host, other=other, port=port)
        return Finding("discovery", WARNING, sentence, done, seconds, {**facts, "seen": True})
    if found and targets:
        sentence = translate(
            "DoctorDiscovery", "Discovery found {count} chatapp server(s) within {seconds:g} s "
            "({names}), but none at {host}.").format(
            count=len(found), seconds=wait_s, names=names, host=targets[0])
        return Finding("discovery", INFO, sentence, done, seconds, facts)
    if found:
        sentence = translate(
            "DoctorDiscovery", "Discovery found {count} chatapp server(s) within {seconds:g} s: "
            "{names}.").format(count=len(found), seconds=wait_s, names=names)
        return Finding("discovery", OK, sentence, done, seconds, facts)
    sentence = translate(
        "DoctorDiscovery", "Discovery found no chatapp server within {seconds:g} s: announcements "
        "do not arrive here (the server's discovery may be off, or the network or a firewall "
        "blocks multicast and broadcast). Typing the address still works.").format(seconds=wait_s)
    return Finding("discovery", INFO, sentence, done, seconds, facts)
