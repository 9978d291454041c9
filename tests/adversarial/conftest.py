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
