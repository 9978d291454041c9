"""'Scan this network' on loopback: the "subnets" are 127.0.0.x networks given
directly, so no attempt leaves the machine."""

from __future__ import annotations

import ipaddress
import socket
import time

import psutil
import pytest
from net_support import WAIT_MS

from chatapp.net.subnet_scan import MAX_IN_FLIGHT, NARROWED_PREFIX, SubnetScan, plan_scan


def net(text: str) -> ipaddress.IPv4Interface:
    return ipaddress.IPv4Interface(text)


def test_a_small_subnet_is_planned_whole_each_address_once():
    plan = plan_scan([net("198.18.3.5/28"), net("198.18.3.9/28")])
    assert plan.hosts == [f"198.18.3.{n}" for n in range(1, 15)]
    assert plan.narrowed == []


def test_a_large_subnet_is_narrowed_to_the_24_around_our_address():
    plan = plan_scan([net("198.18.77.20/16")])
    assert len(plan.hosts) == 254
    assert plan.hosts[0] == "198.18.77.1" and plan.hosts[-1] == "198.18.77.254"
    (narrowed,) = plan.narrowed
    assert str(narrowed.subnet) == "198.18.0.0/16"
    assert str(narrowed.scanned) == f"198.18.77.0/{NARROWED_PREFIX}"


def test_a_22_is_still_scanned_whole():
    assert len(plan_scan([net("198.18.4.1/22")]).hosts) == 1022


def test_a_single_address_is_planned_as_itself():
    assert plan_scan([net("198.18.5.5/32")]).hosts == ["198.18.5.5"]


@pytest.fixture
def chat_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def listening(chat_port):
    """Something listening on 127.0.0.5 only: the one address the scan should find."""
    with socket.create_server(("127.0.0.5", chat_port)) as server:
        yield server


def scan_of(qtbot, network: str, port: int, **kwargs) -> SubnetScan:
    scan = SubnetScan(port, networks=[net(network)], **kwargs)
    return scan


def open_attempts(port: int) -> list:
    return [conn for conn in psutil.Process().net_connections(kind="tcp")
            if conn.raddr and conn.raddr.port == port]


def test_the_one_listening_address_is_found(qtbot, chat_port, listening):
    scan = scan_of(qtbot, "127.0.0.1/28", chat_port)
    found, progress = [], []
    scan.found.connect(lambda host, port: found.append((host, port)))
    scan.progress.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(scan.finished, timeout=WAIT_MS) as finished:
        assert scan.start()
    assert finished.args == [1, False]
    assert found == [("127.0.0.5", chat_port)]
    assert progress[-1] == (14, 14) and len(progress) == 14
    assert scan.in_flight == 0 and not scan.running


def test_never_more_than_the_bound_in_flight(qtbot, chat_port):
    scan = scan_of(qtbot, "127.0.0.1/24", chat_port)
    peak = []
    scan.progress.connect(lambda *_: peak.append(scan.in_flight))
    with qtbot.waitSignal(scan.finished, timeout=WAIT_MS):
        scan.start()
    assert scan.most_in_flight == MAX_IN_FLIGHT  # reached, never passed
    assert max(peak) <= MAX_IN_FLIGHT


def test_a_smaller_bound_is_kept_too(qtbot, chat_port):
    scan = scan_of(qtbot, "127.0.0.1/26", chat_port, max_in_flight=3)
    with qtbot.waitSignal(scan.finished, timeout=WAIT_MS):
        scan.start()
    assert scan.most_in_flight == 3


def test_cancel_mid_way_stops_at_once_and_leaves_no_socket_open(qtbot, chat_port, listening):
    scan = scan_of(qtbot, "127.0.0.1/22", chat_port)
    state = {}

    def cancel_at_forty(done, total):
        if done == 40:
            scan.cancel()
            state["open"] = [c for c in open_attempts(chat_port) if c.status != "LISTEN"]
            state["in_flight"] = scan.in_flight

    scan.progress.connect(cancel_at_forty)
    progress = []
    scan.progress.connect(lambda done, total: progress.append(done))
    with qtbot.waitSignal(scan.finished, timeout=WAIT_MS) as finished:
        scan.start()
    assert finished.args[1] is True
    assert state == {"open": [], "in_flight": 0}
    qtbot.wait(100)
    assert max(progress) == 40 and not scan.running


def test_a_second_start_while_scanning_is_refused(qtbot, chat_port):
    scan = scan_of(qtbot, "127.0.0.1/24", chat_port)
    starts = []
    scan.started.connect(lambda total, notes: starts.append(total))
    with qtbot.waitSignal(scan.finished, timeout=WAIT_MS):
        assert scan.start()
        assert not scan.start()
    assert starts == [254]
    with qtbot.waitSignal(scan.finished, timeout=WAIT_MS):
        assert scan.start()  # and once it is over, a new one may start


def test_a_large_subnet_is_narrowed_and_the_scan_says_so(qtbot, chat_port):
    scan = scan_of(qtbot, "127.0.0.1/8", chat_port)
    with qtbot.waitSignal(scan.started, timeout=WAIT_MS) as started:
        scan.start()
    total, notes = started.args
    assert total == 254 and len(notes) == 1
    assert "127.0.0.0/8" in notes[0] and "127.0.0.0/24" in notes[0]
    scan.cancel()


def test_an_address_that_never_answers_is_given_up_after_the_timeout(qtbot, chat_port):
    # A listener whose backlog is full: the system drops further SYNs unanswered.
    with socket.create_server(("127.0.0.7", chat_port), backlog=0) as server:
        fillers = []
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.7", chat_port))
            fillers.append(filler)
        time.sleep(0.1)
        scan = scan_of(qtbot, "127.0.0.7/32", chat_port, timeout_ms=300)
        began = time.monotonic()
        with qtbot.waitSignal(scan.finished, timeout=WAIT_MS) as finished:
            scan.start()
        took = time.monotonic() - began
        for filler in fillers:
            filler.close()
        assert server
    assert finished.args == [0, False]
    assert 0.25 <= took < 1.5


def test_with_nothing_to_scan_start_says_no(qtbot, chat_port):
    scan = SubnetScan(chat_port, ["no-such-interface"])
    with qtbot.assertNotEmitted(scan.started), qtbot.assertNotEmitted(scan.finished):
        assert not scan.start()
    assert not scan.running
