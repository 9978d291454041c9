"""Resource-exhaustion attacks, each in a child process of its own (as an
attacker on another machine: no interpreter lock shared with the clients being
measured), against a server on 127.0.0.1:

    python attack_support.py KIND PORT SECONDS OUT_DIR

writes OUT_DIR/started when it begins and OUT_DIR/results.json when done.
Kinds (sources 127.0.0.2 and up, so the per-address limit sees many machines):

  slowloris    120 connections dribbling a hello or a plain line, a byte every 200 ms
  slow-reader  8 clients that say hello and never read, a 4 KiB window, while a
               talker posts 60 KB messages 4 times a second (the room is busy)
  reconnect    connect / hello / welcome / close, 300 times, 10 at a time
  resume       60 hellos with resume {client_id, last_seq: 0} within 0.3 s; half close
               at once, half stay without reading
  ping-flood   one client: hello, then pings as fast as the server takes them
  blank-flood  one netcat peer: /nick, then blank lines as fast as the server takes them

The slowloris and slow-reader kinds reuse the storm's driver (tests/net/storm_support.py).
Not a test module (no test_ prefix).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "net"))

from shared_support import LOOPBACK, child_env  # noqa: E402
from storm_support import (  # noqa: E402
    ERROR_CODE,
    SAY,
    Hostile,
    HostileDriver,
    hello,
    summary,
)


def source(n: int) -> str:
    return f"127.0.0.{2 + n % 200}"


def codes_in(data: bytes) -> Counter:
    found: Counter = Counter()
    for line in data.splitlines():
        match = ERROR_CODE.search(line)
        if match:
            found[(match.group(1) or match.group(2)).decode()] += 1
    return found


# --- kinds driven by the storm's HostileDriver ------------------------------------------


def slowloris(count: int = 120, seconds: float = 8.0) -> list[Hostile]:
    hostiles = []
    for i in range(count):
        line = hello(f"loris{i}") if i % 2 == 0 else b"a line typed very, very slowly\n"
        h = Hostile("slowloris", source(i % 30))  # 4 from each address: under the limit
        h.timed = [(0.2 * k, line[k:k + 1]) for k in range(min(len(line), int(seconds / 0.2)))]
        hostiles.append(h)
    return hostiles


def slow_readers(count: int = 8) -> list[Hostile]:
    hostiles = []
    for i in range(count):
        hostiles.append(Hostile("slow-reader", source(i), nick=f"slow{i}", reads=False,
                                rcvbuf=4096, first=hello(f"slow{i}")))
    talker = Hostile("talker", source(count), nick="talker", first=hello("talker"))
    big = b"b" * 60_000
    talker.timed = [(0.3 + 0.25 * n, SAY % (b"t", n, big)) for n in range(24)]
    hostiles.append(talker)
    return hostiles


def run_driver(hostiles: list[Hostile], port: int, seconds: float) -> dict:
    driver = HostileDriver(port, hostiles, seconds)
    try:
        driver.run()
    finally:
        driver.close_all()
    return {"hostiles": [summary(h) for h in hostiles]}


# --- kinds with loops of their own --------------------------------------------------------


def _connect(port: int, src: str, timeout: float = 3.0) -> socket.socket:
    sock = socket.socket()
    sock.bind((src, 0))
    sock.settimeout(timeout)
    sock.connect((LOOPBACK, port))
    return sock


def _read_until(sock: socket.socket, needle: bytes, deadline: float) -> bytes:
    data = b""
    while needle not in data and time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except (TimeoutError, OSError):
            break
        if not chunk:
            break
        data += chunk
    return data


def reconnect_storm(port: int, seconds: float, cycles: int = 300, at_once: int = 10) -> dict:
    import concurrent.futures

    deadline = time.monotonic() + seconds
    durations: list[float] = []
    failures: Counter = Counter()

    def cycle(n: int) -> None:
        if time.monotonic() > deadline:
            failures["not started: out of time"] += 1
            return
        started = time.monotonic()
        try:
            with _connect(port, source(n % 20)) as sock:
                sock.sendall(hello(f"storm{n}"))
                data = _read_until(sock, b'"welcome"', started + 3)
                if b'"welcome"' not in data:
                    failures[f"no welcome: {sorted(codes_in(data))}"] += 1
                    return
                sock.sendall(b'{"type":"bye","reason":"storm"}\n')
            durations.append(time.monotonic() - started)
        except OSError as exc:
            failures[type(exc).__name__] += 1

    with concurrent.futures.ThreadPoolExecutor(at_once) as pool:
        list(pool.map(cycle, range(cycles)))
    return {"cycles": cycles, "welcomed": len(durations), "failures": dict(failures),
            "durations": durations}


def resume_storm(port: int, seconds: float, count: int = 60, within: float = 0.3) -> dict:
    """The issue's attack 1: one-line hellos asking for everything since seq 0."""
    kept: list[socket.socket] = []
    started = time.monotonic()
    sent = 0
    for n in range(count):
        line = b'{"type":"hello","v":1,"nick":"resumer%d","resume":{"client_id":"r%d",' \
               b'"last_seq":0}}\n' % (n, n)
        try:
            sock = _connect(port, source(n % 30))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.sendall(line)
            sent += 1
        except OSError:
            continue
        if n % 2:
            sock.close()  # asked, and gone: the read must not outlive the asker
        else:
            kept.append(sock)  # asked, and never reads
        time.sleep(max(0.0, started + within * (n + 1) / count - time.monotonic()))
    sent_in = time.monotonic() - started
    time.sleep(max(0.0, started + seconds - time.monotonic()))
    for sock in kept:
        sock.close()
    return {"sent": sent, "sent_in": sent_in}


def flood(port: int, seconds: float, first: bytes, unit: bytes) -> dict:
    """One connection sends `first`, then `unit` over and over until closed or out of time."""
    started = time.monotonic()
    deadline = started + seconds
    sock = _connect(port, source(0))
    sock.sendall(first)
    sock.setblocking(False)
    batch = unit * max(1, 16384 // len(unit))
    sent_units = 0
    received = b""
    ended, ended_after, first_code_after = "", None, {}
    pending = b""
    while time.monotonic() < deadline and not ended:
        try:
            if not pending:
                pending = batch
            n = sock.send(pending)
            pending = pending[n:]
            sent_units += n // len(unit)
        except (BlockingIOError, InterruptedError):
            time.sleep(0.001)
        except OSError:
            ended, ended_after = "reset", time.monotonic() - started
        try:
            while chunk := sock.recv(65536):
                received += chunk
                for code in codes_in(chunk):
                    first_code_after.setdefault(code, time.monotonic() - started)
            if not ended:
                ended, ended_after = "eof", time.monotonic() - started
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            if not ended:
                ended, ended_after = "reset", time.monotonic() - started
    sock.close()
    return {"units_sent": sent_units, "codes": dict(codes_in(received)),
            "first_code_after": first_code_after, "ended": ended, "ended_after": ended_after,
            "seconds": time.monotonic() - started}


PING = b'{"type":"ping","t":1.5}\n'


def run(kind: str, port: int, seconds: float) -> dict:
    if kind == "slowloris":
        return run_driver(slowloris(seconds=seconds), port, seconds)
    if kind == "slow-reader":
        return run_driver(slow_readers(), port, seconds)
    if kind == "reconnect":
        return reconnect_storm(port, seconds)
    if kind == "resume":
        return resume_storm(port, seconds)
    if kind == "ping-flood":
        return flood(port, seconds, hello("pinger"), PING)
    if kind == "blank-flood":
        return flood(port, seconds, b"/nick blanker\n", b"\n")
    raise SystemExit(f"unknown kind {kind}")


def main(kind: str, port: int, seconds: float, out_dir: Path) -> None:
    try:
        os.nice(10)  # an attacker's CPU is not the server's
    except (AttributeError, OSError):
        pass
    (out_dir / "started").write_text(str(time.monotonic()))
    results = run(kind, port, seconds)
    partial = out_dir / "results.partial"
    partial.write_text(json.dumps(results))
    partial.rename(out_dir / "results.json")


class AttackProcess:
    """`python attack_support.py KIND PORT SECONDS DIR` as a child process."""

    def __init__(self, kind: str, port: int, seconds: float, out_dir: Path) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        self.out_dir = out_dir
        self._log = open(out_dir / "attack.log", "wb")  # noqa: SIM115 (closed in stop())
        env = child_env()
        self.process = subprocess.Popen(
            [sys.executable, __file__, kind, str(port), str(seconds), str(out_dir)],
            stdout=self._log, stderr=subprocess.STDOUT, env=env,
        )

    def started(self) -> bool:
        return (self.out_dir / "started").exists() or self.process.poll() is not None

    def finished(self) -> bool:
        return self.process.poll() is not None

    def results(self) -> dict:
        path = self.out_dir / "results.json"
        if not path.exists():
            raise AssertionError((self.out_dir / "attack.log").read_text(errors="replace"))
        return json.loads(path.read_text())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self._log.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), Path(sys.argv[4]))
