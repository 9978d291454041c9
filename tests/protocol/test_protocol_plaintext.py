"""Plain-text mode: netcat and telnet peers, their commands, what they read."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from protocol_session_helpers import codes_of, feed, server

from chatapp.protocol import (
    Ack,
    Bye,
    Chat,
    Error,
    HeartbeatSettings,
    HelpRequest,
    Join,
    Leave,
    Mode,
    NickChange,
    Ping,
    Pong,
    RemoteProtocolError,
    Say,
    State,
    Users,
    Welcome,
    WhoRequest,
    format_plain,
    parse_plain_line,
)
from chatapp.protocol import errors as codes


def utc_stamp_for_local(hour: int, minute: int) -> str:
    """The wire timestamp (UTC) of a local wall-clock time, so that the
    expected "HH:MM" holds in any time zone the tests run in."""
    local = datetime(2026, 11, 24, hour, minute).astimezone()
    return local.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


TS = utc_stamp_for_local(10, 2)


# --- detection -------------------------------------------------------------


def test_first_line_without_brace_means_plain_text():
    session, events = server(b"hi there\r\n")
    assert session.mode is Mode.PLAIN
    assert session.state is State.ACTIVE  # no handshake for humans
    assert events == [Say("p-1", "hi there")]
    assert not session.accepts_pings  # a ping would print on their screen


def test_blank_lines_before_the_first_word_decide_nothing():
    session, events = server(b"\r\n", b"   \n\t\r\n")
    assert session.mode is Mode.UNDECIDED and events == []
    assert feed(session, b"hello\n") == [Say("p-1", "hello")]
    assert session.mode is Mode.PLAIN


def test_leading_space_then_brace_is_json():
    session, _ = server(b'  {"type":"hello","v":1,"nick":"a"}\n')
    assert session.mode is Mode.JSON and session.state is State.ACTIVE


def test_json_looking_lines_later_are_just_chat():
    _, events = server(b"hi\n", b'{"type":"hello","v":1,"nick":"x"}\n')
    assert events[1] == Say("p-2", '{"type":"hello","v":1,"nick":"x"}')


def test_invalid_utf8_from_a_human_is_replaced_not_refused():
    _, events = server(b"caf\xe9\n")
    assert events == [Say("p-1", "caf\ufffd")]


def test_message_ids_are_unique():
    _, events = server(b"a\nb\n/me c\n")
    assert [e.id for e in events] == ["p-1", "p-2", "p-3"]


# --- commands --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "event"),
    [
        ("hello world", Say("m", "hello world")),
        ("  indented", Say("m", "  indented")),
        ("/nick bob", NickChange("bob")),
        ("/NICK bob", NickChange("bob")),  # command names ignore case
        ("/nick   bob  ", NickChange("bob")),
        ("/msg bob hi there", Say("m", "hi there", to="bob")),
        ("/me waves", Say("m", "waves", me=True)),
        ("/who", WhoRequest()),
        ("/help", HelpRequest()),
        ("/quit", Bye("quit")),
        ("/quit see you", Bye("see you")),
        ("//etc/passwd is a path", Say("m", "/etc/passwd is a path")),
        ("//", Say("m", "/")),
    ],
)
def test_parse_plain_line(line, event):
    assert parse_plain_line(line, "m") == event


@pytest.mark.parametrize("line", ["", "   ", "\t"])
def test_blank_line_is_nothing(line):
    assert parse_plain_line(line, "m") is None


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("/nick", codes.BAD_FIELD),
        ("/nick   ", codes.BAD_FIELD),
        ("/msg", codes.BAD_FIELD),
        ("/msg bob", codes.BAD_FIELD),
        ("/msg bob    ", codes.BAD_FIELD),
        ("/me", codes.BAD_FIELD),
        ("/join #room", codes.UNKNOWN_COMMAND),
        ("/", codes.UNKNOWN_COMMAND),
    ],
)
def test_bad_commands(line, code):
    with pytest.raises(RemoteProtocolError) as info:
        parse_plain_line(line, "m")
    assert info.value.code == code
    assert info.value.message  # a sentence the user can act on


def test_unknown_command_points_to_help():
    with pytest.raises(RemoteProtocolError) as info:
        parse_plain_line("/frobnicate now", "m")
    assert "/frobnicate" in info.value.message and "/help" in info.value.message


def test_bad_command_in_a_session_is_an_error_not_a_disconnect():
    session, events = server(b"hi\n/bogus\nstill here\n")
    assert codes_of(events) == [codes.UNKNOWN_COMMAND]
    assert events[1].fatal is False
    assert events[2] == Say("p-3", "still here")
    assert session.state is State.ACTIVE


# --- what a plain peer reads ----------------------------------------------


def test_chat_line():
    assert format_plain(Chat(1, TS, "alice", "hi")) == ["10:02 alice: hi"]


def test_private_chat_line():
    assert format_plain(Chat(1, TS, "alice", "psst", to="bob")) == [
        "10:02 [private to bob] alice: psst"
    ]


def test_action_line():
    assert format_plain(Chat(1, TS, "alice", "waves", me=True)) == ["10:02 * alice waves"]


def test_multi_line_chat_is_indented_so_it_cannot_pose_as_another_sender():
    lines = format_plain(Chat(1, TS, "alice", "one\nbob: two\nthree"))
    assert lines == ["10:02 alice: one", "      | bob: two", "      | three"]


def test_unreadable_timestamp():
    assert format_plain(Chat(1, "yesterday", "alice", "hi")) == ["--:-- alice: hi"]


@pytest.mark.parametrize(
    ("message", "lines"),
    [
        (Join("bob"), ["-- bob joined"]),
        (Leave("bob"), ["-- bob left"]),
        (Leave("bob", "timeout"), ["-- bob left (timeout)"]),
        (NickChange("robert", old="bob"), ["-- bob is now known as robert"]),
        (Users(("alice", "bob")), ["-- users here (2): alice, bob"]),
        (
            Error(codes.UNKNOWN_USER, "no such user: carol"),
            ["-- error (unknown_user): no such user: carol"],
        ),
        (Bye("server shutting down"), ["-- closing: server shutting down"]),
        (Bye(), ["-- closing"]),
        ("line one\nline two", ["-- line one", "-- line two"]),
        (Ack("p-1", 5), []),
        (Ping(1.0), []),
        (Pong(1.0), []),
    ],
)
def test_format_plain(message, lines):
    assert format_plain(message) == lines


def test_welcome_tells_a_human_what_to_do():
    lines = format_plain(Welcome("alice", "cid", HeartbeatSettings(5, 15), ("alice", "bob")))
    assert lines[0].startswith("-- welcome") and "/help" in lines[0]
    assert lines[1] == "-- users here (2): alice, bob"


def test_session_sends_crlf_lines_to_plain_peers():
    session, _ = server(b"hi\n")
    wire = session.send(Chat(1, TS, "alice", "你好\nsecond"))
    assert wire == "10:02 alice: 你好\r\n      | second\r\n".encode()
    assert session.send(Join("bob")) == b"-- bob joined\r\n"
    assert session.send("a notice") == b"-- a notice\r\n"
    assert session.send(Ping(1.0)) == b""  # protocol chatter is invisible
