"""Lab 2 headless: what a student should see of the handshake and the close,
read from the kernel's own table on loopback."""

from __future__ import annotations

import socket
import sys

import pytest
from shared_support import LOOPBACK, WAIT_MS

from chatapp.lab import kernel_table
from chatapp.lab.handshake_close import CLIENT, SERVER, HandshakeCloseLab
from chatapp.lab.lane_events import EventKind

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the kernel's states are read from /proc/net/tcp")


@pytest.fixture
def lab(qtbot):
    lab = HandshakeCloseLab(listen_host=LOOPBACK, connect_host=LOOPBACK)
    yield lab
    lab.stop()


def kernel_state(local_port: int, peer_port: int) -> str:
    entry = kernel_table.find(kernel_table.read_table(), local_port, peer_port)
    return entry.state if entry else kernel_table.GONE


def connect(qtbot, lab: HandshakeCloseLab) -> tuple[int, int]:
    if not lab.listening:
        assert lab.listen()
    assert lab.connect()
    qtbot.waitUntil(lambda: lab.connected(CLIENT) and lab.connected(SERVER), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: lab.state(CLIENT) == lab.state(SERVER) == "ESTABLISHED",
                    timeout=WAIT_MS)
    return lab.local_port(CLIENT), lab.port


def states_seen(lab: HandshakeCloseLab, end: str) -> list[str]:
    return [e.text for e in lab.events if e.kind is EventKind.STATE and e.end == end]


def segments(lab: HandshakeCloseLab) -> list[tuple[str, str]]:
    return [(e.end, e.text) for e in lab.events if e.kind is EventKind.SEGMENT]


def test_handshake_leaves_both_ends_established_before_accept(qtbot, lab):
    lab.auto_accept = False
    assert lab.listen()
    assert lab.connect()
    qtbot.waitUntil(lambda: lab.state(SERVER) == "ESTABLISHED", timeout=WAIT_MS)
    assert not lab.connected(SERVER)  # the kernel finished the handshake; accept() not called
    assert lab.state(CLIENT) == "ESTABLISHED"
    assert lab.accept()
    assert [t for _, t in segments(lab)][:3] == ["SYN", "SYN+ACK", "ACK"]


def test_a_full_accept_queue_holds_the_client_in_syn_sent(qtbot, lab):
    assert lab.listen()
    assert lab.connect(hold_handshake=True)
    qtbot.waitUntil(lambda: lab.state(CLIENT) == "SYN_SENT", timeout=WAIT_MS)
    assert not lab.connected(CLIENT)
    # the backlog is freed, the SYN is sent again (1 s later), the handshake completes
    qtbot.waitUntil(lambda: lab.state(CLIENT) == lab.state(SERVER) == "ESTABLISHED",
                    timeout=WAIT_MS)
    assert states_seen(lab, CLIENT)[:2] == ["SYN_SENT", "ESTABLISHED"]
    assert (CLIENT, "SYN (sent again)") in segments(lab)


def test_fin_leaves_time_wait_on_the_closing_side_only(qtbot, lab):
    client_port, server_port = connect(qtbot, lab)
    assert lab.close(CLIENT)
    qtbot.waitUntil(lambda: lab.state(SERVER) == "CLOSE_WAIT", timeout=WAIT_MS)
    assert kernel_state(client_port, server_port) == "FIN_WAIT2"
    assert lab.close(SERVER)
    qtbot.waitUntil(lambda: lab.state(CLIENT) == "TIME_WAIT", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: lab.state(SERVER) == kernel_table.GONE, timeout=WAIT_MS)
    assert kernel_state(client_port, server_port) == "TIME_WAIT"
    assert kernel_state(server_port, client_port) == kernel_table.GONE
    assert lab.time_waits() and lab.time_waits()[0][:2] == (CLIENT, client_port)
    assert ("client", "FIN") in segments(lab) and ("server", "FIN") in segments(lab)


def test_rst_leaves_no_time_wait_anywhere(qtbot, lab):
    client_port, server_port = connect(qtbot, lab)
    assert lab.abort(CLIENT)
    qtbot.waitUntil(lambda: lab.state(SERVER) == kernel_table.GONE, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not lab.connected(SERVER), timeout=WAIT_MS)  # it read the reset
    assert kernel_state(client_port, server_port) == kernel_table.GONE
    assert kernel_state(server_port, client_port) == kernel_table.GONE
    assert lab.time_waits() == []
    notes = [e.text for e in lab.events if e.kind is EventKind.NOTE and e.end == SERVER]
    assert any("reset" in note for note in notes)


def test_half_close_peer_reads_eof_and_can_still_send(qtbot, lab):
    connect(qtbot, lab)
    reads: list[tuple[str, bytes]] = []
    lab.data_read.connect(lambda end, data: reads.append((end, data)))
    assert lab.half_close(CLIENT)
    qtbot.waitUntil(lambda: (SERVER, b"") in reads, timeout=WAIT_MS)
    assert lab.state(SERVER) == "CLOSE_WAIT" or kernel_state(lab.port, lab.local_port(CLIENT))
    assert lab.send(SERVER, b"still here")
    qtbot.waitUntil(lambda: (CLIENT, b"still here") in reads, timeout=WAIT_MS)
    assert lab.state(CLIENT) == "FIN_WAIT2"
    assert lab.close(SERVER)
    qtbot.waitUntil(lambda: lab.state(CLIENT) == "TIME_WAIT", timeout=WAIT_MS)


def test_closing_with_unread_data_sends_rst_not_fin(qtbot, lab):
    client_port, server_port = connect(qtbot, lab)
    lab.set_reading(SERVER, False)
    assert lab.send(CLIENT, b"x" * 100)
    qtbot.waitUntil(lambda: (kernel_table.find(kernel_table.read_table(), server_port,
                                               client_port).receive_queue or 0) == 100,
                    timeout=WAIT_MS)
    assert lab.close(SERVER)
    assert segments(lab)[-1] == (SERVER, "RST (100 bytes never read)")
    qtbot.waitUntil(lambda: lab.state(CLIENT) == kernel_table.GONE, timeout=WAIT_MS)
    assert kernel_state(server_port, client_port) == kernel_table.GONE  # no TIME_WAIT


def test_restart_without_reuse_address_fails_with_the_sentence(qtbot, lab):
    problems: list[str] = []
    lab.problem.connect(problems.append)
    client_port, server_port = connect(qtbot, lab)
    assert lab.close(SERVER)  # the server closes first: its port is held in TIME_WAIT
    qtbot.waitUntil(lambda: lab.state(SERVER) == "FIN_WAIT2", timeout=WAIT_MS)
    assert lab.close(CLIENT)
    qtbot.waitUntil(lambda: lab.state(SERVER) == "TIME_WAIT", timeout=WAIT_MS)
    assert kernel_state(server_port, client_port) == "TIME_WAIT"

    assert not lab.restart_listener(reuse_address=False)
    assert problems == [
        f"Address already in use: a connection on port {server_port} is still in TIME_WAIT; "
        "SO_REUSEADDR lets a new listener bind anyway."
    ]
    assert not lab.listening
    assert lab.restart_listener(reuse_address=True)
    assert lab.listening and lab.port == server_port
    probe = socket.create_connection((LOOPBACK, server_port), timeout=2)
    probe.close()


def test_simultaneous_close_leaves_time_wait_on_both_ends(qtbot, lab):
    """Each FIN waits behind a full window; both ends are in FIN_WAIT1 at once, the
    FINs cross, and both ends closed first: both keep TIME_WAIT."""
    client_port, server_port = connect(qtbot, lab)
    assert lab.simultaneous_close()
    qtbot.waitUntil(lambda: lab.state(CLIENT) == lab.state(SERVER) == "TIME_WAIT",
                    timeout=WAIT_MS)
    assert "FIN_WAIT1" in states_seen(lab, CLIENT) and "FIN_WAIT1" in states_seen(lab, SERVER)
    assert "CLOSE_WAIT" not in states_seen(lab, CLIENT) + states_seen(lab, SERVER)
    assert {end for end, _, _ in lab.time_waits()} == {CLIENT, SERVER}
    assert kernel_state(client_port, server_port) == "TIME_WAIT"
    assert kernel_state(server_port, client_port) == "TIME_WAIT"


def test_ipv6_loopback_and_a_name_instead_of_an_address(qtbot):
    lab = HandshakeCloseLab(listen_host="::1", connect_host="::1")
    problems: list[str] = []
    lab.problem.connect(problems.append)
    try:
        connect(qtbot, lab)
        lab.stop()
        lab.connect_host = "server.example"
        assert not lab.connect()
        assert problems == ["“server.example” is not an IP address: enter one such as "
                            "127.0.0.1 or 192.168.1.20."]
    finally:
        lab.stop()


def test_connecting_where_nothing_listens_is_a_sentence(qtbot, lab):
    probe = socket.socket()
    probe.bind((LOOPBACK, 0))  # a port that is bound but not listening: refused
    lab.port = probe.getsockname()[1]
    problems: list[str] = []
    lab.problem.connect(problems.append)
    try:
        assert lab.connect()
        qtbot.waitUntil(lambda: bool(problems), timeout=WAIT_MS)
    finally:
        probe.close()
    assert problems[0].startswith("Connection refused: nothing listens on 127.0.0.1 port")
    assert not lab.connected(CLIENT)


@pytest.mark.slow
def test_time_wait_lasts_sixty_seconds_on_linux(qtbot, lab):
    """The countdown's promise: Linux holds TIME_WAIT for TCP_TIMEWAIT_LEN, 60 s."""
    client_port, server_port = connect(qtbot, lab)
    assert lab.close(CLIENT)
    qtbot.waitUntil(lambda: lab.state(SERVER) == "CLOSE_WAIT", timeout=WAIT_MS)
    assert lab.close(SERVER)
    qtbot.waitUntil(lambda: lab.state(CLIENT) == "TIME_WAIT", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: lab.state(CLIENT) == kernel_table.GONE, timeout=75_000)
    [note] = [e.text for e in lab.events if e.text.startswith("TIME_WAIT over after")]
    held = float(note.split()[3])
    assert 59.0 <= held <= 63.0
    assert note.endswith(f"port {client_port} is free")


@pytest.mark.parametrize("slow_motion", [1.0, 1.7, 5.0, 10.0, 12.0, 25.0])
def test_the_backlog_is_never_freed_just_around_a_resent_syn(slow_motion):
    from chatapp.lab.segment_inference import backlog_hold_seconds

    hold = backlog_hold_seconds(slow_motion)
    assert hold >= 0.5 and hold >= 0.5 * slow_motion - 0.5
    assert hold % 1 == 0.5  # half a second from every whole second of a resend


def test_slow_motion_holds_the_handshake_longer(qtbot, lab):
    lab.set_slow_motion(5.0)  # the queue is freed after 2.5 s
    assert lab.listen()
    assert lab.connect(hold_handshake=True)
    qtbot.waitUntil(lambda: lab.state(CLIENT) == "SYN_SENT", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: lab.state(CLIENT) == "ESTABLISHED", timeout=10_000)
    [established] = [e.t for e in lab.events if e.kind is EventKind.STATE
                     and e.end == CLIENT and e.text == "ESTABLISHED"]
    [sent] = [e.t for e in lab.events if e.text == "SYN"]
    # the first resend after the queue had room got through: 3 s after the first SYN,
    # with linear resends (1, 2, 3 s) as with exponential ones (1, 3 s)
    assert 2.5 < established - sent < 3.6
