"""Properties of ProtocolSession: chunking never changes the events, and no
byte sequence can crash it or make it hoard memory."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from protocol_strategies import (
    CLIENT_RECEIVES,
    SERVER_RECEIVES,
    byte_at_a_time,
    draw_split,
    messages_for,
    session_events,
    valid_hello,
    valid_welcome,
)

from chatapp.protocol import (
    DEFAULT_MAX_FRAME_BEFORE_HELLO,
    Bye,
    ConnectionClosed,
    Hello,
    HelpRequest,
    Message,
    Mode,
    NickChange,
    ProtocolSession,
    ProtocolViolation,
    Role,
    Say,
    State,
    WhoRequest,
    encode_message,
)
from chatapp.protocol import errors as codes

# Small limits so that oversized lines are cheap to generate.
LIMITS = {"max_frame": 300, "max_frame_before_hello": 120}

ERROR_CODES = {
    value for name, value in vars(codes).items() if name.isupper() and isinstance(value, str)
}


def endings(frames: list[bytes], crlf: list[bool]) -> bytes:
    """Join "\\n"-terminated frames, turning some endings into "\\r\\n"."""
    out = []
    for frame, use_crlf in zip(frames, crlf + [False] * len(frames), strict=False):
        out.append(frame[:-1] + b"\r\n" if use_crlf else frame)
    return b"".join(out)


def codes_of(events: list) -> list[str]:
    return [e.code for e in events if isinstance(e, ProtocolViolation)]


def run(role: Role, chunks: list[bytes]) -> tuple[list, tuple]:
    session = ProtocolSession(role, **LIMITS)
    # b"" means end of stream, so an empty chunk is never part of a split.
    events = session_events(session, [chunk for chunk in chunks if chunk])
    return events, (session.mode, session.state, session.error_count, session.buffered)


def assert_split_invariant(role: Role, stream: bytes, data: st.DataObject) -> list:
    whole = run(role, [stream])
    assert run(role, byte_at_a_time(stream)) == whole
    assert run(role, draw_split(data, stream)) == whole
    return whole[0]


# Lines a sloppy or hostile JSON peer adds between good frames.
junk_lines = st.sampled_from(
    [
        b"\n",
        b"  \r\n",
        b"[]\n",
        b"{\n",
        b'{"type":"nope"}\n',
        b"\xff\xfe\n",
        b"{" + b"x" * 200 + b"\n",
        b'{"type":"say","id":"1","text":"' + b"y" * 400 + b'"}\n',
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    hello=valid_hello,
    messages=st.lists(messages_for(SERVER_RECEIVES), max_size=8),
    crlf=st.lists(st.booleans()),
    data=st.data(),
)
def test_server_json_stream_any_split(hello, messages, crlf, data):
    frames = [encode_message(m) for m in [hello, *messages]]
    stream = endings(frames, crlf)
    events = assert_split_invariant(Role.SERVER, stream, data)
    fits = [len(f) - 1 <= LIMITS["max_frame"] for f in frames]
    if len(frames[0]) - 1 <= LIMITS["max_frame_before_hello"]:
        # Valid frames give exactly their messages, but for those over the limit.
        expected = [hello] + [m for m, ok in zip(messages, fits[1:], strict=True) if ok]
        assert [e for e in events if not isinstance(e, ProtocolViolation)] == expected
        assert codes_of(events) == [codes.FRAME_TOO_LARGE] * fits[1:].count(False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    welcome=valid_welcome,
    messages=st.lists(messages_for(CLIENT_RECEIVES), max_size=8),
    crlf=st.lists(st.booleans()),
    data=st.data(),
)
def test_client_json_stream_any_split(welcome, messages, crlf, data):
    frames = [encode_message(m) for m in [welcome, *messages]]
    stream = endings(frames, crlf)
    events = assert_split_invariant(Role.CLIENT, stream, data)
    fits = [len(f) - 1 <= LIMITS["max_frame"] for f in frames]
    if fits[0]:
        expected = [m for m, ok in zip([welcome, *messages], fits, strict=True) if ok]
        assert [e for e in events if not isinstance(e, ProtocolViolation)] == expected
        assert codes_of(events) == [codes.FRAME_TOO_LARGE] * fits.count(False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(
        st.one_of(
            junk_lines,
            valid_hello.map(encode_message),
            messages_for(SERVER_RECEIVES).map(encode_message),
        ),
        max_size=14,
    ),
    data=st.data(),
)
def test_server_json_stream_with_junk_any_split(parts, data):
    # Errors, oversized lines, blank lines, a late or repeated hello, the
    # fatal tenth error: none of it may depend on how the bytes were chunked.
    assert_split_invariant(Role.SERVER, b"".join(parts), data)


plain_words = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=30
)
plain_lines = st.one_of(
    plain_words,
    st.sampled_from(
        [
            "/who",
            "/help",
            "/quit",
            "/quit bye now",
            "/nick bob",
            "/NICK",
            "/me waves",
            "/me",
            "/msg bob hi",
            "/msg bob",
            "//not a command",
            "/frob",
            "",
            "   ",
        ]
    ),
    st.builds(lambda a, b: f"/msg {a} {b}", plain_words, plain_words),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    first=st.text(alphabet="abcxyz 你好", min_size=1, max_size=10).filter(lambda s: s.strip()),
    lines=st.lists(plain_lines, max_size=10),
    raw=st.lists(st.binary(max_size=20), max_size=3),
    crlf=st.lists(st.booleans()),
    data=st.data(),
)
def test_plain_stream_any_split(first, lines, raw, crlf, data):
    frames = [(line + "\n").encode() for line in [first, *lines]]
    frames += [r.replace(b"\n", b"") + b"\n" for r in raw]  # invalid UTF-8 too
    stream = endings(frames, crlf)
    events = assert_split_invariant(Role.SERVER, stream, data)
    assert run(Role.SERVER, [stream])[1][0] is Mode.PLAIN
    assert all(
        isinstance(e, (Say, NickChange, Bye, WhoRequest, HelpRequest, ProtocolViolation))
        for e in events
    )


# --- arbitrary bytes -------------------------------------------------------

# A head start into each state, so random bytes also reach the JSON,
# plain and active code paths rather than dying in the greeting.
prefixes = st.sampled_from(
    [
        b"",
        b"{",
        b"\n",
        b"hi\n",
        encode_message(Hello("a")),
        b'{"type":"hello","v":1,"nick":"a"}\r\n{',
    ]
)
noisy_bytes = st.one_of(
    st.binary(max_size=400),
    st.lists(
        st.sampled_from(
            [
                b"\n",
                b"\r",
                b"{",
                b"}",
                b"\x16",
                b"/",
                b" ",
                b"\xff",
                b'"',
                b'{"type":"say","id":"1","text":"',
                b"x" * 130,
            ]
        ),
        max_size=30,
    ).map(b"".join),
)

# What a server may hand its caller: the JSON messages a server receives,
# the plain-text requests, violations and end of stream. Nothing else.
SERVER_EVENT_KINDS = (
    Hello,
    *SERVER_RECEIVES,
    WhoRequest,
    HelpRequest,
    ProtocolViolation,
    ConnectionClosed,
)


@settings(max_examples=400, deadline=None)
@given(prefix=prefixes, chunks=st.lists(noisy_bytes, max_size=8), close=st.booleans())
def test_random_bytes_never_break_the_server(prefix, chunks, close):
    for limits in (LIMITS, {}):  # small limits hit overflow; defaults are what ships
        session = ProtocolSession(Role.SERVER, **limits)
        fatal_seen = False
        before_hello = limits.get("max_frame_before_hello", DEFAULT_MAX_FRAME_BEFORE_HELLO)
        for chunk in [prefix, *chunks, *([b""] if close else [])]:
            session.receive_data(chunk)  # must never raise
            greeting = session.state is State.GREETING
            assert session.buffered <= (before_hello if greeting else session.max_frame) + 2
            for event in session.events():
                assert not fatal_seen, "an event after a fatal violation"
                assert isinstance(event, SERVER_EVENT_KINDS), event
                if isinstance(event, ProtocolViolation):
                    assert event.code in ERROR_CODES
                    fatal_seen = event.fatal
                    session.send(event.as_error())  # the answer must be sendable
        assert session.error_count <= session.max_errors


@settings(max_examples=100, deadline=None)
@given(chunks=st.lists(st.binary(max_size=200), max_size=6))
def test_random_bytes_never_break_the_client(chunks):
    session = ProtocolSession(Role.CLIENT, **LIMITS)
    session.send(Hello("a"))
    for chunk in chunks:
        session.receive_data(chunk)
        assert session.buffered <= LIMITS["max_frame"] + 2
        for event in session.events():
            assert isinstance(event, (Message, ProtocolViolation, ConnectionClosed))
