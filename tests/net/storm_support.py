"""The storm's machinery (test_storm.py): the headless server as a process to
measure, the well-behaved clients and what they see, and the hostile crowd,
driven by a child process of its own (`python storm_support.py PORT SECONDS
DIR`) with non-blocking sockets and a deadline.

The hostile kinds (build_hostiles, 50 connections, one source address each,
127.0.0.2 ... 127.0.0.51; build_crowd, 33 more from 127.0.0.250):
  random       2 MiB of seeded random bytes: as they come, after "{", after a letter
  giant-*      5 MiB without a newline: JSON-looking before hello, plain text,
               or inside a say after hello (then a normal say that must be acked)
  half-*       half a line, then silence: before hello, after hello, plain text
  flood        hello, then valid say frames as fast as the server takes them
  slow-reader  hello, a 4 KiB receive window, never reads, posts 16 x 60 KB
  silent       connects and sends nothing
  crowd        silent, one more than the per-address limit from one address

Not a test module (no test_ prefix): test_storm.py imports it by name.
Everything here talks to 127.0.0.1 only; hostile sockets bind other loopback
source addresses so the per-address limit sees many machines.
"""

from __future__ import annotations

import json
import os
import random
import re
import selectors
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import psutil
from PySide6.QtCore import QTimer
from shared_support import (  # noqa: F401 (PROJECT_ROOT and server_command re-exported)
    LOOPBACK,
    PROJECT_ROOT,
    child_env,
    server_command,
)

from chatapp.net import ChatClient, ClientState

LISTENING_LINE = re.compile(rb"listening on \S+:(\d+)")


# --- the server under test ------------------------------------------------------


class ServerProcess:
    """`chatapp-server --headless` with default limits, its log in a file (a pipe
    nobody drains would stall a chatty server), its memory readable by psutil."""

    def __init__(self, data_dir: Path, log_path: Path) -> None:
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 (closed in stop())
        env = child_env()
        self.process = subprocess.Popen(
            [*server_command(), "--headless", "--host", LOOPBACK, "--port", "0",
             "--data-dir", str(data_dir)],
            stdout=self._log, stderr=subprocess.STDOUT, env=env,
        )
        self.ps = psutil.Process(self.process.pid)
        self.port = 0

    def log_text(self) -> str:
        return self.log_path.read_bytes().decode("utf-8", "replace")

    def poll_port(self) -> bool:
        """True once the server has said where it listens (for qtbot.waitUntil)."""
        if not self.port:
            match = LISTENING_LINE.search(self.log_path.read_bytes())
            if match:
                self.port = int(match.group(1))
        return bool(self.port)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def rss(self) -> int:
        return self.ps.memory_info().rss

    def peak_rss(self) -> int | None:
        """The kernel's high-water mark of resident memory (Linux), exact
        where sampling could miss a short peak."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        return int(match.group(1)) * 1024 if match else None

    def stop(self) -> None:
        if self.alive:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


# --- hostile peers ----------------------------------------------------------------

MiB = 1024 * 1024
ERROR_CODE = re.compile(rb'"type":"error","code":"([a-z_]+)"|^-- error \(([a-z_]+)\)')
SAY = b'{"type":"say","id":"%s-%d","text":"%s"}\n'
RANDOM_POOL = random.Random(2000).randbytes(MiB)  # seeded: the same bytes every run


def loopback_sources_work() -> bool:
    """Whether this machine lets a socket bind 127.0.0.2 (Linux does; macOS
    has only 127.0.0.1 unless an alias is added)."""
    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.2", 0))
    except OSError:
        return False
    return True


def hello(nick: str) -> bytes:
    return b'{"type":"hello","v":1,"nick":"%s","client":"storm"}\n' % nick.encode()


@dataclass(eq=False)
class Hostile:
    """One hostile connection: what it sends, whether it reads, what it saw."""

    kind: str
    source: str
    nick: str = ""  # set when it says hello, so the room's leave reason can be matched
    reads: bool = True
    rcvbuf: int | None = None
    first: bytes = b""  # sent as soon as connected
    stream_cap: int = 0  # continuous senders: bytes to send in all
    tail: bytes = b""  # sent once the stream is complete
    timed: list[tuple[float, bytes]] = field(default_factory=list)  # (seconds after start, data)
    # What happened
    sent: int = 0
    received: int = 0
    codes: Counter = field(default_factory=Counter)
    lines: list[bytes] = field(default_factory=list)  # short lines it read, for checks
    ended: str = ""  # "eof", "reset", "connect failed: ...", or "" while open
    ended_after: float | None = None
    endpoint: str = ""  # source address and port, as the server's log names it
    # Driver state
    sock: socket.socket | None = None
    connected: bool = False
    outgoing: bytearray = field(default_factory=bytearray)
    partial: bytes = b""
    streamed: int = 0

    def next_stream_chunk(self) -> bytes:
        """More to send for the continuous senders (random, flood, giant)."""
        return b""


class RandomBytes(Hostile):
    def next_stream_chunk(self) -> bytes:
        start = (self.streamed * 7919) % (len(RANDOM_POOL) - 4096)
        return RANDOM_POOL[start:start + 4096]


class Flood(Hostile):
    def next_stream_chunk(self) -> bytes:
        base = self.streamed // 40  # ~40 bytes a frame: ids stay unique
        return b"".join(SAY % (b"f", base + i, b"spam") for i in range(500))


class Giant(Hostile):
    FILL = b"x" * (256 * 1024)

    def next_stream_chunk(self) -> bytes:
        return self.FILL


def build_hostiles(seed: int = 5) -> list[Hostile]:
    """The 50 hostile connections of the storm, six kinds, one loopback
    source address each (127.0.0.2 ... 127.0.0.51)."""
    rng = random.Random(seed)
    hostiles: list[Hostile] = []

    def add(h: Hostile) -> None:
        h.source = f"127.0.0.{2 + len(hostiles)}"
        hostiles.append(h)

    for i in range(10):  # random bytes: as they come, after "{" (JSON junk), after a letter
        prefix = (b"", b"{", b"r")[i % 3]
        add(RandomBytes("random", "", first=prefix + rng.randbytes(64), stream_cap=2 * MiB))
    for i in range(10):  # giant lines, several MB without a newline
        variant = i % 3
        if variant == 0:  # JSON-looking, before hello: 8 KiB limit, then the hello deadline
            add(Giant("giant-json-before-hello", "", first=b'{"type":"hello","nick":"',
                      stream_cap=5 * MiB))
        elif variant == 1:  # plain text, before the first line ends
            add(Giant("giant-plain", "", first=b"x", stream_cap=5 * MiB))
        else:  # after hello: one oversized say, then a normal one that must get through
            nick = f"giant{i}"
            add(Giant("giant-after-hello", "", nick=nick,
                      first=hello(nick) + b'{"type":"say","id":"g","text":"', stream_cap=5 * MiB,
                      tail=b'"}\n' + SAY % (b"after", 1, b"still here")))
    for i in range(8):  # half a line, then silence
        variant = i % 3
        if variant == 0:
            add(Hostile("half-json-before-hello", "", first=b'{"type":"hel'))
        elif variant == 1:
            nick = f"half{i}"
            add(Hostile("half-after-hello", "", nick=nick,
                        first=hello(nick) + b'{"type":"say","id":"h","text":"half a'))
        else:
            add(Hostile("half-plain", "", first=b"half a line and no end"))
    for i in range(10):  # valid say frames as fast as the server takes them
        nick = f"flood{i}"
        add(Flood("flood", "", nick=nick, first=hello(nick), stream_cap=MiB))
    for i in range(6):
        # Slow readers: a tiny receive window, never read, and talk big (public
        # 60 KB messages, 4 a second: under the flood limit). 6 x 16 x 60 KB is
        # about 5.8 MB for each of them to receive: more than the kernel's send
        # buffer on the server side (up to 4 MB, tcp_wmem) plus the 1 MiB cap.
        nick = f"slow{i}"
        h = Hostile("slow-reader", "", nick=nick, reads=False, rcvbuf=4096, first=hello(nick))
        big = b"b" * 60_000
        h.timed.extend((0.5 + 0.25 * n, SAY % (nick.encode(), n, big)) for n in range(16))
        add(h)
    for _ in range(6):  # connect and say nothing at all
        add(Hostile("silent", ""))
    assert len(hostiles) == 50
    return hostiles


def build_crowd(count: int = 33, source: str = "127.0.0.250") -> list[Hostile]:
    """Silent connections from one address: one more than the per-address limit (32)."""
    return [Hostile("crowd", source) for _ in range(count)]


class HostileDriver:
    """Drives every hostile socket with non-blocking I/O from one loop, until
    its deadline. Runs in its own process (see HostileProcess)."""

    def __init__(self, port: int, hostiles: list[Hostile], seconds: float) -> None:
        self.port = port
        self.hostiles = hostiles
        self.seconds = seconds
        self.started_at = 0.0

    def run(self) -> None:
        selector = selectors.DefaultSelector()
        self.started_at = time.monotonic()
        deadline = self.started_at + self.seconds
        for h in self.hostiles:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            if h.rcvbuf:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, h.rcvbuf)
            sock.bind((h.source, 0))
            h.endpoint = "{}:{}".format(*sock.getsockname())
            sock.setblocking(False)
            sock.connect_ex((LOOPBACK, self.port))
            h.sock = sock
            h.outgoing += h.first
            h.timed.sort()
            selector.register(sock, selectors.EVENT_WRITE, h)
        try:
            while time.monotonic() < deadline:
                for key, mask in selector.select(timeout=0.02):
                    h = key.data
                    if mask & selectors.EVENT_WRITE:
                        self._on_writable(h)
                    if mask & selectors.EVENT_READ and not h.ended:
                        self._on_readable(h)
                elapsed = time.monotonic() - self.started_at
                for h in self.hostiles:
                    while h.connected and h.timed and h.timed[0][0] <= elapsed:
                        h.outgoing += h.timed.pop(0)[1]
                    self._update(selector, h)
        finally:
            selector.close()

    def _update(self, selector: selectors.BaseSelector, h: Hostile) -> None:
        assert h.sock is not None
        registered = h.sock in selector.get_map()
        if h.ended:
            if registered:
                selector.unregister(h.sock)
            return
        wants_more = h.stream_cap and h.streamed < h.stream_cap
        events = selectors.EVENT_READ if h.connected and h.reads else 0
        if not h.connected or h.outgoing or wants_more:
            events |= selectors.EVENT_WRITE
        if not events:
            if registered:
                selector.unregister(h.sock)
        elif registered:
            if selector.get_key(h.sock).events != events:
                selector.modify(h.sock, events, h)
        else:
            selector.register(h.sock, events, h)

    def _end(self, h: Hostile, how: str) -> None:
        if not h.ended:
            h.ended = how
            h.ended_after = time.monotonic() - self.started_at

    def _on_writable(self, h: Hostile) -> None:
        assert h.sock is not None
        if not h.connected:
            problem = h.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if problem:
                self._end(h, f"connect failed: {os.strerror(problem)}")
                return
            h.connected = True
        if not h.outgoing and h.stream_cap and h.streamed < h.stream_cap:
            chunk = h.next_stream_chunk()[: h.stream_cap - h.streamed]
            h.streamed += len(chunk)
            h.outgoing += chunk
            if h.streamed >= h.stream_cap:
                h.outgoing += h.tail
        if not h.outgoing:
            return
        try:
            n = h.sock.send(h.outgoing)
        except (BlockingIOError, InterruptedError):
            return
        except (ConnectionResetError, BrokenPipeError):
            self._end(h, "reset")
            return
        h.sent += n
        del h.outgoing[:n]

    def _on_readable(self, h: Hostile) -> None:
        assert h.sock is not None
        try:
            data = h.sock.recv(256 * 1024)
        except (BlockingIOError, InterruptedError):
            return
        except ConnectionResetError:
            self._end(h, "reset")
            return
        if not data:
            self._end(h, "eof")
            return
        h.received += len(data)
        lines = (h.partial + data).split(b"\n")
        h.partial = lines.pop()
        if len(h.partial) > 256 * 1024:
            h.partial = b""  # a huge chat line: nothing to learn from it
        for line in lines:
            match = ERROR_CODE.search(line)
            if match:
                h.codes[(match.group(1) or match.group(2)).decode()] += 1
            if len(line) < 300 and len(h.lines) < 200 and (b'"ack"' in line or match):
                h.lines.append(line)

    def close_all(self) -> None:
        for h in self.hostiles:
            if h.sock is not None:
                h.sock.close()


RESULTS_FIELDS = (
    "kind", "source", "endpoint", "nick", "sent", "received", "codes", "ended", "ended_after",
)


def summary(h: Hostile) -> dict:
    record = {name: getattr(h, name) for name in RESULTS_FIELDS}
    record["codes"] = dict(h.codes)
    record["lines"] = [line.decode("latin-1") for line in h.lines[:50]]
    return record


def run_hostiles(port: int, seconds: float, out_dir: Path) -> None:
    """The hostile side of the storm, in a process of its own: it writes
    `started` when it begins and `results.json` when its deadline has passed."""
    try:
        os.nice(10)  # an attacker's CPU is not the server's: yield to it and to the clients
    except (AttributeError, OSError):  # no os.nice on Windows
        pass
    hostiles = build_hostiles() + build_crowd()
    driver = HostileDriver(port, hostiles, seconds)
    (out_dir / "started").write_text(str(time.monotonic()))
    try:
        driver.run()
        results = {"started_at": driver.started_at, "hostiles": [summary(h) for h in hostiles]}
        partial = out_dir / "results.partial"
        partial.write_text(json.dumps(results))
        partial.rename(out_dir / "results.json")
    finally:
        driver.close_all()


class HostileProcess:
    """The hostile driver as a child process (`python storm_support.py PORT
    SECONDS DIR`): the load it generates shares no interpreter lock with the
    clients being measured, and runs at a lower priority, as an attacker on
    another machine would."""

    def __init__(self, port: int, seconds: float, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir = out_dir
        self._log = open(out_dir / "driver.log", "wb")  # noqa: SIM115 (closed in stop())
        env = child_env()
        self.process = subprocess.Popen(
            [sys.executable, __file__, str(port), str(seconds), str(out_dir)],
            stdout=self._log, stderr=subprocess.STDOUT, env=env,
        )

    def started(self) -> bool:
        return (self.out_dir / "started").exists() or self.process.poll() is not None

    def finished(self) -> bool:
        return self.process.poll() is not None

    def log_text(self) -> str:
        return (self.out_dir / "driver.log").read_text(errors="replace")

    def results(self) -> tuple[float, list[SimpleNamespace]]:
        """(when it started, on time.monotonic(): one clock for every process
        on Linux; one record per hostile connection)."""
        data = json.loads((self.out_dir / "results.json").read_text())
        records = []
        for record in data["hostiles"]:
            record["codes"] = Counter(record["codes"])
            record["lines"] = [line.encode("latin-1") for line in record["lines"]]
            records.append(SimpleNamespace(**record))
        return data["started_at"], records

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self._log.close()


JOINED = re.compile(r"INFO (\S+) joined from (\S+)$", re.MULTILINE)
LEFT = re.compile(r"INFO (\S+) left \((.*)\)$", re.MULTILINE)
LEFT_UNJOINED = re.compile(r"INFO (\S+) disconnected before joining \((.*)\)$", re.MULTILINE)
# What the server's log says when the hostile side simply went away at the end.
AT_THE_END = ("The other side closed the connection.", "The server is shutting down.")


def server_verdicts(log: str) -> dict[str, str]:
    """Why the server dropped each connection, by endpoint, from its log."""
    endpoints = {nick: endpoint for nick, endpoint in JOINED.findall(log)}
    verdicts = dict(LEFT_UNJOINED.findall(log))
    for nick, reason in LEFT.findall(log):
        if nick in endpoints:
            verdicts.setdefault(endpoints[nick], reason)
    return verdicts


def outcome_table(hostiles: list[Hostile], verdicts: dict[str, str]) -> dict[str, Counter]:
    """Per kind: the server's verdicts, how the sockets ended, the error codes read."""
    table: dict[str, Counter] = {}
    for h in hostiles:
        row = table.setdefault(h.kind, Counter())
        row["connections"] += 1
        verdict = verdicts.get(h.endpoint, "")
        if verdict and verdict not in AT_THE_END:
            row[f"dropped: {verdict}"] += 1
        row[f"socket: {h.ended or 'open at the end'}"] += 1
        for code, count in h.codes.items():
            row[f"error {code}"] += count
    return table


# --- the well-behaved side -------------------------------------------------------


class WellBehaved:
    """ChatClients that chat at a steady pace, and what they see: per-message
    latency (sent here -> received by each other client, one clock), acks,
    order, and the room's leave reasons (how hostile peers were removed)."""

    TEXT = re.compile(r"^(\S+) #(\d+) ")

    def __init__(self, nicks: list[str], messages_each: int, interval_ms: int) -> None:
        self.nicks = nicks
        self.messages_each = messages_each
        self.interval_ms = interval_ms
        self.clients: dict[str, ChatClient] = {}
        self.sent_at: dict[tuple[str, int], float] = {}
        self.sent_ids: dict[str, dict[str, float]] = {n: {} for n in nicks}
        self.received: dict[str, dict[str, list[int]]] = {n: {} for n in nicks}
        self.latencies: list[tuple[float, float]] = []  # (latency, sent at)
        self.ack_latencies: list[float] = []
        self.acked: dict[str, set[str]] = {n: set() for n in nicks}
        self.warmed: dict[str, set[str]] = {n: set() for n in nicks}
        self.leave_reasons: dict[str, str] = {}
        self.drops: list[tuple[str, str]] = []
        self._timers: list[QTimer] = []

    def connect(self, qtbot, port: int, timeout_ms: int) -> None:
        for nick in self.nicks:
            client = ChatClient()
            self.clients[nick] = client
            self._watch(client, nick)
            with qtbot.waitSignal(client.welcomed, timeout=timeout_ms):
                client.connect_to(LOOPBACK, port, nick)
        qtbot.waitUntil(
            lambda: all(c.users == self.nicks for c in self.clients.values()), timeout=timeout_ms
        )
        # One message each, seen by all: the room works before anything is measured.
        for nick, client in self.clients.items():
            client.send_text(f"warm-up from {nick}")
        others = len(self.nicks) - 1
        qtbot.waitUntil(lambda: all(len(w) == others for w in self.warmed.values()),
                        timeout=timeout_ms)

    def _watch(self, client: ChatClient, nick: str) -> None:
        def on_chat(chat) -> None:
            now = time.monotonic()
            if chat.sender == nick:
                return  # its own message, echoed: latency is measured at the others
            if chat.text.startswith("warm-up"):
                self.warmed[nick].add(chat.sender)
                return
            match = self.TEXT.match(chat.text)
            if match and chat.sender == match.group(1) and chat.sender in self.received:
                n = int(match.group(2))
                self.received[nick].setdefault(chat.sender, []).append(n)
                sent = self.sent_at[(chat.sender, n)]
                self.latencies.append((now - sent, sent))

        def on_acked(message_id: str, _seq: int) -> None:
            self.acked[nick].add(message_id)
            if message_id in self.sent_ids[nick]:
                self.ack_latencies.append(time.monotonic() - self.sent_ids[nick][message_id])

        client.chat_received.connect(on_chat)
        client.message_acked.connect(on_acked)
        client.user_left.connect(lambda who, why: self.leave_reasons.setdefault(who, why))
        client.disconnected.connect(lambda why: self.drops.append((nick, why)))

    def start(self) -> None:
        """Each client sends a message every interval, the clients staggered."""
        for i, (nick, client) in enumerate(self.clients.items()):
            timer = QTimer(interval=self.interval_ms)
            timer.timeout.connect(self._sender(nick, client, timer))
            self._timers.append(timer)
            QTimer.singleShot(i * self.interval_ms // len(self.clients), timer.start)

    def _sender(self, nick: str, client: ChatClient, timer: QTimer):
        numbers = iter(range(self.messages_each))

        def send_next() -> None:
            n = next(numbers, None)
            if n is None:
                timer.stop()
                return
            self.sent_at[(nick, n)] = now = time.monotonic()
            self.sent_ids[nick][client.send_text(f"{nick} #{n:03d} 你好, storm")] = now

        return send_next

    def delivered(self) -> bool:
        """Everything sent, acknowledged, and received by every other client."""
        expected = self.messages_each * (len(self.nicks) - 1)
        return all(
            len(self.sent_ids[n]) == self.messages_each
            and self.acked[n] >= set(self.sent_ids[n])
            and sum(len(v) for v in self.received[n].values()) >= expected
            for n in self.nicks
        )

    def states(self) -> list[ClientState]:
        return [client.state for client in self.clients.values()]

    def close(self) -> None:
        for timer in self._timers:
            timer.stop()
        for client in self.clients.values():
            client.auto_reconnect = False
            client.disconnect_from_server()


class Sampler:
    """Every 100 ms: the server's RSS, and how late this process's own loop
    ran (a stall here would inflate the latencies measured here)."""

    def __init__(self, server: ServerProcess, interval_ms: int = 100) -> None:
        self.server = server
        self.interval = interval_ms / 1000
        self.rss: list[int] = []
        self.ticks: list[float] = []
        self.timer = QTimer(interval=interval_ms)
        self.timer.timeout.connect(self._sample)

    def _sample(self) -> None:
        self.ticks.append(time.monotonic())
        try:
            self.rss.append(self.server.rss())
        except psutil.Error:
            pass  # it died: the test's liveness check says so

    def longest_stall(self) -> float:
        gaps = [b - a for a, b in zip(self.ticks, self.ticks[1:], strict=False)]
        return max(gaps, default=0.0) - self.interval


if __name__ == "__main__":
    run_hostiles(int(sys.argv[1]), float(sys.argv[2]), Path(sys.argv[3]))
