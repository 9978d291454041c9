"""Shared test setup: Qt without a display, traffic on loopback only, and the
fixtures more than one folder uses (a server, clients and windows in its room,
settings in a temporary file)."""

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from shared_support import LOOPBACK, WAIT_MS  # noqa: E402


@pytest.fixture(autouse=True)
def qt_objects_die_on_the_gui_thread(request):
    """As in the app: the cycle collector runs on the GUI thread only (see
    chatapp/app/gc_policy.py). Left automatic, it sometimes ran on a worker
    thread (the kernel-state poller, the history store) and freed Qt objects
    there: a segmentation fault in about one UI test run in four. Each Qt
    test's garbage is collected before the next one starts."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    from chatapp.app.gc_policy import install_main_thread_gc

    install_main_thread_gc(request.getfixturevalue("qapp"))
    yield
    gc.collect()


@pytest.fixture
def settings(tmp_path):
    """Settings in a temporary INI file: tests never touch the user's own."""
    from chatapp.app.settings import Settings

    return Settings(tmp_path / "chatapp.ini")


@pytest.fixture
def server(qtbot):
    """A ChatServer on 127.0.0.1 (a free port), its history in memory."""
    from chatapp.net import ChatServer

    server = ChatServer()
    server.listen(LOOPBACK, 0)
    yield server
    server.close()


@pytest.fixture
def make_server(qtbot):
    """ChatServers on 127.0.0.1 with a ServerConfig of the test's choosing
    (make_server(password=..., max_clients=...)); closed after the test."""
    from chatapp.net import ChatServer
    from chatapp.net.server_config import ServerConfig

    servers = []

    def make(**config):
        server = ChatServer(config=ServerConfig(**config))
        server.listen(LOOPBACK, 0)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


@pytest.fixture
def connect_client(qtbot, server):
    """Make a ChatClient that is online in the server's room."""
    from chatapp.net import ChatClient, ClientState

    clients = []

    def connect(nick: str) -> ChatClient:
        client = ChatClient()
        clients.append(client)
        with qtbot.waitSignal(client.welcomed, timeout=WAIT_MS):
            client.connect_to(LOOPBACK, server.port, nick)
        assert client.state is ClientState.ONLINE
        return client

    yield connect
    for client in clients:
        client.auto_reconnect = False
        client.disconnect_from_server()


@pytest.fixture
def online(connect_client):
    """Like connect_client, but each client comes back within 0.2 s when cut
    off (tests of drops and resumes need not wait for the real back-off)."""
    from chatapp.protocol.backoff import Backoff

    def make(nick: str):
        client = connect_client(nick)
        client.backoff = Backoff(first=0.05, cap=0.2)
        return client

    return make


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
