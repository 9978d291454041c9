"""The four ways the sticky-packets lab splits a TCP byte stream into messages (sans-IO).

TCP carries bytes, not messages: one read may hold several messages glued
together (粘包, sticky) or part of one (拆包, split). A framer is fed the reads
as they come, any size down to one byte, and hands back the messages it can
complete, with where each sits in the stream so a hex view can mark its
header or delimiter:

- none: every read taken as one message, which is the mistake the lab shows;
- newline: a message ends at b"\\n" (chatapp's own wire protocol);
- length prefix: a 4-byte big-endian (network byte order) length, then that many bytes;
- fixed size: every message has the same agreed size.

A framer that meets something it cannot frame (a length header larger than
it accepts, a line with no newline within its limit) raises FramingError with
a sentence, instead of buffering for ever: the connection should be closed.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from .sentences import fill, translate

FRAMINGS = ("none", "newline", "length", "fixed")
LENGTH_HEADER = struct.Struct(">I")  # network byte order: big-endian
DEFAULT_MAX_MESSAGE = 1 << 20  # the largest message the lab sends (1 MiB)


class FramingError(Exception):
    """The stream cannot be framed any further; str() is a sentence for a person."""

    def __init__(self, sentence: str, frames: list[Frame] | None = None) -> None:
        super().__init__(sentence)
        self.frames = frames or []  # the messages completed before the fault, in the same feed


@dataclass(frozen=True, slots=True)
class Frame:
    start: int  # stream offset of the frame's first byte (its header, if it has one)
    header: int  # bytes of header before the payload
    payload: bytes
    trailer: int  # bytes of delimiter after the payload

    @property
    def end(self) -> int:
        return self.start + self.header + len(self.payload) + self.trailer


class Framer:
    name = ""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._offset = 0  # stream offset of the buffer's first byte
        self._broken: str | None = None

    @property
    def buffered(self) -> int:
        """Bytes received but not yet part of a complete message."""
        return len(self._buffer)

    def encode(self, payload: bytes) -> bytes:
        raise NotImplementedError

    def receive_data(self, data: bytes) -> list[Frame]:
        if self._broken is not None:
            raise FramingError(self._broken)
        self._buffer += data
        frames: list[Frame] = []
        try:
            while (frame := self._next_frame()) is not None:
                frames.append(frame)
        except FramingError as error:
            self._broken = str(error)
            self._buffer.clear()  # nothing more is kept for a stream that cannot be framed
            raise FramingError(str(error), frames) from None
        return frames

    def _next_frame(self) -> Frame | None:
        raise NotImplementedError

    def _take(self, header: int, payload: int, trailer: int) -> Frame:
        total = header + payload + trailer
        frame = Frame(self._offset, header, bytes(self._buffer[header : header + payload]), trailer)
        del self._buffer[:total]
        self._offset += total
        return frame


class NoFraming(Framer):
    """Each read is taken for a message: what a program without framing believes."""

    name = "none"

    def encode(self, payload: bytes) -> bytes:
        return payload

    def _next_frame(self) -> Frame | None:
        if not self._buffer:
            return None
        return self._take(0, len(self._buffer), 0)


class NewlineFraming(Framer):
    name = "newline"

    def __init__(self, max_line: int = DEFAULT_MAX_MESSAGE) -> None:
        super().__init__()
        self.max_line = max_line
        self._scanned = 0  # bytes of the buffer already searched for b"\n"

    def encode(self, payload: bytes) -> bytes:
        if b"\n" in payload:
            raise FramingError(
                fill(
                    translate(
                        "Framing",
                        "A message that contains a newline cannot be sent with newline framing: "
                        "the receiver would cut it in two.",
                    ),
                )
            )
        return payload + b"\n"

    def _next_frame(self) -> Frame | None:
        end = self._buffer.find(b"\n", self._scanned)
        if end < 0:
            self._scanned = len(self._buffer)
            if self._scanned > self.max_line:
                raise FramingError(
                    fill(
                        translate(
                            "Framing",
                            "No newline within %1 bytes: the sender does not use newline framing, "
                            "or sends lines longer than this receiver accepts.",
                        ),
                        self.max_line,
                    )
                )
            return None
        self._scanned = 0
        return self._take(0, end, 1)


class LengthPrefixFraming(Framer):
    name = "length"

    def __init__(self, max_length: int = DEFAULT_MAX_MESSAGE) -> None:
        super().__init__()
        self.max_length = max_length

    def encode(self, payload: bytes) -> bytes:
        if len(payload) > self.max_length:
            raise FramingError(
                fill(
                    translate(
                        "Framing",
                        "A message of %1 bytes is larger than the %2 bytes the receiver accepts.",
                    ),
                    len(payload),
                    self.max_length,
                )
            )
        return LENGTH_HEADER.pack(len(payload)) + payload

    def _next_frame(self) -> Frame | None:
        if len(self._buffer) < LENGTH_HEADER.size:
            return None
        (length,) = LENGTH_HEADER.unpack_from(self._buffer)
        if length > self.max_length:
            raise FramingError(
                fill(
                    translate(
                        "Framing",
                        "The length header says %1 bytes, more than the %2 bytes this "
                        "receiver accepts: the sender is not using this framing, or is "
                        "hostile. The receiver refuses rather than wait for that much.",
                    ),
                    length,
                    self.max_length,
                )
            )
        if len(self._buffer) < LENGTH_HEADER.size + length:
            return None
        return self._take(LENGTH_HEADER.size, length, 0)


class FixedSizeFraming(Framer):
    name = "fixed"

    def __init__(self, size: int) -> None:
        super().__init__()
        if size < 1:
            raise ValueError("a fixed-size message has at least one byte")
        self.size = size

    def encode(self, payload: bytes) -> bytes:
        if len(payload) != self.size:
            raise FramingError(
                fill(
                    translate(
                        "Framing",
                        "Fixed-size framing sends messages of exactly %1 bytes; this one has %2.",
                    ),
                    self.size,
                    len(payload),
                )
            )
        return payload

    def _next_frame(self) -> Frame | None:
        if len(self._buffer) < self.size:
            return None
        return self._take(0, self.size, 0)


def make_framer(name: str, message_size: int, max_message: int = DEFAULT_MAX_MESSAGE) -> Framer:
    """A fresh framer by name (FRAMINGS); `message_size` is the fixed framing's size."""
    if name == "none":
        return NoFraming()
    if name == "newline":
        return NewlineFraming(max_message)
    if name == "length":
        return LengthPrefixFraming(max_message)
    if name == "fixed":
        return FixedSizeFraming(message_size)
    raise ValueError(f"unknown framing {name!r}")


@dataclass(frozen=True)
class Decoding:
    frames: list[Frame]
    error: str | None  # the sentence of a FramingError, if the stream broke
    leftover: int  # bytes waiting for the rest of a message


def decode_reads(framer: Framer, reads: list[bytes]) -> Decoding:
    """Feed every read to a fresh framer, as the receiver did, and say what it made of them."""
    frames: list[Frame] = []
    for data in reads:
        try:
            frames += framer.receive_data(data)
        except FramingError as error:
            return Decoding(frames + error.frames, str(error), 0)
    return Decoding(frames, None, framer.buffered)


def burst_messages(count: int, size: int) -> list[bytes]:
    """The lab's messages: "#1 abcdef...", each `size` bytes, printable, no newline."""
    filler = b"abcdefghijklmnopqrstuvwxyz" * (size // 26 + 1)
    messages = []
    for number in range(1, count + 1):
        label = f"#{number} ".encode()
        messages.append((label + filler)[:size])
    return messages


def length_header_values(header: bytes) -> tuple[int, int]:
    """The 4 header bytes read in network order (big-endian) and, wrongly, in the
    little-endian order of most PCs: the byte-order lesson in two numbers."""
    return int.from_bytes(header, "big"), int.from_bytes(header, "little")
