"""Hostile input against the decoder and the validators, by Hypothesis.

What the session-level properties (test_protocol_session_properties) do not
reach: the decoder on its own with arbitrary JSON values and JSON texts whose
numbers are arbitrary literals (1e400, 400-digit integers), the nick rules on
any value at all, clean_text on runs of escape-sequence fragments, and the
plain-text command parser on any text, lone surrogates included.

The contract: a peer can only ever cause RemoteProtocolError (which becomes an
`error` frame); whatever is accepted can be encoded again (the server echoes
a ping's `t`, forwards texts and stores seqs in SQLite).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import fields

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from chatapp.protocol import (
    MESSAGE_TYPES,
    Ack,
    Auth,
    Bye,
    Challenge,
    Chat,
    Error,
    HeartbeatSettings,
    Hello,
    HelpRequest,
    Join,
    Leave,
    Message,
    NickChange,
    Ping,
    Pong,
    RateLimit,
    RemoteProtocolError,
    Resume,
    Say,
    Users,
    Welcome,
    WhoRequest,
    clean_text,
    decode_message,
    encode_message,
    is_valid_nick,
    nick_problem,
    parse_line,
    parse_plain_line,
)
from chatapp.protocol import errors as codes
from chatapp.protocol.validation import MAX_NICK_LENGTH

# Sized so the whole file takes a few seconds; the decoder runs get fewer
# examples because each builds a nested object.
SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
DECODER_SETTINGS = settings(SETTINGS, max_examples=200)
SQLITE_INTEGER = range(-(2**63), 2**63)  # what the history store can bind

MESSAGE_CLASSES = (
    Hello, Welcome, Say, Ack, Chat, Join, Leave, NickChange, Users, Ping, Pong, Error,
    Bye, Challenge, Auth, Resume, HeartbeatSettings, RateLimit,
)
# Every key some message reads, so that random objects reach the field decoders.
WIRE_KEYS = sorted(
    {f.metadata.get("wire", f.name) for cls in MESSAGE_CLASSES for f in fields(cls)} | {"type"}
)
TYPES = sorted(MESSAGE_TYPES)

# Any code point, lone surrogates included (a JSON "\ud800" escape decodes to one).
any_char = st.characters(exclude_categories=())
any_text = st.text(any_char, max_size=40)
keys = st.sampled_from(WIRE_KEYS) | any_text
# Numbers at the edges of what floats, SQLite and JSON can hold, often: they
# are where decoders break.
edge_numbers = st.sampled_from(
    [0, -1, 2**53 + 1, 2**63 - 1, 2**63, -(2**63) - 1, 2**64, 10**400, -(10**400),
     1e308, float("inf"), float("-inf"), -0.0, 5e-324]
)
numbers = st.one_of(st.integers(), st.floats(allow_nan=False), edge_numbers, edge_numbers)


# --- decode_message on parsed JSON values -------------------------------------

json_values = st.recursive(
    st.one_of(numbers, numbers, st.none(), st.booleans(), any_text, any_text),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=4),
    max_leaves=8,
)
# Objects with a real type and the fields that type reads, each holding a
# value of the declared kind most of the time and anything at all otherwise,
# with a field left out now and then: these reach every field decoder.
CLASS_OF = {cls.TYPE: cls for cls in MESSAGE_CLASSES if cls.TYPE}
NESTED = {"resume": Resume, "heartbeat": HeartbeatSettings, "rate_limit": RateLimit}


def declared(cls: type) -> dict[str, str]:
    """Wire name -> declared type (a string: the module uses postponed annotations)."""
    return {f.metadata.get("wire", f.name): str(f.type) for f in fields(cls)}


def value_for(name: str, kind: str) -> st.SearchStrategy:
    if name in NESTED:
        typed = objects_of(NESTED[name])
    elif kind.startswith("str"):
        typed = any_text
    elif kind.startswith("tuple"):
        typed = st.lists(any_text, max_size=3)
    elif kind.startswith("bool"):
        typed = st.booleans()
    else:  # int and float
        typed = numbers
    return st.one_of(typed, typed, typed, json_values)


def with_one_missing(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """Dicts from `strategy`, now and then without one of their keys."""
    return st.tuples(strategy, st.integers(0, 15)).map(
        lambda pair: {k: v for i, (k, v) in enumerate(pair[0].items()) if i != pair[1]}
    )


def objects_of(cls: type) -> st.SearchStrategy:
    typed_fields = {name: value_for(name, kind) for name, kind in declared(cls).items()}
    return with_one_missing(st.fixed_dictionaries(typed_fields))


message_like = st.sampled_from(TYPES).flatmap(
    lambda kind: st.tuples(
        objects_of(CLASS_OF[kind]), st.dictionaries(keys, json_values, max_size=2)
    ).map(lambda parts: {**parts[1], **parts[0], "type": kind})
)


def assert_safe_to_use(message: Message) -> None:
    """What the decoder accepts, the rest of the program can use without raising."""
    wire = encode_message(message)  # echoed (pong), forwarded (chat) or stored
    assert parse_line(wire.rstrip(b"\n")) == message
    if isinstance(message, Hello) and message.resume is not None:
        assert message.resume.last_seq in SQLITE_INTEGER  # bound as a SQLite parameter
    assert all(math.isfinite(number) for number in floats_in(message))


def floats_in(message: Message):
    for f in fields(message):
        value = getattr(message, f.name)
        if isinstance(value, float):
            yield value
        elif isinstance(value, Message):
            yield from floats_in(value)


@DECODER_SETTINGS
@given(value=st.one_of(message_like, message_like, message_like, json_values))
@example(value={"type": "ping", "t": 10**400})  # float() would overflow
@example(value={"type": "ping", "t": float("inf")})  # JSON's 1e400 parses to inf
@example(value={"type": "pong", "t": -(10**400)})
@example(value={"type": "welcome", "v": 1, "nick": "a", "client_id": "c", "users": [],
                "heartbeat": {"interval": float("-inf"), "timeout": 1}})
@example(value={"type": "hello", "v": 1, "nick": "a",
                "resume": {"client_id": "c", "last_seq": 2**64}})  # SQLite cannot bind it
def test_decode_message_only_raises_remote_protocol_error(value):
    try:
        message = decode_message(value)
    except RemoteProtocolError as exc:
        assert exc.code in {codes.NOT_AN_OBJECT, codes.BAD_FIELD, codes.UNKNOWN_TYPE}
        assert len(exc.message) < 300  # it goes back to the peer in an error frame
        encode_message(Error(exc.code, exc.message))
        return
    assert_safe_to_use(message)


# --- parse_line on bytes -----------------------------------------------------------

number_literals = st.builds(
    lambda sign, digits, fraction, exponent: sign + digits + fraction + exponent,
    st.sampled_from(["", "-"]),
    st.integers(min_value=0).map(str) | st.sampled_from(["9" * 400, "1" + "0" * 4400]),
    st.sampled_from(["", ".5", ".000001"]),
    st.sampled_from(["", "e400", "E309", "e-400", "e+2", "e19"]),
) | st.sampled_from(
    ["NaN", "Infinity", "-Infinity", "0x10", "01", "+1", ".5", "1.", "-", "1e"]
)


def json_string(text: str, ascii_only: bool) -> str:
    return json.dumps(text, ensure_ascii=ascii_only)


strings = st.builds(json_string, any_text, st.booleans())
json_texts = st.recursive(
    st.one_of(st.sampled_from(["null", "true", "false"]), number_literals, number_literals,
              strings),
    lambda children: (
        st.lists(children, max_size=3).map(lambda items: "[" + ",".join(items) + "]")
        | st.lists(st.tuples(keys.map(json.dumps), children), max_size=4).map(
            lambda pairs: "{" + ",".join(f"{k}:{v}" for k, v in pairs) + "}"
        )
    ),
    max_leaves=8,
)


def object_text(pairs: dict[str, str]) -> str:
    return "{" + ",".join(f"{json.dumps(k)}:{v}" for k, v in pairs.items()) + "}"


def text_for(name: str, kind: str) -> st.SearchStrategy:
    if name in NESTED:
        typed = object_texts_of(NESTED[name])
    elif kind.startswith("str"):
        typed = strings
    elif kind.startswith("tuple"):
        typed = st.lists(strings, max_size=3).map(lambda items: "[" + ",".join(items) + "]")
    elif kind.startswith("bool"):
        typed = st.sampled_from(["true", "false"])
    else:
        typed = number_literals
    return st.one_of(typed, typed, typed, json_texts)


def object_texts_of(cls: type) -> st.SearchStrategy:
    typed_fields = {name: text_for(name, kind) for name, kind in declared(cls).items()}
    return with_one_missing(st.fixed_dictionaries(typed_fields)).map(object_text)


message_texts = st.sampled_from(TYPES).flatmap(
    lambda kind: object_texts_of(CLASS_OF[kind]).map(
        lambda body: f'{{"type":{json.dumps(kind)}' + ("," + body[1:] if body != "{}" else "}")
    )
)
# Text made bytes the way a careless or hostile peer would: surrogates passed
# through (CESU-8), or with junk bytes around it.
lines = st.one_of(
    st.binary(max_size=300),
    (message_texts | json_texts).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.tuples(st.binary(max_size=8), message_texts, st.binary(max_size=8)).map(
        lambda parts: parts[0] + parts[1].encode("utf-8", "surrogatepass") + parts[2]
    ),
)


@DECODER_SETTINGS
@given(line=lines)
@example(line=b'{"type":"ping","t":1e400}')
@example(line=b'{"type":"ping","t":' + b"9" * 400 + b"}")
@example(line=b'{"type":"hello","v":1,"nick":"a","resume":{"client_id":"c","last_seq":1e3}}')
def test_parse_line_only_raises_remote_protocol_error(line):
    try:
        message = parse_line(line)
    except RemoteProtocolError as exc:
        assert exc.code in {
            codes.INVALID_UTF8, codes.INVALID_JSON, codes.NOT_AN_OBJECT, codes.BAD_FIELD,
            codes.UNKNOWN_TYPE,
        }
        encode_message(Error(exc.code, exc.message))  # the answer is always sendable
        return
    assert_safe_to_use(message)


@pytest.mark.parametrize(
    "line",
    [
        b'{"type":"ping","t":1e400}',
        b'{"type":"pong","t":-1e400}',
        b'{"type":"ping","t":' + b"9" * 400 + b"}",
        b'{"type":"welcome","v":1,"nick":"a","client_id":"c","users":[],'
        b'"heartbeat":{"interval":1e999,"timeout":15}}',
        b'{"type":"hello","v":1,"nick":"a",'
        b'"resume":{"client_id":"c","last_seq":18446744073709551616}}',
        b'{"type":"hello","v":1,"nick":"a","resume":{"client_id":"c","last_seq":-1}}',
    ],
)
def test_numbers_the_server_cannot_echo_or_store_are_bad_fields(line):
    # Found by the properties above: the server answered a ping of 1e400 with a
    # pong it could not encode (a traceback, and the rest of the read lost), and
    # handed a 2**64 resume seq to SQLite (a traceback on the history worker,
    # and the peer never got its backlog or any live chat after it).
    with pytest.raises(RemoteProtocolError) as caught:
        parse_line(line)
    assert caught.value.code == codes.BAD_FIELD


# --- nicks ---------------------------------------------------------------------------

nick_candidates = st.one_of(
    any_text,
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=MAX_NICK_LENGTH + 2),
    st.text(st.sampled_from("aZ9_-'/#@* \t\u00a0\u2028\u200b\u202e\u00adé你\x1b\x00"), max_size=34),
    st.binary(max_size=10),
    json_values,
)


@SETTINGS
@given(nick=nick_candidates)
def test_nick_problem_never_raises_and_accepts_only_safe_nicks(nick):
    problem = nick_problem(nick)
    assert problem is None or (isinstance(problem, str) and problem)
    assert is_valid_nick(nick) is (problem is None)
    if problem is None:
        # Independent of how nick_problem is written: what a nick must be.
        assert isinstance(nick, str) and 1 <= len(nick) <= MAX_NICK_LENGTH
        assert nick.isprintable() and not any(ch.isspace() for ch in nick)
        assert nick[0] not in "/#@*"
        assert clean_text(nick) == nick  # nothing a terminal or bidi engine would act on
        nick.encode("utf-8")  # no lone surrogate: it can be sent and stored
        assert nick.strip() == nick  # "alice " cannot pose as "alice"


# --- clean_text ------------------------------------------------------------------------

# What must never survive: ESC, C0 but tab and newline, DEL, C1, and the bidi
# embedding/override (U+202A..U+202E) and isolate (U+2066..U+2069) controls.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]")
# Fragments of escape sequences, so that runs of them nest and overlap
# ("\x1b\x1b[[31m", an OSC holding a CSI, an 8-bit CSI after a 7-bit ESC...).
fragments = st.sampled_from(
    ["\x1b", "\x1b[", "\x1b]", "\x1b\\", "\x9b", "\x9d", "\x9c", "\x07", "[", "]", ";", "?",
     "0", "31", "m", "H", "J", "\r", "\n", "\r\n", "\t", "\x00", "\x7f", "\x85", "a", "é",
     "你", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
     "\u2069", "\u200e", "\u200f", "\u061c"]
) | any_char


@SETTINGS
@given(pieces=st.lists(fragments, max_size=40))
def test_clean_text_on_escape_fragments(pieces):
    text = "".join(pieces)
    cleaned = clean_text(text)
    assert not UNSAFE.search(cleaned), repr(cleaned)
    assert clean_text(cleaned) == cleaned


# --- plain-text lines --------------------------------------------------------------------

commands = st.sampled_from(
    ["nick", "msg", "me", "who", "help", "quit", "NICK", "Msg", "", "/", "x"]
)
plain_lines = any_text | st.builds(
    lambda command, sep, rest: "/" + command + sep + rest,
    commands | any_text, st.sampled_from(["", " ", "  ", "\t"]), any_text,
)
PLAIN_EVENTS = (Say, NickChange, Bye, WhoRequest, HelpRequest)


def has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


@SETTINGS
@given(line=plain_lines)
def test_parse_plain_line_only_raises_remote_protocol_error(line):
    try:
        event = parse_plain_line(line, "p-7")
    except RemoteProtocolError as exc:
        assert exc.code in {codes.BAD_FIELD, codes.UNKNOWN_COMMAND}
        if not has_surrogate(line):  # the session decodes with "replace": none reach it
            encode_message(Error(exc.code, exc.message))
        return
    assert event is None or isinstance(event, PLAIN_EVENTS)
    if event is None:
        assert not line.strip()
    elif isinstance(event, Say):
        assert event.id == "p-7" and event.text.strip()


def test_every_message_type_is_covered():
    # A new message type must add its class here, so its fields join WIRE_KEYS.
    assert set(TYPES) == {cls.TYPE for cls in MESSAGE_CLASSES if cls.TYPE}
