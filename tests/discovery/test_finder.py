"""The merged server list and the server's announcements, in this process on
loopback: ServerDiscovery (mDNS + UDP beacon) is found by ServerFinder, its
user count follows the room, and it is gone once both ways lost it."""

from __future__ import annotations

import socket
import time

import pytest
from shared_support import LOOPBACK, WAIT_MS

from chatapp.net.discovery import ServerDiscovery, ServerFinder
from chatapp.protocol.advert import FoundServer, ServerAdvert


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


@pytest.fixture
def udp_port():
    return free_udp_port()


def found(server_id: str, via: str, users: int = 0) -> FoundServer:
    advert = ServerAdvert(server_id, "room", 2000, "0.6.0", users, False)
    return FoundServer(advert, "198.18.0.1", via)


def test_one_entry_per_server_gone_when_every_way_lost_it(qtbot):
    finder = ServerFinder(["lo"])
    events = []
    finder.server_found.connect(lambda f: events.append(("found", f.via, f.advert.users)))
    finder.server_changed.connect(lambda f: events.append(("changed", f.via, f.advert.users)))
    finder.server_gone.connect(lambda i: events.append(("gone", i)))
    finder._on_heard(found("aaaaaaaa", "beacon"))
    finder._on_heard(found("aaaaaaaa", "beacon"))  # a repeat says nothing
    finder._on_heard(found("aaaaaaaa", "mdns"))  # mDNS's advert is shown when there is one
    finder._on_heard(found("aaaaaaaa", "mdns", users=2))
    finder._on_lost("aaaaaaaa", "mdns")
    finder._on_lost("aaaaaaaa", "mdns")  # twice: nothing more
    finder._on_lost("aaaaaaaa", "beacon")
    assert events == [
        ("found", "beacon", 0), ("changed", "mdns", 0), ("changed", "mdns", 2),
        ("changed", "beacon", 0), ("gone", "aaaaaaaa"),
    ]
    assert finder.servers == []


def test_a_listening_server_is_found_follows_its_room_and_goes(
    qtbot, qt_asyncio, server, udp_port, connect_client
):
    discovery = ServerDiscovery(server, ["lo"], udp_port, name="loop room")
    finder = ServerFinder(["lo"], udp_port)
    heard: dict[str, list[FoundServer]] = {}
    for source in ("server_found", "server_changed"):
        getattr(finder, source).connect(
            lambda f, source=source: heard.setdefault(source, []).append(f)
        )
    started = time.monotonic()
    finder.start()
    discovery.start()
    mine = lambda f: f.advert.server_id == discovery.server_id  # noqa: E731
    qtbot.waitUntil(lambda: any(mine(f) for f in heard.get("server_found", [])), timeout=WAIT_MS)
    print(f"found on loopback in {time.monotonic() - started:.2f} s")
    first = next(f for f in heard["server_found"] if mine(f))
    assert (first.host, first.advert.port) == (LOOPBACK, server.port)
    assert first.advert.name == "loop room"
    qtbot.waitUntil(lambda: set(finder._sources[discovery.server_id]) == {"mdns", "beacon"},
                    timeout=WAIT_MS)
    assert "lo (127.0.0.1)" in discovery.status and "mDNS and UDP beacon" in discovery.status

    connect_client("alice")
    qtbot.waitUntil(lambda: any(mine(f) and f.advert.users == 1
                                for f in heard.get("server_changed", [])), timeout=WAIT_MS)

    with qtbot.waitSignal(finder.server_gone, timeout=WAIT_MS,
                          check_params_cb=lambda i: i == discovery.server_id):
        server.stop()
    assert "not listening" in discovery.status
    finder.stop()


def test_a_loopback_server_is_not_announced_unless_told_where(qtbot, server):
    discovery = ServerDiscovery(server)  # every interface: but 127.0.0.1 reaches none of them
    discovery.start()
    assert discovery.dns_sd is None and discovery.beacon is None
    assert "only this machine can reach" in discovery.status
    with qtbot.waitSignal(discovery.stopped, timeout=WAIT_MS):
        discovery.stop()


def test_an_interface_that_does_not_exist_is_a_sentence(qtbot, server):
    discovery = ServerDiscovery(server, ["no-such-if0"])
    discovery.start()
    assert "no-such-if0" in discovery.status and discovery.dns_sd is None
