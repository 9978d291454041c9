"""The framers of the sticky-packets lab: each recovers exactly the messages sent from
any split of the byte stream, and refuses a stream it cannot frame with a sentence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chatapp.lab.framing import (
    DEFAULT_MAX_MESSAGE,
    FixedSizeFraming,
    FramingError,
    LengthPrefixFraming,
    NewlineFraming,
    NoFraming,
    burst_messages,
    decode_reads,
    length_header_values,
    make_framer,
)


def split(stream: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({cut % (len(stream) + 1) for cut in cuts})
    edges = [0, *points, len(stream)]
    return [stream[a:b] for a, b in zip(edges, edges[1:], strict=False)]


def feed(framer, chunks: list[bytes]) -> list[bytes]:
    payloads = []
    for chunk in chunks:
        payloads += [frame.payload for frame in framer.receive_data(chunk)]
    return payloads


CUTS = st.lists(st.integers(min_value=0, max_value=10_000), max_size=30)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.binary(max_size=60), max_size=15), CUTS)
def test_length_prefix_recovers_the_messages_from_any_split(messages, cuts):
    stream = b"".join(LengthPrefixFraming().encode(m) for m in messages)
    assert feed(LengthPrefixFraming(), split(stream, cuts)) == messages


@settings(max_examples=150, deadline=None)
@given(st.lists(st.binary(max_size=60).map(lambda b: b.replace(b"\n", b"")), max_size=15), CUTS)
def test_newline_framing_recovers_the_messages_from_any_split(messages, cuts):
    stream = b"".join(NewlineFraming().encode(m) for m in messages)
    assert feed(NewlineFraming(), split(stream, cuts)) == messages


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=40).flatmap(
    lambda size: st.tuples(st.just(size), st.lists(st.binary(min_size=size, max_size=size),
                                                   max_size=15))), CUTS)
def test_fixed_size_framing_recovers_the_messages_from_any_split(sized, cuts):
    size, messages = sized
    stream = b"".join(FixedSizeFraming(size).encode(m) for m in messages)
    assert feed(FixedSizeFraming(size), split(stream, cuts)) == messages


@pytest.mark.parametrize("name", ["newline", "length", "fixed"])
def test_one_byte_at_a_time_and_one_chunk_give_the_same_frames(name):
    messages = burst_messages(12, 9)
    stream = b"".join(make_framer(name, 9).encode(m) for m in messages)
    one_chunk = make_framer(name, 9).receive_data(stream)
    framer = make_framer(name, 9)
    bytewise = [frame for i in range(len(stream)) for frame in framer.receive_data(stream[i:i+1])]
    assert bytewise == one_chunk
    assert [frame.payload for frame in one_chunk] == messages
    assert framer.buffered == 0


def test_frames_say_where_their_header_and_delimiter_sit_in_the_stream():
    length = LengthPrefixFraming().receive_data(b"\x00\x00\x00\x02hi\x00\x00\x00\x01!")
    assert [(f.start, f.header, f.payload, f.end) for f in length] == [
        (0, 4, b"hi", 6), (6, 4, b"!", 11)
    ]
    newline = NewlineFraming().receive_data(b"ab\ncd\n")
    assert [(f.start, f.trailer, f.end) for f in newline] == [(0, 1, 3), (3, 1, 6)]


def test_without_framing_each_read_is_taken_for_a_message():
    messages = burst_messages(3, 5)
    reads = [messages[0] + messages[1], messages[2][:2], messages[2][2:]]
    decoded = decode_reads(NoFraming(), reads)
    assert [frame.payload for frame in decoded.frames] == reads != messages


def test_a_hostile_length_header_is_refused_at_once_not_buffered():
    framer = LengthPrefixFraming()
    with pytest.raises(FramingError, match="4294967295 bytes") as refused:
        framer.receive_data(b"\x00\x00\x00\x01A" + b"\xff\xff\xff\xff" + b"x" * 1000)
    assert [frame.payload for frame in refused.value.frames] == [b"A"]  # the good one before
    assert framer.buffered == 0
    with pytest.raises(FramingError):  # the stream stays refused
        framer.receive_data(b"\x00\x00\x00\x01B")


def test_a_hostile_length_header_fed_byte_by_byte_is_refused_on_its_fourth_byte():
    framer = LengthPrefixFraming(max_length=100)
    for byte in (b"\xff", b"\xff", b"\xff"):
        assert framer.receive_data(byte) == []
    with pytest.raises(FramingError, match="more than the 100 bytes"):
        framer.receive_data(b"\xff")


def test_a_line_that_never_ends_is_refused_within_the_limit():
    framer = NewlineFraming(max_line=1000)
    with pytest.raises(FramingError, match="No newline within 1000 bytes"):
        for _ in range(100):
            framer.receive_data(b"y" * 100)
    assert framer.buffered == 0


def test_decode_reads_reports_the_sentence_and_the_frames_before_it():
    decoded = decode_reads(LengthPrefixFraming(), [b"\x00\x00\x00\x01A\xff", b"\xff\xff\xff"])
    assert [frame.payload for frame in decoded.frames] == [b"A"]
    assert decoded.error and "refuses" in decoded.error


@pytest.mark.parametrize(
    ("framer", "payload", "words"),
    [
        (NewlineFraming(), b"a\nb", "newline"),
        (FixedSizeFraming(4), b"abc", "exactly 4 bytes"),
        (LengthPrefixFraming(max_length=3), b"abcd", "larger than"),
    ],
)
def test_a_message_the_framing_cannot_carry_is_refused_when_sent(framer, payload, words):
    with pytest.raises(FramingError, match=words):
        framer.encode(payload)


def test_the_header_in_network_order_and_misread_in_host_order():
    assert length_header_values(LengthPrefixFraming().encode(b"x" * 12)[:4]) == (12, 201326592)


def test_burst_messages_have_the_size_asked_and_no_newline():
    messages = burst_messages(1000, 7) + burst_messages(2, DEFAULT_MAX_MESSAGE)
    assert {len(m) for m in messages[:1000]} == {7}
    assert len(messages[-1]) == DEFAULT_MAX_MESSAGE
    assert not any(b"\n" in m for m in messages)
