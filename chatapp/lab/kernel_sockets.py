"""The kernel's list of TCP sockets as net/tcp_state.py's KernelSocket, quickly,
for labs that refresh it often: on Linux /proc/net/tcp and tcp6 read directly
(kernel_table.py; no process's file descriptors are scanned, the labs match
sockets by port, not by owner), elsewhere psutil. Listening sockets are
included: the backlog lab shows its listener too.
"""

from __future__ import annotations

from ..net.tcp_state import KernelSocket
from .kernel_table import TcpEntry, parse_proc_table, read_table


def _as_kernel_socket(entry: TcpEntry) -> KernelSocket:
    return KernelSocket(entry.local_host, entry.local_port, entry.peer_host, entry.peer_port,
                        entry.state, None)


def parse_proc_net_tcp(text: str) -> list[KernelSocket]:
    return [_as_kernel_socket(entry) for entry in parse_proc_table(text)]


def kernel_sockets() -> list[KernelSocket]:
    """Every TCP socket the kernel knows, listening ones included where /proc gives them."""
    return [_as_kernel_socket(entry) for entry in read_table()]
