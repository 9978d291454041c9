"""A person at netcat is greeted before typing and reads sentences, not JSON;
a browser is told what this is; programs see nothing different."""

from __future__ import annotations

import pytest
from net_support import LOOPBACK, WAIT_MS
from raw_peer_support import RawPeer, welcomed_json_peer

from chatapp.net import ChatServer
from chatapp.net.server_config import ServerConfig
from chatapp.protocol.plaintext import SILENT_NEWCOMER_GREETING


@pytest.fixture
def peers():
    made: list[RawPeer] = []

    def make(port: int, first: bytes = b"") -> RawPeer:
        made.append(RawPeer(port, first))
        return made[-1]

    yield make
    for peer in made:
        peer.close()


def text(peer: RawPeer) -> str:
    return b"\n".join(peer.lines()).decode()


def test_a_silent_newcomer_is_told_how_to_chat_within_a_second(qtbot, server, peers):
    nc = peers(server.port)
    qtbot.waitUntil(lambda: SILENT_NEWCOMER_GREETING in text(nc), timeout=2000)
    assert not text(nc).startswith("{")
    nc.sock.sendall(b"hello there\n")  # and it can still chat, as a guest
    qtbot.waitUntil(lambda: "guest1: hello there" in text(nc), timeout=WAIT_MS)


def test_programs_that_speak_first_never_get_the_greeting(qtbot, server, peers):
    program = welcomed_json_peer(qtbot, server.port, "prog")
    nc = peers(server.port)  # connected just after: greeted just after
    qtbot.waitUntil(lambda: SILENT_NEWCOMER_GREETING in text(nc), timeout=2000)
    assert all(line.startswith(b"{") for line in program.lines())
    program.close()


def test_the_first_line_timeout_is_a_sentence_for_netcat(qtbot, peers):
    server = ChatServer(config=ServerConfig(first_line_timeout=1.5))
    server.listen(LOOPBACK, 0)
    try:
        nc = peers(server.port)
        qtbot.waitUntil(lambda: "-- error (handshake_timeout)" in text(nc), timeout=WAIT_MS)
        assert SILENT_NEWCOMER_GREETING in text(nc)
        assert "{" not in text(nc)
    finally:
        server.close()


def test_a_short_first_line_timeout_is_kept(qtbot, peers):
    server = ChatServer(config=ServerConfig(first_line_timeout=0.3))
    server.listen(LOOPBACK, 0)
    try:
        nc = peers(server.port)
        with qtbot.waitSignal(server.peer_left, timeout=900):
            pass
        assert "handshake_timeout" in text(nc)
    finally:
        server.close()


def test_a_browser_gets_an_http_answer_and_the_room_gets_nothing(qtbot, server, peers):
    posted = []
    server.chat_posted.connect(posted.append)
    browser = peers(server.port, b"GET / HTTP/1.1\r\nHost: chat\r\nUser-Agent: x\r\n\r\n")
    with qtbot.waitSignal(server.peer_left, timeout=WAIT_MS):
        pass
    answer = text(browser)
    assert answer.startswith("HTTP/1.1 400 Bad Request")
    assert "not a web server" in answer
    assert posted == [] and server.users() == []
