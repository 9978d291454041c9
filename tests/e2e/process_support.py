"""End-to-end helpers: a real server process and netcat-like peers."""

from __future__ import annotations

import re
import socket
import subprocess
import threading
from pathlib import Path

from shared_support import LOOPBACK, server_command

__all__ = ["LOOPBACK", "RawLinePeer", "ServerProcess", "server_command"]

LISTENING_LINE = re.compile(rb"listening on (\S+):(\d+)")


class ServerProcess:
    def __init__(self, data_dir: Path, *extra: str, port: int = 0) -> None:
        self.process = subprocess.Popen(
            [*server_command(), "--headless", "--host", LOOPBACK, "--port", str(port),
             "--data-dir", str(data_dir), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        assert self.process.stdout is not None
        self.output: list[bytes] = []
        for line in self.process.stdout:  # the first lines, until it says where it listens
            self.output.append(line)
            match = LISTENING_LINE.search(line)
            if match:
                self.port = int(match.group(2))
                # Keep draining its log, or a chatty server blocks on a full pipe.
                threading.Thread(target=self._drain, daemon=True).start()
                return
        raise RuntimeError(f"server did not start: {b''.join(self.output)!r}")

    def _drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class RawLinePeer:
    """A plain TCP socket that types lines, as `nc host port` would.

    Non-blocking, so tests poll it with qtbot.waitUntil while Qt's loop runs.
    """

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection((LOOPBACK, port), timeout=5)
        self.sock.setblocking(False)
        self.received = b""

    def type_line(self, text: str) -> None:
        self.sock.sendall(text.encode("utf-8") + b"\n")

    def lines(self) -> list[str]:
        try:
            while chunk := self.sock.recv(65536):
                self.received += chunk
        except BlockingIOError:
            pass
        return self.received.decode("utf-8", errors="replace").splitlines()

    def saw(self, fragment: str) -> bool:
        return any(fragment in line for line in self.lines())

    def close(self) -> None:
        self.sock.close()
