"""Everything a server operator can tune, with the documented defaults.

Each field is also a command-line flag of chatapp-server (see app/cli.py)
and is listed in docs/SECURITY.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..protocol.framing import DEFAULT_MAX_FRAME, DEFAULT_MAX_FRAME_BEFORE_HELLO
from ..protocol.heartbeat import DEFAULT_INTERVAL, DEFAULT_TIMEOUT
from ..protocol.session import DEFAULT_MAX_ERRORS
from .connection import DEFAULT_MAX_SEND_QUEUE


@dataclass
class ServerConfig:
    heartbeat_interval: float = DEFAULT_INTERVAL  # seconds between pings
    heartbeat_timeout: float = DEFAULT_TIMEOUT  # silence before a JSON peer is dropped
    plain_idle_timeout: float = 600.0  # silence before a plain-text peer is dropped
    hello_timeout: float = 10.0  # a JSON peer must say hello within this
    first_line_timeout: float = 60.0  # any peer must send its first line within this
    max_frame: int = DEFAULT_MAX_FRAME
    max_frame_before_hello: int = DEFAULT_MAX_FRAME_BEFORE_HELLO
    max_errors: int = DEFAULT_MAX_ERRORS
    max_send_queue: int = DEFAULT_MAX_SEND_QUEUE
    max_clients: int = 512
    max_per_address: int = 32
    flood_rate: float = 10.0  # messages per second once the burst is spent; 0 = no limit
    flood_burst: int = 20
    flood_grace: float = 5.0  # seconds of flooding past the limit before a disconnect
    password: str | None = None  # the room password; None = open room

    def session_limits(self) -> dict[str, int]:
        return {
            "max_frame": self.max_frame,
            "max_frame_before_hello": self.max_frame_before_hello,
            "max_errors": self.max_errors,
        }
