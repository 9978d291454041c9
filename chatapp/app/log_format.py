"""Log records that content cannot forge: one record is always one line.

The server logs what peers send (chats, nicks, leave reasons). A newline in
a chat would otherwise start a line of its own that reads like a record the
server wrote ("... INFO alice left (quit)"), and an escape sequence could
recolour or rewrite the operator's terminal. The formatter escapes every
character that can end, overwrite or reorder a line in the whole formatted
record, so it holds for any message, argument or traceback.
"""

from __future__ import annotations

import logging
import re
from typing import TextIO

# C0 controls (newline, carriage return, escape, the file/group/record
# separators Python also splits lines on...), DEL, C1 controls (U+0085 NEXT
# LINE among them), the Unicode line and paragraph separators, and the bidi
# marks, embeddings, overrides and isolates that reorder what a reader sees.
_LINE_BREAKING = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_for_log(text: str) -> str:
    """`text` on one line, each unsafe character spelt as a visible escape."""
    return _LINE_BREAKING.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


class OneLineFormatter(logging.Formatter):
    """A Formatter whose every record is one line, whatever it contains."""

    def format(self, record: logging.LogRecord) -> str:
        return escape_for_log(super().format(record))


def log_to_stream(stream: TextIO, level: str) -> logging.Handler:
    """Log everything at `level` and above to `stream`, one line per record."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(OneLineFormatter("%(asctime)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level.upper())
    return handler
