"""What the kernel's TCP stack knows about one connection: round trip, windows,
retransmissions (Linux TCP_INFO, Windows SIO_TCP_INFO, macOS TCP_CONNECTION_INFO).

Each system answers with its own C struct; the parsers here take the raw bytes
(so they are tested anywhere with packed samples) and fill one TcpInfo, leaving
None where that system does not say. The read itself is one system call on a
descriptor Qt owns: it is borrowed, never closed.
"""

from __future__ import annotations

import socket
import struct
import sys
from dataclasses import dataclass

# Linux: struct tcp_info (include/uapi/linux/tcp.h). Older kernels return a
# shorter struct; each group below is parsed only when the bytes reach it.
_LINUX_BASE = struct.Struct("<8B24I")  # state ... total_retrans: 104 bytes (Linux 2.6)
_LINUX_BYTES = struct.Struct("<4Q")  # pacing, max pacing, bytes_acked, bytes_received at 104
_LINUX_NOTSENT = struct.Struct("<I")  # tcpi_notsent_bytes at 144 (Linux 4.6)
_LINUX_SENT = struct.Struct("<2Q")  # bytes_sent, bytes_retrans at 200 (Linux 4.19)
_LINUX_WINDOWS = struct.Struct("<2I")  # snd_wnd, rcv_wnd at 228 (Linux 6.2)
LINUX_STATES = {
    1: "ESTABLISHED", 2: "SYN_SENT", 3: "SYN_RECV", 4: "FIN_WAIT1", 5: "FIN_WAIT2",
    6: "TIME_WAIT", 7: "CLOSED", 8: "CLOSE_WAIT", 9: "LAST_ACK", 10: "LISTEN",
    11: "CLOSING", 12: "SYN_RECV",
}

# Windows: TCP_INFO_v0 (mstcpip.h), natural alignment: 88 bytes.
_WINDOWS_V0 = struct.Struct("<iIQB3x7I2Q5IB3x")
SIO_TCP_INFO = 0xD8000027  # _WSAIORW(IOC_VENDOR, 39)
WINDOWS_STATES = {
    0: "CLOSED", 1: "LISTEN", 2: "SYN_SENT", 3: "SYN_RECV", 4: "ESTABLISHED",
    5: "FIN_WAIT1", 6: "FIN_WAIT2", 7: "CLOSE_WAIT", 8: "CLOSING", 9: "LAST_ACK",
    10: "TIME_WAIT",
}

# macOS: struct tcp_connection_info (netinet/tcp.h): 112 bytes.
TCP_CONNECTION_INFO = 0x106
_MACOS = struct.Struct("<4B13I7Q")
MACOS_STATES = {
    0: "CLOSED", 1: "LISTEN", 2: "SYN_SENT", 3: "SYN_RECV", 4: "ESTABLISHED",
    5: "CLOSE_WAIT", 6: "FIN_WAIT1", 7: "CLOSING", 8: "LAST_ACK", 9: "FIN_WAIT2",
    10: "TIME_WAIT",
}


@dataclass(frozen=True)
class TcpInfo:
    """Times in microseconds, sizes in bytes; None where the system does not say."""

    state: str  # as psutil spells it: "ESTABLISHED", "SYN_SENT", "FIN_WAIT1"...
    rtt_us: int  # smoothed round-trip time
    rttvar_us: int | None
    rto_us: int | None  # the retransmission timeout
    snd_mss: int
    rcv_mss: int | None
    cwnd_bytes: int  # the congestion window
    cwnd_segments: int | None  # Linux counts it in segments
    unacked: int | None  # segments sent and not yet acknowledged (Linux)
    lost: int | None
    retrans: int | None  # segments being retransmitted now
    total_retrans: int  # segments retransmitted over the connection's life
    bytes_in_flight: int | None  # sent, not yet acknowledged
    not_sent: int | None  # in the kernel's send buffer, not yet sent
    send_window: int | None  # the peer's advertised receive window
    receive_window: int | None  # our advertised receive window
    rcv_space: int | None  # Linux: the receive buffer it is tuning towards
    bytes_retrans: int | None


def parse_linux(raw: bytes) -> TcpInfo | None:
    if len(raw) < _LINUX_BASE.size:
        return None
    f = _LINUX_BASE.unpack_from(raw)
    (state, _ca, retransmits, _probes, _backoff, _opts, _wscale, _flags,
     rto, _ato, snd_mss, rcv_mss, unacked, sacked, lost, retrans, _fackets,
     _lds, _las, _ldr, _lar, _pmtu, _rcv_ssthresh, rtt, rttvar, _ssthresh, cwnd,
     _advmss, _reordering, _rcv_rtt, rcv_space, total_retrans) = f
    del retransmits
    bytes_acked = not_sent = bytes_sent = bytes_retrans = snd_wnd = rcv_wnd = None
    if len(raw) >= 104 + _LINUX_BYTES.size:
        bytes_acked = _LINUX_BYTES.unpack_from(raw, 104)[2]
    if len(raw) >= 144 + _LINUX_NOTSENT.size:
        (not_sent,) = _LINUX_NOTSENT.unpack_from(raw, 144)
    if len(raw) >= 200 + _LINUX_SENT.size:
        bytes_sent, bytes_retrans = _LINUX_SENT.unpack_from(raw, 200)
    if len(raw) >= 228 + _LINUX_WINDOWS.size:
        snd_wnd, rcv_wnd = _LINUX_WINDOWS.unpack_from(raw, 228)
    # The kernel's own count (tcp_packets_in_flight) is in segments.
    packets_in_flight = max(0, unacked - (sacked + lost) + retrans)
    if bytes_sent is not None and bytes_acked is not None and bytes_retrans is not None:
        in_flight = max(0, bytes_sent - bytes_retrans - bytes_acked)
    else:
        in_flight = packets_in_flight * snd_mss
    return TcpInfo(
        state=LINUX_STATES.get(state, str(state)),
        rtt_us=rtt, rttvar_us=rttvar, rto_us=rto, snd_mss=snd_mss, rcv_mss=rcv_mss,
        cwnd_bytes=cwnd * snd_mss, cwnd_segments=cwnd, unacked=unacked, lost=lost,
        retrans=retrans, total_retrans=total_retrans, bytes_in_flight=in_flight,
        not_sent=not_sent, send_window=snd_wnd, receive_window=rcv_wnd,
        rcv_space=rcv_space, bytes_retrans=bytes_retrans,
    )


def parse_windows_v0(raw: bytes) -> TcpInfo | None:
    if len(raw) < _WINDOWS_V0.size:
        return None
    (state, mss, _conn_ms, _timestamps, rtt_us, _min_rtt_us, in_flight, cwnd, snd_wnd,
     rcv_wnd, _rcv_buf, _bytes_out, _bytes_in, _reordered, bytes_retrans, fast_retrans,
     _dup_acks, timeout_episodes, _syn_retrans) = _WINDOWS_V0.unpack_from(raw)
    return TcpInfo(
        state=WINDOWS_STATES.get(state, str(state)),
        rtt_us=rtt_us, rttvar_us=None, rto_us=None, snd_mss=mss, rcv_mss=None,
        cwnd_bytes=cwnd, cwnd_segments=None, unacked=None, lost=None, retrans=None,
        total_retrans=fast_retrans + timeout_episodes, bytes_in_flight=in_flight,
        not_sent=None, send_window=snd_wnd, receive_window=rcv_wnd, rcv_space=None,
        bytes_retrans=bytes_retrans,
    )


def parse_macos(raw: bytes) -> TcpInfo | None:
    if len(raw) < _MACOS.size:
        return None
    (state, _snd_scale, _rcv_scale, _pad, _options, _flags, rto_ms, maxseg, _ssthresh,
     cwnd, snd_wnd, snd_sbbytes, rcv_wnd, _rttcur, srtt_ms, rttvar_ms, _bits,
     _txpackets, _txbytes, retrans_bytes, _rxpackets, _rxbytes, _rx_ooo,
     retrans_packets) = _MACOS.unpack_from(raw)
    del snd_sbbytes  # holds the unsent bytes too: not what "in flight" means
    return TcpInfo(
        state=MACOS_STATES.get(state, str(state)),
        rtt_us=srtt_ms * 1000, rttvar_us=rttvar_ms * 1000, rto_us=rto_ms * 1000,
        snd_mss=maxseg, rcv_mss=None, cwnd_bytes=cwnd, cwnd_segments=None, unacked=None,
        lost=None, retrans=None, total_retrans=retrans_packets, bytes_in_flight=None,
        not_sent=None, send_window=snd_wnd, receive_window=rcv_wnd, rcv_space=None,
        bytes_retrans=retrans_bytes,
    )


def _borrowed_getsockopt(descriptor: int, level: int, option: int, size: int) -> bytes | None:
    try:
        sock = socket.socket(fileno=descriptor)
    except (OSError, ValueError):
        return None
    try:
        return sock.getsockopt(level, option, size)
    except OSError:
        return None
    finally:
        sock.detach()  # Qt owns the descriptor and closes it


def _windows_query(descriptor: int) -> bytes | None:
    import ctypes
    from ctypes import wintypes

    ws2 = ctypes.WinDLL("ws2_32")  # type: ignore[attr-defined]
    version = wintypes.DWORD(0)
    out = ctypes.create_string_buffer(_WINDOWS_V0.size)
    returned = wintypes.DWORD(0)
    result = ws2.WSAIoctl(
        ctypes.c_size_t(descriptor), wintypes.DWORD(SIO_TCP_INFO),
        ctypes.byref(version), ctypes.sizeof(version), out, len(out),
        ctypes.byref(returned), None, None,
    )
    return out.raw[: returned.value] if result == 0 else None


def tcp_info(descriptor: int) -> TcpInfo | None:
    """The kernel's TCP_INFO for a connected socket, or None where this system
    (or this socket: closed, not TCP) does not give it."""
    if descriptor < 0:
        return None
    if sys.platform.startswith("linux"):
        raw = _borrowed_getsockopt(descriptor, socket.IPPROTO_TCP, socket.TCP_INFO, 512)
        return parse_linux(raw) if raw else None
    if sys.platform == "darwin":
        raw = _borrowed_getsockopt(descriptor, socket.IPPROTO_TCP, TCP_CONNECTION_INFO, 112)
        return parse_macos(raw) if raw else None
    if sys.platform == "win32":
        try:
            raw = _windows_query(descriptor)
        except (OSError, AttributeError):  # before Windows 10 1703 there is no SIO_TCP_INFO
            return None
        return parse_windows_v0(raw) if raw else None
    return None
