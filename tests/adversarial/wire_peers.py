"""Hand-driven peers for the adversarial tests: JSON frames or netcat lines over
plain non-blocking sockets, optionally from another loopback source address
(127.0.0.2 ... on Linux), polled with qtbot.waitUntil. Not a test module."""

from __future__ import annotations

import json
import socket

from shared_support import LOOPBACK


class WirePeer:
    def __init__(self, port: int, source: str = LOOPBACK) -> None:
        self.sock = socket.socket()
        self.sock.bind((source, 0))
        self.sock.settimeout(5)
        self.sock.connect((LOOPBACK, port))
        self.sock.setblocking(False)
        self.received = b""
        self.closed = False

    def send_bytes(self, data: bytes) -> None:
        self.sock.setblocking(True)
        try:
            self.sock.sendall(data)
        finally:
            self.sock.setblocking(False)

    def send(self, *frames: dict) -> None:
        """Frames in ONE write (pipelined)."""
        self.send_bytes(b"".join(json.dumps(f).encode() + b"\n" for f in frames))

    def type_lines(self, *lines: str) -> None:
        self.send_bytes(b"".join(line.encode() + b"\n" for line in lines))

    def poll(self) -> None:
        try:
            while chunk := self.sock.recv(1 << 20):
                self.received += chunk
            self.closed = True
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            self.closed = True

    def lines(self) -> list[str]:
        self.poll()
        return self.received.decode("utf-8", "replace").splitlines()

    def frames(self) -> list[dict]:
        out = []
        for line in self.lines():
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
        return out

    def of_type(self, kind: str) -> list[dict]:
        return [f for f in self.frames() if f.get("type") == kind]

    def codes(self) -> list[str]:
        return [f.get("code", "") for f in self.of_type("error")]

    def close(self) -> None:
        self.sock.close()


def hello(nick: str, **extra) -> dict:
    return {"type": "hello", "v": 1, "nick": nick, "client": "adversary", **extra}
