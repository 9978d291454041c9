"""Who the server is talking to before the first line: a browser gets an HTTP
answer, a peer that has sent nothing gets readable text, a program JSON."""

from __future__ import annotations

import json

import pytest

from chatapp.protocol import Error, Role
from chatapp.protocol.errors import HANDSHAKE_TIMEOUT, HTTP_NOT_SUPPORTED
from chatapp.protocol.http_refusal import is_http_request_line
from chatapp.protocol.session import Mode, ProtocolSession, ProtocolViolation

TIMEOUT = Error(HANDSHAKE_TIMEOUT, "no first line within 60 s")


@pytest.mark.parametrize("chunks", [
    [b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"],
    [bytes([byte]) for byte in b"GET /favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n"],
])
def test_a_browser_is_answered_in_http_and_nothing_is_posted(chunks):
    session = ProtocolSession(Role.SERVER)
    for chunk in chunks:
        session.receive_data(chunk)
    events = session.events()
    assert events == [ProtocolViolation(HTTP_NOT_SUPPORTED, events[0].message, fatal=True)]
    assert session.mode is Mode.HTTP
    answer = session.send(events[0].as_error())
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert b"Content-Length: %d" % len(body) in head
    assert b"chatapp chat server, not a web server" in body
    assert session.send("a notice") == b""


@pytest.mark.parametrize("line", [
    b"GET the milk HTTP\n", b"get / http/1.1\n", b"POST\n", b"hello HTTP/1.1 world\n",
])
def test_lines_that_only_look_like_http_are_chat(line):
    assert not is_http_request_line(line)
    session = ProtocolSession(Role.SERVER)
    session.receive_data(line)
    assert session.mode is Mode.PLAIN


def test_a_peer_that_has_sent_nothing_is_written_to_as_text():
    session = ProtocolSession(Role.SERVER)
    assert session.is_silent_newcomer
    assert session.send(TIMEOUT) == b"-- error (handshake_timeout): no first line within 60 s\r\n"
    assert session.send("how to chat") == b"-- how to chat\r\n"
    session.receive_data(b"  \r\n")  # whitespace decides nothing
    assert session.is_silent_newcomer


def test_a_peer_that_began_json_is_written_to_in_json():
    session = ProtocolSession(Role.SERVER)
    session.receive_data(b'{"type":"hel')
    assert not session.is_silent_newcomer
    assert json.loads(session.send(TIMEOUT))["code"] == HANDSHAKE_TIMEOUT
    assert session.send("how to chat") == b""


def test_a_client_session_is_never_a_silent_newcomer():
    assert not ProtocolSession(Role.CLIENT).is_silent_newcomer
