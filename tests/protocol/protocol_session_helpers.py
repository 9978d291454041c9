"""Small helpers for driving a ProtocolSession in tests (not a test module)."""

from __future__ import annotations

import json

from protocol_strategies import session_events

from chatapp.protocol import (
    HeartbeatSettings,
    Hello,
    ProtocolSession,
    ProtocolViolation,
    Role,
    Welcome,
    encode_message,
)

HELLO = encode_message(Hello("alice", client="test/1"))
WELCOME = encode_message(Welcome("alice", "cid", HeartbeatSettings(5, 15), ("alice",)))


def server(*chunks: bytes, **options) -> tuple[ProtocolSession, list]:
    """A server session fed `chunks`, and the events they produced."""
    session = ProtocolSession(Role.SERVER, **options)
    return session, session_events(session, chunks)


def greeted_server(**options) -> ProtocolSession:
    session, events = server(HELLO, **options)
    assert events == [Hello("alice", client="test/1")]
    return session


def feed(session: ProtocolSession, *chunks: bytes) -> list:
    return session_events(session, chunks)


def codes_of(events: list) -> list[str]:
    return [e.code for e in events if isinstance(e, ProtocolViolation)]


def json_line_of_length(length: int, kind: str = "say") -> bytes:
    """A valid say or hello line (without newline) of exactly `length` bytes."""
    if kind == "say":
        base, pad = {"type": "say", "id": "1", "text": ""}, "text"
    else:
        base, pad = {"type": "hello", "v": 1, "nick": "alice", "client": ""}, "client"
    overhead = len(json.dumps(base, separators=(",", ":")))
    base[pad] = "x" * (length - overhead)
    line = json.dumps(base, separators=(",", ":")).encode()
    assert len(line) == length
    return line
