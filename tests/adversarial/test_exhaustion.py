"""Resource exhaustion against a real headless server (a process of its own,
default limits, loopback): slowloris, slow readers, a reconnect storm, a resume
storm over 10,000 stored chats, a ping flood and a blank-line flood. Each attack
runs in a child process (attack_support.py) while three well-behaved ChatClients
chat here (storm_support.WellBehaved), and each test asserts what the issue asks:

  - the server stays up, with no traceback and no ERROR in its log;
  - every healthy message is acknowledged and reaches the others, p99 < 1 s
    (receipt and ack), so nothing acknowledged is lost and nobody waits;
  - the server's RSS grows by less than the bound of the attack (below);
  - the attacker meets the limit meant for it, where there is one.

`pytest -s` prints the numbers. Loopback only; sources 127.0.0.2 and up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from attack_support import AttackProcess
from storm_support import MiB, Sampler, ServerProcess, WellBehaved, loopback_sources_work

from chatapp.net.history_store import HistoryStore

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not loopback_sources_work(), reason="needs 127.0.0.2 and up (Linux)"),
]

HEALTHY = ["calm0", "calm1", "calm2"]
SEND_INTERVAL_MS = 200  # 5 messages a second each: half the flood limit
MAX_P99_S = 1.0
START_TIMEOUT_MS = 30_000
STEP_TIMEOUT_MS = 10_000
# A server that grows past this during a test is killed at once (and the test fails):
# today's resume storm would otherwise take gigabytes from a shared machine.
KILL_GROWTH = 1024 * MiB


@dataclass
class Outcome:
    attack: dict
    log: str
    alive: bool
    baseline_rss: int
    peak_rss: int
    end_rss: int
    killed_for_memory: bool
    room: WellBehaved
    drops: list = field(default_factory=list)

    @property
    def growth(self) -> int:
        return self.peak_rss - self.baseline_rss

    def p99(self, values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else 0.0

    @property
    def receipt_p99(self) -> float:
        return self.p99([latency for latency, _ in self.room.latencies])

    @property
    def ack_p99(self) -> float:
        return self.p99(self.room.ack_latencies)

    def report(self, name: str) -> None:
        print(f"\n{name}: server RSS {self.baseline_rss / MiB:.0f} MiB before, peak "
              f"{self.peak_rss / MiB:.0f} MiB (+{self.growth / MiB:.0f}), "
              f"{self.end_rss / MiB:.0f} MiB after; healthy p99 receipt "
              f"{self.receipt_p99 * 1000:.0f} ms, ack {self.ack_p99 * 1000:.0f} ms; "
              f"{len(self.room.latencies)} receipts")

    def assert_server_healthy(self) -> None:
        assert not self.killed_for_memory, f"killed: grew past {KILL_GROWTH // MiB} MiB"
        assert self.alive, self.log[-3000:]
        assert "Traceback" not in self.log, self.log[self.log.index("Traceback") - 300:][:4000]
        assert " ERROR " not in self.log, [x for x in self.log.splitlines() if " ERROR " in x][:10]

    def assert_room_served(self) -> None:
        room = self.room
        assert self.drops == [], self.drops
        for nick in room.nicks:
            assert len(room.sent_ids[nick]) == room.messages_each, nick
            assert room.acked[nick] >= set(room.sent_ids[nick]), f"{nick}: not all acked"
            for sender in room.nicks:
                if sender != nick:
                    assert room.received[nick].get(sender) == list(range(room.messages_each)), (
                        nick, sender)
        assert self.receipt_p99 < MAX_P99_S, f"receipt p99 {self.receipt_p99:.2f} s"
        assert self.ack_p99 < MAX_P99_S, f"ack p99 {self.ack_p99:.2f} s"


def fill_history(qtbot, data_dir, count: int) -> None:
    """`count` stored chats of ~1 KB, written before the server starts."""
    store = HistoryStore(data_dir)
    store.start()
    text = "history " + "h" * 1000
    for i in range(count):
        store.store(f"old{i % 7}", f"{text} {i}", None, False, "", "")
    store.close()


def run_attack(qtbot, tmp_path, kind: str, seconds: float, messages_each: int,
               prefill: int = 0) -> Outcome:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    if prefill:
        fill_history(qtbot, data_dir, prefill)
    server = ServerProcess(data_dir, tmp_path / "server.log")
    room = WellBehaved(HEALTHY, messages_each, SEND_INTERVAL_MS)
    attack: AttackProcess | None = None
    killed = [False]
    try:
        qtbot.waitUntil(lambda: server.poll_port() or not server.alive, timeout=START_TIMEOUT_MS)
        assert server.alive, server.log_text()
        room.connect(qtbot, server.port, STEP_TIMEOUT_MS)
        baseline = server.rss()
        sampler = Sampler(server, interval_ms=50)

        def watchdog() -> None:
            if sampler.rss and sampler.rss[-1] - baseline > KILL_GROWTH and server.alive:
                killed[0] = True
                server.process.kill()

        sampler.timer.timeout.connect(watchdog)
        attack = AttackProcess(kind, server.port, seconds, tmp_path / "attack")
        qtbot.waitUntil(attack.started, timeout=START_TIMEOUT_MS)
        sampler.timer.start()
        room.start()
        chat_ms = messages_each * SEND_INTERVAL_MS
        try:
            qtbot.waitUntil(lambda: room.delivered() or not server.alive,
                            timeout=chat_ms + 8000)
        except qtbot.TimeoutError:
            pass  # the assertions say what is missing
        qtbot.waitUntil(attack.finished, timeout=int(seconds * 1000) + 20_000)
        sampler.timer.stop()
        alive = server.alive
        peak = max([server.peak_rss() or 0, *sampler.rss]) if alive else max(sampler.rss)
        end = server.rss() if alive else 0
        drops = list(room.drops)
    finally:
        if attack is not None:
            attack.stop()
        room.close()
        server.stop()
    return Outcome(attack.results(), server.log_text(), alive, baseline, peak, end,
                   killed[0], room, drops)


def test_slowloris_connections_cost_little_and_delay_nobody(qtbot, tmp_path):
    outcome = run_attack(qtbot, tmp_path, "slowloris", seconds=6, messages_each=25)
    outcome.report("slowloris (120 connections, a byte every 200 ms)")
    outcome.assert_server_healthy()
    outcome.assert_room_served()
    assert outcome.growth < 40 * MiB


def test_slow_readers_in_a_busy_room(qtbot, tmp_path):
    outcome = run_attack(qtbot, tmp_path, "slow-reader", seconds=7, messages_each=30)
    outcome.report("slow readers (8, never reading, 60 KB messages 4/s)")
    outcome.assert_server_healthy()
    outcome.assert_room_served()
    # Each may hold at most the 1 MiB send queue in the server, and nothing else.
    assert outcome.growth < 60 * MiB


def test_a_reconnect_storm(qtbot, tmp_path):
    outcome = run_attack(qtbot, tmp_path, "reconnect", seconds=10, messages_each=20)
    result = outcome.attack
    durations = sorted(result["durations"])
    cycle_p99 = durations[int(0.99 * (len(durations) - 1))] if durations else float("inf")
    outcome.report(f"reconnect storm ({result['welcomed']}/{result['cycles']} welcomed, "
                   f"cycle p99 {cycle_p99 * 1000:.0f} ms)")
    outcome.assert_server_healthy()
    outcome.assert_room_served()
    assert result["welcomed"] == result["cycles"], result["failures"]
    assert cycle_p99 < MAX_P99_S
    assert outcome.growth < 60 * MiB


RESUME_GROWTH_BOUND = 100 * MiB  # the issue: < 300 MiB; ours is tighter (today: > 1 GiB)


def test_a_resume_storm_over_10000_stored_chats(qtbot, tmp_path):
    """Attack 1: 60 one-line hellos asking for everything since seq 0, in 0.3 s.
    Waits for the storage helper's paged, paced, cancellable history reads."""
    outcome = run_attack(qtbot, tmp_path, "resume", seconds=6, messages_each=25, prefill=10_000)
    outcome.report(f"resume storm ({outcome.attack['sent']} hellos in "
                   f"{outcome.attack['sent_in']:.2f} s, 10,000 stored chats)")
    outcome.assert_server_healthy()
    assert outcome.growth < RESUME_GROWTH_BOUND, f"+{outcome.growth / MiB:.0f} MiB"
    outcome.assert_room_served()


def test_a_ping_flood_is_limited_then_cut_off(qtbot, tmp_path):
    """Attack 4: pings were never counted (430,000 in 3 s without a rate_limited)."""
    outcome = run_attack(qtbot, tmp_path, "ping-flood", seconds=10, messages_each=30)
    result = outcome.attack
    outcome.report(f"ping flood ({result['units_sent']} pings sent, codes {result['codes']}, "
                   f"ended {result['ended']!r} after {result['ended_after']})")
    outcome.assert_server_healthy()
    assert result["codes"].get("rate_limited", 0) >= 1, result
    assert result["codes"].get("flooding", 0) == 1 and result["ended"], result
    outcome.assert_room_served()
    assert outcome.growth < 50 * MiB


def test_a_blank_line_flood_is_limited_then_cut_off(qtbot, tmp_path):
    """Attack 4: a netcat peer's blank lines were never counted."""
    outcome = run_attack(qtbot, tmp_path, "blank-flood", seconds=10, messages_each=30)
    result = outcome.attack
    outcome.report(f"blank-line flood ({result['units_sent']} lines sent, codes "
                   f"{result['codes']}, ended {result['ended']!r} after {result['ended_after']})")
    outcome.assert_server_healthy()
    assert result["codes"].get("rate_limited", 0) >= 1, result
    assert result["codes"].get("flooding", 0) == 1 and result["ended"], result
    outcome.assert_room_served()
    assert outcome.growth < 50 * MiB
