"""Discovery seen or not: the verdict from what was heard (pure), the watch
with a fake finder, and "not checked" where chatapp has no discovery.
Nothing here multicasts: the real ServerFinder is only used in the test
hosts' namespaces (tests/lan)."""

from __future__ import annotations

import importlib.util

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from shared_support import WAIT_MS

from chatapp.doctor.discovery_watch import (
    NOT_CHECKED,
    BorrowedFinder,
    DiscoveryWatch,
    discovery_finding,
)
from chatapp.doctor.finding import INFO, OK, WARNING
from chatapp.protocol.advert import FoundServer, ServerAdvert

HAS_DISCOVERY = importlib.util.find_spec("chatapp.net.discovery") is not None


def found(host: str, port: int = 2000, name: str = "room", via: str = "mdns",
          server_id: str = "a1") -> FoundServer:
    return FoundServer(ServerAdvert(server_id, name, port, "0.1.0", 1, False), host, via)


def test_seen_at_the_address_and_port():
    finding = discovery_finding([found("198.18.1.1"), found("198.18.1.1", via="beacon")],
                                ["198.18.1.1"], 2000, 2.0, 0.4)
    assert (finding.verdict, finding.facts["seen"]) == (OK, True)
    assert finding.sentence == ("Discovery sees the server at 198.18.1.1 port 2000 (by beacon, "
                                "mdns).")


def test_seen_on_another_port():
    finding = discovery_finding([found("198.18.1.1", 2002)], ["198.18.1.1"], 2000, 2.0, 2.0)
    assert finding.verdict == WARNING
    assert finding.sentence == ("Discovery sees a chatapp server at 198.18.1.1, but on port 2002, "
                                "not 2000: use port 2002.")


def test_others_seen_but_not_the_server():
    finding = discovery_finding([found("198.18.1.7", name="other")], ["198.18.1.1"], 2000, 2.0,
                                2.0)
    assert (finding.verdict, finding.facts["seen"], finding.facts["any"]) == (INFO, False, True)
    assert "but none at 198.18.1.1" in finding.sentence and "other (198.18.1.7:2000)" in \
        finding.sentence


def test_nothing_seen():
    finding = discovery_finding([], ["198.18.1.1"], 2000, 2.0, 2.0)
    assert (finding.verdict, finding.facts["seen"]) == (INFO, False)
    assert finding.sentence.startswith("Discovery found no chatapp server within 2 s")


def test_addresses_compare_as_addresses_and_many_are_shown_few():
    many = [found(f"198.18.1.{n}", server_id=str(n)) for n in range(2, 60)]
    finding = discovery_finding([*many, found("not an address")], ["198.18.9.9"], 2000, 2.0,
                                2.0)
    assert finding.sentence.count("(198.18.1.") == 5
    assert discovery_finding([found("fe80::1%eth0")], ["fe80::1"], 2000, 2.0, 0).facts["seen"]


def test_not_checked_is_said_so():
    finding = discovery_finding("this version of chatapp has no discovery", ["x"], 2000, 2, 0)
    assert (finding.verdict, finding.facts["seen"]) == (INFO, NOT_CHECKED)
    assert finding.sentence == "Discovery not checked: this version of chatapp has no discovery."


class FakeFinder(QObject):
    server_found = Signal(object)
    server_changed = Signal(object)

    def __init__(self, parent, servers):
        super().__init__(parent)
        self.servers, self.stopped, self.asked = servers, False, False

    def start(self):
        for server in self.servers:
            QTimer.singleShot(10, lambda server=server: self.server_found.emit(server))

    def request_now(self):
        self.asked = True

    def stop(self):
        self.stopped = True


def test_the_watch_collects_for_its_time_and_stops_the_finder(qtbot):
    finders = []

    def factory(parent):
        finders.append(FakeFinder(parent, [found("198.18.1.1"), found("198.18.1.1")]))
        return finders[-1]

    watch = DiscoveryWatch(0.2, factory)
    with qtbot.waitSignal(watch.finished, timeout=WAIT_MS) as blocker:
        watch.start()
    assert blocker.args[0] == [found("198.18.1.1")]  # the same server once
    assert finders[0].stopped and finders[0].asked


@pytest.mark.parametrize("factory", [lambda parent: None,
                                     lambda parent: (_ for _ in ()).throw(OSError("no socket"))])
def test_a_watch_that_cannot_start_says_why(qtbot, factory):
    watch = DiscoveryWatch(5, factory)
    with qtbot.waitSignal(watch.finished, timeout=WAIT_MS) as blocker:
        watch.start()
    assert isinstance(blocker.args[0], str) and blocker.args[0]


def test_a_stopped_watch_says_nothing(qtbot):
    watch = DiscoveryWatch(0.1, lambda parent: FakeFinder(parent, []))
    watch.start()
    watch.stop()
    with qtbot.assertNotEmitted(watch.finished, wait=300):
        pass


class RunningFinder(QObject):
    """The client window's finder, already running and having heard a server."""

    server_found = Signal(object)
    server_changed = Signal(object)

    def __init__(self, servers):
        super().__init__()
        self.servers, self.asked, self.stopped = list(servers), 0, False

    def request_now(self):
        self.asked += 1

    def stop(self):
        self.stopped = True


def test_a_running_finder_is_borrowed_heard_and_left_running(qtbot):
    running = RunningFinder([found("198.18.1.1")])
    borrowed = []
    watch = DiscoveryWatch(0.3, lambda parent: borrowed.append(BorrowedFinder(running, parent))
                           or borrowed[-1])
    with qtbot.waitSignal(watch.finished, timeout=WAIT_MS) as blocker:
        watch.start()
        QTimer.singleShot(50, lambda: running.server_changed.emit(found("198.18.1.7",
                                                                         server_id="b2")))
    assert sorted(f.host for f in blocker.args[0]) == ["198.18.1.1", "198.18.1.7"]
    assert running.asked == 1 and not running.stopped
    # Unhooked afterwards: what the window's finder hears later goes nowhere.
    later = []
    borrowed[0].server_found.connect(later.append)
    running.server_found.emit(found("198.18.1.9"))
    running.server_changed.emit(found("198.18.1.9"))
    assert later == []


@pytest.mark.skipif(HAS_DISCOVERY, reason="chatapp.net.discovery exists: checked for real in "
                                          "tests/lan")
def test_without_the_discovery_module_it_is_not_checked(qtbot):
    watch = DiscoveryWatch(5)
    with qtbot.waitSignal(watch.finished, timeout=WAIT_MS) as blocker:
        watch.start()
    assert blocker.args[0] == "this version of chatapp has no discovery"
