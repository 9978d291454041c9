"""The kernel's TCP table read fast enough to sample every 10 ms, with the queues.

net/tcp_state.py asks psutil, which lists every socket of the machine with its
owner and takes tens of milliseconds: right for a window refreshing twice a
second, too slow to catch FIN_WAIT2 on loopback. On Linux the labs read
/proc/net/tcp and tcp6 themselves (one read of a small text file), and get two
more facts psutil leaves out: each socket's send and receive queue and the
count of unanswered probes (keepalive or zero-window). Elsewhere they fall back
to psutil's states without the extra columns.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from pathlib import Path

from ..net import tcp_state

PROC_TABLES = (Path("/proc/net/tcp"), Path("/proc/net/tcp6"))
NETSTAT = Path("/proc/net/netstat")
KEEPALIVE_TIME = Path("/proc/sys/net/ipv4/tcp_keepalive_time")
GONE = tcp_state.GONE
SLOW_POLL_S = 1.0  # where only psutil can list the sockets

# The state numbers of include/net/tcp_states.h, named as psutil names them.
STATE_NAMES = {
    0x01: "ESTABLISHED", 0x02: "SYN_SENT", 0x03: "SYN_RECV", 0x04: "FIN_WAIT1",
    0x05: "FIN_WAIT2", 0x06: "TIME_WAIT", 0x07: "CLOSE", 0x08: "CLOSE_WAIT",
    0x09: "LAST_ACK", 0x0A: "LISTEN", 0x0B: "CLOSING", 0x0C: "SYN_RECV",
}
# The "tr" column: which timer runs. 2 is the keepalive timer, 4 the zero-window probe.
TIMER_KEEPALIVE = 2
TIMER_ZERO_WINDOW_PROBE = 4


@dataclass(frozen=True, slots=True)
class TcpEntry:
    local_host: str
    local_port: int
    peer_host: str
    peer_port: int
    state: str
    send_queue: int | None = None  # bytes written and not yet acknowledged
    receive_queue: int | None = None  # bytes arrived and not yet read by the program
    timer: int | None = None
    probes_unanswered: int | None = None


def _ipv4(word: str) -> str:
    return socket.inet_ntoa(struct.pack("<I", int(word, 16)))


def _ipv6(words: str) -> str:
    raw = b"".join(struct.pack("<I", int(words[i:i + 8], 16)) for i in range(0, 32, 8))
    return tcp_state.normalize_host(socket.inet_ntop(socket.AF_INET6, raw))


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.partition(":")
    return (_ipv4(host) if len(host) == 8 else _ipv6(host)), int(port, 16)


def poll_interval_s(wanted_s: float) -> float:
    """How often a lab may read the table on the GUI thread: as often as it
    wants where /proc gives it (about a millisecond a read), at most once a
    second where psutil lists every socket of the machine (tens of milliseconds)."""
    return wanted_s if PROC_TABLES[0].exists() else max(wanted_s, SLOW_POLL_S)


def _number(fields: list[str], index: int, base: int = 16) -> int | None:
    """A column the lessons can do without: None when it is missing or malformed."""
    try:
        return int(fields[index], base)
    except (IndexError, ValueError):
        return None


def parse_proc_table(text: str) -> list[TcpEntry]:
    """The rows of /proc/net/tcp or tcp6 (its header line first). Addresses and
    state are needed; the queues, timer and probe count are read where present."""
    entries = []
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 4:
            continue
        try:
            local_host, local_port = _address(fields[1])
            peer_host, peer_port = _address(fields[2])
            state = STATE_NAMES.get(int(fields[3], 16), "UNKNOWN")
        except (ValueError, OSError, struct.error):
            continue
        queues = fields[4].split(":") if len(fields) > 4 else []
        timer = fields[5].split(":")[:1] if len(fields) > 5 else []
        entries.append(TcpEntry(
            local_host, local_port, peer_host, peer_port, state,
            _number(queues, 0), _number(queues, 1), _number(timer, 0), _number(fields, 8, 10),
        ))
    return entries


def read_table() -> list[TcpEntry]:
    """Every TCP socket of this network namespace, listening ones included."""
    entries: list[TcpEntry] = []
    found = False
    for path in PROC_TABLES:
        try:
            entries += parse_proc_table(path.read_text(encoding="ascii", errors="replace"))
            found = True
        except OSError:
            continue
    if found:
        return entries
    return [
        TcpEntry(s.local_host, s.local_port, s.peer_host, s.peer_port, s.status)
        for s in tcp_state.snapshot()
    ]


def find(
    entries: list[TcpEntry], local_port: int, peer_port: int,
    local_host: str | None = None, peer_host: str | None = None,
) -> TcpEntry | None:
    """The entry for one end of a connection; on loopback both ends are in the
    table and the (local, peer) order picks the one asked for."""
    local_host = tcp_state.normalize_host(local_host) if local_host else None
    peer_host = tcp_state.normalize_host(peer_host) if peer_host else None
    for entry in entries:
        if entry.local_port != local_port or entry.peer_port != peer_port:
            continue
        if local_host and entry.local_host != local_host:
            continue
        if peer_host and entry.peer_host != peer_host:
            continue
        return entry
    return None


def time_wait_holds(port: int) -> bool:
    """Whether a connection in TIME_WAIT still holds this local port."""
    return any(e.local_port == port and e.state == "TIME_WAIT" for e in read_table())


def keepalive_time_default() -> int | None:
    """The system's idle time before the first keepalive probe, in seconds
    (Linux's default is 7200: two hours); None where it cannot be read."""
    try:
        return int(KEEPALIVE_TIME.read_text().strip())
    except (OSError, ValueError):
        return None


def keepalive_probes_sent() -> int | None:
    """Keepalive probes this machine's kernel has sent, all sockets together
    (TcpExt TCPKeepAlive); None where the counter is not available."""
    try:
        lines = NETSTAT.read_text().splitlines()
    except OSError:
        return None
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:") and "TCPKeepAlive" in names.split():
            try:
                return int(values.split()[names.split().index("TCPKeepAlive")])
            except (ValueError, IndexError):
                return None
    return None
