"""Processes for the fault drills: a headless server that can be killed and
restarted on the same port and data folder, and drill_client.py processes.

Every process's output is read by a thread into a list, so a busy process never
blocks on a full pipe, and tests poll those lists with qtbot.waitUntil while
Qt's loop keeps the in-process clients alive. Times are time.monotonic(): one
clock for every process on the machine (drill_client.py stamps its events with
it too).
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from shared_support import LOOPBACK, child_env, server_command  # noqa: F401 (re-exported)

REPO = Path(__file__).resolve().parents[2]
DRILL_CLIENT = Path(__file__).with_name("drill_client.py")
LISTENING = re.compile(r"listening on (\S+):(\d+)")
# Below Linux's ephemeral range (32768-60999): while our server is down, no
# other program's bind(0) is handed its port, and a reconnecting client cannot
# be given it as its own local port (a TCP self-connect).
PORT_RANGE = (20000, 32000)
START_TIMEOUT_MS = 15_000


def free_port() -> int:
    """A loopback port outside the ephemeral range that is free right now."""
    for _ in range(200):
        port = random.randrange(*PORT_RANGE)
        with socket.socket() as probe:
            try:
                probe.bind((LOOPBACK, port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port found")


@dataclass(frozen=True)
class Line:
    t: float  # time.monotonic() when the line was read
    text: str


class Process:
    """A child process whose stdout+stderr lines are collected by a thread."""

    def __init__(self, argv: list[str], name: str) -> None:
        self.name = name
        self.lines: list[Line] = []
        self.popen = subprocess.Popen(
            argv,
            cwd=REPO,
            env=child_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self._reader = threading.Thread(target=self._read, name=f"read-{name}", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for raw in self.popen.stdout:
            self.lines.append(Line(time.monotonic(), raw.decode("utf-8", "replace").rstrip("\n")))

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def exited(self) -> bool:
        return self.popen.poll() is not None

    def signal(self, signum: int) -> None:
        if not self.exited:
            self.popen.send_signal(signum)

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def wait_exit(self, qtbot, timeout_ms: int = 10_000) -> int:
        qtbot.waitUntil(lambda: self.exited, timeout=timeout_ms)
        self._reader.join(timeout=5)  # the last lines are in
        return self.popen.returncode

    def cleanup(self) -> None:
        """Whatever state it is in (even stopped): gone, and reaped."""
        if not self.exited:
            try:
                self.popen.send_signal(signal.SIGCONT)
                self.popen.kill()
            except ProcessLookupError:
                pass
        try:
            self.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self._reader.join(timeout=5)


class DrillServer(Process):
    """`chatapp-server --headless` on 127.0.0.1, its log lines timestamped."""

    def __init__(self, data_dir: Path, port: int, *flags: str, name: str = "server") -> None:
        super().__init__(
            [
                *server_command(),
                "--headless",
                "--host",
                LOOPBACK,
                "--port",
                str(port),
                "--data-dir",
                str(data_dir),
                *flags,
            ],
            name,
        )
        self.data_dir = data_dir
        self.port = port
        self.listening_at: float | None = None

    def wait_listening(self, qtbot) -> float:
        """Wait (Qt loop running) until it listens; returns when it said so."""

        def ready() -> bool:
            if self.exited:
                raise AssertionError(f"{self.name} exited early:\n{self.text()}")
            return any(LISTENING.search(line.text) for line in self.lines)

        qtbot.waitUntil(ready, timeout=START_TIMEOUT_MS)
        self.listening_at = next(line.t for line in self.lines if LISTENING.search(line.text))
        return self.listening_at

    def first(self, fragment: str) -> Line | None:
        return next((line for line in self.lines if fragment in line.text), None)


class DrillClientProcess(Process):
    """tests/e2e/drill_client.py; its JSON event lines parsed as they arrive."""

    def __init__(self, port: int, nick: str, *flags: str) -> None:
        super().__init__(
            [sys.executable, str(DRILL_CLIENT), "--port", str(port), "--nick", nick, *flags], nick
        )
        self.nick = nick

    def events(self, kind: str | None = None) -> list[dict]:
        found = []
        for line in list(self.lines):
            if not line.text.startswith("{"):
                continue  # a warning on stderr, say; kept in .lines for the report
            event = json.loads(line.text)
            if kind is None or event["event"] == kind:
                found.append(event)
        return found

    def count(self, kind: str) -> int:
        return sum(1 for line in list(self.lines) if line.text.startswith(f'{{"event": "{kind}"'))

    def done(self) -> dict | None:
        found = self.events("done")
        return found[0] if found else None

    def received_seqs(self) -> list[int]:
        return [event["seq"] for event in self.events("received")]

    def acked(self) -> dict[str, int]:
        """text -> seq for every acknowledgement it printed (checked consistent)."""
        seqs: dict[str, int] = {}
        for event in self.events("acked"):
            assert seqs.setdefault(event["text"], event["seq"]) == event["seq"], event
        return seqs


class ProcessPool:
    """Every child process of one test, so none outlives it, pass or fail."""

    def __init__(self) -> None:
        self.processes: list[Process] = []

    def add(self, process: Process) -> Process:
        self.processes.append(process)
        return process

    def tracebacks(self) -> list[str]:
        """Each Python traceback any of them printed, with the process's name."""
        found = []
        for process in self.processes:
            lines = [line.text for line in process.lines]
            for i, text in enumerate(lines):
                if text.startswith("Traceback"):
                    excerpt = [f"{process.name}:", text]
                    for following in lines[i + 1 :]:
                        excerpt.append(following)
                        if not following.startswith(" "):
                            break  # the exception's own line ends a traceback
                    found.append("\n".join(excerpt))
        return found

    def cleanup(self) -> None:
        for process in reversed(self.processes):
            process.cleanup()
        # For a post-mortem: DRILL_LOG_DIR=folder keeps every process's output.
        log_dir = os.environ.get("DRILL_LOG_DIR")
        if log_dir:
            Path(log_dir).mkdir(parents=True, exist_ok=True)
            for process in self.processes:
                (Path(log_dir) / f"{process.name}.log").write_text(process.text() + "\n")


def read_history(data_dir: Path) -> list[tuple[int, str, str, str, str]]:
    """(seq, sender, text, client_id, message_id) of every stored chat, by seq.

    The server holds the file with an exclusive lock: call after it has exited.
    """
    db = sqlite3.connect(data_dir / "history.sqlite3")
    try:
        return db.execute(
            "SELECT seq, sender, text, client_id, message_id FROM chats ORDER BY seq"
        ).fetchall()
    finally:
        db.close()


def tcp_states_on_port(port: int) -> dict[str, int]:
    """How many loopback TCP sockets with local port `port` are in each state."""
    import psutil

    counts: dict[str, int] = {}
    try:
        connections = psutil.net_connections(kind="tcp4")
    except psutil.AccessDenied:  # macOS without root
        return counts
    for conn in connections:
        if conn.laddr and conn.laddr.port == port and conn.laddr.ip == LOOPBACK:
            counts[conn.status] = counts.get(conn.status, 0) + 1
    return counts
