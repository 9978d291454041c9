"""The adversarial suite reuses the net tests' machinery (storm_support: the
headless server as a process, well-behaved clients, samplers; raw_peer_support:
hand-written JSON peers). Test folders have no __init__.py, so that folder goes
on the import path here, once."""

import sys
from pathlib import Path

import pytest

NET_TESTS = Path(__file__).resolve().parents[1] / "net"
if str(NET_TESTS) not in sys.path:
    sys.path.insert(0, str(NET_TESTS))

from net_support import LOOPBACK, WAIT_MS  # noqa: E402

from chatapp.net import ChatClient, ChatServer, ClientState  # noqa: E402
from chatapp.net.server_config import ServerConfig  # noqa: E402


@pytest.fixture
def make_server(qtbot):
    """A real ChatServer on 127.0.0.1 (free port), history in memory; closed after the test."""
    servers: list[ChatServer] = []

    def make(**config) -> ChatServer:
        server = ChatServer(config=ServerConfig(**config))
        server.listen(LOOPBACK, 0)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


@pytest.fixture
def make_client(qtbot):
    """ChatClients online in a server's room; disconnected after the test."""
    clients: list[ChatClient] = []

    def make(server: ChatServer, nick: str, password: str | None = None) -> ChatClient:
        client = ChatClient()
        clients.append(client)
        with qtbot.waitSignal(client.welcomed, timeout=WAIT_MS):
            client.connect_to(LOOPBACK, server.port, nick, password)
        assert client.state is ClientState.ONLINE
        return client

    yield make
    for client in clients:
        client.auto_reconnect = False
        client.disconnect_from_server()
