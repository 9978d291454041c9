"""A whole run in this process against a loopback ChatServer: every check
reports, findings come one by one, the most important first at the end,
within the time budget; a check that breaks becomes a sentence."""

from __future__ import annotations

import os
import socket
import time

import psutil
from PySide6.QtCore import QObject, QTimer, Signal
from shared_support import LOOPBACK, WAIT_MS

from chatapp.doctor import run as run_module
from chatapp.doctor.finding import PROBLEM, SEVERITY
from chatapp.doctor.run import DoctorRequest, DoctorRun
from chatapp.protocol.advert import FoundServer, ServerAdvert

TIMEOUT_S = 1.0
# The reach's timeout and the greeting's wait (the server greets after 1 s).
BUDGET_S = TIMEOUT_S + 3.0


class FakeFinder(QObject):
    server_found = Signal(object)

    def __init__(self, parent, servers=()):
        super().__init__(parent)
        self.servers = servers

    def start(self):
        for server in self.servers:
            QTimer.singleShot(0, lambda server=server: self.server_found.emit(server))

    def stop(self):
        pass


def finish(qtbot, request: DoctorRequest, servers=()) -> tuple[DoctorRun, list, float]:
    doctor = DoctorRun(request, lambda parent: FakeFinder(parent, servers))
    arrived = []
    doctor.finding_ready.connect(arrived.append)
    started = time.monotonic()
    with qtbot.waitSignal(doctor.finished, timeout=WAIT_MS * 2) as blocker:
        doctor.start()
    return doctor, blocker.args[0], time.monotonic() - started


def test_a_client_run_against_a_running_server(qtbot, server):
    request = DoctorRequest(LOOPBACK, server.port, timeout=TIMEOUT_S, discovery_wait=0.2)
    doctor, findings, seconds = finish(qtbot, request)
    checks = {finding.check for finding in findings}
    assert {"adapters", "route", "reach", "discovery", "firewall"} <= checks
    assert not any(finding.verdict == PROBLEM for finding in findings)
    assert seconds < BUDGET_S and doctor.seconds < BUDGET_S
    severities = [SEVERITY[finding.verdict] for finding in findings]
    assert severities == sorted(severities, reverse=True)
    assert all(finding.done for finding in findings)


def test_a_server_run_names_the_program_holding_the_port(qtbot):
    with socket.create_server(("0.0.0.0", 0)) as listener:
        port = listener.getsockname()[1]
        _doctor, findings, seconds = finish(
            qtbot, DoctorRequest("", port, as_server=True, timeout=TIMEOUT_S, discovery=False))
    me = psutil.Process(os.getpid()).name()
    port_problem = next(finding for finding in findings if finding.check == "port")
    assert port_problem.verdict == PROBLEM and port_problem.sentence.startswith(
        f"Port {port} is already used by {me} (pid {os.getpid()}).")
    # Problems first: only "no network" (a machine with loopback alone, as in CI) may precede it.
    assert all(finding.check == "adapters" for finding in findings[:findings.index(port_problem)])
    assert "reach" not in {finding.check for finding in findings}
    assert seconds < BUDGET_S


def test_the_server_side_sees_its_own_announcement(qtbot, server):
    heard = FoundServer(ServerAdvert("ab12cd34", "room", server.port, "0.1.0", 0, False),
                        LOOPBACK, "beacon")
    _doctor, findings, _seconds = finish(
        qtbot, DoctorRequest("", server.port, as_server=True, own_server_port=server.port,
                             discovery_wait=0.2), [heard])
    assert f"Discovery sees the server at {LOOPBACK} port {server.port} (by beacon)." in [
        finding.sentence for finding in findings]


def test_progress_counts_every_check(qtbot, server):
    doctor = DoctorRun(DoctorRequest(LOOPBACK, server.port, timeout=TIMEOUT_S, discovery=False))
    steps = []
    doctor.progress_changed.connect(lambda done, total: steps.append((done, total)))
    with qtbot.waitSignal(doctor.finished, timeout=WAIT_MS * 2):
        doctor.start()
    total = doctor.total
    assert steps[0] == (0, total) and steps[-1] == (total, total)
    assert [done for done, _total in steps] == sorted(done for done, _total in steps)


def test_findings_never_arrive_inside_start(qtbot, monkeypatch):
    # A check done before its callback is added: the callback runs at once.
    monkeypatch.setattr(run_module, "firewall_findings", lambda *args: [])
    doctor = DoctorRun(DoctorRequest("", 2000, discovery=False))
    arrived = []
    doctor.finding_ready.connect(arrived.append)
    doctor.start()
    assert arrived == []
    qtbot.waitSignal(doctor.finished, timeout=WAIT_MS).wait()
    assert arrived


def test_a_check_that_breaks_is_a_sentence_not_a_crash(qtbot, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("psutil exploded")

    monkeypatch.setattr(run_module, "firewall_findings", broken)
    _doctor, findings, _seconds = finish(
        qtbot, DoctorRequest("", 2000, as_server=False, discovery=False))
    assert "The firewall check could not finish: psutil exploded." in [
        finding.sentence for finding in findings]
