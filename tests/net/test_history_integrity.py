"""A history damaged inside (not only in its header) is caught at start
(issue 14, item 9), with a sentence and a way out that keeps the file."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import QCoreApplication
from storm_support import PROJECT_ROOT, server_command

from chatapp.app.windows_main import open_history
from chatapp.net.history_store import FILE_NAME, HistoryDamagedError, HistoryStore

CHATS = 20_000  # about 4 MB: a file with many pages
PAGE = 4096


def build_history(directory, count: int = CHATS) -> None:
    store = HistoryStore(directory)
    store.start()
    rows = [(seq, "2026-12-01T10:00:00.000Z", "old", f"chat {seq} " + "y" * 150, None, 0, "", "")
            for seq in range(1, count + 1)]
    done: list[object] = []
    store.call_on_worker(
        lambda db: db.executemany("INSERT INTO chats VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows),
        done.append,
    )
    deadline = time.monotonic() + 30
    while not done and time.monotonic() < deadline:  # results come through the event loop
        QCoreApplication.processEvents()
        time.sleep(0.005)
    store.close()  # the last connection to close copies the log into the file


def damage_inner_pages(path) -> bytes:
    """Garbage over ten pages in the middle; the header (page 1) is intact."""
    data = bytearray(path.read_bytes())
    pages = len(data) // PAGE
    assert pages > 100
    garbage = random.Random(9).randbytes(10 * PAGE)
    start = (pages // 2) * PAGE
    data[start:start + len(garbage)] = garbage
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.fixture
def damaged(tmp_path):
    directory = tmp_path / "data"
    build_history(directory)
    damaged_bytes = damage_inner_pages(directory / FILE_NAME)
    return directory, damaged_bytes


def kept_files(directory) -> list:
    return sorted(p for p in directory.iterdir() if ".damaged-" in p.name)


def test_the_store_refuses_a_file_damaged_inside(qtbot, damaged):
    directory, _ = damaged
    with pytest.raises(HistoryDamagedError, match="damaged inside") as info:
        HistoryStore(directory).start()
    assert info.value.path == directory / FILE_NAME
    assert "empty history" in str(info.value) and str(directory) in str(info.value)


def run_server(directory, *flags: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    return subprocess.Popen(
        [*server_command(), "--headless", "--host", "127.0.0.1", "--port", "0",
         "--data-dir", str(directory), *flags],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )


def test_headless_stops_with_the_sentence_then_starts_fresh_keeping_the_file(damaged):
    directory, damaged_bytes = damaged
    refused = run_server(directory)
    _out, err = refused.communicate(timeout=60)
    assert refused.returncode == 2
    assert "damaged inside" in err and "--fresh-history" in err
    assert kept_files(directory) == []  # nothing moved without being asked

    fresh = run_server(directory, "--fresh-history")
    try:
        lines: list[str] = []
        while len(lines) < 10 and not any("listening on" in line for line in lines):
            lines.append(fresh.stdout.readline())  # the log's lines, then this one
        assert any("listening on 127.0.0.1:" in line for line in lines), lines
        assert any("damaged chat history was renamed" in line for line in lines), lines
    finally:
        fresh.terminate()
        fresh.communicate(timeout=30)
    (kept,) = [p for p in kept_files(directory) if not p.name.endswith(("-wal", "-shm"))]
    assert kept.read_bytes() == damaged_bytes  # kept as it was, next to the new one
    store = HistoryStore(directory)
    store.start()  # the new history is healthy, and empty
    try:
        assert store.last_seq == 0
    finally:
        store.close()


def test_the_window_asks_and_quitting_leaves_the_file_alone(qtbot, damaged):
    directory, damaged_bytes = damaged
    asked: list[tuple[str, object]] = []

    def quit_(sentence, kept_as) -> bool:
        asked.append((sentence, kept_as))
        return False

    assert open_history(str(directory), start_fresh=quit_) is None
    assert "damaged inside" in asked[0][0] and kept_files(directory) == []

    opened = open_history(str(directory), start_fresh=lambda sentence, kept_as: True)
    assert opened is not None
    history, failure = opened
    try:
        assert failure == "" and history.path == directory / FILE_NAME and history.last_seq == 0
        (kept,) = [p for p in kept_files(directory) if not p.name.endswith(("-wal", "-shm"))]
        assert kept.read_bytes() == damaged_bytes
    finally:
        history.close()


if __name__ == "__main__":  # the quick_check's cost: python test_history_integrity.py DIR [N]
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication(sys.argv[:1])
    target = sys.argv[1]
    build_history(target, int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
    import sqlite3

    db = sqlite3.connect(os.path.join(target, FILE_NAME))
    started = time.perf_counter()
    result = db.execute("PRAGMA quick_check(10)").fetchall()
    elapsed = time.perf_counter() - started
    size = os.path.getsize(os.path.join(target, FILE_NAME))
    print(f"quick_check on {size / 2**20:.1f} MiB: {result} in {elapsed * 1000:.0f} ms")
