"""Raw bytes shown two ways, for the event log's detail pane."""

from __future__ import annotations

# Line ends and tabs shown as visible marks, so a student sees where one
# newline-framed message ends and the next begins inside one chunk.
_VISIBLE = {"\r": "\\r", "\n": "\\n\n", "\t": "\\t"}


def hexdump(data: bytes, width: int = 16) -> str:
    """Offset, hex bytes and printable ASCII, one line per `width` bytes."""
    lines = []
    for offset in range(0, len(data), width):
        row = data[offset : offset + width]
        hex_part = " ".join(f"{b:02x}" for b in row)
        half = width // 2 * 3  # an extra space between the two halves of a row
        if len(row) > width // 2:
            hex_part = hex_part[:half] + " " + hex_part[half:]
        ascii_part = "".join(chr(b) if 32 <= b < 127 else "." for b in row)
        lines.append(f"{offset:08x}  {hex_part:<{width * 3}}  |{ascii_part}|")
    return "\n".join(lines)


def visible_text(data: bytes) -> str:
    """The bytes as UTF-8 text, line ends and control characters made visible.

    Invalid UTF-8 becomes U+FFFD rather than an exception: a chunk may end in
    the middle of a multi-byte character (that is the point of framing).
    """
    text = data.decode("utf-8", errors="replace")
    out = []
    for ch in text:
        if ch in _VISIBLE:
            out.append(_VISIBLE[ch])
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "".join(out)
