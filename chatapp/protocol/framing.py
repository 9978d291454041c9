"""Newline framing: turn a TCP byte stream into lines, whatever the chunking.

TCP delivers a stream, not messages: one read may hold half a line (a split
packet) or several lines glued together (a sticky packet). LineFramer buffers
bytes and yields complete lines, so both cases decode to the same frames.

A line longer than `max_line` is reported once as FrameTooLarge, then the rest
of it is discarded up to the next newline, so an oversized line costs at most
`max_line` bytes of memory and the connection survives.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_FRAME = 64 * 1024
DEFAULT_MAX_FRAME_BEFORE_HELLO = 8 * 1024


@dataclass(frozen=True)
class FrameTooLarge:
    """A line went past the size limit; its bytes were dropped."""

    limit: int


class LineFramer:
    __slots__ = ("max_line", "_buffer", "_scanned", "_discarding")

    def __init__(self, max_line: int = DEFAULT_MAX_FRAME) -> None:
        self.max_line = max_line
        self._buffer = bytearray()
        self._scanned = 0  # bytes of _buffer already known to hold no b"\n"
        self._discarding = False

    @property
    def buffered(self) -> int:
        """Bytes held while waiting for the end of a line."""
        return len(self._buffer)

    def feed(self, data: bytes) -> list[bytes | FrameTooLarge]:
        """Add bytes; return the complete lines (without b"\\r\\n") and overflow
        notices, in stream order."""
        buf = self._buffer
        buf += data
        out: list[bytes | FrameTooLarge] = []
        start = 0
        search_from = self._scanned
        while (newline := buf.find(b"\n", search_from)) >= 0:
            if self._discarding:
                self._discarding = False  # the tail of an oversized line
            else:
                end = newline - 1 if newline > start and buf[newline - 1] == 13 else newline
                if end - start > self.max_line:
                    out.append(FrameTooLarge(self.max_line))
                else:
                    out.append(bytes(buf[start:end]))
            start = search_from = newline + 1
        # One slice per feed, not per line: a chunk of many small lines stays linear.
        del buf[:start]
        self._scanned = len(buf)
        if self._discarding:
            buf.clear()
            self._scanned = 0
        elif len(buf) > self.max_line + 1:  # +1: a trailing "\r" may be pending
            out.append(FrameTooLarge(self.max_line))
            buf.clear()
            self._scanned = 0
            self._discarding = True
        return out
