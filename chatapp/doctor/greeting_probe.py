"""Is it a chatapp server? Once connected, the doctor says nothing and reads:
a chatapp server greets a silent peer after a second (docs/PROTOCOL.md,
plain-text mode), and a full one says `server_full` at once. Saying nothing
keeps the doctor out of the room: no nick, no join."""

from __future__ import annotations

import json
import socket
import time

# The server greets after 1 s of silence (protocol/handshake.py SILENT_NEWCOMER_DELAY).
GREETING_WAIT_S = 1.8
MOST_READ = 4096

CHATAPP = "chatapp"
FULL = "full"
OTHER = "other"  # something else answered
SILENT = "silent"
CLOSED = "closed"


def classify_greeting(data: bytes, closed: bool) -> tuple[str, str]:
    """(kind, the first line as text) for what the server sent."""
    line = data.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    if not data:
        return (CLOSED if closed else SILENT), ""
    if line.startswith("{"):
        try:
            message = json.loads(line)
        except ValueError:
            return OTHER, line
        if isinstance(message, dict) and isinstance(message.get("type"), str):
            if message.get("code") == "server_full":
                return FULL, line
            return CHATAPP, line
        return OTHER, line
    if "chatapp" in line.lower():
        return CHATAPP, line
    return OTHER, line


def read_greeting(connection: socket.socket, wait: float = GREETING_WAIT_S) -> tuple[bytes, bool]:
    """What the peer sends within `wait` seconds, up to a line; and whether it closed."""
    deadline = time.monotonic() + wait
    data = b""
    while b"\n" not in data and len(data) < MOST_READ:
        left = deadline - time.monotonic()
        if left <= 0:
            return data, False
        connection.settimeout(left)
        try:
            chunk = connection.recv(MOST_READ - len(data))
        except TimeoutError:
            return data, False
        except OSError:
            return data, True
        if not chunk:
            return data, True
        data += chunk
    return data, False
