"""One run of the doctor: the blocking checks (adapters, port, reach,
firewall) on worker threads, discovery on the caller's event loop, the hints
once everything is in. Findings arrive as signals on the caller's thread, so
the dialog shows each as it comes and the terminal prints them at the end."""

from __future__ import annotations

import ipaddress
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from . import discovery_watch
from .adapters import (
    Adapter,
    adapter_findings,
    read_adapters,
    route_finding,
    source_address,
)
from .discovery_watch import DISCOVERY_WAIT_S, DiscoveryWatch, FinderFactory, discovery_finding
from .finding import INFO, Finding, facts_of, most_important_first
from .firewall import firewall_findings
from .hints import hint_findings
from .port_owner import port_findings
from .reach import reach_findings
from .resolve import NameNotFoundError, NameTimedOutError, NotANameError, resolve

translate = QCoreApplication.translate  # the form pyside6-lupdate extracts


REACH_TIMEOUT_S = 3.0
WORKERS = 4


@dataclass(frozen=True)
class DoctorRequest:
    host: str  # where the server should be; "" when none is known
    port: int
    as_server: bool = False  # check this machine as the server
    timeout: float = REACH_TIMEOUT_S
    own_server_port: int | None = None  # the port this program's own server listens on
    discovery_wait: float = DISCOVERY_WAIT_S
    discovery: bool = True
    discovery_interfaces: tuple[str, ...] = ()  # by name; () = every one that is up
    beacon_port: int | None = None  # None: the beacon's default


class DoctorRun(QObject):
    finding_ready = Signal(object)  # Finding
    progress_changed = Signal(int, int)  # checks done, checks in all
    finished = Signal(list)  # every Finding, the most important first
    _job_done = Signal(str, object)  # from a worker thread: (job, Future)

    def __init__(self, request: DoctorRequest, finder_factory: FinderFactory | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.findings: list[Finding] = []
        self.adapters: list[Adapter] = []
        self.started_at = 0.0
        self.seconds = 0.0
        # Looked up when called, so tests can put a fake finder in its place.
        self._finder_factory = finder_factory or (
            lambda parent: discovery_watch.default_finder(
                parent, list(request.discovery_interfaces), request.beacon_port))
        self._pending: set[str] = set()
        self._discovered: object = None
        self._executor: ThreadPoolExecutor | None = None
        self._watch: DiscoveryWatch | None = None
        self._cancelled = False
        # Queued even when a check is done before its callback is added (the
        # callback then runs at once, on this thread): findings always arrive
        # from the event loop, never inside start().
        self._job_done.connect(self._on_job_done, Qt.ConnectionType.QueuedConnection)

    # --- the checks ---------------------------------------------------------------

    def _jobs(self) -> dict[str, Any]:
        request = self.request
        jobs: dict[str, Any] = {"adapters": self._adapters_job}
        if request.host and not request.as_server:
            jobs["reach"] = lambda: reach_findings(request.host, request.port, request.timeout)
        if request.as_server:
            jobs["port"] = lambda: port_findings(request.port, request.own_server_port)
        jobs["firewall"] = lambda: firewall_findings(request.port, request.as_server)
        return jobs

    def _adapters_job(self) -> list[Finding]:
        started = time.monotonic()
        adapters = read_adapters()
        self.adapters = adapters
        host = self.request.host
        address = None
        if host:
            try:
                address = resolve(host, self.request.timeout)[0]
            except (NameNotFoundError, NameTimedOutError, NotANameError):
                pass  # the reach check says so
        local = address is not None and ipaddress.ip_address(address).is_loopback
        findings = adapter_findings(adapters, time.monotonic() - started, local)
        if address is not None:
            findings.append(route_finding(adapters, address,
                                          source_address(address, self.request.port),
                                          time.monotonic() - started))
        return findings

    @property
    def total(self) -> int:
        return len(self._jobs()) + (1 if self.request.discovery else 0)

    # --- running ------------------------------------------------------------------

    def start(self) -> None:
        self.started_at = time.monotonic()
        jobs = self._jobs()
        self._pending = set(jobs)
        if self.request.discovery:
            self._pending.add("discovery")
        self.progress_changed.emit(0, self.total)
        self._executor = ThreadPoolExecutor(WORKERS, thread_name_prefix="doctor")
        for name, job in jobs.items():
            future = self._executor.submit(job)
            future.add_done_callback(lambda done, name=name: self._deliver(name, done))
        if self.request.discovery:
            self._watch = DiscoveryWatch(self.request.discovery_wait, self._finder_factory, self)
            self._watch.finished.connect(self._on_watch_finished)
            self._watch.start()

    def cancel(self) -> None:
        """Stop waiting: the checks under way end within their own bounds, unheard."""
        self._cancelled = True
        if self._watch is not None:
            self._watch.stop()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)

    def _deliver(self, name: str, future: Future) -> None:
        try:  # on a worker thread; the run may be gone (its dialog closed)
            self._job_done.emit(name, future)
        except RuntimeError:
            pass

    def _on_job_done(self, name: str, future: Future) -> None:
        if self._cancelled:
            return
        try:
            findings = future.result()
        except Exception as error:  # noqa: BLE001 - a failed check is a finding, not a crash
            findings = [Finding(name, INFO, translate(
                "DoctorRun", "The {check} check could not finish: {error}.").format(
                check=name, error=error or type(error).__name__),
                translate("DoctorRun", "Ran the {check} check.").format(
                check=name))]
        self._add(findings)
        self._check_done(name)

    def _on_watch_finished(self, outcome: object) -> None:
        if self._cancelled:
            return
        self._discovered = outcome
        self._check_done("discovery")

    def _check_done(self, name: str) -> None:
        self._pending.discard(name)
        if name in ("discovery", "reach", "adapters"):
            self._add_discovery_finding()
        self.progress_changed.emit(self.total - len(self._pending), self.total)
        if not self._pending:
            self._finish()

    def _add_discovery_finding(self) -> None:
        """Once discovery, the reach check and the adapters are in: the server's
        address is known (a name resolved, or this machine's own addresses for the
        server side) and discovery's verdict can name it."""
        if self._discovered is None or self._pending & {"reach", "adapters"}:
            return
        if self.request.as_server:  # is this machine's own server announced?
            targets = [str(i.ip) for a in self.adapters for i in a.interfaces]
        else:
            targets = [facts_of(self.findings, "reach").get("address") or self.request.host]
        seconds = time.monotonic() - self.started_at
        outcome, self._discovered = self._discovered, None
        self._add([discovery_finding(outcome, [t for t in targets if t], self.request.port,
                                     self.request.discovery_wait, seconds)])

    def _add(self, findings: list[Finding]) -> None:
        for finding in findings:
            self.findings.append(finding)
            self.finding_ready.emit(finding)

    def _finish(self) -> None:
        self._add(hint_findings(self.findings, self.adapters, self.request.as_server))
        self.seconds = time.monotonic() - self.started_at
        if self._executor is not None:
            self._executor.shutdown(wait=False)
        self.finished.emit(most_important_first(self.findings))
