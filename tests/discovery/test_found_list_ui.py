"""The windows with discovery, in this process on loopback: the client's
"On this network" list shows what is found (users, lock, fingerprint), drops
what goes, connects on one click or Enter; the server window says where it
announces and logs the beacon's datagrams; the settings persist."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from shared_support import LOOPBACK, WAIT_MS
from test_finder import free_udp_port

from chatapp.net import ClientState
from chatapp.protocol.advert import FoundServer, ServerAdvert


def advert(server_id="0123456789abcdef", port=2000, users=0, password=False, fp=""):
    return ServerAdvert(server_id, "Room 4", port, "0.6.0", users, password, fp)


@pytest.fixture
def client_window(qtbot, settings):
    from chatapp.ui.client_window import ClientWindow

    window = ClientWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def test_rows_come_change_and_go(qtbot, client_window):
    found = client_window.connect_page.found
    found.show_found(FoundServer(advert(users=1), "198.18.0.7", "beacon"))
    assert found.list.count() == 1 and found.list.isVisible() and not found.empty.isVisible()
    row = found.list.item(0).text()
    assert "Room 4 (198.18.0.7:2000)" in row and "1 in the room" in row and "password" not in row
    assert found.list.item(0).icon().isNull()
    found.show_found(FoundServer(advert(users=3, password=True, fp="ab" * 32), "198.18.0.7",
                                 "mdns"))
    assert found.list.count() == 1
    row = found.list.item(0).text()
    assert "password needed" in row and not found.list.item(0).icon().isNull()
    assert "3 in the room" in row and "abababababababab…" in row
    assert "ab" * 32 in found.list.item(0).toolTip()
    found.add_scanned("198.18.0.7", 2000)  # already listed: not twice
    assert found.list.count() == 1
    found.remove("0123456789abcdef")
    assert found.list.count() == 0 and found.empty.isVisible()


def test_a_scanned_host_gives_way_to_the_server_found_there(qtbot, client_window):
    found = client_window.connect_page.found
    found.add_scanned("198.18.0.9", 2000)
    found.show_found(FoundServer(advert(), "198.18.0.9", "beacon"))
    assert found.list.count() == 1 and "Room 4" in found.list.item(0).text()


def test_hostile_adverts_many_and_long_stay_rows(qtbot, client_window):
    found = client_window.connect_page.found
    for i in range(300):
        found.show_found(FoundServer(advert(f"{i:016x}", users=999_999), f"198.18.1.{i % 250}",
                                     "beacon"))
    assert found.list.count() == 300
    assert found.list.maximumHeight() < 200  # the page keeps its shape: the list scrolls


@pytest.mark.parametrize("how", ["click", "enter"])
def test_one_click_or_enter_connects(qtbot, client_window, server, how):
    found = client_window.connect_page.found
    found.show_found(FoundServer(advert(port=server.port), LOOPBACK, "mdns"))
    client_window.host_edit.setText("198.18.0.99")  # what the click replaces
    item = found.list.item(0)
    with qtbot.waitSignal(client_window.client.welcomed, timeout=WAIT_MS):
        if how == "click":
            rect = found.list.visualItemRect(item)
            qtbot.mouseClick(found.list.viewport(), Qt.MouseButton.LeftButton,
                             pos=rect.center())
        else:
            found.list.setFocus()
            found.list.setCurrentItem(item)
            qtbot.keyClick(found.list, Qt.Key.Key_Return)
    assert client_window.host_edit.text() == LOOPBACK
    assert client_window.port_spin.value() == server.port


def test_the_windows_find_each_other_on_loopback(qtbot, qt_asyncio, settings, client_window):
    from chatapp.app.server_factory import build_server
    from chatapp.ui.server_window import ServerWindow

    settings.discovery_interfaces = ["lo"]
    settings.discovery_udp_port = free_udp_port()
    built = build_server(None, in_memory=True)
    server_window = ServerWindow(server=built.server, settings=settings)
    built.server.setParent(server_window)
    qtbot.addWidget(server_window)
    server_window.remember_connection = False
    server_window.host_edit.setText(LOOPBACK)
    server_window.port_spin.setValue(0)
    server_window.set_inspecting(True)
    server_window.show()
    assert server_window.start_listening()
    server_window.announcements.start()
    started = time.monotonic()
    client_window.discovery.start()
    found = client_window.connect_page.found
    port = server_window.server.port
    qtbot.waitUntil(lambda: any(f":{port})" in found.list.item(i).text()
                                for i in range(found.list.count())), timeout=WAIT_MS)
    print(f"listed in the client window in {time.monotonic() - started:.2f} s")
    label = server_window.announcements.label
    assert label.isVisible() and "Announced on lo (127.0.0.1)" in label.text()
    assert "lo (127.0.0.1)" in found.status.text()
    server_window.event_log.model.flush()
    qtbot.waitUntil(lambda: any("UDP datagram" in e.signal
                                for e in server_window.event_log.model.entries()),
                    timeout=WAIT_MS)

    row = next(found.list.item(i) for i in range(found.list.count())
               if f":{port})" in found.list.item(i).text())
    with qtbot.waitSignal(client_window.client.welcomed, timeout=WAIT_MS):
        found.list.itemClicked.emit(row)
    client_window.client.disconnect_from_server()
    qtbot.waitUntil(lambda: client_window.client.state is ClientState.DISCONNECTED)
    server_window.stop_listening()
    qtbot.waitUntil(lambda: not any(f":{port})" in found.list.item(i).text()
                                    for i in range(found.list.count())), timeout=WAIT_MS)
    assert "not listening" in label.text()
    client_window.discovery.stop()
    server_window.close()


def test_discovery_off_in_the_settings_looks_for_nothing(qtbot, settings, client_window):
    settings.discovery_enabled = False
    client_window.discovery.start()
    assert client_window.discovery.finder is None
    assert "off" in client_window.connect_page.found.status.text()


def test_the_settings_dialog_saves_and_restarts(qtbot, settings, client_window, monkeypatch):
    from chatapp.ui.discovery_settings import DiscoverySettingsDialog

    restarted = []
    monkeypatch.setattr(client_window.discovery, "_start", lambda: restarted.append(True))
    client_window.discovery_settings_action.trigger()
    dialog = client_window.findChild(DiscoverySettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.enabled_box.setChecked(False)
    dialog.port_spin.setValue(2345)
    lo = next(dialog.interface_list.item(i) for i in range(dialog.interface_list.count())
              if dialog.interface_list.item(i).data(Qt.ItemDataRole.UserRole) == "lo")
    lo.setCheckState(Qt.CheckState.Checked)
    dialog.accept()
    assert restarted
    from chatapp.app.settings import Settings

    again = Settings(settings.file_name)
    assert (again.discovery_enabled, again.discovery_interfaces, again.discovery_udp_port) == (
        False, ["lo"], 2345)


def test_settings_read_back_strictly(settings):
    assert settings.discovery_enabled and settings.discovery_interfaces == []
    assert settings.discovery_udp_port == 2001
    settings._q.setValue("discovery/udp_port", "99999")
    settings._q.setValue("discovery/enabled", "maybe")
    settings._q.setValue("discovery/interfaces", " eth0, ,eth0,wlan0 ")
    assert settings.discovery_udp_port == 2001 and settings.discovery_enabled
    assert settings.discovery_interfaces == ["eth0", "wlan0"]


def test_scan_this_network_lists_what_answers_on_the_chat_port(
    qtbot, settings, client_window, server
):
    settings.discovery_interfaces = ["lo"]  # 127.0.0.0/8, narrowed to the /24 around us
    client_window.port_spin.setValue(server.port)
    found = client_window.connect_page.found
    found.scan_button.click()
    assert found.scan_progress.isVisible() and found.cancel_scan_button.isVisible()
    assert "Scanning" in found.status.text()
    qtbot.waitUntil(lambda: found.scan_button.isEnabled(), timeout=WAIT_MS * 4)
    assert "Scan finished" in found.status.text()
    assert found.item(f"scan:{LOOPBACK}:{server.port}") is not None
    assert not found.scan_progress.isVisible()
    with qtbot.waitSignal(client_window.client.welcomed, timeout=WAIT_MS):
        found.list.itemActivated.emit(found.item(f"scan:{LOOPBACK}:{server.port}"))


def test_a_scan_can_be_stopped(qtbot, settings, client_window):
    settings.discovery_interfaces = ["lo"]
    found = client_window.connect_page.found
    found.scan_button.click()
    found.cancel_scan_button.click()
    qtbot.waitUntil(lambda: found.scan_button.isEnabled(), timeout=WAIT_MS)
    assert "Scan stopped" in found.status.text()
