"""Messages: JSON round trip of every type, and the error code for each bad line."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import Phase, find, given, settings
from protocol_strategies import MESSAGE_STRATEGIES, any_message

from chatapp.protocol import (
    MESSAGE_TYPES,
    Chat,
    HeartbeatSettings,
    Hello,
    Message,
    Ping,
    RemoteProtocolError,
    Resume,
    Say,
    Welcome,
    decode_message,
    encode_message,
    parse_line,
)
from chatapp.protocol import errors as codes


def test_a_strategy_exists_for_every_message_type():
    # A new message type without a strategy would escape the round-trip test.
    assert {kind.TYPE for kind in MESSAGE_STRATEGIES} == MESSAGE_TYPES


@pytest.mark.parametrize("kind", list(MESSAGE_STRATEGIES), ids=lambda kind: kind.TYPE)
def test_strategies_exercise_every_optional_field(kind):
    # A field added to a message but not to its strategy would always hold its
    # default, and the round trip would never test it.
    for f in dataclasses.fields(kind):
        if f.default is dataclasses.MISSING:
            continue
        find(
            MESSAGE_STRATEGIES[kind],
            lambda m, name=f.name, default=f.default: getattr(m, name) != default,
            settings=settings(max_examples=200, database=None, phases=[Phase.generate]),
        )


@settings(max_examples=400, deadline=None)
@given(message=any_message)
def test_encode_decode_round_trip(message: Message):
    line = encode_message(message)
    assert line.endswith(b"\n") and line.count(b"\n") == 1  # one frame, one line
    assert parse_line(line[:-1]) == message


@settings(max_examples=200, deadline=None)
@given(message=any_message)
def test_wire_form_is_a_json_object_with_type(message: Message):
    wire = json.loads(encode_message(message))
    assert wire["type"] == message.TYPE
    assert None not in wire.values()  # absent optional fields are left out, not null


def test_wire_shapes_match_the_design():
    assert json.loads(encode_message(Hello("alice", client="chatapp/0.1"))) == {
        "type": "hello",
        "v": 1,
        "nick": "alice",
        "client": "chatapp/0.1",
    }
    assert json.loads(encode_message(Hello("alice", resume=Resume("abc", 123)))) == {
        "type": "hello",
        "v": 1,
        "nick": "alice",
        "resume": {"client_id": "abc", "last_seq": 123},
    }
    welcome = Welcome("alice", "abc", HeartbeatSettings(5, 15), ("alice", "bob"))
    assert json.loads(encode_message(welcome)) == {
        "type": "welcome",
        "v": 1,
        "nick": "alice",
        "client_id": "abc",
        "heartbeat": {"interval": 5, "timeout": 15},
        "users": ["alice", "bob"],
    }
    chat = Chat(124, "2026-11-24T10:00:00.000Z", "alice", "hi", to="bob")
    assert json.loads(encode_message(chat)) == {
        "type": "chat",
        "seq": 124,
        "ts": "2026-11-24T10:00:00.000Z",
        "from": "alice",
        "text": "hi",
        "to": "bob",
    }
    assert json.loads(encode_message(Say("c-17", "waves", me=True))) == {
        "type": "say",
        "id": "c-17",
        "text": "waves",
        "me": True,
    }


def test_encoding_is_utf8_not_escaped():
    assert "你好".encode() in encode_message(Say("1", "你好"))


def test_optional_fields_may_be_null_or_absent():
    assert parse_line(b'{"type":"say","id":"1","text":"hi","to":null}') == Say("1", "hi")
    assert parse_line(b'{"type":"hello","v":1,"nick":"a"}') == Hello("a")


def test_unknown_fields_are_ignored():
    # Forward compatibility: newer peers may add optional fields.
    assert parse_line(b'{"type":"ping","t":1,"extra":[1,2]}') == Ping(1.0)


def test_int_is_accepted_where_a_float_is_expected():
    assert parse_line(b'{"type":"ping","t":3}') == Ping(3.0)


def code_of(line: bytes) -> str:
    with pytest.raises(RemoteProtocolError) as info:
        parse_line(line)
    return info.value.code


@pytest.mark.parametrize(
    ("line", "code"),
    [
        (b'{"type":"say","id":"1","text":"\xff"}', codes.INVALID_UTF8),
        (b'{"type":"say","id":"1","text":"\xed\xa0\x80"}', codes.INVALID_UTF8),  # CESU surrogate
        (b'{"type":"say",', codes.INVALID_JSON),
        (b"{'type':'say'}", codes.INVALID_JSON),
        (b"[" * 100_000, codes.INVALID_JSON),  # too deep to parse, not a crash
        (b'{"type":"ack","id":"1","seq":' + b"9" * 5000 + b"}", codes.INVALID_JSON),
        (b"[1,2]", codes.NOT_AN_OBJECT),
        (b'"hello"', codes.NOT_AN_OBJECT),
        (b"42", codes.NOT_AN_OBJECT),
        (b"null", codes.NOT_AN_OBJECT),
        (b'{"type":"shout"}', codes.UNKNOWN_TYPE),
        (b'{"nick":"a"}', codes.BAD_FIELD),  # no type
        (b'{"type":7}', codes.BAD_FIELD),
        (b'{"type":"hello","nick":"a"}', codes.BAD_FIELD),  # v missing
        (b'{"type":"hello","v":true,"nick":"a"}', codes.BAD_FIELD),  # bool is not int
        (b'{"type":"hello","v":1.0,"nick":"a"}', codes.BAD_FIELD),
        (b'{"type":"hello","v":1,"nick":5}', codes.BAD_FIELD),
        (b'{"type":"hello","v":1,"nick":"a","resume":[]}', codes.BAD_FIELD),
        (b'{"type":"hello","v":1,"nick":"a","resume":{"client_id":"x"}}', codes.BAD_FIELD),
        (
            b'{"type":"hello","v":1,"nick":"a","resume":{"client_id":"x","last_seq":"1"}}',
            codes.BAD_FIELD,
        ),
        (b'{"type":"say","text":"hi"}', codes.BAD_FIELD),  # id missing
        (b'{"type":"say","id":"1","text":5}', codes.BAD_FIELD),
        (b'{"type":"say","id":"1","text":"hi","to":3}', codes.BAD_FIELD),
        (b'{"type":"say","id":"1","text":"hi","me":"yes"}', codes.BAD_FIELD),
        (b'{"type":"say","id":"1","text":"hi","me":1}', codes.BAD_FIELD),
        (b'{"type":"ack","id":"1","seq":true}', codes.BAD_FIELD),
        (b'{"type":"ack","id":"1","seq":1.5}', codes.BAD_FIELD),
        (b'{"type":"chat","seq":1,"ts":"t","text":"hi"}', codes.BAD_FIELD),  # from missing
        (b'{"type":"users","nicks":"alice"}', codes.BAD_FIELD),
        (b'{"type":"users","nicks":["alice",2]}', codes.BAD_FIELD),
        (b'{"type":"welcome","v":1,"nick":"a","client_id":"c","users":[]}', codes.BAD_FIELD),
        (
            b'{"type":"welcome","v":1,"nick":"a","client_id":"c","users":[],'
            b'"heartbeat":{"interval":true,"timeout":1}}',
            codes.BAD_FIELD,
        ),
        (b'{"type":"ping","t":"now"}', codes.BAD_FIELD),
        (b'{"type":"ping","t":false}', codes.BAD_FIELD),
        (b'{"type":"pong"}', codes.BAD_FIELD),
        (b'{"type":"error","message":"x"}', codes.BAD_FIELD),
        (b'{"type":"leave","nick":"a","reason":1}', codes.BAD_FIELD),
        (b'{"type":"nick","nick":"a","old":[]}', codes.BAD_FIELD),
        # JSON escapes can smuggle in lone surrogates, which no UTF-8 peer
        # (nor the history store) can take: they must not get past decoding.
        (b'{"type":"say","id":"1","text":"\\ud800"}', codes.BAD_FIELD),
        (b'{"type":"users","nicks":["\\udfff"]}', codes.BAD_FIELD),
    ],
)
def test_malformed_line_gets_its_error_code(line: bytes, code: str):
    assert code_of(line) == code


def test_surrogate_pairs_are_fine():
    assert parse_line(b'{"type":"say","id":"1","text":"\\ud83d\\ude00"}').text == "\U0001f600"


def test_error_messages_can_always_be_encoded():
    # The message of a RemoteProtocolError goes back to the peer in an `error`
    # frame, so it must be sendable even when it quotes the peer's input.
    for line in (
        b'{"type":"\\ud800"}',
        b'{"type":"\\u001b[2J"}',
        b'{"type":"' + b"x" * 5000 + b'"}',
    ):
        with pytest.raises(RemoteProtocolError) as info:
            parse_line(line)
        assert len(info.value.message) < 300
        encode_message(Say("x", info.value.message))  # must not raise


def test_decode_message_takes_parsed_json():
    assert decode_message({"type": "ping", "t": 1}) == Ping(1.0)
    with pytest.raises(RemoteProtocolError):
        decode_message(["ping"])
