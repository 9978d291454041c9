import pytest
from process_support import RawLinePeer, ServerProcess


@pytest.fixture
def server_process(tmp_path):
    server = ServerProcess(tmp_path / "server-data")
    yield server
    server.stop()


@pytest.fixture
def raw_peer(server_process):
    peers: list[RawLinePeer] = []

    def make() -> RawLinePeer:
        peer = RawLinePeer(server_process.port)
        peers.append(peer)
        return peer

    yield make
    for peer in peers:
        peer.close()
