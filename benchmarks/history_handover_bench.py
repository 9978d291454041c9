"""How long a stored chat takes to come back: store() to its `results`, in-process.

    python benchmarks/history_handover_bench.py [--rounds 4] [--seconds 3] [--dir DIR]

Not a test. Chats arrive at --rate a second, in small bursts, while the
owner's thread is kept busy for --busy-ms after each burst and each batch of
results (standing in for parsing and the broadcast to a big room). Prints
the latency percentiles of each variant, the variants interleaved round by
round, so that the machine's other load falls on all of them alike:

- switch: sys.setswitchinterval, how soon a thread waiting for the GIL
  (the worker, woken by a job) gets it from a busy owner's thread;
- turns: BATCH_EXTRA_TURNS, how many more loop turns a batch waits.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from chatapp.net import history_store  # noqa: E402
from chatapp.net.history_store import HistoryStore  # noqa: E402


def busy(ms: float) -> None:
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:
        pass


def run(directory: Path, seconds: float, rate: float, burst: int, busy_ms: float) -> list[float]:
    store = HistoryStore(directory)
    store.start()
    sent: dict[int, float] = {}
    latencies: list[float] = []

    def on_results(results) -> None:
        now = time.perf_counter()
        for item in results.stored:
            latencies.append((now - sent.pop(item.tag)) * 1000)
        if results.stored:
            busy(busy_ms)

    store.results.connect(on_results)
    count = 0

    def send() -> None:
        nonlocal count
        for _ in range(burst):
            count += 1
            sent[count] = time.perf_counter()
            store.store("alice", f"message {count}", None, False, "bench", f"m{count}", count)
        busy(busy_ms)

    timer = QTimer(interval=max(1, round(1000 * burst / rate)))
    timer.timeout.connect(send)
    timer.start()
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    timer.stop()
    deadline = time.monotonic() + 10
    while sent and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    store.close()
    return latencies


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--rate", type=float, default=1000)
    parser.add_argument("--burst", type=int, default=2)
    parser.add_argument("--busy-ms", type=float, default=0.6)
    parser.add_argument("--switch", default="0.005,0.0005", help="switch intervals to try (s)")
    parser.add_argument("--turns", default="3", help="BATCH_EXTRA_TURNS values to try")
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    app = QCoreApplication([])  # noqa: F841 (the event loop needs it)
    variants = [(float(s), int(t)) for s in args.switch.split(",") for t in args.turns.split(",")]
    found: dict[tuple[float, int], list[tuple[float, float]]] = {v: [] for v in variants}
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="handover-bench-") as tmp:
        for round_ in range(args.rounds):
            order = variants[round_ % len(variants):] + variants[:round_ % len(variants)]
            for switch, turns in order:
                sys.setswitchinterval(switch)
                history_store.BATCH_EXTRA_TURNS = turns
                got = run(Path(tmp) / f"r{round_}-{switch}-{turns}", args.seconds, args.rate,
                          args.burst, args.busy_ms)
                p50, p99 = statistics.median(got), percentile(got, 99)
                found[(switch, turns)].append((p50, p99))
                print(f"round {round_ + 1} switch {switch * 1000:.1f} ms turns {turns}: "
                      f"{len(got)} chats, p50 {p50:.2f} ms, p99 {p99:.2f} ms", flush=True)
    for (switch, turns), runs in found.items():
        print(f"switch {switch * 1000:.1f} ms turns {turns}: median p50 "
              f"{statistics.median(r[0] for r in runs):.2f} ms, median p99 "
              f"{statistics.median(r[1] for r in runs):.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
