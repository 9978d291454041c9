"""The password exchange over loopback (issue 14, item 2): nothing a peer
pipelines behind its auth is handled before the verdict is due, verdicts for
one address come one at a time spaced by its back-off, and a long failure
history neither crashes the server nor opens a nonce to many guesses."""

import time

import pytest
from net_support import LOOPBACK, WAIT_MS
from timed_peer_support import TimedPeer, auth_bytes, hello_bytes, say_bytes

from chatapp.net import ChatClient, ChatServer
from chatapp.protocol.auth import PasswordGate

PASSWORD = "s3cret"
EPSILON = 0.01  # clocks and scheduling: the server's "now" is never before our send


@pytest.fixture
def gated_server(make_server):
    """A room with a password whose gate the test chooses."""

    def make(gate: PasswordGate) -> ChatServer:
        server = make_server(password=PASSWORD)
        server.admission.password_gate = gate
        return server

    return make


def challenged(qtbot, port: int, nick: str) -> tuple[TimedPeer, str]:
    peer = TimedPeer(port)
    peer.send(hello_bytes(nick))
    _, challenge = peer.wait_for(qtbot, "challenge")
    return peer, challenge["nonce"]


def answers_after(peer: TimedPeer) -> list[tuple[float, dict]]:
    return [(at, f) for at, f in peer.frames() if f["type"] != "challenge"]


@pytest.mark.parametrize("right", [True, False], ids=["right-guess", "wrong-guess"])
def test_pipelined_auth_and_say_get_no_answer_before_the_verdict_is_due(
    qtbot, gated_server, right
):
    delay = 0.6
    server = gated_server(PasswordGate(first=delay, cap=delay))
    # An earlier wrong guess from this address: the next verdict is due `delay` after it.
    earlier, nonce = challenged(qtbot, server.port, "earlier")
    earlier_sent = time.monotonic()
    earlier.send(auth_bytes("guess", nonce))
    peer, nonce = challenged(qtbot, server.port, "oracle")
    # The attack: the guess and a chat in one write. Before the fix the chat was
    # answered at once, with an ack (right guess) or password_required (wrong).
    peer.send(auth_bytes(PASSWORD if right else "guess", nonce) + say_bytes("c-1", "probe"))
    qtbot.waitUntil(lambda: bool(answers_after(peer)), timeout=WAIT_MS)
    first_at, first = answers_after(peer)[0]
    assert first_at - earlier_sent >= delay - EPSILON  # nothing came sooner
    if right:
        assert first["type"] == "welcome"
        ack_at, _ = peer.wait_for(qtbot, "ack")  # the pipelined say, handled after it
        assert ack_at >= first_at
    else:
        assert (first["type"], first["code"]) == ("error", "wrong_password")
        qtbot.waitUntil(lambda: peer.frames() is not None and peer.closed, timeout=WAIT_MS)
        kinds = [(f["type"], f.get("code")) for _, f in answers_after(peer)]
        assert kinds == [("error", "wrong_password")]  # no password_required, no ack
    for each in (earlier, peer):
        each.close()


def test_guesses_from_many_connections_of_one_address_are_answered_one_at_a_time(
    qtbot, gated_server
):
    gate = PasswordGate(first=0.1, cap=0.4)
    server = gated_server(gate)
    count = 8
    peers = [challenged(qtbot, server.port, f"guesser{i}") for i in range(count)]
    sent = time.monotonic()
    for i, (peer, nonce) in enumerate(peers):
        # The last one guesses right: it waits its turn like the others.
        peer.send(auth_bytes(PASSWORD if i == count - 1 else f"guess{i}", nonce))
    qtbot.waitUntil(lambda: all(answers_after(p) for p, _ in peers), timeout=3 * WAIT_MS)
    verdicts = sorted(answers_after(p)[0][0] for p, _ in peers)
    schedule = [gate.delay_after(n) for n in range(1, count)]  # 0.1, 0.2, 0.4, 0.4 ...
    assert verdicts[-1] - sent >= sum(schedule) - EPSILON
    gaps = [b - a for a, b in zip(verdicts, verdicts[1:], strict=False)]
    assert all(gap >= expected - 0.05 for gap, expected in zip(gaps, schedule, strict=True))
    assert answers_after(peers[-1][0])[0][1]["type"] == "welcome"
    for peer, _ in peers:
        peer.close()


def test_a_long_failure_history_neither_crashes_nor_opens_the_nonce(qtbot, gated_server):
    gate = PasswordGate(first=0.05, cap=0.05)
    long_ago = time.monotonic() - 600
    for _ in range(1100):  # past 1,024: 0.5 * 2**1024 used to raise OverflowError
        gate.attempt(LOOPBACK, correct=False, now=long_ago)
    server = gated_server(gate)
    peer, nonce = challenged(qtbot, server.port, "persistent")
    # Many answers to one nonce, the right one last: only the first counts.
    guesses = [auth_bytes(f"guess{i}", nonce) for i in range(5)] + [auth_bytes(PASSWORD, nonce)]
    peer.send(b"".join(guesses))
    qtbot.waitUntil(lambda: peer.frames() is not None and peer.closed, timeout=WAIT_MS)
    kinds = [(f["type"], f.get("code")) for _, f in answers_after(peer)]
    assert kinds == [("error", "wrong_password")]
    assert gate.failures(LOOPBACK) == 1101
    # And the server still works for someone who knows the password.
    good = ChatClient()
    with qtbot.waitSignal(good.welcomed, timeout=WAIT_MS):
        good.connect_to(LOOPBACK, server.port, "good", password=PASSWORD)
    good.auto_reconnect = False
    good.disconnect_from_server()
