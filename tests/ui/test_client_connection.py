"""The client window's way in and out: the room password, refusals as
sentences, and the wait between reconnect attempts."""

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QLineEdit
from ui_support import LOOPBACK, WAIT_MS

from chatapp.app import i18n
from chatapp.net import ChatServer, ClientState
from chatapp.net.server_config import ServerConfig

PASSWORD = "open sesame"


@pytest.fixture
def locked_server(qtbot):
    server = ChatServer(config=ServerConfig(password=PASSWORD))
    server.listen(LOOPBACK, 0)
    yield server
    server.close()


@pytest.fixture
def client_window(qtbot, settings):
    from chatapp.ui.client_window import ClientWindow

    def make(port: int, nick: str = "alice", password: str = ""):
        window = ClientWindow(settings=settings)
        qtbot.addWidget(window)
        window.show()
        window.host_edit.setText(LOOPBACK)
        window.port_spin.setValue(port)
        window.nick_edit.setText(nick)
        window.password_edit.setText(password)
        return window

    return make


def test_the_password_gets_in_and_is_never_saved(qtbot, locked_server, client_window, settings):
    window = client_window(locked_server.port, password=PASSWORD)
    assert window.password_edit.echoMode() is QLineEdit.EchoMode.Password
    with qtbot.waitSignal(window.client.welcomed, timeout=WAIT_MS):
        window.connect_button.click()
    assert not window.password_edit.isEnabled()  # like host and nick, while connected
    settings.sync()
    with open(settings.file_name, encoding="utf-8") as file:
        stored = file.read()
    assert "alice" in stored and PASSWORD not in stored


def test_a_wrong_password_is_a_sentence_and_no_retry(qtbot, locked_server, client_window):
    window = client_window(locked_server.port, password="guess")
    with qtbot.waitSignal(window.client.disconnected, timeout=WAIT_MS):
        window.connect_button.click()
    assert window.banner.text().startswith("Wrong password: the server did not let you in.")
    assert window.banner.kind == "error"
    assert window.client.state is ClientState.DISCONNECTED  # the user must act, not a loop
    assert window.password_edit.isEnabled()


def test_a_missing_password_says_where_to_type_it(qtbot, locked_server, client_window):
    window = client_window(locked_server.port)
    with qtbot.waitSignal(window.client.disconnected, timeout=WAIT_MS):
        window.connect_button.click()
    assert window.banner.text() == (
        "This room has a password. Type it in the Password field and connect again."
    )
    assert window.client.state is ClientState.DISCONNECTED


def test_a_connection_that_fails_points_to_the_doctor(qtbot, client_window):
    import socket

    with socket.create_server((LOOPBACK, 0)) as probe:
        port = probe.getsockname()[1]  # closed again: nothing listens there now
    window = client_window(port)
    window.client.auto_reconnect = False
    with qtbot.waitSignal(window.client.error_occurred, timeout=WAIT_MS):
        window.connect_button.click()
    assert window.banner.kind == "error"
    assert window.banner.text().endswith("Help > Connectivity doctor… can tell why.")
    assert len(window.banner.text()) > len(" Help > Connectivity doctor… can tell why.")


def test_a_kick_is_a_sentence_with_the_operators_reason(
    qtbot, server, server_window, connect_client_window
):
    alice = connect_client_window("alice")
    server_window.client_table.selectRow(0)
    with qtbot.waitSignal(alice.client.disconnected, timeout=WAIT_MS):
        server_window.kick_button.click()
    assert alice.banner.text() == (
        "The server's operator removed you from the room (kicked by the operator). "
        "You can connect again."
    )
    assert alice.client.state is ClientState.DISCONNECTED


def test_refusals_are_translated(qtbot, settings):
    from chatapp.ui.client_window import ClientWindow

    app = QApplication.instance()
    before = QLocale()
    assert i18n.install_translators(app, "zh_CN") == "zh_CN"
    try:
        window = ClientWindow(settings=settings)
        qtbot.addWidget(window)
        assert window.refusal_sentence("wrong_password", "").startswith("密码错误")
        assert "“密码”栏" in window.refusal_sentence("password_required", "")
        assert "管理员" in window.refusal_sentence("kicked", "bye")
        assert window.password_edit.accessibleName() == "聊天室密码"
    finally:
        i18n.remove_translators(app)
        QLocale.setDefault(before)


def lose_connection(qtbot, server, window):
    peer = next(p for p in server.peers if p.nick == window.client.nick)
    with qtbot.waitSignal(
        window.client.state_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda state: state is ClientState.WAITING,
    ):
        peer.connection.abort()


def test_waiting_shows_a_countdown_and_reconnect_now_works(
    qtbot, server, server_window, connect_client_window
):
    alice = connect_client_window("alice")
    lose_connection(qtbot, server, alice)
    # The countdown of the first (short) backoff delay, in whole seconds.
    assert alice.state_label.text() == "Connection lost; reconnecting in 1 s"
    assert alice.connect_button.isEnabled() and alice.disconnect_button.isEnabled()
    assert alice.connect_button.text().replace("&", "") == "Reconnect now"
    with qtbot.waitSignal(alice.client.welcomed, timeout=WAIT_MS):
        alice.connect_button.click()
    assert alice.client.state is ClientState.ONLINE
    assert alice.state_label.text() == "Online as alice"
    assert alice.connect_button.text().replace("&", "") == "Connect"


def test_the_countdown_follows_the_clients_signal(qtbot, server, connect_client_window):
    alice = connect_client_window("alice")
    lose_connection(qtbot, server, alice)
    alice.client.reconnect_countdown.emit(7)
    assert alice.state_label.text() == "Connection lost; reconnecting in 7 s"


def test_disconnect_while_waiting_stops_trying(qtbot, server, connect_client_window):
    alice = connect_client_window("alice")
    lose_connection(qtbot, server, alice)
    with qtbot.waitSignal(alice.client.disconnected, timeout=WAIT_MS):
        alice.disconnect_button.click()
    assert alice.client.state is ClientState.DISCONNECTED
    assert alice.state_label.text() == "Disconnected"
    assert alice.connect_button.text().replace("&", "") == "Connect"
    # The first retry was due within half a second: nothing comes.
    with qtbot.assertNotEmitted(server.connection_accepted, wait=1200):
        pass
    assert alice.client.state is ClientState.DISCONNECTED
