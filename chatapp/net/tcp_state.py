"""The kernel's view of a TCP connection (ESTABLISHED, FIN_WAIT2, TIME_WAIT...), via psutil.

Qt only knows its own socket states; the kernel keeps the connection going
after Qt has let go (TIME_WAIT on the side that closed first lasts about a
minute on Linux). A socket in TIME_WAIT belongs to no process any more, so
connections are matched by their address pair, never by pid alone.

One psutil call lists every TCP socket on the machine; `snapshot()` makes that
call once and answers for any number of connections, so a window refreshing
many rows costs one call. It reads /proc (or the OS equivalent) and can take
tens of milliseconds: call it off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

GONE = "CLOSED"  # no socket left in the kernel for this address pair


@dataclass(frozen=True, slots=True)  # a snapshot holds every TCP socket of the machine
class KernelSocket:
    local_host: str
    local_port: int
    peer_host: str
    peer_port: int
    status: str
    pid: int | None


def normalize_host(host: str) -> str:
    """ "::ffff:127.0.0.1" (IPv4 seen through a dual-stack socket) -> "127.0.0.1"."""
    host = host or ""
    if host.lower().startswith("::ffff:") and "." in host:
        return host[7:]
    return host


def snapshot() -> list[KernelSocket]:
    """Every connected TCP socket the kernel knows (listening ones left out)."""
    import psutil  # here, on the poller's thread: not on the way to the first window

    try:
        entries = psutil.net_connections(kind="tcp")
    except (psutil.AccessDenied, PermissionError, OSError):
        return []
    result = []
    for entry in entries:
        if not entry.raddr:  # listening or unbound
            continue
        result.append(
            KernelSocket(
                normalize_host(entry.laddr.ip),
                entry.laddr.port,
                normalize_host(entry.raddr.ip),
                entry.raddr.port,
                entry.status,
                entry.pid,
            )
        )
    return result


def find_state(
    sockets: list[KernelSocket],
    local_port: int,
    peer_port: int,
    *,
    local_host: str | None = None,
    peer_host: str | None = None,
    pid: int | None = None,
) -> str | None:
    """The status of the socket with this address pair in a snapshot, or None.

    Hosts narrow the match when given (on a LAN two clients may use the same
    ephemeral port). With `pid`, a socket owned by another live process is
    skipped; sockets owned by nobody (TIME_WAIT) always match. On loopback both
    ends of a connection live on the machine; the (local, peer) order picks ours.
    """
    if not local_port or not peer_port:
        return None
    local_host = normalize_host(local_host) if local_host else None
    peer_host = normalize_host(peer_host) if peer_host else None
    for sock in sockets:
        if sock.local_port != local_port or sock.peer_port != peer_port:
            continue
        if local_host and sock.local_host != local_host:
            continue
        if peer_host and sock.peer_host != peer_host:
            continue
        if pid is not None and sock.pid not in (None, pid):
            continue
        return sock.status
    return None


def find_connecting(
    sockets: list[KernelSocket],
    peer_port: int,
    *,
    peer_host: str | None = None,
    pid: int | None = None,
) -> KernelSocket | None:
    """Our socket whose SYN waits for an answer from this peer, or None.

    While a connect is under way Qt tells neither the descriptor nor the local
    port; the kernel's list has the socket already (SYN_SENT), owned by us."""
    peer_host = normalize_host(peer_host) if peer_host else None
    for sock in sockets:
        if sock.status != "SYN_SENT" or sock.peer_port != peer_port:
            continue
        if peer_host and sock.peer_host != peer_host:
            continue
        if pid is not None and sock.pid not in (None, pid):
            continue
        return sock
    return None


def kernel_tcp_state(
    local_port: int,
    peer_port: int,
    pid: int | None = None,
    *,
    local_host: str | None = None,
    peer_host: str | None = None,
) -> str | None:
    """The kernel's TCP state for one connection ('ESTABLISHED', 'TIME_WAIT'...),
    or None when the kernel has no such socket (never had, or it is gone)."""
    return find_state(
        snapshot(), local_port, peer_port, local_host=local_host, peer_host=peer_host, pid=pid
    )
