"""Windows and widgets under pytest-qt, offscreen, talking over loopback only."""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything imports Qt

import pytest  # noqa: E402
from ui_support import LOOPBACK, WAIT_MS  # noqa: E402

from chatapp.app.settings import Settings  # noqa: E402
from chatapp.net import ChatServer  # noqa: E402


@pytest.fixture
def settings(tmp_path):
    """Settings in a temporary INI file: tests never touch the user's own."""
    return Settings(tmp_path / "chatapp.ini")


@pytest.fixture
def server(qtbot):
    server = ChatServer()
    server.listen(LOOPBACK, 0)
    yield server
    server.close()


@pytest.fixture
def server_window(qtbot, server, settings):
    from chatapp.ui.server_window import ServerWindow

    window = ServerWindow(server=server, settings=settings)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def connect_client_window(qtbot, server, settings):
    """Make a client window that is online in the server's room."""
    from chatapp.ui.client_window import ClientWindow

    def connect(nick: str) -> ClientWindow:
        window = ClientWindow(settings=settings)
        qtbot.addWidget(window)
        window.show()
        window.host_edit.setText(LOOPBACK)
        window.port_spin.setValue(server.port)
        window.nick_edit.setText(nick)
        with qtbot.waitSignal(window.client.welcomed, timeout=WAIT_MS):
            window.connect_button.click()
        return window

    return connect
