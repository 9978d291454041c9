"""The kernel's list of TCP sockets, quickly, for labs that refresh it often.

On Linux the two files /proc/net/tcp and /proc/net/tcp6 are read directly: a
few milliseconds, since no process's file descriptors are scanned (the labs
match sockets by port, not by owner). Elsewhere psutil answers
(net/tcp_state.py). Listening sockets are included here: the backlog lab
shows its listener too.
"""

from __future__ import annotations

import socket
import struct
from pathlib import Path

from ..net.tcp_state import KernelSocket, normalize_host, snapshot

PROC_TCP = (Path("/proc/net/tcp"), Path("/proc/net/tcp6"))
# The kernel's numbering of TCP states (include/net/tcp_states.h), psutil's names.
STATES = {
    1: "ESTABLISHED", 2: "SYN_SENT", 3: "SYN_RECV", 4: "FIN_WAIT1", 5: "FIN_WAIT2",
    6: "TIME_WAIT", 7: "CLOSE", 8: "CLOSE_WAIT", 9: "LAST_ACK", 10: "LISTEN", 11: "CLOSING",
}


def _address(text: str) -> tuple[str, int]:
    """ "0100007F:1F90" -> ("127.0.0.1", 8080); the kernel writes each 32-bit
    word of the address in host byte order (little-endian on PCs)."""
    host_hex, port_hex = text.split(":")
    raw = bytes.fromhex(host_hex)
    words = struct.unpack(f"={len(raw) // 4}I", raw)
    packed = struct.pack(f"!{len(words)}I", *words)
    family = socket.AF_INET if len(packed) == 4 else socket.AF_INET6
    return normalize_host(socket.inet_ntop(family, packed)), int(port_hex, 16)


def parse_proc_net_tcp(text: str) -> list[KernelSocket]:
    sockets = []
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 4:
            continue
        try:
            local_host, local_port = _address(fields[1])
            peer_host, peer_port = _address(fields[2])
            status = STATES.get(int(fields[3], 16), "UNKNOWN")
        except (ValueError, OSError, struct.error):
            continue
        sockets.append(KernelSocket(local_host, local_port, peer_host, peer_port, status, None))
    return sockets


def kernel_sockets() -> list[KernelSocket]:
    """Every TCP socket the kernel knows, listening ones included where /proc gives them."""
    if not PROC_TCP[0].exists():
        return snapshot()
    found: list[KernelSocket] = []
    for path in PROC_TCP:
        try:
            found += parse_proc_net_tcp(path.read_text(encoding="ascii", errors="replace"))
        except OSError:
            continue
    return found
