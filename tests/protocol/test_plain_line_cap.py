"""A chat takes a bounded number of lines on a plain-text (netcat) screen;
JSON clients still get the whole text."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from protocol_session_helpers import greeted_server

from chatapp.protocol import Chat, ProtocolSession, Role, format_plain
from chatapp.protocol.plaintext import MAX_PLAIN_LINES

TS = "2026-12-03T10:02:00Z"
CONTINUATION = "      | "


def plain_session() -> ProtocolSession:
    session = ProtocolSession(Role.SERVER)
    session.receive_data(b"/nick carol\n")
    session.events()
    return session


def test_a_63_kib_message_of_newlines_is_a_screenful_not_21000_lines() -> None:
    text = "a\n" * 21_000 + "the end"  # 42 KiB, 21,001 lines
    chat = Chat(1, TS, "mallory", text)
    lines = format_plain(chat)
    assert len(lines) == MAX_PLAIN_LINES
    assert lines[0].endswith("mallory: a")
    left_out = 21_001 - (MAX_PLAIN_LINES - 1)
    assert lines[-1] == (
        f"{CONTINUATION}... ({left_out} more lines; a chatapp client shows the whole message)"
    )
    sent = plain_session().send(chat)
    assert sent.count(b"\r\n") == MAX_PLAIN_LINES


def test_blank_lines_in_a_row_collapse_to_one() -> None:
    chat = Chat(1, TS, "mallory", "top\n" + "\n" * 60_000 + "  \n\t\nbottom")
    assert format_plain(chat) == [
        format_plain(Chat(1, TS, "mallory", "top"))[0],
        CONTINUATION,
        f"{CONTINUATION}bottom",
    ]


def test_short_messages_are_shown_whole() -> None:
    text = "\n".join(f"line {n}" for n in range(MAX_PLAIN_LINES))
    lines = format_plain(Chat(1, TS, "alice", text))
    assert len(lines) == MAX_PLAIN_LINES
    assert lines[-1] == f"{CONTINUATION}line {MAX_PLAIN_LINES - 1}"
    one_more = format_plain(Chat(1, TS, "alice", text + "\nlast"))
    assert len(one_more) == MAX_PLAIN_LINES
    assert one_more[-1] == (
        f"{CONTINUATION}... (2 more lines; a chatapp client shows the whole message)"
    )


def test_json_clients_get_the_whole_text() -> None:
    text = "a\n" * 21_000
    session = greeted_server()
    data = session.send(Chat(1, TS, "mallory", text))
    assert json.loads(data)["text"] == text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "\n", "\t", "b: c"]), max_size=200).map("".join),
       st.booleans())
def test_any_chat_is_at_most_a_screenful_and_cannot_pose_as_another_line(
    text: str, me: bool,
) -> None:
    lines = format_plain(Chat(1, TS, "alice", text, me=me))
    assert 1 <= len(lines) <= MAX_PLAIN_LINES
    assert all(line.startswith(CONTINUATION) for line in lines[1:])
    assert all("\n" not in line for line in lines)
    # Nothing is dropped from a message that fits: its non-blank lines all show.
    kept = [line for line in text.split("\n") if line.strip()]
    if len(text.split("\n")) <= MAX_PLAIN_LINES:
        shown = "\n".join(lines)
        assert all(line in shown for line in kept)
