"""The labs' reader of the kernel's TCP table: real rows parsed, hostile text survived."""

from __future__ import annotations

import socket
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from shared_support import LOOPBACK

from chatapp.lab import kernel_table

HEADER = ("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
          "timeout inode\n")
# A real row: 127.0.0.1:8000 <-> 127.0.0.1:41234, ESTABLISHED, 0x10 bytes unacknowledged,
# 0x20 unread, keepalive timer, 3 probes unanswered.
ROW4 = ("   0: 0100007F:1F40 0100007F:A112 01 00000010:00000020 02:000001F4 00000000  "
        "1000        3 12345 1 0000000000000000 20 4 30 10 -1\n")
ROW6 = ("   0: 00000000000000000000000001000000:1F40 00000000000000000000000001000000:A112 "
        "06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000\n")
MAPPED = ("   0: 0000000000000000FFFF00000100007F:1F40 0000000000000000FFFF00000100007F:A112 "
          "0A 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000000000000\n")


def test_a_row_gives_addresses_state_queues_timer_and_probes():
    [entry] = kernel_table.parse_proc_table(HEADER + ROW4)
    assert entry == kernel_table.TcpEntry("127.0.0.1", 8000, "127.0.0.1", 41234, "ESTABLISHED",
                                          0x10, 0x20, kernel_table.TIMER_KEEPALIVE, 3)


def test_ipv6_rows_and_mapped_ipv4_addresses():
    six, mapped = kernel_table.parse_proc_table(HEADER + ROW6 + MAPPED)
    assert (six.local_host, six.state) == ("::1", "TIME_WAIT")
    assert (mapped.local_host, mapped.peer_port, mapped.state) == ("127.0.0.1", 41234, "LISTEN")


@pytest.mark.parametrize("garbage", [
    "", HEADER, HEADER + "   0: nonsense\n", HEADER + ROW4[:40] + "\n",
    HEADER + ROW4.replace("0100007F:1F40", "ZZZZZZZZ:1F40"),
    HEADER + ROW4.replace(" 01 ", " 7F "), HEADER + "\x00" * 500, HEADER + ROW4 * 1000,
])
def test_truncated_malformed_and_huge_tables_never_raise(garbage):
    entries = kernel_table.parse_proc_table(garbage)
    assert all(isinstance(e, kernel_table.TcpEntry) for e in entries)
    if "7F " in garbage:
        assert entries[0].state == "UNKNOWN"
    if garbage.count(ROW4) == 1000:
        assert len(entries) == 1000


@given(st.text(max_size=400))
def test_any_text_parses_to_a_list(text):
    assert isinstance(kernel_table.parse_proc_table(HEADER + text), list)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/net/tcp")
def test_the_real_table_shows_a_loopback_connection_from_both_ends():
    listener = socket.socket()
    listener.bind((LOOPBACK, 0))
    listener.listen()
    client = socket.create_connection(listener.getsockname())
    server, _ = listener.accept()
    try:
        client.sendall(b"12345")
        ports = client.getsockname()[1], listener.getsockname()[1]
        table = kernel_table.read_table()
        mine = kernel_table.find(table, *ports, local_host=LOOPBACK)
        theirs = kernel_table.find(table, *reversed(ports))
        assert mine.state == theirs.state == "ESTABLISHED"
        assert theirs.receive_queue == 5
        assert kernel_table.find(table, *ports, peer_host="198.18.0.1") is None
        assert kernel_table.keepalive_time_default() > 0
        assert kernel_table.keepalive_probes_sent() >= 0
    finally:
        for sock in (client, server, listener):
            sock.close()
