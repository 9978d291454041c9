"""How fast HistoryStore stores chat, with group commit and without.

    python benchmarks/history_store_bench.py [--count 10000] [--dir DIR]

Prints numbers; not a test. "burst" submits every message at once, as a busy
room does, so the worker groups them into few transactions (one fsync each,
synchronous=FULL). "one by one" waits for each acknowledgement before the
next message, so every message pays its own commit: the cost group commit
saves. Run it with --dir on the disk you care about (tmpfs hides fsync).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from chatapp.net.history_store import HistoryStore  # noqa: E402


def run_until(condition) -> None:
    loop = QEventLoop()
    while not condition():
        loop.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)


def burst(directory: Path, count: int) -> None:
    commits = 0

    def trace(sql: str) -> None:
        nonlocal commits
        commits += sql == "COMMIT"

    store = HistoryStore(directory, trace_sql=trace)
    store.start()
    commits = 0
    acked = 0

    def on_stored(chat, duplicate) -> None:
        nonlocal acked
        acked += 1

    started = time.perf_counter()
    for i in range(count):
        store.store("alice", f"message number {i}", None, False, "bench", f"b{i}", on_stored)
    submitted = time.perf_counter() - started
    run_until(lambda: acked == count)
    elapsed = time.perf_counter() - started
    print(
        f"burst:      {count:6d} messages in {elapsed:7.3f} s = {count / elapsed:9.0f} msg/s "
        f"({commits} commits, {count / max(commits, 1):.0f} messages per commit; "
        f"submitting took {submitted * 1000:.0f} ms on the GUI thread)"
    )

    got: list = []
    started = time.perf_counter()
    store.since(0, got.append)
    run_until(lambda: bool(got))
    print(f"since(0):   {len(got[0]):6d} chats read in {time.perf_counter() - started:7.3f} s")
    got.clear()
    started = time.perf_counter()
    store.recent(100, got.append)
    run_until(lambda: bool(got))
    print(f"recent(100):{len(got[0]):6d} chats read in {time.perf_counter() - started:7.3f} s")
    store.close()


def one_by_one(directory: Path, count: int) -> None:
    store = HistoryStore(directory)
    store.start()
    acked = 0

    def on_stored(chat, duplicate) -> None:
        nonlocal acked
        acked += 1

    started = time.perf_counter()
    for i in range(count):
        store.store("bob", f"message number {i}", None, False, "bench", f"s{i}", on_stored)
        run_until(lambda i=i: acked == i + 1)
    elapsed = time.perf_counter() - started
    print(
        f"one by one: {count:6d} messages in {elapsed:7.3f} s = {count / elapsed:9.0f} msg/s "
        f"({count} commits)"
    )
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--serial-count", type=int, default=500)
    parser.add_argument("--dir", type=Path, default=None, help="where to put the test database")
    args = parser.parse_args()
    app = QCoreApplication([])  # noqa: F841 (the event loop needs it)
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="history-bench-") as tmp:
        print(f"SQLite WAL, synchronous=FULL, in {tmp}")
        burst(Path(tmp) / "burst", args.count)
        one_by_one(Path(tmp) / "serial", args.serial_count)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
