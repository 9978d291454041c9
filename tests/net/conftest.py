import pytest
from net_support import LOOPBACK, WAIT_MS

from chatapp.net import ChatClient, ChatServer, ClientState


@pytest.fixture
def server(qtbot):
    server = ChatServer()
    server.listen(LOOPBACK, 0)
    yield server
    server.close()


@pytest.fixture
def connect_client(qtbot, server):
    """Make a ChatClient that is online in the server's room."""
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
