"""A web browser pointed at the chat port: one readable HTTP answer, then close.

Without it, "GET / HTTP/1.1" and the browser's headers were posted to the room
as chat, and the browser showed an error of its own.
"""

from __future__ import annotations

import re

from .messages import Error, Message

# A request line: METHOD TARGET HTTP/x.y (RFC 9112, section 3).
_REQUEST_LINE = re.compile(rb"^[A-Z]{3,10} \S+ HTTP/\d(\.\d)?\r?\n?$")

REFUSAL_TEXT = (
    "This is a chatapp chat server, not a web server. "
    "Chat with chatapp-client, or type lines with: nc HOST PORT"
)


def is_http_request_line(line: bytes) -> bool:
    return _REQUEST_LINE.match(line) is not None


def http_response(message: Message | str) -> bytes:
    """What a browser gets: an error becomes a 400 page, anything else nothing."""
    if not isinstance(message, Error):
        return b""
    body = f"{message.message}\n".encode()
    head = (
        "HTTP/1.1 400 Bad Request\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body
