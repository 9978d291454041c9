"""The storm of issue 5: a real headless server under 50 hostile connections
(plus a crowd from one address) while five well-behaved clients chat.

The server runs as its own process (`chatapp-server --headless`, default
limits), so its memory is measured alone and a crash cannot hide in this
process; the well-behaved ChatClients run here on Qt's loop; the hostile
sockets run in a third process with its own deadline, at a lower priority,
as an attacker on another machine would (storm_support.py says what each
kind does). Loopback only.

Asserted: the server stays up with no traceback or error in its log; every
message of the well-behaved clients is acknowledged and reaches the four
others in order, once, within MAX_LATENCY_S of being sent; the server's peak
RSS stays under RSS_PEAK_BOUND and grows by less than RSS_GROWTH_BOUND; each
hostile kind meets the limit meant for it. `pytest -s` prints the numbers;
docs/SECURITY.md records them.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict

import pytest
from storm_support import (
    HostileProcess,
    MiB,
    Sampler,
    ServerProcess,
    WellBehaved,
    loopback_sources_work,
    outcome_table,
    server_verdicts,
)

from chatapp.net import ClientState

GOOD_NICKS = [f"good{i}" for i in range(5)]
# 5 messages a second each: half the server's default flood rate (10/s after a
# burst of 20). At 10/s a client would sit exactly on the limit, and timer
# jitter or a busy loop delivering two ticks at once would slowly drain its
# bucket; a person typing never gets near either.
SEND_INTERVAL_MS = 200
MESSAGES_EACH = 50  # 10 s of chat
# Longer than the chat and than the 10 s hello deadline, so the hostile traffic
# covers every message and the handshake timeouts happen inside the storm.
HOSTILE_SECONDS = 11.5
MAX_LATENCY_S = 1.0
# From measurement (docs/SECURITY.md): 45 MiB before the storm, a peak of
# 75-89 MiB during it (30-44 MiB of growth); the bounds leave room for other
# machines and Python builds.
RSS_PEAK_BOUND = 150 * MiB
RSS_GROWTH_BOUND = 80 * MiB
START_TIMEOUT_MS = 30_000
STEP_TIMEOUT_MS = 10_000


def wait_quietly(qtbot, condition, timeout_ms: int) -> None:
    """Wait, but let the assertions below say precisely what is missing."""
    try:
        qtbot.waitUntil(condition, timeout=timeout_ms)
    except qtbot.TimeoutError:
        pass


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


@pytest.mark.slow
@pytest.mark.skipif(not loopback_sources_work(), reason="needs 127.0.0.2 and up (Linux)")
def test_storm(qtbot, tmp_path):
    started = time.monotonic()
    server = ServerProcess(tmp_path / "data", tmp_path / "server.log")
    room = WellBehaved(GOOD_NICKS, MESSAGES_EACH, SEND_INTERVAL_MS)
    driver: HostileProcess | None = None
    try:
        qtbot.waitUntil(lambda: server.poll_port() or not server.alive, timeout=START_TIMEOUT_MS)
        assert server.alive, server.log_text()
        room.connect(qtbot, server.port, STEP_TIMEOUT_MS)
        baseline_rss = server.rss()
        cpu_before = server.ps.cpu_times()
        sampler = Sampler(server)

        driver = HostileProcess(server.port, HOSTILE_SECONDS, tmp_path / "hostiles")
        qtbot.waitUntil(driver.started, timeout=START_TIMEOUT_MS)
        sampler.timer.start()
        room.start()
        chat_seconds = MESSAGES_EACH * SEND_INTERVAL_MS / 1000
        wait_quietly(qtbot, room.delivered, int((chat_seconds + 10) * 1000))
        qtbot.waitUntil(driver.finished, timeout=int(HOSTILE_SECONDS + 20) * 1000)
        sampler.timer.stop()
        drops, states = list(room.drops), room.states()
        server_alive = server.alive
        cpu_after = server.ps.cpu_times() if server_alive else cpu_before
        peak_rss = server.peak_rss() if server_alive else None
        end_rss = server.rss() if server_alive else 0
    finally:
        if driver is not None:
            driver.stop()
        room.close()
        server.stop()
    log = server.log_text()
    assert driver.process.returncode == 0, driver.log_text()
    storm_started, hostiles = driver.results()

    # --- what happened (pytest -s shows it) ------------------------------------------
    latencies = [latency for latency, _ in room.latencies]
    peak = max(filter(None, [peak_rss, *sampler.rss]))
    cpu = sum(cpu_after[:2]) - sum(cpu_before[:2])
    slowest = max(room.latencies, default=(0.0, storm_started))
    print(f"\nstorm: {time.monotonic() - started:.1f} s in all; server CPU {cpu:.1f} s; "
          f"hostile bytes sent {sum(h.sent for h in hostiles) / MiB:.0f} MiB")
    print(f"well-behaved: {len(latencies)} receipts; "
          f"latency max {max(latencies, default=0) * 1000:.0f} ms "
          f"(sent {slowest[1] - storm_started:+.1f} s into the storm), "
          f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
          f"median {statistics.median(latencies or [0]) * 1000:.0f} ms; "
          f"ack max {max(room.ack_latencies, default=0) * 1000:.0f} ms; "
          f"longest stall of the test's own loop {sampler.longest_stall() * 1000:.0f} ms")
    print(f"server RSS: {baseline_rss / MiB:.1f} MiB before, peak {peak / MiB:.1f} MiB "
          f"(+{(peak - baseline_rss) / MiB:.1f} MiB), {end_rss / MiB:.1f} MiB at the end")
    leave_reasons = room.leave_reasons
    for kind, row in outcome_table(hostiles, server_verdicts(log)).items():
        print(f"  {kind}: {dict(sorted(row.items()))}")

    # --- the server -------------------------------------------------------------------
    assert server_alive, log[-5000:]
    assert "Traceback" not in log, log[log.index("Traceback") - 300:][:5000]
    assert " ERROR " not in log, [line for line in log.splitlines() if " ERROR " in line][:20]

    # --- the well-behaved clients: nothing lost, nothing twice, nothing late ----------
    assert drops == [] and states == [ClientState.ONLINE] * len(GOOD_NICKS)
    everything = list(range(MESSAGES_EACH))
    for nick, client in room.clients.items():
        assert len(room.sent_ids[nick]) == MESSAGES_EACH
        assert room.acked[nick] >= set(room.sent_ids[nick]) and client.outbox == {}, nick
        for sender in GOOD_NICKS:
            if sender != nick:
                assert room.received[nick].get(sender) == everything, (nick, sender)
    assert max(latencies) < MAX_LATENCY_S

    # --- memory -------------------------------------------------------------------------
    assert peak < RSS_PEAK_BOUND
    assert peak - baseline_rss < RSS_GROWTH_BOUND

    # --- each hostile kind met the limit meant for it -----------------------------------
    by_kind = defaultdict(list)
    for h in hostiles:
        by_kind[h.kind].append(h)
    refused = [h for h in by_kind["crowd"] if h.codes["too_many_connections"]]
    assert len(refused) == 1 and refused[0].ended == "eof"  # the 33rd from one address
    assert not any(h.ended for h in by_kind["crowd"] if h not in refused)
    assert not any(h.ended for h in by_kind["silent"])  # they have 60 s for a first line
    assert all(h.ended for h in by_kind["random"])  # flooding, too many errors, or TLS
    verdicts = server_verdicts(log)
    for h in by_kind["flood"]:
        # Every line counts, the hello too (issue 14): a flood that arrives with
        # its hello is cut off before it joins, so ask the server's log, not the room.
        assert h.codes["rate_limited"] >= 1 and verdicts.get(h.endpoint) == "flooding", h.nick
    for h in by_kind["slow-reader"]:
        assert leave_reasons.get(h.nick) == "send_queue_exceeded", h.nick
    for h in by_kind["giant-after-hello"]:  # one error, and the next message still gets through
        assert h.codes["frame_too_large"] == 1 and not h.ended, h.nick
        assert any(b'"type":"ack","id":"after-1"' in line for line in h.lines), h.lines
    for h in by_kind["giant-json-before-hello"] + by_kind["half-json-before-hello"]:
        assert h.codes["handshake_timeout"] == 1 and h.ended == "eof", h.kind
