"""ProtocolSession: handshake, error codes, what each side may send and receive."""

from __future__ import annotations

import json

import pytest
from protocol_session_helpers import HELLO, WELCOME, codes_of, feed, greeted_server, server

from chatapp.protocol import (
    Ack,
    Bye,
    Chat,
    ConnectionClosed,
    Error,
    HeartbeatSettings,
    Hello,
    Join,
    LocalProtocolError,
    Mode,
    NickChange,
    Ping,
    Pong,
    ProtocolSession,
    ProtocolViolation,
    Role,
    Say,
    State,
    Users,
    Welcome,
    encode_message,
)
from chatapp.protocol import errors as codes

# --- handshake -------------------------------------------------------------


def test_server_handshake():
    session, events = server(HELLO)
    assert events == [Hello("alice", client="test/1")]
    assert session.mode is Mode.JSON and session.state is State.ACTIVE
    assert session.accepts_pings


def test_client_handshake():
    client = ProtocolSession(Role.CLIENT)
    assert client.mode is Mode.JSON and client.state is State.GREETING
    assert client.send(Hello("alice")) == encode_message(Hello("alice"))
    assert feed(client, WELCOME) == [Welcome("alice", "cid", HeartbeatSettings(5, 15), ("alice",))]
    assert client.state is State.ACTIVE


def test_json_mode_tolerates_leading_whitespace_and_blank_lines():
    session, events = server(b"\r\n\n  " + HELLO, b"\n  \r\n")
    assert events == [Hello("alice", client="test/1")]
    assert session.mode is Mode.JSON


def test_message_before_hello():
    _, events = server(encode_message(Say("1", "hi")))
    assert codes_of(events) == [codes.HELLO_REQUIRED]
    assert events[0].fatal is False


def test_client_message_before_welcome():
    client = ProtocolSession(Role.CLIENT)
    assert codes_of(feed(client, encode_message(Join("bob")))) == [codes.HELLO_REQUIRED]


def test_client_may_hear_error_or_bye_before_welcome():
    # A refusal (server full, bad nick) arrives instead of a welcome.
    client = ProtocolSession(Role.CLIENT)
    events = feed(
        client, encode_message(Error(codes.SERVER_FULL, "full")), encode_message(Bye("x"))
    )
    assert events == [Error(codes.SERVER_FULL, "full"), Bye("x")]


def test_bye_before_hello_is_accepted():
    _, events = server(b'{"type":"bye"}\n')
    assert events == [Bye()]


def test_hello_twice():
    session = greeted_server()
    events = feed(session, HELLO)
    assert codes_of(events) == [codes.ALREADY_GREETED]
    assert session.state is State.ACTIVE


def test_welcome_twice():
    client = ProtocolSession(Role.CLIENT)
    client.send(Hello("alice"))
    feed(client, WELCOME)
    assert codes_of(feed(client, WELCOME)) == [codes.ALREADY_GREETED]


def test_wrong_protocol_version_then_a_good_hello():
    session, events = server(b'{"type":"hello","v":2,"nick":"alice"}\n')
    assert codes_of(events) == [codes.UNSUPPORTED_VERSION]
    assert session.state is State.GREETING
    assert feed(session, HELLO) == [Hello("alice", client="test/1")]


def test_client_rejects_welcome_of_another_version():
    client = ProtocolSession(Role.CLIENT)
    line = b'{"type":"welcome","v":9,"nick":"a","client_id":"c","users":[],'
    line += b'"heartbeat":{"interval":5,"timeout":15}}\n'
    assert codes_of(feed(client, line)) == [codes.UNSUPPORTED_VERSION]


@pytest.mark.parametrize(
    "message",
    [
        Welcome("a", "c", HeartbeatSettings(1, 2)),
        Ack("1", 1),
        Chat(1, "t", "a", "hi"),
        Join("a"),
        Users(("a",)),
        Error("x", "y"),
    ],
)
def test_server_refuses_messages_only_a_server_sends(message):
    session = greeted_server()
    events = feed(session, encode_message(message))
    assert codes_of(events) == [codes.UNEXPECTED_TYPE]
    assert events[0].fatal is False


@pytest.mark.parametrize("message", [Hello("a"), Say("1", "hi")])
def test_client_refuses_messages_only_a_client_sends(message):
    client = ProtocolSession(Role.CLIENT)
    feed(client, WELCOME)
    assert codes_of(feed(client, encode_message(message))) == [codes.UNEXPECTED_TYPE]


def test_unexpected_direction_is_reported_even_before_hello():
    _, events = server(encode_message(Chat(1, "t", "a", "hi")))
    assert codes_of(events) == [codes.UNEXPECTED_TYPE]


@pytest.mark.parametrize(
    ("line", "code"),
    [
        (b'{"type":"say","id":"1","text":"\xc3\x28"}', codes.INVALID_UTF8),
        (b'{"type":"say","id":"1"', codes.INVALID_JSON),
        (b"[]", codes.NOT_AN_OBJECT),
        (b'{"type":"teleport"}', codes.UNKNOWN_TYPE),
        (b'{"type":"say","id":1,"text":"hi"}', codes.BAD_FIELD),
        (b'{"type":"ping","t":true}', codes.BAD_FIELD),
    ],
)
def test_bad_lines_after_hello(line, code):
    session = greeted_server()
    events = feed(session, line + b"\n", encode_message(Ping(1)))
    assert codes_of(events) == [code]
    assert events[1] == Ping(1.0)  # the connection keeps working


def test_tls_client_hello_is_refused_at_once():
    session, events = server(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")
    assert events == [ProtocolViolation(codes.TLS_NOT_SUPPORTED, events[0].message, fatal=True)]
    assert session.state is State.CLOSED
    assert feed(session, HELLO) == []  # closed: nothing more is read


def test_tls_after_blank_lines_is_still_tls():
    for chunks in (
        [b"\r\n\x16\x03\x01"],
        [b"\r", b"\n", b"\x16\x03"],
        [b" \n\x16"],
        [b" ", b"\n\x16"],
    ):
        _, events = server(*chunks)
        assert codes_of(events) == [codes.TLS_NOT_SUPPORTED], chunks


def test_0x16_later_in_the_stream_is_just_data():
    session = greeted_server()
    assert codes_of(feed(session, b"\x16\n")) == [codes.INVALID_JSON]
    _, events = server(b"hi\n\x16\x03\n")
    assert events == [Say("p-1", "hi"), Say("p-2", "\x16\x03")]
    client = ProtocolSession(Role.CLIENT)
    assert codes_of(feed(client, b"\x16\x03\n")) == [codes.INVALID_JSON]


def test_tenth_error_is_fatal():
    session = greeted_server()
    events = feed(session, b"[]\n" * 9)
    assert [e.fatal for e in events] == [False] * 9
    events = feed(session, b"[]\n" + encode_message(Ping(1)))
    assert len(events) == 1 and events[0].fatal
    assert events[0].code == codes.NOT_AN_OBJECT  # the code says what went wrong last
    assert "too many errors" in events[0].message
    assert session.state is State.CLOSED
    assert feed(session, encode_message(Ping(2))) == []


def test_error_limit_is_configurable_and_counts_plain_errors_too():
    session, events = server(b"hi\n/bogus\n/bogus\n/bogus\nmore\n", max_errors=3)
    assert events[0] == Say("p-1", "hi")
    assert [e.fatal for e in events[1:]] == [False, False, True]


def test_good_lines_do_not_reset_the_error_count():
    session = greeted_server()
    events = feed(session, (b"[]\n" + encode_message(Ping(1))) * 10)
    violations = [e for e in events if isinstance(e, ProtocolViolation)]
    assert len(violations) == 10 and violations[-1].fatal


def test_end_of_stream():
    session = greeted_server()
    assert feed(session, b"") == [ConnectionClosed()]
    assert session.state is State.CLOSED
    assert feed(session, HELLO, b"") == []


def test_next_event_pops_in_order():
    session = ProtocolSession(Role.SERVER)
    session.receive_data(HELLO + encode_message(Ping(1)))
    assert session.next_event() == Hello("alice", client="test/1")
    assert session.next_event() == Ping(1.0)
    assert session.next_event() is None


# --- sending ---------------------------------------------------------------


def test_server_sends_json_to_json_peers():
    session = greeted_server()
    chat = Chat(1, "2026-11-24T10:00:00.000Z", "alice", "hi")
    assert session.send(chat) == encode_message(chat)
    assert session.send("a notice for plain peers") == b""


def test_client_must_send_hello_first():
    client = ProtocolSession(Role.CLIENT)
    with pytest.raises(LocalProtocolError):
        client.send(Say("1", "hi"))


@pytest.mark.parametrize("role", [Role.SERVER, Role.CLIENT])
def test_sending_the_other_sides_messages_is_our_bug(role):
    session = ProtocolSession(role)
    wrong = Say("1", "x") if role is Role.SERVER else Chat(1, "t", "a", "x")
    with pytest.raises(LocalProtocolError) as info:
        session.send(wrong)
    assert info.value.code == codes.UNEXPECTED_TYPE


def test_client_may_send_bye_before_welcome_and_it_closes():
    client = ProtocolSession(Role.CLIENT)
    assert client.send(Bye("changed my mind")) == b'{"type":"bye","reason":"changed my mind"}\n'
    assert client.state is State.CLOSED


def test_ping_pong_both_ways():
    session = greeted_server()
    assert feed(session, b'{"type":"ping","t":12.5}\n') == [Ping(12.5)]
    assert session.send(Pong(12.5)) == b'{"type":"pong","t":12.5}\n'
    assert session.send(Ping(3.0)) == b'{"type":"ping","t":3.0}\n'
    assert feed(session, b'{"type":"pong","t":3}\n') == [Pong(3.0)]


def test_nick_change_both_ways():
    session = greeted_server()
    assert feed(session, b'{"type":"nick","nick":"bob"}\n') == [NickChange("bob")]
    wire = json.loads(session.send(NickChange("bob", old="alice")))
    assert wire == {"type": "nick", "nick": "bob", "old": "alice"}
