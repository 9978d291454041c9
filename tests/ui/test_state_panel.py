"""The connection-state panel: Qt's state, Winsock's value, and the kernel's TCP state."""

import socket
import sys

import pytest
from ui_support import KERNEL_WAIT_MS, LOOPBACK, WAIT_MS


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


@pytest.fixture
def full_backlog():
    """A listener that never accepts, its queue full: Linux drops further SYNs,
    so a connecting client waits in SYN_SENT (the handshake gets no answer)."""
    listener = socket.socket()
    listener.bind((LOOPBACK, 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    # With listen(0) Linux queues one connection; this one fills the queue. (A
    # second filler would itself wait in SYN_SENT to the same port, and the panel
    # could follow that socket instead of the client's.)
    filler = socket.create_connection((LOOPBACK, port), timeout=2)
    yield port
    for s in (filler, listener):
        s.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux drops SYNs to a full queue")
def test_syn_sent_shows_while_the_handshake_waits(qtbot, settings, full_backlog):
    from chatapp.ui.client_window import ClientWindow

    window = ClientWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.host_edit.setText(LOOPBACK)
    window.port_spin.setValue(full_backlog)
    window.nick_edit.setText("carol")
    window.connect_button.click()
    panel = window.state_panel
    qtbot.waitUntil(lambda: panel.kernel_label.text() == "SYN_SENT", timeout=KERNEL_WAIT_MS)
    assert panel.qt_state_label.text() == "ConnectingState"
    assert panel.local_label.text().startswith(f"{LOOPBACK}:")  # found in the kernel's list
    assert panel.peer_label.text() == f"{LOOPBACK}:{full_backlog}"
    window.client.auto_reconnect = False
    window.client.connection.abort()  # as the connect timeout does: the socket goes
    qtbot.waitUntil(lambda: panel.kernel_label.text() == "CLOSED", timeout=KERNEL_WAIT_MS)
