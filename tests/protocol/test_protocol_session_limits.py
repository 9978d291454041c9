"""ProtocolSession line limits: 8 KiB before hello, 64 KiB after, and what
happens to a line that is too long."""

from __future__ import annotations

from protocol_session_helpers import (
    HELLO,
    codes_of,
    feed,
    greeted_server,
    json_line_of_length,
    server,
)
from protocol_strategies import byte_at_a_time

from chatapp.protocol import (
    DEFAULT_MAX_FRAME,
    DEFAULT_MAX_FRAME_BEFORE_HELLO,
    Hello,
    Ping,
    ProtocolSession,
    Role,
    Say,
    State,
    encode_message,
)
from chatapp.protocol import errors as codes


def test_limits_default_to_8k_before_hello_and_64k_after():
    session = ProtocolSession(Role.SERVER)
    assert (session.max_frame, DEFAULT_MAX_FRAME) == (64 * 1024, 64 * 1024)
    assert DEFAULT_MAX_FRAME_BEFORE_HELLO == 8 * 1024


def test_hello_of_exactly_8k_passes():
    line = json_line_of_length(DEFAULT_MAX_FRAME_BEFORE_HELLO, "hello")
    _, events = server(line + b"\r\n")
    assert isinstance(events[0], Hello)


def test_line_over_8k_before_hello_is_too_large_then_hello_works():
    line = json_line_of_length(DEFAULT_MAX_FRAME_BEFORE_HELLO + 1, "hello")
    for chunks in ([line + b"\n" + HELLO], [line, b"\n", HELLO]):
        session, events = server(*chunks)
        assert codes_of(events) == [codes.FRAME_TOO_LARGE]
        assert events[1] == Hello("alice", client="test/1")
        assert session.state is State.ACTIVE


def test_unfinished_line_before_hello_is_cut_at_8k():
    session, events = server(b"{" + b"x" * (DEFAULT_MAX_FRAME_BEFORE_HELLO + 10))
    assert codes_of(events) == [codes.FRAME_TOO_LARGE]
    assert session.buffered <= DEFAULT_MAX_FRAME_BEFORE_HELLO + 2


def test_64k_after_hello():
    session = greeted_server()
    exact = json_line_of_length(DEFAULT_MAX_FRAME)
    over = json_line_of_length(DEFAULT_MAX_FRAME + 1)
    events = feed(session, exact + b"\n", over + b"\r\n", encode_message(Ping(1)))
    assert isinstance(events[0], Say) and len(events[0].text) > 60_000
    assert codes_of(events) == [codes.FRAME_TOO_LARGE]
    assert events[2] == Ping(1.0)


def test_oversized_line_yields_exactly_one_error_whatever_the_chunking():
    session = greeted_server()
    over = json_line_of_length(DEFAULT_MAX_FRAME * 3)
    chunks = [over[i : i + 1000] for i in range(0, len(over), 1000)]
    events = feed(session, *chunks, b"\n", encode_message(Ping(7)))
    assert codes_of(events) == [codes.FRAME_TOO_LARGE]
    assert events[-1] == Ping(7.0)
    assert session.buffered == 0


def test_limit_rises_with_the_hello_in_the_same_chunk():
    # Hello and a 10 KiB message may arrive in one read; the message must be
    # judged by the 64 KiB limit, exactly as if it had come in a later read.
    big = json_line_of_length(10 * 1024) + b"\n"
    session, events = server(HELLO + big)
    assert [type(e) for e in events] == [Hello, Say]
    _, events = server(*byte_at_a_time(HELLO + big))
    assert [type(e) for e in events] == [Hello, Say]


def test_plain_peer_gets_the_64k_limit_too():
    line = b"x" * (DEFAULT_MAX_FRAME_BEFORE_HELLO * 2)
    _, events = server(b"hi\n" + line + b"\n")
    assert events == [Say("p-1", "hi"), Say("p-2", line.decode())]
