"""Black-box drill: each attack of issue 14, repeated from outside against a
FRESH headless server with default settings, and a table of what happened.

    python tools/attack_drill.py                 # every attack, about 3 minutes
    python tools/attack_drill.py --only 1 4 8    # some of them
    python tools/attack_drill.py --out /work/notes/attack-before.txt

Each attack starts its own `chatapp-server --headless --host 127.0.0.1 --port 0`
with a temporary data folder (the fill runs of attacks 1 and 9 use
--flood-rate 0 to write the history quickly, then the server under attack starts
with defaults on that folder). Everything speaks the wire protocol over plain
sockets on loopback (sources 127.0.0.x); the server's memory is read by psutil.
Two healthy JSON clients chat during the attacks that can hurt others (a
message every 200 ms, pongs answered) and their p99 latency is measured.

Attacks 6 (storage failure: a 2 MiB tmpfs that fills up), 7 (disk stall: fsfreeze
on an ext4 image mounted through a loop device) and the read-only folder of 11
(a read-only tmpfs) need root; without it they are skipped with the reason. All
mounts are undone, and a frozen filesystem is thawed, whatever happens.

Bounds (issue 14, "Done when"): < 300 MiB more under 60 resume hellos; healthy
p99 < 1 s; the password no faster than the back-off allows from one address;
nobody appears as another user or as the server; no acked message lost.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import selectors
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = "127.0.0.1"
MiB = 1024 * 1024
P99_BOUND_S = 1.0
RESUME_GROWTH_BOUND = 300 * MiB
SAFETY_RSS = 6 * 1024 * MiB  # kill a server past this: the drill must not take the machine
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ ")
FORGED = "2026-12-03 20:00:00,000 INFO mallory left (quit)"


# --- the server --------------------------------------------------------------------------


class Server:
    """A fresh `chatapp-server --headless` on 127.0.0.1 and a free port."""

    def __init__(self, data_dir: Path, *extra: str, log_path: Path) -> None:
        self.log_path = log_path
        self._log = open(log_path, "wb")  # noqa: SIM115 (closed in stop())
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.process = subprocess.Popen(
            [sys.executable, "-c",
             "import sys; from chatapp.app.cli import server_main; sys.exit(server_main())",
             "--headless", "--host", LOOPBACK, "--port", "0", "--data-dir", str(data_dir),
             *extra],
            stdout=self._log, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
        )
        self.ps = psutil.Process(self.process.pid)
        self.port = 0
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.alive:
            match = re.search(r"listening on \S+:(\d+)", self.log_text())
            if match:
                self.port = int(match.group(1))
                break
            time.sleep(0.05)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def log_text(self) -> str:
        return self.log_path.read_bytes().decode("utf-8", "replace")

    def rss(self) -> int:
        try:
            return self.ps.memory_info().rss
        except psutil.Error:
            return 0

    def stop(self) -> None:
        if self.alive:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


class RssSampler(threading.Thread):
    """The server's RSS every 20 ms; kills it past SAFETY_RSS."""

    def __init__(self, server: Server) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.samples: list[tuple[float, int]] = []
        self.killed = False
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(0.02):
            rss = self.server.rss()
            if rss:
                self.samples.append((time.monotonic(), rss))
            if rss > SAFETY_RSS and self.server.alive:
                self.killed = True
                self.server.process.kill()

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)

    def peak(self, since: float = 0.0) -> int:
        return max((rss for t, rss in self.samples if t >= since), default=0)


# --- wire helpers --------------------------------------------------------------------------


def frame(obj: dict) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode() + b"\n"


def hello(nick: str, **extra) -> dict:
    return {"type": "hello", "v": 1, "nick": nick, "client": "attack-drill", **extra}


class Wire:
    """One blocking socket with a line buffer (a JSON client or a netcat user)."""

    def __init__(self, port: int, source: str = LOOPBACK, rcvbuf: int | None = None) -> None:
        self.sock = socket.socket()
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.bind((source, 0))
        self.sock.settimeout(5)
        self.sock.connect((LOOPBACK, port))
        self.buffer = b""
        self.lines: list[bytes] = []
        self.closed = False

    def send(self, *objs: dict) -> None:
        self.sock.sendall(b"".join(frame(o) for o in objs))

    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def pump(self, seconds: float) -> None:
        """Read whatever arrives within `seconds`."""
        deadline = time.monotonic() + seconds
        while not self.closed:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(1 << 20)
            except TimeoutError:
                return
            except OSError:
                self.closed = True
                return
            if not chunk:
                self.closed = True
                return
            self.buffer += chunk
            *complete, self.buffer = self.buffer.split(b"\n")
            self.lines.extend(complete)

    def wait_for(self, predicate, seconds: float = 5.0) -> bool:
        deadline = time.monotonic() + seconds
        while not predicate(self):
            if self.closed or time.monotonic() > deadline:
                return predicate(self)
            self.pump(min(0.05, max(0.0, deadline - time.monotonic())))
        return True

    def frames(self) -> list[dict]:
        out = []
        for line in self.lines:
            with contextlib.suppress(ValueError):
                obj = json.loads(line)
                if isinstance(obj, dict):
                    out.append(obj)
        return out

    def of_type(self, kind: str) -> list[dict]:
        return [f for f in self.frames() if f.get("type") == kind]

    def codes(self) -> list[str]:
        return [f.get("code", "") for f in self.of_type("error")]

    def text_lines(self) -> list[str]:
        return [line.decode("utf-8", "replace").rstrip("\r") for line in self.lines]

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


def welcomed(port: int, nick: str, source: str = LOOPBACK, **extra) -> Wire:
    wire = Wire(port, source)
    wire.send(hello(nick, **extra))
    if not wire.wait_for(lambda w: bool(w.of_type("welcome") or w.codes())):
        raise RuntimeError(f"{nick}: no welcome")
    return wire


class PingAnswerer(threading.Thread):
    """Keeps quiet clients alive as a real client would: reads them (into their
    `lines`) and answers every ping, until stopped."""

    def __init__(self, *wires: Wire) -> None:
        super().__init__(daemon=True)
        self.wires = wires
        self._stop_event = threading.Event()

    def run(self) -> None:
        for wire in self.wires:
            wire.sock.settimeout(0.02)
        while not self._stop_event.is_set():
            for wire in self.wires:
                before = len(wire.lines)
                wire.pump(0.02)
                for line in wire.lines[before:]:
                    with contextlib.suppress(ValueError, OSError):
                        obj = json.loads(line)
                        if obj.get("type") == "ping":
                            wire.sock.sendall(frame({"type": "pong", "t": obj.get("t", 0)}))

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)


class HealthyPair(threading.Thread):
    """Two JSON clients: `calm_a` says something every 200 ms, `calm_b` receives;
    both answer pings. Receipt latency (a sent -> b received) and ack latency."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.a = welcomed(port, "calm_a")
        self.b = welcomed(port, "calm_b")
        self.sent: dict[str, float] = {}
        self.acked: dict[str, float] = {}
        self.received: dict[str, float] = {}
        self.dropped: list[str] = []
        self._stop_event = threading.Event()

    def run(self) -> None:
        selector = selectors.DefaultSelector()
        buffers = {self.a.sock: b"", self.b.sock: b""}
        for wire in (self.a, self.b):
            wire.sock.setblocking(False)
            selector.register(wire.sock, selectors.EVENT_READ, wire)
        n, next_send = 0, time.monotonic()
        while not self._stop_event.is_set():
            now = time.monotonic()
            if now >= next_send and "a" not in self.dropped:
                message_id = f"h-{n}"
                with contextlib.suppress(OSError):
                    self.a.sock.sendall(frame({"type": "say", "id": message_id,
                                               "text": f"healthy {n}"}))
                    self.sent[message_id] = now
                n += 1
                next_send += 0.2
            for key, _ in selector.select(timeout=0.01):
                wire = key.data
                try:
                    chunk = wire.sock.recv(1 << 20)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    chunk = b""
                if not chunk:
                    self.dropped.append("a" if wire is self.a else "b")
                    selector.unregister(wire.sock)
                    continue
                *lines, buffers[wire.sock] = (buffers[wire.sock] + chunk).split(b"\n")
                for line in lines:
                    self._on_line(wire, line, time.monotonic())

    def _on_line(self, wire: Wire, line: bytes, now: float) -> None:
        try:
            obj = json.loads(line)
        except ValueError:
            return
        kind = obj.get("type")
        if kind == "ping":
            with contextlib.suppress(OSError):
                wire.sock.sendall(frame({"type": "pong", "t": obj.get("t", 0)}))
        elif kind == "ack" and wire is self.a:
            self.acked.setdefault(obj.get("id"), now)
        elif kind == "chat" and wire is self.b and obj.get("from") == "calm_a":
            text = obj.get("text", "")
            if text.startswith("healthy "):
                self.received.setdefault(f"h-{text.split()[1]}", now)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=5)
        self.a.close()
        self.b.close()

    def settle(self, until: float, seconds: float = 10.0) -> None:
        """Wait (at most `seconds`) until every message sent before `until` is received
        and acked: a late message counts with its real latency, not as lost."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.dropped == []:
            window = [m for m, t in list(self.sent.items()) if t <= until]
            if all(m in self.received and m in self.acked for m in window):
                return
            time.sleep(0.05)

    def p99(self, since: float = 0.0, until: float = float("inf")) -> tuple[float, float, int]:
        """(receipt p99, ack p99, messages lost): messages sent in [since, until];
        a message never received or never acked counts as infinitely late."""
        window = [m for m, t in self.sent.items() if since <= t <= until]
        receipt = [self.received.get(m, float("inf")) - self.sent[m] for m in window]
        ack = [self.acked.get(m, float("inf")) - self.sent[m] for m in window]
        lost = sum(1 for m in window if m in self.acked and m not in self.received)
        return percentile(receipt, 0.99), percentile(ack, 0.99), lost


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def seconds_text(value: float) -> str:
    return "over 10 s (not there yet)" if value == float("inf") else f"{value * 1000:.0f} ms"


# --- the drill's bookkeeping ------------------------------------------------------------


@dataclass
class Row:
    number: str
    attack: str
    measured: list[str] = field(default_factory=list)
    contained: str = "?"  # yes / no / skipped


class Drill:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.rows: list[Row] = []
        self._count = 0

    def server(self, *extra: str, data_dir: Path | None = None) -> Server:
        self._count += 1
        data_dir = data_dir or self.workdir / f"data{self._count}"
        data_dir.mkdir(parents=True, exist_ok=True)
        server = Server(data_dir, *extra, log_path=self.workdir / f"server{self._count}.log")
        if not server.port:
            server.stop()
            raise RuntimeError(f"the server did not start: {server.log_text()[-2000:]}")
        return server


def fill_history(drill: Drill, data_dir: Path, count: int, size: int) -> None:
    """`count` chats of about `size` bytes through the wire, by a server run with
    --flood-rate 0 (otherwise 10/s per client); the server under attack starts later."""
    server = drill.server("--flood-rate", "0", data_dir=data_dir)
    try:
        wire = welcomed(server.port, "filler")
        text = "x" * size
        for start in range(0, count, 500):
            wire.send_raw(b"".join(
                frame({"type": "say", "id": f"f-{i}", "text": f"{i} {text}"})
                for i in range(start, min(count, start + 500))))
            wire.wait_for(lambda w, s=start: len(w.of_type("ack")) >= min(count, s + 500), 60)
        wire.send({"type": "bye", "reason": "filled"})
        wire.close()
    finally:
        server.stop()


# --- 1. resume amplification ------------------------------------------------------------------


CHAT_BYTES = 2000  # the stored chats' text: long ones, as an attacker would have posted


def attack_resume(drill: Drill) -> Row:
    row = Row("1", "resume amplification: 60 hellos, resume.last_seq 0, in 0.3 s")
    data_dir = drill.workdir / "resume-data"
    fill_history(drill, data_dir, 10_000, CHAT_BYTES)
    server = drill.server(data_dir=data_dir)
    sampler = RssSampler(server)
    healthy = HealthyPair(server.port)
    kept: list[Wire] = []
    try:
        sampler.start()
        healthy.start()
        time.sleep(1.5)
        before = server.rss()
        started = time.monotonic()
        for n in range(60):
            line = {"type": "hello", "v": 1, "nick": f"resumer{n}",
                    "resume": {"client_id": f"r{n}", "last_seq": 0}}
            try:
                wire = Wire(server.port, f"127.0.0.{2 + n // 2}", rcvbuf=4096)
                wire.send(line)
            except OSError:
                continue
            if n % 2:
                wire.close()  # asked, and gone
            else:
                kept.append(wire)  # asked, and never reads
            time.sleep(max(0.0, started + 0.3 * (n + 1) / 60 - time.monotonic()))
        sent_in = time.monotonic() - started
        time.sleep(20)  # the server's worst moment comes well after the hellos
        peak = sampler.peak(started)
        for wire in kept:
            wire.close()
        healthy.settle(started + 20)
        after = server.rss()
        receipt, ack, lost = healthy.p99(started, started + 20)
    finally:
        healthy.stop()
        sampler.stop()
        server.stop()
    row.measured = [
        f"10,000 stored chats of {CHAT_BYTES:,} bytes; 60 hellos sent in {sent_in:.2f} s "
        f"(half closed at once, half never read)",
        f"server RSS {before / MiB:.0f} MiB before, peak {peak / MiB:.0f} MiB "
        f"(+{(peak - before) / MiB:.0f} MiB), {after / MiB:.0f} MiB after"
        + (" (KILLED at the safety bound)" if sampler.killed else ""),
        f"healthy p99 in the 20 s after: receipt {seconds_text(receipt)}, ack {seconds_text(ack)}; "
        f"acked but not delivered: {lost}",
    ]
    contained = (peak - before < RESUME_GROWTH_BOUND and max(receipt, ack) < P99_BOUND_S
                 and not lost and not sampler.killed)
    row.contained = "yes" if contained else "no"
    return row


# --- 2. password guessing --------------------------------------------------------------------


def answer(password: str, nonce: str) -> str:
    return hmac.new(password.encode(), nonce.encode(), hashlib.sha256).hexdigest()


def allowed_answers(seconds: float, first: float = 0.5, cap: float = 30.0) -> int:
    """Verdicts the documented back-off allows from one address in `seconds`
    (0.5 s, 1 s, 2 s... up to 30 s between them), plus the first."""
    count, elapsed, delay = 1, first, first
    while elapsed <= seconds:
        count += 1
        delay = min(cap, delay * 2)
        elapsed += delay
    return count


def attack_password(drill: Drill) -> Row:
    row = Row("2", "password guessing: pipelined auth+say, 30 connections from one address")
    password = secrets.token_hex(8)
    password_file = drill.workdir / "password.txt"
    password_file.write_text(password + "\n")
    server = drill.server("--password-file", str(password_file))
    seconds = 4.0
    verdicts: Counter = Counter()
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def guesser(n: int) -> None:
        while time.monotonic() < stop_at:
            try:
                wire = Wire(server.port)
                wire.send(hello(f"guess{n}"))
                if not wire.wait_for(lambda w: bool(w.of_type("challenge") or w.codes()), 3):
                    wire.close()
                    continue
                challenges = wire.of_type("challenge")
                if not challenges:
                    with lock:
                        verdicts[f"refused: {wire.codes()}"] += 1
                    wire.close()
                    continue
                nonce = challenges[0]["nonce"]
                wire.send({"type": "auth", "mac": answer(f"guess {secrets.token_hex(4)}", nonce)},
                          {"type": "say", "id": "s", "text": "in?"})
                got = wire.wait_for(lambda w: bool(w.of_type("welcome") or set(w.codes()) & {
                    "password_required", "wrong_password"}),
                    max(0.05, stop_at - time.monotonic()))
                if got:
                    verdict = "welcome" if wire.of_type("welcome") else wire.codes()[-1]
                    with lock:
                        verdicts[verdict] += 1
                wire.close()
            except OSError as exc:
                with lock:
                    verdicts[type(exc).__name__] += 1

    threads = [threading.Thread(target=guesser, args=(n,)) for n in range(30)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        answered = verdicts["password_required"] + verdicts["wrong_password"]
        overflow = server.log_text().count("OverflowError")
        reopened = "not reached from outside in this drill"
        if answered >= 1024 or overflow:  # 2**1024 overflows the back-off: is the nonce open?
            wire = Wire(server.port)
            wire.send(hello("patient"))
            wire.wait_for(lambda w: bool(w.of_type("challenge")), 3)
            nonce = wire.of_type("challenge")[0]["nonce"] if wire.of_type("challenge") else ""
            wire.send({"type": "auth", "mac": answer("wrong", nonce)})
            wire.pump(0.3)  # two writes: the second is read after the first has failed
            wire.send({"type": "auth", "mac": answer(password, nonce)})
            wire.wait_for(lambda w: bool(w.of_type("welcome") or w.codes()), 2)
            reopened = ("two answers to one nonce: the right one WELCOMED"
                        if wire.of_type("welcome") else f"one nonce, one answer ({wire.codes()})")
            wire.close()
        overflow = server.log_text().count("OverflowError")
    finally:
        server.stop()
    allowed = allowed_answers(seconds)
    row.measured = [
        f"{answered} wrong guesses answered in {seconds:.0f} s = {answered / seconds:.0f}/s "
        f"(the back-off allows {allowed} in {seconds:.0f} s); verdicts {dict(verdicts)}",
        f"OverflowError in the server's log: {overflow}; after >1024 failures: {reopened}",
    ]
    row.contained = "yes" if answered <= allowed and not overflow else "no"
    return row


# --- 3. empty client_id -------------------------------------------------------------------------


def attack_empty_client_id(drill: Drill) -> Row:
    row = Row("3", "resume with an empty client_id vs a netcat user")
    server = drill.server()
    try:
        netcat = Wire(server.port)
        netcat.send_raw(b"/nick nc_user\nhello from netcat\n")
        netcat.wait_for(lambda w: any("nc_user:" in x for x in w.text_lines()))
        attacker = welcomed(server.port, "mallory", resume={"client_id": "", "last_seq": 0})
        talker = welcomed(server.port, "talker")
        talker.send({"type": "say", "id": "t-1", "text": "still there, netcat?"})
        netcat.wait_for(lambda w: any("still there" in x for x in w.text_lines()), 3)
        seen = any("still there" in x for x in netcat.text_lines())
        dropped = netcat.closed
        for wire in (netcat, attacker, talker):
            wire.close()
    finally:
        server.stop()
    row.measured = [f"netcat user dropped: {'yes' if dropped else 'no'}; "
                    f"saw the next chat: {'yes' if seen else 'no'}"]
    row.contained = "yes" if seen and not dropped else "no"
    return row


# --- 4. floods ----------------------------------------------------------------------------------


def flood(port: int, first: bytes, unit: bytes, seconds: float) -> dict:
    sock = socket.socket()
    sock.bind(("127.0.0.9", 0))
    sock.connect((LOOPBACK, port))
    sock.sendall(first)
    sock.setblocking(False)
    started = time.monotonic()
    batch = unit * max(1, 16384 // len(unit))
    sent = 0
    pending = b""
    received = b""
    firsts: dict[str, float] = {}
    ended = ""
    while time.monotonic() - started < seconds and not ended:
        try:
            pending = pending or batch
            n = sock.send(pending)
            pending = pending[n:]
            sent += n
        except (BlockingIOError, InterruptedError):
            time.sleep(0.0005)
        except OSError:
            ended = "reset"
        try:
            while chunk := sock.recv(65536):
                received += chunk
                for code in re.findall(rb'"code":"([a-z_]+)"|-- error \(([a-z_]+)\)', chunk):
                    name = (code[0] or code[1]).decode()
                    firsts.setdefault(name, time.monotonic() - started)
            ended = ended or "closed by the server"
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            ended = ended or "reset"
    sock.close()
    return {"units": sent // len(unit), "seconds": time.monotonic() - started,
            "firsts": firsts, "ended": ended}


def attack_floods(drill: Drill) -> list[Row]:
    rows = []
    for name, first, unit in (
        ("ping flood", frame(hello("pinger")), b'{"type":"ping","t":1.5}\n'),
        ("blank-line flood (netcat)", b"/nick blanker\n", b"\n"),
    ):
        row = Row("4", f"{name}, one connection, until cut off or 12 s")
        server = drill.server()
        sampler = RssSampler(server)
        healthy = HealthyPair(server.port)
        try:
            sampler.start()
            healthy.start()
            time.sleep(1.0)
            before = server.rss()
            started = time.monotonic()
            result = flood(server.port, first, unit, 12.0)
            healthy.settle(started + result["seconds"])
            receipt, ack, lost = healthy.p99(started, started + result["seconds"])
            dropped = list(healthy.dropped)
            peak = sampler.peak(started)
        finally:
            healthy.stop()
            sampler.stop()
            server.stop()
        firsts = ", ".join(f"{code} after {t:.2f} s" for code, t in result["firsts"].items())
        row.measured = [
            f"{result['units']:,} sent in {result['seconds']:.1f} s; "
            f"server said: {firsts or 'nothing'}; connection: {result['ended'] or 'still open'}",
            f"healthy p99 during it: receipt {seconds_text(receipt)}, ack {seconds_text(ack)}; "
            f"healthy dropped: {dropped or 'none'}; "
            f"server RSS {before / MiB:.0f} -> peak {peak / MiB:.0f} MiB",
        ]
        limited = "rate_limited" in result["firsts"] and "flooding" in result["firsts"]
        row.contained = "yes" if limited and max(receipt, ack) < P99_BOUND_S and not lost else "no"
        rows.append(row)
    return rows


# --- 5. look-alike nicks ------------------------------------------------------------------------

INVISIBLE = {0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, 0x180E, 0x2060, 0xFEFF,
             *range(0xFE00, 0xFE10), *range(0x200B, 0x2010), *range(0x202A, 0x202F),
             *range(0xE0000, 0xE0080), *range(0xE0100, 0xE01F0)}


def looks_like(nick: str) -> str:
    visible = "".join(ch for ch in nick if ord(ch) not in INVISIBLE)
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKC", visible).casefold())


LOOK_ALIKES = [
    ("alice + U+FE0F", "alice\ufe0f", "alice"),
    ("server + U+034F", "server\u034f", "server"),
    ("alice + Hangul filler U+3164", "alice\u3164", "alice"),
    ("U+115F + alice", "\u115falice", "alice"),
    ("alice + U+FFA0", "alice\uffa0", "alice"),
    ("alice + braille blank U+2800", "alice\u2800", "alice"),
    ("server + U+FE00", "server\ufe00", "server"),
    ("full-width alice", "\uff41\uff4c\uff49\uff43\uff45", "alice"),
    ("mathematical bold alice", "\U0001d41a\U0001d425\U0001d422\U0001d41c\U0001d41e", "alice"),
    ("mathematical bold server",
     "\U0001d42c\U0001d41e\U0001d42b\U0001d42f\U0001d41e\U0001d42b", "server"),
    ("jose + U+0301 (NFD) vs jos\u00e9 (NFC)", "jose\u0301", "jos\u00e9"),
]


def attack_nicks(drill: Drill) -> Row:
    row = Row("5", "look-alike nicks (alice and jos\u00e9 present; 'server' is the operator)")
    server = drill.server()
    impostors = 0
    try:
        alice = welcomed(server.port, "alice")
        jose = welcomed(server.port, "jos\u00e9")
        for label, nick, victim in LOOK_ALIKES:
            wire = Wire(server.port)
            wire.send(hello(nick))
            wire.wait_for(lambda w: bool(w.of_type("welcome") or w.codes()), 3)
            if wire.of_type("welcome"):
                got = wire.of_type("welcome")[0]["nick"]
                same = looks_like(got) == looks_like(victim)
                impostors += same
                verdict = (f"ACCEPTED as {got!r}, prints like {victim}" if same
                           else f"accepted as {got!r} (prints differently)")
            else:
                verdict = f"refused ({', '.join(wire.codes())})"
            row.measured.append(f"{label}: {verdict}")
            wire.close()
        alice.close()
        jose.close()
    finally:
        server.stop()
    row.measured.insert(0, f"{impostors} of {len(LOOK_ALIKES)} print like someone else")
    row.contained = "yes" if impostors == 0 else "no"
    return row


# --- 6, 7 and 11b: the disk, with mounts of our own (root only) ------------------------------


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@contextlib.contextmanager
def mounted_tmpfs(path: Path, options: str):
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], check=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def attack_storage_full(drill: Drill) -> Row:
    row = Row("6", "storage failure: the data folder on a 2 MiB tmpfs that fills up")
    if not is_root():
        row.measured, row.contained = ["skipped: mounting a tmpfs needs root"], "skipped"
        return row
    with mounted_tmpfs(drill.workdir / "full-fs", "size=2m") as mount_point:
        server = drill.server(data_dir=mount_point / "data")
        try:
            sender = welcomed(server.port, "writer")
            observer = welcomed(server.port, "observer")
            big = "y" * 60_000
            acked_ids: set[str] = set()
            failed_id, failed_error = "", None
            for n in range(80):  # 60 KB each: 2 MiB is full after about 30
                message_id = f"w-{n}"
                sender.send({"type": "say", "id": message_id, "text": big})
                sender.wait_for(lambda w, m=message_id: any(
                    f.get("id") == m for f in w.frames() if f.get("type") in ("ack", "error")), 3)
                acked_ids = {f["id"] for f in sender.of_type("ack")}
                if message_id not in acked_ids:
                    failed_id = message_id
                    errors = [f for f in sender.of_type("error") if f.get("id") == message_id]
                    failed_error = errors[0] if errors else None
                    break
                observer.pump(0.12)  # keeps reading the room, and stays under the flood limit
            observer.wait_for(lambda w: "storage_failed" in w.codes(), 3)
            room_notice = [f.get("code") for f in observer.of_type("error")]
            newcomer = Wire(server.port)
            newcomer.send(hello("newcomer"))
            newcomer.wait_for(lambda w: bool(w.of_type("welcome") or w.codes()), 3)
            newcomer.pump(1.0)
            newcomer_saw = [f.get("code") for f in newcomer.of_type("error")]
            for wire in (sender, observer, newcomer):
                wire.close()
        finally:
            server.stop()
    if not failed_id:
        row.measured, row.contained = ["the disk never filled up within 80 messages"], "?"
        return row
    code = failed_error.get("code") if failed_error else None
    row.measured = [
        f"{len(acked_ids)} messages of 60 KB acked, then {failed_id}: "
        + (f"error {code!r} with its id" if failed_error else "no ack and NO error (silence)"),
        f"room notice to another client: {room_notice or 'none'}; "
        f"to a newcomer: {newcomer_saw or 'none'}",
    ]
    row.contained = ("yes" if code == "storage_failed" and "storage_failed" in room_notice
                     and "storage_failed" in newcomer_saw else "no")
    return row


@contextlib.contextmanager
def loop_ext4(path: Path, size_mb: int = 64):
    image = path.with_suffix(".img")
    with open(image, "wb") as file:
        file.truncate(size_mb * MiB)
    subprocess.run(["mkfs.ext4", "-q", "-F", str(image)], check=True)
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-o", "loop", str(image), str(path)], check=True)
    try:
        yield path
    finally:
        subprocess.run(["fsfreeze", "-u", str(path)], check=False, capture_output=True)
        subprocess.run(["umount", "-l", str(path)], check=False)
        image.unlink(missing_ok=True)


FREEZE_S = 20.0


def attack_disk_stall(drill: Drill) -> Row:
    row = Row("7", f"disk stall: the data disk frozen for {FREEZE_S:.0f} s (fsfreeze, loop ext4)")
    if not is_root():
        row.measured, row.contained = ["skipped: loop mounts and fsfreeze need root"], "skipped"
        return row
    with loop_ext4(drill.workdir / "frozen-fs") as mount_point:
        server = drill.server(data_dir=mount_point / "data")
        idle = None
        try:
            writer = welcomed(server.port, "writer")
            idle = welcomed(server.port, "idle")  # says nothing, answers pings
            prober = welcomed(server.port, "prober")
            answerer = PingAnswerer(writer, idle)
            answerer.start()
            subprocess.run(["fsfreeze", "-f", str(mount_point)], check=True)
            frozen_at = time.monotonic()
            try:
                writer.send({"type": "say", "id": "during", "text": "written to a frozen disk"})
                time.sleep(0.5)
                rtts = []
                welcome_s = None
                while time.monotonic() - frozen_at < FREEZE_S:
                    t = time.monotonic()
                    prober.send({"type": "ping", "t": t})
                    got = prober.wait_for(lambda w, t=t: any(
                        f.get("t") == t for f in w.of_type("pong")), 2.5)
                    rtts.append(time.monotonic() - t if got else float("inf"))
                    if welcome_s is None:
                        t = time.monotonic()
                        newcomer = Wire(server.port)
                        newcomer.send(hello("newcomer"))
                        ok = newcomer.wait_for(lambda w: bool(w.of_type("welcome")), 3)
                        welcome_s = time.monotonic() - t if ok else float("inf")
                        newcomer.close()
                    time.sleep(max(0.0, 1.0 - (time.monotonic() - t)))
            finally:
                subprocess.run(["fsfreeze", "-u", str(mount_point)], check=False)
            thawed = time.monotonic()
            while not writer.of_type("ack") and time.monotonic() - thawed < 10:
                time.sleep(0.05)
            ack_after = "acked after the thaw" if writer.of_type("ack") else "never acked"
            time.sleep(3)
            answerer.stop()
            log = server.log_text()
            dropped = re.findall(r"INFO (\w+) left \((no response.*)\)", log)
            for wire in (writer, prober, idle):
                wire.close()
        finally:
            server.stop()
    worst = max(rtts, default=float("inf"))

    def waited(value: float, limit: str) -> str:
        return f"none within {limit}" if value == float("inf") else f"{value * 1000:.0f} ms"

    row.measured = [
        f"{len(rtts)} pings during the freeze: worst pong {waited(worst, '2.5 s')}, "
        f"p50 {waited(percentile(rtts, 0.5), '2.5 s')}; newcomer's welcome "
        f"{waited(welcome_s or float('inf'), '3 s')}; the say: {ack_after}",
        f"dropped afterwards: {dropped or 'nobody'}",
    ]
    contained = worst < P99_BOUND_S and (welcome_s or float("inf")) < P99_BOUND_S and not dropped
    row.contained = "yes" if contained else "no"
    return row


# --- 8. log injection ----------------------------------------------------------------------------


def attack_log_injection(drill: Drill) -> Row:
    row = Row("8", "log injection: chat text with a newline and a forged log line")
    server = drill.server()
    try:
        wire = welcomed(server.port, "mallory")
        wire.send({"type": "say", "id": "l-1", "text": f"hi\n{FORGED}"},
                  {"type": "say", "id": "l-2", "text": f"hi\r{FORGED}"})
        wire.wait_for(lambda w: len(w.of_type("ack")) >= 2, 5)
        time.sleep(0.5)
        wire.close()
        lines = server.log_text().splitlines()
    finally:
        server.stop()
    forged = [line for line in lines if line.startswith(FORGED)]
    loose = [line for line in lines if not LOG_LINE.match(line) and "listening on" not in line]
    row.measured = [f"forged lines in the server's log: {len(forged)}; "
                    f"lines not starting with a timestamp: {len(loose)}"]
    row.contained = "yes" if not forged and not loose else "no"
    return row


# --- 9. a database damaged inside ---------------------------------------------------------------


def attack_corrupt_database(drill: Drill) -> Row:
    row = Row("9", "corrupt database at start: pages in the middle overwritten")
    data_dir = drill.workdir / "corrupt-data"
    fill_history(drill, data_dir, 300, 1000)
    path = data_dir / "history.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(path, "r+b") as file:
        for page in (10, 30, 50):
            file.seek(page * 4096)
            file.write(bytes((i * 37 + 11) % 256 for i in range(4096)))
    damaged_size = path.stat().st_size
    started = Server(data_dir, log_path=drill.workdir / "corrupt.log")
    try:
        if not started.port:
            time.sleep(1)
            output = started.log_text().strip().splitlines()
            row.measured = [f"refused to start (exit {started.process.poll()}): "
                            f"{output[-1] if output else ''}"]
            row.contained = "yes" if output and "Traceback" not in started.log_text() else "no"
            return row
        wire = welcomed(started.port, "newcomer")
        wire.pump(1.0)
        history = len(wire.of_type("chat"))
        wire.send({"type": "say", "id": "n-1", "text": "into the damaged file?"})
        wire.wait_for(lambda w: bool(w.of_type("ack") or w.codes()), 3)
        acked = bool(wire.of_type("ack"))
        wire.close()
        log = started.log_text()
    finally:
        started.stop()
    warned = [line for line in log.splitlines() if " WARNING " in line or " ERROR " in line]
    ordinary = {"history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm", "history.lock"}
    aside = [str(p.relative_to(data_dir)) for p in data_dir.rglob("*")
             if p.is_file() and p.name not in ordinary and p.stat().st_size >= damaged_size]
    row.measured = [
        f"started: yes; warned: {warned[0][24:] if warned else 'NO'}; damaged file kept aside: "
        f"{aside or 'no'}",
        f"a newcomer got {history} chats of history (300 stored); a new chat acked: {acked}",
    ]
    row.contained = "yes" if warned and aside else "no"
    return row


# --- 10. resume hijack ---------------------------------------------------------------------------


def attack_hijack(drill: Drill) -> Row:
    row = Row("10", "resume hijack with alice's client_id (as her welcome shows it)")
    server = drill.server()
    try:
        alice = welcomed(server.port, "alice")
        bob = welcomed(server.port, "bob")
        client_id = alice.of_type("welcome")[0]["client_id"]
        alice.send({"type": "say", "id": "c-1", "text": "first"})
        alice.wait_for(lambda w: bool(w.of_type("ack")))
        attacker = welcomed(server.port, "mallory",
                            resume={"client_id": client_id, "last_seq": 0})
        attacker.send({"type": "say", "id": "c-2", "text": "forged under alice's id"})
        attacker.wait_for(lambda w: bool(w.of_type("ack")), 3)
        alice.pump(0.5)
        evicted = alice.closed
        if evicted:  # her client comes back as it would: resume with its client_id
            alice.close()
            alice = welcomed(server.port, "alice", resume={"client_id": client_id,
                                                           "last_seq": 1})
        alice.send({"type": "say", "id": "c-2", "text": "the real second message"})
        alice.wait_for(lambda w: any(f.get("id") == "c-2" for f in w.of_type("ack")), 3)
        acked = any(f.get("id") == "c-2" for f in alice.of_type("ack"))
        bob.wait_for(lambda w: any(f.get("text") == "the real second message"
                                   for f in w.of_type("chat")), 3)
        delivered = any(f.get("text") == "the real second message" for f in bob.of_type("chat"))
        for wire in (alice, bob, attacker):
            wire.close()
    finally:
        server.stop()
    row.measured = [f"alice evicted: {'yes' if evicted else 'no'}; her next message (c-2) acked: "
                    f"{acked}, delivered to bob: {delivered}"
                    + ("  <- ACKED BUT LOST" if acked and not delivered else "")]
    row.contained = "yes" if not evicted and delivered else "no"
    return row


# --- 11. newline spam and a read-only folder ---------------------------------------------------


def attack_newlines(drill: Drill) -> Row:
    row = Row("11", "one 63 KB line of newlines, as a netcat user sees it")
    server = drill.server()
    try:
        netcat = Wire(server.port)
        netcat.send_raw(b"/nick watcher\n")
        netcat.wait_for(lambda w: any("welcome" in x for x in w.text_lines()))
        sender = welcomed(server.port, "spammer")
        sender.send({"type": "say", "id": "s-1", "text": "a\n" * 21_000 + "END"},
                    {"type": "say", "id": "s-2", "text": "after the spam"})
        netcat.wait_for(lambda w: any("after the spam" in x for x in w.text_lines()), 10)
        lines = netcat.text_lines()
        start = next((i for i, x in enumerate(lines) if "spammer: " in x), 0)
        end = next((i for i, x in enumerate(lines) if "after the spam" in x), len(lines))
        for wire in (netcat, sender):
            wire.close()
    finally:
        server.stop()
    row.measured = [f"{end - start:,} screen lines for one message (our bound: 100)"]
    row.contained = "yes" if end - start <= 100 else "no"
    return row


def attack_read_only(drill: Drill) -> Row:
    row = Row("11", "a read-only data folder at start (read-only tmpfs)")
    if not is_root():
        row.measured, row.contained = ["skipped: mounting needs root"], "skipped"
        return row
    with mounted_tmpfs(drill.workdir / "ro-fs", "ro,size=1m") as mount_point:
        server = Server(mount_point, log_path=drill.workdir / "read-only.log")
        time.sleep(0.5)
        output = server.log_text().strip().splitlines()
        started = bool(server.port)
        server.stop()
    said = output[-1] if output else ""
    row.measured = [f"started: {started}; said: {said[:160]}"]
    row.contained = "yes" if not started and "read-only" in said.lower() else "no"
    return row


# --- the table ----------------------------------------------------------------------------------

ATTACKS = {
    "1": lambda d: [attack_resume(d)],
    "2": lambda d: [attack_password(d)],
    "3": lambda d: [attack_empty_client_id(d)],
    "4": attack_floods,
    "5": lambda d: [attack_nicks(d)],
    "6": lambda d: [attack_storage_full(d)],
    "7": lambda d: [attack_disk_stall(d)],
    "8": lambda d: [attack_log_injection(d)],
    "9": lambda d: [attack_corrupt_database(d)],
    "10": lambda d: [attack_hijack(d)],
    "11": lambda d: [attack_newlines(d), attack_read_only(d)],
}


def table(rows: list[Row]) -> str:
    out = []
    for row in rows:
        out.append(f"{row.number:>3}  {row.attack}")
        out.append(f"     contained: {row.contained.upper()}")
        out.extend(f"     - {line}" for line in row.measured)
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", choices=list(ATTACKS), help="attack numbers")
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    chosen = args.only or list(ATTACKS)
    started = time.monotonic()
    commit = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h %s"],
                            capture_output=True, text=True).stdout.strip()
    branch = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--abbrev-ref", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="attack-drill-") as workdir:
        drill = Drill(Path(workdir))
        for number in chosen:
            print(f"attack {number}...", file=sys.stderr, flush=True)
            try:
                rows.extend(ATTACKS[number](drill))
            except Exception as exc:  # one broken attack must not hide the others' numbers
                rows.append(Row(number, "(the drill itself failed)",
                                [f"{type(exc).__name__}: {exc}"], "?"))
    header = (f"attack drill, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
              f"branch {branch} at {commit}; fresh headless servers with default settings "
              f"on 127.0.0.1; {time.monotonic() - started:.0f} s in all\n"
              f"bounds: < {RESUME_GROWTH_BOUND // MiB} MiB more under 60 resume hellos; "
              f"healthy p99 < {P99_BOUND_S:g} s; password no faster than the back-off; "
              f"nobody appears as another user or the server; no acked message lost\n")
    text = header + "\n" + table(rows)
    print(text)
    if args.out:
        args.out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
