"""LineFramer: lines out of a byte stream, whatever the chunking (粘包/拆包)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from protocol_strategies import byte_at_a_time, draw_split, split_at

from chatapp.protocol import (
    DEFAULT_MAX_FRAME,
    DEFAULT_MAX_FRAME_BEFORE_HELLO,
    FrameTooLarge,
    LineFramer,
)

SMALL_LIMIT = 16


def feed_all(framer: LineFramer, chunks: list[bytes]) -> list:
    out = []
    for chunk in chunks:
        out.extend(framer.feed(chunk))
        # The memory bound: a partial line plus a pending "\r" at most.
        assert framer.buffered <= framer.max_line + 1
    return out


def expected_frames(raw_lines: list[bytes], tail: bytes, limit: int) -> list:
    """What a correct framer yields, written the slow obvious way."""
    out: list = []
    for raw in raw_lines:
        line = raw[:-1] if raw.endswith(b"\r") else raw
        out.append(FrameTooLarge(limit) if len(line) > limit else line)
    if len(tail) > limit + 1:  # an unfinished line already too long
        out.append(FrameTooLarge(limit))
    return out


# Lines of arbitrary bytes (no newline), some longer than the limit, some
# ending in "\r" so that "\r\n" endings are exercised.
raw_lines = st.lists(
    st.binary(max_size=2 * SMALL_LIMIT).map(lambda b: b.replace(b"\n", b"")), max_size=12
)


@settings(max_examples=300, deadline=None)
@given(lines=raw_lines, tail=st.binary(max_size=2 * SMALL_LIMIT), data=st.data())
def test_any_split_yields_the_same_frames(lines, tail, data):
    tail = tail.replace(b"\n", b"")
    stream = b"".join(line + b"\n" for line in lines) + tail
    expected = expected_frames(lines, tail, SMALL_LIMIT)

    assert feed_all(LineFramer(SMALL_LIMIT), [stream]) == expected
    assert feed_all(LineFramer(SMALL_LIMIT), byte_at_a_time(stream)) == expected
    assert feed_all(LineFramer(SMALL_LIMIT), draw_split(data, stream)) == expected


def test_sticky_and_split_packets():
    framer = LineFramer()
    assert framer.feed(b"one\ntwo\nthr") == [b"one", b"two"]
    assert framer.buffered == 3
    assert framer.feed(b"ee") == []
    assert framer.feed(b"\n") == [b"three"]
    assert framer.buffered == 0


def test_crlf_and_lf_endings():
    framer = LineFramer()
    assert framer.feed(b"a\r\nb\nc\r") == [b"a", b"b"]
    assert framer.feed(b"\n") == [b"c"]  # "\r" and "\n" in different reads


def test_only_one_cr_before_the_newline_is_dropped():
    assert LineFramer().feed(b"a\r\r\n") == [b"a\r"]
    assert LineFramer().feed(b"a\rb\n") == [b"a\rb"]


def test_empty_lines_are_frames():
    # Blank lines are the session's business; the framer reports them.
    assert LineFramer().feed(b"\n\r\n") == [b"", b""]


def test_default_limits():
    assert DEFAULT_MAX_FRAME == 64 * 1024
    assert DEFAULT_MAX_FRAME_BEFORE_HELLO == 8 * 1024
    assert LineFramer().max_line == DEFAULT_MAX_FRAME


def test_line_of_exactly_the_limit_passes():
    line = b"x" * SMALL_LIMIT
    assert LineFramer(SMALL_LIMIT).feed(line + b"\n") == [line]
    assert LineFramer(SMALL_LIMIT).feed(line + b"\r\n") == [line]
    assert feed_all(LineFramer(SMALL_LIMIT), byte_at_a_time(line + b"\r\n")) == [line]


def test_one_byte_over_the_limit_is_too_large():
    line = b"x" * (SMALL_LIMIT + 1)
    for ending in (b"\n", b"\r\n"):
        framer = LineFramer(SMALL_LIMIT)
        assert feed_all(framer, byte_at_a_time(line + ending)) == [FrameTooLarge(SMALL_LIMIT)]
        assert LineFramer(SMALL_LIMIT).feed(line + ending) == [FrameTooLarge(SMALL_LIMIT)]


def test_oversized_line_is_reported_once_and_the_next_line_survives():
    framer = LineFramer(SMALL_LIMIT)
    out = framer.feed(b"y" * (SMALL_LIMIT + 2))
    assert out == [FrameTooLarge(SMALL_LIMIT)]
    assert framer.buffered == 0  # dropped at once, not kept until the newline
    for _ in range(100):
        assert framer.feed(b"z" * 1000) == []  # still discarding: no more notices
        assert framer.buffered == 0
    assert framer.feed(b"tail\nnext\n") == [b"next"]


def test_default_limit_64k():
    framer = LineFramer()
    assert framer.feed(b"a" * DEFAULT_MAX_FRAME + b"\n") == [b"a" * DEFAULT_MAX_FRAME]
    assert framer.feed(b"a" * (DEFAULT_MAX_FRAME + 1) + b"\nok\n") == [
        FrameTooLarge(DEFAULT_MAX_FRAME),
        b"ok",
    ]


def test_raising_the_limit_applies_to_the_next_feed():
    framer = LineFramer(DEFAULT_MAX_FRAME_BEFORE_HELLO)
    framer.max_line = DEFAULT_MAX_FRAME
    line = b"b" * (DEFAULT_MAX_FRAME_BEFORE_HELLO + 1)
    assert framer.feed(line + b"\n") == [line]


def test_many_small_lines_in_one_chunk():
    stream = b"".join(b"%d\n" % i for i in range(20000))
    out = LineFramer().feed(stream)
    assert len(out) == 20000 and out[-1] == b"19999"


def test_split_helper():
    # The helper the property tests rely on must not lose or reorder bytes.
    assert split_at(b"abcdef", [4, 2, 2, 0, 99]) == [b"ab", b"cd", b"ef"]
    assert b"".join(byte_at_a_time(b"abc")) == b"abc"
