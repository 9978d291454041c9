"""The server window: listening, stopping, kicking, errors as sentences."""

import socket

from ui_support import LOOPBACK, WAIT_MS

from chatapp.net import ClientState


def test_stop_listening_tells_clients_and_disconnects_them(
    qtbot, server_window, connect_client_window
):
    alice = connect_client_window("alice")
    bob = connect_client_window("bob")
    assert server_window.stop_button.isEnabled()

    server_window.stop_button.click()

    for window in (alice, bob):
        qtbot.waitUntil(lambda w=window: not w.client.connection.is_connected, timeout=WAIT_MS)
        qtbot.waitUntil(
            lambda w=window: any("server stopped" in t for t in w.chat_view.texts()),
            timeout=WAIT_MS,
        )
        # Offline, or waiting to come back by itself: either way out of the room.
        assert window.client.state in (ClientState.DISCONNECTED, ClientState.WAITING)
        assert window.connect_button.isEnabled()
    assert not server_window.server.is_listening
    assert server_window.start_button.isEnabled()
    assert not server_window.stop_button.isEnabled()


def test_kick_disconnects_the_selected_client(qtbot, server_window, connect_client_window):
    alice = connect_client_window("alice")
    bob = connect_client_window("bob")
    model = server_window.client_model
    qtbot.waitUntil(lambda: {r.nick for r in model.rows()} == {"alice", "bob"}, timeout=WAIT_MS)
    row = next(i for i, r in enumerate(model.rows()) if r.nick == "alice")
    server_window.client_table.selectRow(row)
    assert server_window.kick_button.isEnabled()

    server_window.kick_button.click()

    qtbot.waitUntil(lambda: alice.client.state is ClientState.DISCONNECTED, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "kicked" in alice.banner.text(), timeout=WAIT_MS)
    assert bob.client.state is ClientState.ONLINE
    qtbot.waitUntil(lambda: "alice" not in bob.user_list.nicks(), timeout=WAIT_MS)
    # The kicked row stays, greyed, while the kernel still holds its socket.
    assert "(left)" in model.data(model.index(row, 0))
    assert not server_window.kick_button.isEnabled()


def test_port_in_use_is_a_sentence_in_the_window(qtbot, server, settings):
    from chatapp.ui.server_window import ServerWindow

    window = ServerWindow(settings=settings)
    qtbot.addWidget(window)
    window.host_edit.setText(LOOPBACK)
    window.port_spin.setValue(server.port)  # the fixture's server already has it

    assert window.start_listening() is False

    text = window.banner.text()
    assert "already in use" in text and str(server.port) in text
    assert "Traceback" not in text
    assert window.start_button.isEnabled()


def test_refused_connection_is_a_sentence_in_the_client(qtbot, settings):
    from chatapp.ui.client_window import ClientWindow

    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind((LOOPBACK, 0))
        port = probe.getsockname()[1]
    window = ClientWindow(settings=settings)
    qtbot.addWidget(window)
    window.host_edit.setText(LOOPBACK)
    window.port_spin.setValue(port)
    window.nick_edit.setText("alice")

    window.connect_button.click()

    qtbot.waitUntil(lambda: "refused" in window.banner.text(), timeout=WAIT_MS)
    assert window.client.state is ClientState.DISCONNECTED
    assert window.connect_button.isEnabled()


def test_a_bad_nick_is_refused_before_connecting(qtbot, settings):
    from chatapp.ui.client_window import ClientWindow

    window = ClientWindow(settings=settings)
    qtbot.addWidget(window)
    window.nick_edit.setText("/op")
    window.connect_button.click()
    assert window.client.state is ClientState.DISCONNECTED
    assert "nick" in window.banner.text()


def test_lan_addresses_are_shown_when_listening(server_window):
    assert server_window.addresses_label.text().endswith(f":{server_window.server.port}")
    assert server_window.copy_button.isEnabled()
