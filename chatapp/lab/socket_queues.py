"""How many bytes wait in a socket's own queues, asked of the kernel by ioctl.

SIOCOUTQ (the same number as TIOCOUTQ) counts what the program wrote and the
peer has not acknowledged yet; SIOCINQ (FIONREAD) counts what arrived and the
program has not read. None where the platform has no such ioctl.
"""

from __future__ import annotations

import socket
import struct
import sys

try:
    import fcntl
    import termios
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    termios = None  # type: ignore[assignment]


def _ioctl_int(sock: socket.socket, request: int) -> int | None:
    if fcntl is None or sock.fileno() < 0:
        return None
    try:
        return struct.unpack("i", fcntl.ioctl(sock.fileno(), request, b"\0" * 4))[0]
    except OSError:
        return None


def send_queue(sock: socket.socket) -> int | None:
    """Bytes written and not yet acknowledged by the peer (Linux SIOCOUTQ)."""
    if termios is None or not sys.platform.startswith("linux"):
        return None  # macOS's TIOCOUTQ does not answer for sockets
    return _ioctl_int(sock, termios.TIOCOUTQ)


def receive_queue(sock: socket.socket) -> int | None:
    """Bytes received and not yet read by the program (SIOCINQ / FIONREAD)."""
    if termios is None:
        return None
    return _ioctl_int(sock, termios.FIONREAD)
