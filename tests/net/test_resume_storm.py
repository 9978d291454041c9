"""Resume amplification (issue 14, item 1), black-box: a headless server with
10,000 stored chats, 60 `hello`s asking for everything since seq 0 from raw
sockets within 0.3 s (most never read, some hang up at once, a few read it
all), while two well-behaved clients chat.

Before paging, this took the server from ~46 MiB to 1.3-1.9 GiB and stalled
everyone's acks for seconds. Now each backlog is read and sent a page at a
time, paced by the reader, with a few reads in flight per address.
"""

from __future__ import annotations

import json
import socket
import time

import pytest
from PySide6.QtCore import QCoreApplication
from storm_support import MiB, ServerProcess, WellBehaved, loopback_sources_work

from chatapp.net.history_store import HistoryStore

STORED_CHATS = 10_000
STORM_HELLOS = 60
STORM_SOURCES = ("127.0.0.2", "127.0.0.3", "127.0.0.4")  # 20 each: under max_per_address
READERS = 4  # of the storm: they read everything, and check it
# The bound this test holds the server to: its peak resident memory during the
# storm, above what it used with the room already open. (Issue 14 asks for
# < 300 MiB; before paging it was 1.3-1.9 GiB.)
MAX_EXTRA_RSS = 64 * MiB
MAX_P99_S = 1.0
GOOD_NICKS = ["ann", "bob"]


def fill_history(data_dir, count: int) -> None:
    """`count` chats of ~200 characters, written straight into a real store."""
    store = HistoryStore(data_dir)
    store.start()
    done: list[object] = []
    rows = [
        (seq, "2026-12-01T10:00:00.000Z", f"user{seq % 17}", f"old chat {seq} " + "x" * 180,
         None, 0, "", "")
        for seq in range(1, count + 1)
    ]

    def insert(db) -> None:
        db.executemany("INSERT INTO chats VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    store.call_on_worker(insert, done.append)
    deadline = time.monotonic() + 30
    while not done and time.monotonic() < deadline:  # results come through the event loop
        QCoreApplication.processEvents()
        time.sleep(0.005)
    store.close()


def resume_hello(i: int) -> bytes:
    return json.dumps({
        "type": "hello", "v": 1, "nick": f"storm{i}",
        "resume": {"client_id": f"storm-client-{i}", "last_seq": 0},
    }).encode() + b"\n"


class StormPeer:
    def __init__(self, i: int, port: int) -> None:
        self.i = i
        self.reads = i < READERS
        source = STORM_SOURCES[i % len(STORM_SOURCES)]
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5,
                                             source_address=(source, 0))
        self.sock.sendall(resume_hello(i))
        self.sock.setblocking(False)
        self.buffer = b""  # a partial line
        self.seqs: list[int] = []  # parsed as they come: the clients share this loop
        if i % 3 == 2 and not self.reads:  # a third hang up at once
            self.sock.close()
            self.sock = None

    def read(self) -> None:
        if self.sock is None or not self.reads:
            return
        try:
            while chunk := self.sock.recv(1 << 20):
                *lines, self.buffer = (self.buffer + chunk).split(b"\n")
                for line in lines:
                    if b'"type":"chat"' in line:
                        self.seqs.append(json.loads(line)["seq"])
        except BlockingIOError:
            pass

    def chat_seqs(self) -> list[int]:
        return self.seqs

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()


@pytest.mark.slow
@pytest.mark.skipif(not loopback_sources_work(), reason="needs 127.0.0.2 and up (Linux)")
def test_sixty_resume_hellos_keep_memory_bounded_and_the_room_fast(qtbot, tmp_path):
    data_dir = tmp_path / "data"
    fill_history(data_dir, STORED_CHATS)
    server = ServerProcess(data_dir, tmp_path / "server.log")
    room = WellBehaved(GOOD_NICKS, messages_each=60, interval_ms=100)
    storm: list[StormPeer] = []
    try:
        qtbot.waitUntil(server.poll_port, timeout=20_000)
        room.connect(qtbot, server.port, timeout_ms=10_000)
        before = server.rss()
        room.start()
        started = time.monotonic()
        for i in range(STORM_HELLOS):  # well within 0.3 s
            storm.append(StormPeer(i, server.port))
        storm_s = time.monotonic() - started

        def settled() -> bool:
            for peer in storm:
                peer.read()
            return room.delivered() and all(
                peer.chat_seqs() and peer.chat_seqs()[-1] >= server_last_seq(room)
                for peer in storm if peer.reads
            )

        qtbot.waitUntil(settled, timeout=60_000)
        peak = server.peak_rss()
        assert server.alive, server.log_text()[-2000:]
        latencies = sorted(latency for latency, _sent in room.latencies)
        p99 = latencies[int(0.99 * (len(latencies) - 1))]
        acks = sorted(room.ack_latencies)
        ack_p99 = acks[int(0.99 * (len(acks) - 1))]
        print(f"\nstorm of {STORM_HELLOS} resume hellos sent in {storm_s:.2f} s; "
              f"server RSS before {before / MiB:.0f} MiB, peak {peak / MiB:.0f} MiB "
              f"(+{(peak - before) / MiB:.0f} MiB); chat latency p99 {p99 * 1000:.0f} ms, "
              f"ack p99 {ack_p99 * 1000:.0f} ms")
        assert peak - before < MAX_EXTRA_RSS
        assert p99 < MAX_P99_S
        # The readers got everything, once, in order: the history then live chats.
        for peer in storm:
            if peer.reads:
                seqs = peer.chat_seqs()
                assert seqs == list(range(seqs[0], seqs[-1] + 1))
                assert len(seqs) >= STORED_CHATS  # the newest 10,000, then live chats
        assert room.drops == []
    finally:
        for peer in storm:
            peer.close()
        room.close()
        server.stop()


def server_last_seq(room: WellBehaved) -> int:
    """The newest seq the well-behaved clients have seen: the room's last chat."""
    return max(
        (client.last_seq for client in room.clients.values()), default=0
    )
