"""What watches the peer, on screen: the client table's liveness lamp and round
trip, and the state panel's TCP keepalive and heartbeat lines, on both sides.

The server here pings every 0.3 s, so a round trip is measured at once.
"""

import json
import socket

import pytest
from PySide6.QtCore import Qt
from ui_support import LOOPBACK, WAIT_MS

from chatapp.net import ChatServer
from chatapp.net.keepalive import KeepaliveSettings
from chatapp.net.server_config import ServerConfig
from chatapp.protocol.heartbeat import Liveness
from chatapp.ui.client_table import LIVENESS, RTT
from chatapp.ui.connection_tracker import HeartbeatInfo
from chatapp.ui.state_panel import heartbeat_text, keepalive_text

KEEPALIVE = "on: idle 60 s, every 10 s, 5 probes"  # what the sockets are given, read back


@pytest.fixture
def server(qtbot):
    server = ChatServer(config=ServerConfig(heartbeat_interval=0.3, heartbeat_timeout=3.0))
    server.listen(LOOPBACK, 0)
    yield server
    server.stop()


def cell(model, row, column, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def test_the_client_table_shows_liveness_and_round_trip(
    qtbot, server, server_window, connect_client_window
):
    connect_client_window("alice")
    model = server_window.client_model
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.rows()[0].nick == "alice")
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[LIVENESS] == "Liveness" and headers[RTT] == "Round trip"
    # peer_updated brings the first round trip after one ping.
    qtbot.waitUntil(lambda: cell(model, 0, RTT).endswith(" ms"), timeout=WAIT_MS)
    assert cell(model, 0, LIVENESS) == "alive"
    lamp = cell(model, 0, LIVENESS, Qt.ItemDataRole.DecorationRole)
    assert lamp is not None and not lamp.isNull()
    assert cell(model, 0, LIVENESS, Qt.ItemDataRole.ToolTipRole) == (
        "The client answers the heartbeat."
    )


def test_a_silent_client_goes_late_then_dead_and_keeps_its_red_lamp(qtbot, server, server_window):
    server.config.heartbeat_interval, server.config.heartbeat_timeout = 0.2, 1.2
    model = server_window.client_model
    # A program that says hello and then never answers a ping (nor reads at all).
    mute = socket.create_connection((LOOPBACK, server.port))
    try:
        hello = {"type": "hello", "v": 1, "nick": "mute", "client": "test"}
        mute.sendall(json.dumps(hello).encode() + b"\n")
        qtbot.waitUntil(lambda: model.rowCount() == 1 and model.rows()[0].nick == "mute")
        qtbot.waitUntil(lambda: cell(model, 0, LIVENESS) == "late", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: cell(model, 0, LIVENESS) == "dead", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: model.rows()[0].left_at is not None, timeout=WAIT_MS)
        assert model.rows()[0].liveness is Liveness.DEAD  # the row still says why it went
        assert "dropped" in cell(model, 0, LIVENESS, Qt.ItemDataRole.ToolTipRole)
    finally:
        mute.close()


def test_a_client_that_leaves_normally_loses_its_lamp(
    qtbot, server, server_window, connect_client_window
):
    alice = connect_client_window("alice")
    model = server_window.client_model
    qtbot.waitUntil(lambda: cell(model, 0, LIVENESS) == "alive", timeout=WAIT_MS)
    alice.disconnect_button.click()
    qtbot.waitUntil(lambda: model.rows()[0].left_at is not None, timeout=WAIT_MS)
    assert cell(model, 0, LIVENESS) == "–"


def watchers_shown(panel):
    return (
        panel.keepalive_label.text() == KEEPALIVE
        and panel.heartbeat_label.text() == "ping every 0.3 s, timeout 3 s"
        and panel.liveness_label.text() == "alive"
        and panel.rtt_label.text().endswith(" ms")
    )


def test_the_client_panel_shows_keepalive_and_heartbeat(
    qtbot, server, server_window, connect_client_window
):
    alice = connect_client_window("alice")
    panel = alice.state_panel
    qtbot.waitUntil(lambda: watchers_shown(panel), timeout=WAIT_MS)
    assert panel.liveness_led.state.value == "alive"
    # After the close: nothing is watching any more.
    alice.disconnect_button.click()
    qtbot.waitUntil(lambda: panel.liveness_label.text() == "–", timeout=WAIT_MS)


def test_the_server_panel_shows_them_for_the_selected_client(
    qtbot, server, server_window, connect_client_window
):
    connect_client_window("alice")
    qtbot.waitUntil(lambda: server_window.client_model.rowCount() == 1)
    server_window.client_table.selectRow(0)
    panel = server_window.state_panel
    qtbot.waitUntil(lambda: watchers_shown(panel), timeout=WAIT_MS)


def test_watcher_texts():
    assert keepalive_text(None) == "off"
    assert keepalive_text(KeepaliveSettings(30, 5, 3)) == "on: idle 30 s, every 5 s, 3 probes"
    assert heartbeat_text(None) == "–"
    assert heartbeat_text(HeartbeatInfo(None, 600)) == "no pings; idle timeout 600 s"
    assert heartbeat_text(HeartbeatInfo(5, 15)) == "ping every 5 s, timeout 15 s"
