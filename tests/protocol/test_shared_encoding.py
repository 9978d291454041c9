"""ProtocolSession.send(message, shared): one encoding per broadcast, same bytes."""

from __future__ import annotations

import pytest
from protocol_session_helpers import greeted_server, server

from chatapp.protocol import Bye, Chat, Hello, Join, LocalProtocolError, State, encode_message
from chatapp.protocol import session as session_module

TS = "2026-11-24T10:02:00.000Z"


def test_shared_bytes_equal_unshared_for_json_and_plain_peers():
    chat = Chat(7, TS, "alice", "你好\nsecond")
    json_peer, plain_peer = greeted_server(), server(b"hi\n")[0]
    shared: dict[str, bytes] = {}
    assert json_peer.send(chat, shared) == json_peer.send(chat) == encode_message(chat)
    assert plain_peer.send(chat, shared) == plain_peer.send(chat)
    assert set(shared) == {"json", "plain"}


def test_each_encoding_is_made_once(monkeypatch):
    calls = []
    real = session_module.encode_message
    monkeypatch.setattr(session_module, "encode_message", lambda m: calls.append(m) or real(m))
    shared: dict[str, bytes] = {}
    peers = [greeted_server() for _ in range(5)]
    wires = {peer.send(Join("bob"), shared) for peer in peers}
    assert len(wires) == 1 and calls == [Join("bob")]


def test_checks_still_run_per_session_with_shared_bytes():
    shared: dict[str, bytes] = {}
    first, second = greeted_server(), greeted_server()
    first.send(Bye("closing"), shared)
    second.send(Bye("closing"), shared)  # from the cache, and still closes this session
    assert first.state is State.CLOSED and second.state is State.CLOSED
    with pytest.raises(LocalProtocolError):
        greeted_server().send(Hello("mallory"), {"json": b"anything\n"})
