"""Hostile DNS-SD on loopback: records anyone can send (missing keys, huge or
non-UTF-8 values, a bad port, floods of names) never reach the list, and a
good server among them is still found."""

from __future__ import annotations

import ipaddress
import socket

from shared_support import WAIT_MS
from zeroconf import ServiceStateChange
from zeroconf.asyncio import AsyncServiceInfo, AsyncZeroconf

from chatapp.net.dns_sd import MAX_SERVICES, DnsSdBrowser
from chatapp.protocol.advert import SERVICE_TYPE

LOOPBACK_NET = [ipaddress.IPv4Interface("127.0.0.1/8")]
GOOD = {"name": "good", "v": "0.6.0", "users": "0", "pw": "0", "fp": ""}
HOSTILE = [
    {"v": "0.6.0", "users": "0", "pw": "0"},  # no id, no name
    {**GOOD, "name": "x" * 200},
    {**GOOD, "name": b"\xff\xfe\xfd"},
    {**GOOD, "users": "-5"},
    {**GOOD, "pw": "perhaps"},
    {**GOOD, "fp": "not-hex" * 9},
    {**GOOD, "name": "two\nlines"},
]


def info(server_id: str, properties: dict, port: int = 2000, label: str = "") -> AsyncServiceInfo:
    return AsyncServiceInfo(
        SERVICE_TYPE, f"{label or server_id}.{SERVICE_TYPE}", port=port,
        properties={"id": server_id, **properties} if "v" in properties else properties,
        server=f"h{server_id[:8]}.local.", addresses=[socket.inet_aton("127.0.0.1")],
    )


def test_hostile_records_are_dropped_and_a_good_one_is_found(
    qtbot, qt_asyncio, server_id, monkeypatch
):
    import asyncio

    browser = DnsSdBrowser(LOOPBACK_NET)
    resolved = []
    read = browser.found_server
    monkeypatch.setattr(browser, "found_server", lambda i: (resolved.append(i.name), read(i))[1])
    heard = []
    browser.found.connect(heard.append)
    browser.start()
    attacker = AsyncZeroconf(interfaces=["127.0.0.1"])
    records = [info(f"{i:04d}{server_id[4:]}", p, label=f"bad{i}{server_id}")
               for i, p in enumerate(HOSTILE)]
    records.append(info(f"ffff{server_id[4:]}", GOOD, port=0, label=f"badport{server_id}"))
    good = info(server_id, GOOD, label=f"good{server_id}")
    done = []

    async def register_all() -> None:
        await asyncio.gather(*(attacker.async_register_service(r, cooperating_responders=True)
                               for r in [*records, good]))
        done.append(True)

    asyncio.ensure_future(register_all())
    mine = [r.name for r in [*records, good]]
    qtbot.waitUntil(lambda: set(mine) <= set(resolved), timeout=WAIT_MS)  # all were read
    assert [f.advert.server_id for f in heard if f.advert.server_id[4:] == server_id[4:]] == [
        server_id]
    browser.stop()
    closed = asyncio.ensure_future(attacker.async_close())
    qtbot.waitUntil(closed.done, timeout=WAIT_MS)


def test_a_flood_of_names_is_tracked_up_to_a_limit(qtbot, qt_asyncio, monkeypatch):
    browser = DnsSdBrowser(LOOPBACK_NET)
    resolving = []
    monkeypatch.setattr(browser, "_spawn", lambda coroutine, what: (
        resolving.append(what), coroutine.close()))
    for i in range(MAX_SERVICES * 4):
        browser._on_service_state_change(None, SERVICE_TYPE, f"fake{i}.{SERVICE_TYPE}",
                                         ServiceStateChange.Added)
    assert len(resolving) == MAX_SERVICES
    for i in range(MAX_SERVICES * 4):  # repeats and removals of unknown names: quiet
        browser._on_service_state_change(None, SERVICE_TYPE, f"fake{i}.{SERVICE_TYPE}",
                                         ServiceStateChange.Removed)
    assert browser.ids == {} and not browser._resolving
