"""The connection-state panel: Qt's state, Winsock's value, and the kernel's TCP state."""

from ui_support import KERNEL_WAIT_MS, WAIT_MS


def test_client_panel_shows_connected_and_established(qtbot, server_window, connect_client_window):
    alice = connect_client_window("alice")
    panel = alice.state_panel
    assert panel.qt_state_label.text() == "ConnectedState"
    assert panel.winsock_label.text() == "sckConnected (7)"
    qtbot.waitUntil(lambda: panel.kernel_label.text() == "ESTABLISHED", timeout=KERNEL_WAIT_MS)
    assert panel.local_label.text() == alice.client.connection.local_endpoint
    assert panel.peer_label.text().endswith(f":{server_window.server.port}")
    states = [panel.timeline.item(r, 2).text() for r in range(panel.timeline.rowCount())]
    assert "Qt ConnectingState" in states and "Qt ConnectedState" in states


def test_time_wait_shows_on_the_client_when_the_client_closes_first(
    qtbot, server_window, connect_client_window
):
    alice = connect_client_window("alice")
    panel = alice.state_panel
    qtbot.waitUntil(lambda: panel.kernel_label.text() == "ESTABLISHED", timeout=KERNEL_WAIT_MS)

    alice.disconnect_button.click()

    qtbot.waitUntil(lambda: panel.qt_state_label.text() == "UnconnectedState", timeout=WAIT_MS)
    assert panel.winsock_label.text() == "sckClosed (0)"
    qtbot.waitUntil(lambda: panel.kernel_label.text() == "TIME_WAIT", timeout=KERNEL_WAIT_MS)
    # Endpoints are remembered after Qt has forgotten them.
    assert panel.local_label.text().startswith("127.0.0.1:")
    # The passive side (the server) does not linger in TIME_WAIT.
    row = server_window.client_model.rows()[0]
    qtbot.waitUntil(lambda: row.tracker.kernel_state == "CLOSED", timeout=KERNEL_WAIT_MS)


def test_time_wait_shows_on_the_server_when_it_kicks(qtbot, server_window, connect_client_window):
    alice = connect_client_window("alice")
    table = server_window.client_table
    qtbot.waitUntil(lambda: server_window.client_model.rowCount() == 1, timeout=WAIT_MS)
    table.selectRow(0)
    panel = server_window.state_panel
    qtbot.waitUntil(lambda: panel.kernel_label.text() == "ESTABLISHED", timeout=KERNEL_WAIT_MS)
    assert panel.qt_state_label.text() == "ConnectedState"

    server_window.kick_button.click()

    qtbot.waitUntil(lambda: panel.kernel_label.text() == "TIME_WAIT", timeout=KERNEL_WAIT_MS)
    assert panel.qt_state_label.text() == "UnconnectedState"
    qtbot.waitUntil(
        lambda: alice.tracker.kernel_state == "CLOSED", timeout=KERNEL_WAIT_MS
    )  # the client closed second: no TIME_WAIT there
