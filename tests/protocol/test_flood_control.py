"""Flood control, sans-IO: every line a peer sends is charged (issue 14, item 4)."""

import json

from chatapp.protocol import ProtocolSession, Role
from chatapp.protocol.flood import FloodControl, TokenBucket
from chatapp.protocol.heartbeat import DEFAULT_INTERVAL

RATE, BURST, GRACE = 10.0, 20, 5.0  # the server's defaults (ServerConfig)
PING = b'{"type":"ping","t":1.5}\n'


def test_the_session_counts_every_line_with_or_without_an_event():
    session = ProtocolSession(Role.SERVER, max_frame_before_hello=64)
    session.receive_data(b"\n\r\n   \n")  # blank lines before the first word: no event
    assert session.lines_received == 3 and session.events() == []
    session.receive_data(b'{"type":"hello","v":1,"nick":"a"}\n' + PING + b"\n" + b"nonsense\n")
    assert session.lines_received == 7
    session.receive_data(b"x" * 100_000 + b"\n")  # oversized: counted once
    assert session.lines_received == 8


def test_the_session_counts_blank_plain_text_lines():
    session = ProtocolSession(Role.SERVER)
    session.receive_data(b"hi\n" + b"\n" * 1000)
    assert session.lines_received == 1001
    assert len(session.events()) == 1  # only "hi" made an event


def test_lines_split_across_chunks_count_once():
    session = ProtocolSession(Role.SERVER)
    data = b"hello\n" + PING * 10
    for byte in data:
        session.receive_data(bytes([byte]))
    assert session.lines_received == 11


def test_a_burst_within_the_limit_is_free():
    flood = FloodControl(RATE, BURST, GRACE, now=0.0)
    verdict = flood.lines_received(BURST, now=0.0)
    assert not verdict.warn and not verdict.pause and not verdict.cut_off


def test_over_the_limit_warns_once_and_pauses_until_the_debt_is_paid():
    flood = FloodControl(RATE, BURST, GRACE, now=0.0)
    first = flood.lines_received(BURST + 10, now=0.0)
    assert first.warn and not first.cut_off
    assert abs(first.pause - 10 / RATE) < 1e-9
    second = flood.lines_received(1, now=first.pause)
    assert not second.warn and second.pause > 0  # warned already; still slowed


def test_a_flood_is_cut_off_and_warned_first():
    flood = FloodControl(RATE, BURST, GRACE, now=0.0)
    verdict = flood.lines_received(100_000, now=0.0)
    assert verdict.warn and verdict.cut_off  # rate_limited, then flooding


def test_a_steady_stream_over_the_limit_is_cut_off_after_the_grace():
    flood = FloodControl(RATE, BURST, GRACE, now=0.0)
    now = 0.0
    while not flood.lines_received(1, now).cut_off:
        now += 1 / (2 * RATE)  # twice the allowed rate
        assert now < 60, "never cut off"
    # The debt grows by RATE a second: past RATE * GRACE after about GRACE
    # seconds, once the burst is spent.
    assert GRACE < now < GRACE + 2 * BURST / RATE + 1


def test_calm_is_forgiven():
    flood = FloodControl(RATE, BURST, GRACE, now=0.0)
    assert flood.lines_received(BURST + 1, now=0.0).warn
    assert flood.lines_received(BURST + 1, now=100.0).warn  # full again: a new warning


def test_a_normal_client_is_never_limited_in_a_long_virtual_day():
    """Heartbeat pings and pongs (one each per interval), a hello and an auth,
    and a ChatClient resending a full outbox at its paced rate, over and over,
    the worst case lined up (a pong and a ping as its burst starts): never a
    warning, never a pause."""
    from chatapp.net.client import OTHER_LINES_IN_A_BURST, PACING_MARGIN  # the client's own

    flood = FloodControl(RATE, BURST, GRACE, now=0.0)
    lines: list[float] = []
    day = 24 * 3600.0
    t = 0.0
    while t < day:  # the heartbeat: our pong to each ping, and our own ping
        lines += [t, t + 0.37]
        t += DEFAULT_INTERVAL
    for start in range(0, int(day), 600):  # every 10 min: reconnect and resend 200 chats
        lines += [start + 0.001, start + 0.002]  # hello and auth
        pacer = TokenBucket(RATE * PACING_MARGIN, BURST - OTHER_LINES_IN_A_BURST, start + 0.01)
        now, left = start + 0.01, 200
        while left:
            if pacer.take(now):
                lines.append(now)
                left -= 1
            else:
                now += max(pacer.wait_time(now), 1e-6)
    for when in sorted(lines):
        verdict = flood.lines_received(1, when)
        assert not verdict.warn and not verdict.pause and not verdict.cut_off, when


def test_rate_zero_never_limits():
    flood = FloodControl(0, 0, GRACE, now=0.0)
    assert not flood.lines_received(10**9, now=0.0).pause


def test_ping_lines_are_what_the_flood_sends():
    # Sanity for the loopback test: a ping line parses as one event.
    session = ProtocolSession(Role.SERVER)
    session.receive_data(json.dumps({"type": "hello", "v": 1, "nick": "p"}).encode() + b"\n")
    session.receive_data(PING * 3)
    assert len(session.events()) == 4 and session.lines_received == 4
