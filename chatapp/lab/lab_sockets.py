"""Small socket moves the labs share: a socket with small buffers, an abort
that leaves no TIME_WAIT, filling a send buffer until the kernel refuses more."""

from __future__ import annotations

import socket
import struct

# Small buffers make a window fill with kilobytes, in a moment, instead of megabytes.
SMALL_BUFFER = 64 * 1024
FILL_LIMIT = 8 * 1024 * 1024  # a bound, should a kernel ignore the buffer size asked for


def tcp_socket(host: str, small_buffers: bool = False) -> socket.socket:
    """A TCP socket for `host`'s address family; buffers set before connect or
    listen, since the window is agreed in the handshake."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    if small_buffers:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SMALL_BUFFER)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SMALL_BUFFER)
    return sock


def abort_quietly(sock: socket.socket) -> None:
    """close() with SO_LINGER {1, 0}: RST, no FIN, no TIME_WAIT."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


def fill_until_blocked(sock: socket.socket) -> int:
    """Write to a non-blocking socket until the kernel takes no more; bytes written."""
    chunk = b"x" * 16384
    written = 0
    while written < FILL_LIMIT:
        try:
            written += sock.send(chunk)
        except (BlockingIOError, InterruptedError):
            break
        except OSError:
            break
    return written
