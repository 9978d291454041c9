"""TCP_INFO: the kernel's view of one connection, parsed from each system's struct."""

import socket
import struct
import sys

import pytest

from chatapp.net import tcp_info as ti


def _linux_sample(length: int) -> bytes:
    base = struct.pack(
        "<8B24I",
        1, 0, 0, 0, 0, 0, 0, 0,  # ESTABLISHED
        204000, 40000, 1448, 536, 3, 1, 0, 1, 0,  # rto ato mss rcv_mss unacked sacked lost retr
        0, 0, 0, 0, 1500, 65000, 1200, 300, 7, 10, 1448, 3, 0, 65483, 9,
    )
    extra = bytearray(300)
    struct.pack_into("<4Q", extra, 0, 1, 2, 5000, 777)  # bytes_acked 5000 at 104
    struct.pack_into("<I", extra, 144 - 104, 321)  # not sent
    struct.pack_into("<2Q", extra, 200 - 104, 9000, 1000)  # bytes_sent, bytes_retrans
    struct.pack_into("<2I", extra, 228 - 104, 4096, 65536)  # snd_wnd, rcv_wnd
    return (base + bytes(extra))[:length]


def test_linux_full_struct():
    info = ti.parse_linux(_linux_sample(280))
    assert info.state == "ESTABLISHED"
    assert (info.rtt_us, info.rttvar_us, info.rto_us) == (1200, 300, 204000)
    assert info.cwnd_segments == 10 and info.cwnd_bytes == 14480
    assert info.total_retrans == 9 and info.retrans == 1
    assert info.bytes_in_flight == 9000 - 1000 - 5000
    assert (info.not_sent, info.send_window, info.receive_window) == (321, 4096, 65536)
    assert info.rcv_space == 65483


def test_linux_older_kernels_give_shorter_structs():
    old = ti.parse_linux(_linux_sample(104))  # Linux 2.6: no byte counters, no windows
    assert old.rtt_us == 1200 and old.send_window is None and old.not_sent is None
    # in flight from the segment count: unacked - (sacked + lost) + retrans = 3
    assert old.bytes_in_flight == 3 * 1448
    mid = ti.parse_linux(_linux_sample(192))
    assert mid.not_sent == 321 and mid.bytes_retrans is None and mid.receive_window is None


@pytest.mark.parametrize("length", [0, 1, 50, 103])
def test_truncated_structs_give_none(length):
    assert ti.parse_linux(_linux_sample(length)) is None
    assert ti.parse_windows_v0(b"\x01" * min(length, 87)) is None
    assert ti.parse_macos(b"\x01" * min(length, 111)) is None


def test_unknown_state_numbers_are_kept_as_numbers():
    raw = bytearray(_linux_sample(280))
    raw[0] = 99
    assert ti.parse_linux(bytes(raw)).state == "99"


def test_windows_tcp_info_v0():
    raw = struct.pack(
        "<iIQB3x7I2Q5IB3x",
        4, 1460, 12345, 1,  # ESTABLISHED, Mss, ConnectionTimeMs, TimestampsEnabled
        850, 400, 2920, 14600, 65535, 131072, 262144,  # Rtt MinRtt InFlight Cwnd SndW RcvW RcvBuf
        100000, 5000,  # BytesOut, BytesIn
        0, 1460, 1, 0, 2,  # Reordered, BytesRetrans, FastRetrans, DupAcksIn, TimeoutEpisodes
        1,  # SynRetrans
    )
    assert len(raw) == 88
    info = ti.parse_windows_v0(raw + b"\xff" * 16)  # a longer v1 struct starts the same
    assert info.state == "ESTABLISHED" and info.snd_mss == 1460
    assert info.rtt_us == 850 and info.bytes_in_flight == 2920 and info.cwnd_bytes == 14600
    assert (info.send_window, info.receive_window) == (65535, 131072)
    assert info.bytes_retrans == 1460 and info.total_retrans == 3
    assert ti.parse_windows_v0(struct.pack("<i", 2) + raw[4:]).state == "SYN_SENT"


def test_macos_tcp_connection_info():
    raw = struct.pack(
        "<4B13I7Q",
        4, 6, 6, 0,  # ESTABLISHED, window scales, pad
        0, 0, 230, 16344, 1073725440, 65536, 131072, 900, 262144, 2, 3, 1, 0,
        10, 5000, 1500, 9, 4000, 0, 1,
    )
    assert len(raw) == 112
    info = ti.parse_macos(raw)
    assert info.state == "ESTABLISHED" and info.rto_us == 230000
    assert (info.rtt_us, info.rttvar_us) == (3000, 1000)
    assert info.cwnd_bytes == 65536 and info.send_window == 131072
    assert info.receive_window == 262144 and info.bytes_retrans == 1500
    assert info.total_retrans == 1 and info.bytes_in_flight is None
    assert ti.parse_macos(bytes([9]) + raw[1:]).state == "FIN_WAIT2"


def test_a_closed_or_foreign_descriptor_gives_none():
    assert ti.tcp_info(-1) is None
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        assert ti.tcp_info(udp.fileno()) is None
    finally:
        udp.close()


@pytest.fixture
def pair():
    listener = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(listener.getsockname())
    server, _ = listener.accept()
    yield client, server
    for s in (client, server, listener):
        s.close()


@pytest.mark.skipif(sys.platform not in ("linux", "darwin", "win32"), reason="no TCP_INFO")
def test_loopback_pair_has_a_round_trip_and_a_window(pair):
    client, server = pair
    client.sendall(b"hello")
    assert server.recv(5) == b"hello"
    info = ti.tcp_info(client.fileno())
    assert info is not None and info.state == "ESTABLISHED"
    assert info.rtt_us >= 0 and info.cwnd_bytes > 0 and info.snd_mss > 0
    client.sendall(b"x")  # the borrowed descriptor is still open: tcp_info never closes it
    assert server.recv(1) == b"x"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's byte counters")
def test_when_the_peer_stops_reading_the_queue_grows_and_its_window_closes(pair):
    client, server = pair
    server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    client.setblocking(False)
    before = ti.tcp_info(client.fileno())
    sent = 0
    try:
        while sent < 64 << 20:
            sent += client.send(b"y" * 65536)
    except BlockingIOError:
        pass  # the kernel holds all it will: the server reads nothing
    after = ti.tcp_info(client.fileno())
    waiting = lambda i: (i.bytes_in_flight or 0) + (i.not_sent or 0)  # noqa: E731
    assert waiting(after) > waiting(before) + 10_000
    if after.send_window is not None:
        assert after.send_window < before.send_window
