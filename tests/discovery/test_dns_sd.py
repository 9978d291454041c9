"""DNS-SD on loopback: a server announced by DnsSdAnnouncer is found, changes
and goes for DnsSdBrowser; a record from anyone else is read strictly."""

from __future__ import annotations

import ipaddress
import time

from shared_support import WAIT_MS

from chatapp.net.dns_sd import TXT_UPDATE_MIN_INTERVAL_S, DnsSdAnnouncer, DnsSdBrowser
from chatapp.protocol.advert import ServerAdvert

LOOPBACK_NET = [ipaddress.IPv4Interface("127.0.0.1/8")]


class Advert:
    """A server's advert the test can change."""

    def __init__(self, server_id: str, name: str = "test room", port: int = 2000) -> None:
        self.advert = ServerAdvert(server_id, name, port, "0.6.0", 0, False)

    def __call__(self) -> ServerAdvert:
        return self.advert


def wait_for(qtbot, browser, server_id, check=lambda found: True):
    seen = []

    def heard(found) -> None:
        if found.advert.server_id == server_id and check(found):
            seen.append(found)

    browser.found.connect(heard)
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT_MS)
    browser.found.disconnect(heard)
    return seen[-1]


def test_an_announced_server_is_found_changes_and_goes(qtbot, qt_asyncio, server_id):
    advert = Advert(server_id, port=4567)
    announcer = DnsSdAnnouncer(advert, ["127.0.0.1"])
    browser = DnsSdBrowser(LOOPBACK_NET)
    started = time.monotonic()
    browser.start()
    announcer.start()
    found = wait_for(qtbot, browser, server_id)
    print(f"found on loopback in {time.monotonic() - started:.2f} s")
    assert (found.host, found.advert.port, found.via) == ("127.0.0.1", 4567, "mdns")
    assert found.advert.name == "test room" and not found.advert.password_required
    assert announcer.status.startswith("mDNS: announced")

    advert.advert = ServerAdvert(server_id, "test room", 4567, "0.6.0", 3, True)
    announcer.advert_changed()
    changed = wait_for(qtbot, browser, server_id, lambda f: f.advert.users == 3)
    assert changed.advert.password_required
    browser.request()  # asked again: the server is reported again
    assert wait_for(qtbot, browser, server_id).advert.users == 3

    with qtbot.waitSignal(browser.lost, timeout=WAIT_MS, check_params_cb=lambda i: i == server_id):
        announcer.stop()
    browser.stop()


def test_two_servers_with_one_name_are_both_found(qtbot, qt_asyncio, server_id):
    other_id = server_id[::-1]
    first = DnsSdAnnouncer(Advert(server_id, "same"), ["127.0.0.1"])
    browser = DnsSdBrowser(LOOPBACK_NET)
    browser.start()
    first.start()
    wait_for(qtbot, browser, server_id)
    second = DnsSdAnnouncer(Advert(other_id, "same", port=2002), ["127.0.0.1"])
    second.start()
    found = wait_for(qtbot, browser, other_id)
    assert found.advert.port == 2002
    assert first.service_name != second.service_name  # zeroconf renamed the second
    for announcer in (first, second):
        with qtbot.waitSignal(announcer.stopped, timeout=WAIT_MS):
            announcer.stop()
    browser.stop()


def test_no_interface_is_a_sentence(qtbot, qt_asyncio, server_id):
    announcer = DnsSdAnnouncer(Advert(server_id), [])
    announcer.start()
    assert not announcer.active and "no network interface" in announcer.status


def test_an_address_this_machine_lacks_is_a_sentence(qtbot, qt_asyncio, server_id):
    announcer = DnsSdAnnouncer(Advert(server_id), ["198.18.255.254"])
    announcer.start()
    qtbot.waitUntil(lambda: "could not start" in announcer.status, timeout=WAIT_MS)
    assert "beacon still works" in announcer.status
    with qtbot.waitSignal(announcer.stopped, timeout=WAIT_MS):
        announcer.stop()


def test_a_busy_room_updates_the_record_at_most_once_a_second(qtbot, qt_asyncio, server_id):
    advert = Advert(server_id)
    announcer = DnsSdAnnouncer(advert, ["127.0.0.1"])
    announcer.start()
    qtbot.waitUntil(lambda: announcer.registered, timeout=WAIT_MS)
    updates = []
    real = announcer.zeroconf.async_update_service

    async def counted(info):
        updates.append(info.properties[b"users"])
        await real(info)

    announcer.zeroconf.async_update_service = counted
    started = time.monotonic()
    for users in range(1, 41):  # 40 changes in about 2 s
        advert.advert = ServerAdvert(server_id, "test room", 2000, "0.6.0", users, False)
        announcer.advert_changed()
        qtbot.wait(50)
    qtbot.waitUntil(lambda: updates and updates[-1] == b"40", timeout=WAIT_MS)
    elapsed = time.monotonic() - started
    assert len(updates) <= elapsed / TXT_UPDATE_MIN_INTERVAL_S + 1
    with qtbot.waitSignal(announcer.stopped, timeout=WAIT_MS):
        announcer.stop()
