"""How fast HistoryStore stores chat, with group commit and without.

    python benchmarks/history_store_bench.py [--count 10000] [--dir DIR]

Prints numbers; not a test. "burst" submits every message at once, as a busy
room does, so they are grouped into few transactions. "one by one" waits for
each commit before the next message, so every message pays its own: the
cost group commit saves. Commits do not wait for the disk
(synchronous=NORMAL); "on disk" is when the sync thread has flushed them
(synced_seq in `results`), which is when the server acknowledges. Run it with --dir on the
disk you care about (tmpfs hides fsync).
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

    def on_results(results) -> None:
        nonlocal acked
        acked += len(results.stored)

    store.results.connect(on_results)

    started = time.perf_counter()
    for i in range(count):
        store.store("alice", f"message number {i}", None, False, "bench", f"b{i}")
    submitted = time.perf_counter() - started
    run_until(lambda: acked == count)
    elapsed = time.perf_counter() - started
    run_until(lambda: store.synced_seq == count)
    on_disk = time.perf_counter() - started
    print(
        f"burst:      {count:6d} messages in {elapsed:7.3f} s = {count / elapsed:9.0f} msg/s "
        f"({commits} commits, {count / max(commits, 1):.0f} messages per commit; "
        f"submitting took {submitted * 1000:.0f} ms on the GUI thread); "
        f"on disk after {on_disk:.3f} s"
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


def one_by_one(directory: Path, count: int, *, on_disk: bool) -> None:
    store = HistoryStore(directory)
    store.start()
    acked = 0

    def on_results(results) -> None:
        nonlocal acked
        acked += len(results.stored)

    store.results.connect(on_results)

    started = time.perf_counter()
    for i in range(count):
        store.store("bob", f"message number {i}", None, False, "bench", f"s{i}")
        if on_disk:
            run_until(lambda i=i: store.synced_seq == i + 1)
        else:
            run_until(lambda i=i: acked == i + 1)
    elapsed = time.perf_counter() - started
    what = "one by one, each on disk:" if on_disk else "one by one, each committed:"
    print(
        f"{what} {count:6d} messages in {elapsed:7.3f} s = {count / elapsed:7.0f} msg/s, "
        f"{elapsed / count * 1000:.2f} ms each"
    )
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--serial-count", type=int, default=500)
    parser.add_argument("--on-disk-count", type=int, default=50)
    parser.add_argument("--dir", type=Path, default=None, help="where to put the test database")
    args = parser.parse_args()
    app = QCoreApplication([])  # noqa: F841 (the event loop needs it)
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="history-bench-") as tmp:
        print(f"SQLite WAL, synchronous=NORMAL and a sync thread, in {tmp}")
        burst(Path(tmp) / "burst", args.count)
        one_by_one(Path(tmp) / "serial", args.serial_count, on_disk=False)
        one_by_one(Path(tmp) / "synced", args.on_disk_count, on_disk=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
