"""Lab 3 headless: a frozen peer's kernel keeps the connection alive; only the
application heartbeat notices that the program stopped."""

from __future__ import annotations

import sys

import pytest
from shared_support import WAIT_MS

from chatapp.lab.frozen_peer import FrozenPeerLab, FrozenPeerSettings
from chatapp.lab.socket_queues import receive_queue, send_queue
from chatapp.net.keepalive import KeepaliveSettings, read_keepalive

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="queues and states are read from the Linux kernel")

FAST = FrozenPeerSettings(ping_interval=0.2, heartbeat_timeout=1.0,
                          keepalive=KeepaliveSettings(idle=1, interval=1, count=3),
                          write_chunk=16 * 1024, tick_ms=10, sample_ms=20)


@pytest.fixture
def lab(qtbot):
    lab = FrozenPeerLab(settings=FAST)
    assert lab.start()
    yield lab
    lab.stop()


def test_a_live_peer_answers_the_heartbeat(qtbot, lab):
    qtbot.waitUntil(lambda: lab.heartbeat.rtt is not None, timeout=WAIT_MS)
    assert lab.liveness == "alive"
    assert read_keepalive(lab._sender.fileno()) == KeepaliveSettings(1, 1, 3)


def test_a_frozen_peer_turns_dead_within_the_heartbeat_timeout(qtbot, lab):
    qtbot.waitUntil(lambda: lab.heartbeat.rtt is not None, timeout=WAIT_MS)
    changes: list[str] = []
    lab.liveness_changed.connect(lambda liveness, _: changes.append(liveness))
    lab.freeze()
    frozen_at = lab.now()
    with qtbot.waitSignal(lab.liveness_changed, timeout=WAIT_MS,
                          check_params_cb=lambda liveness, _: liveness == "dead"):
        pass
    assert lab.now() - frozen_at < FAST.heartbeat_timeout + 0.5
    assert changes == ["late", "dead"]
    sample = lab.sample()
    assert (sample.sender_state, sample.peer_state) == ("ESTABLISHED", "ESTABLISHED")
    assert sample.peer_receive_queue > 0  # the pings the frozen program never read


def test_keepalive_does_not_kill_a_frozen_peer(qtbot, lab):
    """After the heartbeat gave up the sender is silent, so keepalive probes go out
    every second; unanswered, three would drop the connection 1 + 3 s into the
    silence. The frozen peer's kernel answers them: still ESTABLISHED after that."""
    lab.freeze()
    qtbot.waitUntil(lambda: lab.liveness == "dead", timeout=WAIT_MS)
    keepalive = FAST.keepalive
    gives_up_after = keepalive.idle + keepalive.interval * keepalive.count
    timers: list[bool] = []
    lab.sample_taken.connect(lambda s: timers.append(s.keepalive_timer_running))
    qtbot.waitUntil(lambda: lab.samples[-1].silent_for > gives_up_after + 0.5,
                    timeout=(gives_up_after + 3) * 1000)
    sample = lab.sample()
    assert (sample.sender_state, sample.peer_state) == ("ESTABLISHED", "ESTABLISHED")
    assert sample.sender_probes_unanswered == 0
    assert any(timers)  # the keepalive timer was what ran on the sender's socket
    assert lab.connected


def test_the_senders_queue_grows_while_the_peer_is_frozen(qtbot, lab):
    lab.freeze()
    lab.set_writing(True)
    qtbot.waitUntil(lambda: bool(lab.samples) and lab.samples[-1].writes_blocked,
                    timeout=WAIT_MS)
    full = lab.sample()
    assert full.peer_receive_queue > 10_000  # the peer's window filled up
    assert full.sender_send_queue > 10_000  # and the rest waits on the sender
    assert full.sender_state == "ESTABLISHED"
    growth = [s.sender_send_queue for s in lab.samples]
    assert growth[0] < growth[-1]
    lab.thaw()
    qtbot.waitUntil(lambda: not lab.samples[-1].writes_blocked, timeout=WAIT_MS)
    lab.set_writing(False)
    qtbot.waitUntil(lambda: lab.samples[-1].sender_send_queue == 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: lab.liveness == "alive" and lab.heartbeat.rtt is not None,
                    timeout=WAIT_MS)


@pytest.mark.parametrize("writing", [False, True])
def test_a_peer_killed_with_unread_data_resets_the_sender(qtbot, lab, writing):
    lab.freeze()
    lab.set_writing(writing)
    qtbot.waitUntil(lambda: bool(lab.samples) and (lab.samples[-1].peer_receive_queue or 0) > 0,
                    timeout=WAIT_MS)
    with qtbot.waitSignal(lab.sender_closed, timeout=WAIT_MS) as closed:
        assert lab.kill_peer("close")
    assert "RST" in closed.args[0]
    assert not lab.connected


def test_a_thawed_peer_that_closes_cleanly_sends_fin(qtbot, lab):
    qtbot.waitUntil(lambda: lab.heartbeat.rtt is not None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: lab.sample().peer_receive_queue == 0, timeout=WAIT_MS)
    with qtbot.waitSignal(lab.sender_closed, timeout=WAIT_MS) as closed:
        lab.freeze()  # nothing unread now: close() sends FIN
        assert lab.kill_peer("close")
    assert "FIN" in closed.args[0]


def test_a_vanished_peer_leaves_the_sender_half_open_until_its_next_segment(qtbot, lab):
    lab.freeze()
    qtbot.waitUntil(lambda: lab.liveness == "dead", timeout=WAIT_MS)
    if not lab.kill_peer("vanish"):
        pytest.skip("TCP_REPAIR needs administrator rights")
    sample = lab.sample()
    assert (sample.sender_state, sample.peer_state) == ("ESTABLISHED", "CLOSED")  # half-open
    # the next keepalive probe reaches a kernel that knows no such connection: RST
    with qtbot.waitSignal(lab.sender_closed, timeout=(FAST.keepalive.idle + 3) * 1000):
        pass
    assert lab.sample().sender_state == "CLOSED"


def test_malformed_and_endless_lines_from_the_peer_are_contained(qtbot, lab):
    qtbot.waitUntil(lambda: lab.heartbeat.rtt is not None, timeout=WAIT_MS)
    lab.freeze()  # the lab's own peer stays quiet; the test speaks in its place
    peer = lab._peer
    peer.setblocking(True)
    for line in (b"PONG abc\n", b"PONG nan\n", b"PONG inf\n", b"\n", b"PONG\n",
                 b"\xff\xfe garbage \x00\n"):
        peer.sendall(line)
    peer.sendall(b"x" * (3 << 20))  # three megabytes without a newline
    # the sender's program has read all of it: nothing waits in either kernel
    qtbot.waitUntil(lambda: send_queue(peer) == 0 and receive_queue(lab._sender) == 0,
                    timeout=WAIT_MS)
    assert lab.connected
    assert len(lab._sender_inbox) <= (1 << 20) + 65536


def test_ipv6_loopback_works_too(qtbot):
    lab = FrozenPeerLab(settings=FAST, listen_host="::1", connect_host="::1")
    try:
        assert lab.start()
        qtbot.waitUntil(lambda: lab.heartbeat.rtt is not None, timeout=WAIT_MS)
        assert lab.sample().sender_state == "ESTABLISHED"
    finally:
        lab.stop()


def test_a_name_instead_of_an_address_is_a_sentence(qtbot):
    lab = FrozenPeerLab(settings=FAST, connect_host="peer.example")
    problems: list[str] = []
    lab.problem.connect(problems.append)
    assert not lab.start()
    assert problems == ["“peer.example” is not an IP address: enter one such as 127.0.0.1 "
                        "or 192.168.1.20."]
