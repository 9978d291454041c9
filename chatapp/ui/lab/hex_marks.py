"""One read's bytes as hex, each byte coloured by what the framer made of it.

The length headers stand out (they are the lesson on network byte order),
delimiters too, and the payloads of neighbouring messages alternate between
two shades, so a read that holds three messages and the start of a fourth
shows it at a glance.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from ...lab.framing import LENGTH_HEADER, Frame, length_header_values

translate = QCoreApplication.translate  # lupdate finds translate("Context", "text")

BYTES_PER_LINE = 16
SHOWN_BYTES = 512  # more would make a slow, unreadable page; the rest is counted
# Fixed colours with black text: readable in the light and the dark theme alike.
HEADER_STYLE = "background:#ffc845;color:#000;font-weight:bold"
DELIMITER_STYLE = "background:#8fd694;color:#000;font-weight:bold"
PAYLOAD_STYLES = ("background:#cfe3ff;color:#000", "background:#f1d7ff;color:#000")



def byte_styles(offset: int, length: int, frames: list[Frame]) -> list[str]:
    """A CSS style per byte of the read at stream `offset`: header, delimiter,
    payload (alternating per message) or "" (not yet part of a whole message)."""
    styles = [""] * length
    end = offset + length
    for number, frame in enumerate(frames):
        if frame.end <= offset or frame.start >= end:
            continue
        payload_start = frame.start + frame.header
        payload_end = payload_start + len(frame.payload)
        for position in range(max(frame.start, offset), min(frame.end, end)):
            if position < payload_start:
                style = HEADER_STYLE
            elif position >= payload_end:
                style = DELIMITER_STYLE
            else:
                style = PAYLOAD_STYLES[number % 2]
            styles[position - offset] = style
    return styles


def marked_hex_html(data: bytes, offset: int, frames: list[Frame]) -> str:
    """The read as rich text: stream offsets, coloured hex bytes and their ASCII."""
    shown = data[:SHOWN_BYTES]
    styles = byte_styles(offset, len(shown), frames)
    lines = []
    for start in range(0, len(shown), BYTES_PER_LINE):
        cells, chars = [], []
        for i in range(start, min(start + BYTES_PER_LINE, len(shown))):
            byte = shown[i]
            char = html.escape(chr(byte)) if 32 <= byte < 127 else "."
            style = styles[i]
            cells.append(f'<span style="{style}">{byte:02x}</span>' if style else f"{byte:02x}")
            chars.append(f'<span style="{style}">{char}</span>' if style else char)
        padding = "   " * (BYTES_PER_LINE - (len(cells)))
        lines.append(f"{offset + start:08x}  {' '.join(cells)}{padding}  {''.join(chars)}")
    text = "<br>".join(lines)
    if len(data) > SHOWN_BYTES:
        more = translate("HexMarks", "… and %1 more bytes in this read")
        more = more.replace("%1", str(len(data) - SHOWN_BYTES))
        text += f"<br><i>{html.escape(more)}</i>"
    return f'<pre style="margin:0">{text}</pre>'


def legend_html() -> str:
    return " ".join(
        f'<span style="{style}">&nbsp;{html.escape(label)}&nbsp;</span>'
        for style, label in (
            (HEADER_STYLE, translate("HexMarks", "length header")),
            (DELIMITER_STYLE, translate("HexMarks", "delimiter")),
            (PAYLOAD_STYLES[0], translate("HexMarks", "message")),
            (PAYLOAD_STYLES[1], translate("HexMarks", "next message")),
        )
    )


def byte_order_note(offset: int, length: int, frames: list[Frame]) -> str:
    """The first length header that starts in this read, read both ways; "" if none."""
    for frame in frames:
        if frame.header == LENGTH_HEADER.size and offset <= frame.start < offset + length:
            header = LENGTH_HEADER.pack(len(frame.payload))
            big, little = length_header_values(header)
            return (
                translate("HexMarks",
                    "Length header %1 = <b>%2</b> in network byte order (big-endian, most "
                    "significant byte first). Read in the little-endian order of a PC's "
                    "memory, the same four bytes would say %3: that is why the sender "
                    "converts with htonl() and the receiver with ntohl()."
                )
                .replace("%1", header.hex(" "))
                .replace("%2", str(big))
                .replace("%3", str(little))
            )
    return ""
