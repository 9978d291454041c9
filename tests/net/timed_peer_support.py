"""A raw socket peer that notes when each line arrived (not a test module)."""

from __future__ import annotations

import json
import select
import socket
import threading
import time

from net_support import LOOPBACK

from chatapp.protocol import Auth, Hello, Resume, Say, encode_message
from chatapp.protocol.auth import answer_challenge


class TimedPeer:
    """Read only when select() says so, so Qt's loop keeps running while a test
    polls it (the socket itself stays blocking: a Flooder thread may write)."""

    def __init__(self, port: int, source: str = LOOPBACK) -> None:
        self.sock = socket.socket()
        self.sock.bind((source, 0))
        self.sock.connect((LOOPBACK, port))
        self._partial = b""
        self.lines: list[tuple[float, bytes]] = []  # (time.monotonic() read, line)
        self.closed = False

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def poll(self) -> None:
        if self.closed:
            return
        try:
            while select.select([self.sock], [], [], 0)[0]:
                chunk = self.sock.recv(65536)
                if not chunk:
                    self.closed = True
                    return
                now = time.monotonic()
                *complete, self._partial = (self._partial + chunk).split(b"\n")
                self.lines += [(now, line) for line in complete]
        except (OSError, ValueError):  # reset, or closed on our side
            self.closed = True

    def frames(self) -> list[tuple[float, dict]]:
        self.poll()
        return [(at, json.loads(line)) for at, line in self.lines if line.startswith(b"{")]

    def texts(self) -> list[str]:
        self.poll()
        return [line.decode("utf-8", "replace") for _, line in self.lines]

    def first(self, kind: str, code: str | None = None) -> tuple[float, dict] | None:
        for at, frame in self.frames():
            if frame.get("type") == kind and (code is None or frame.get("code") == code):
                return at, frame
        return None

    def wait_for(self, qtbot, kind: str, code: str | None = None, timeout: int = 5000):
        qtbot.waitUntil(lambda: self.first(kind, code) is not None, timeout=timeout)
        return self.first(kind, code)

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)  # wakes a Flooder blocked in sendall
        except OSError:
            pass
        self.sock.close()


def hello_bytes(nick: str, resume: Resume | None = None) -> bytes:
    return encode_message(Hello(nick, resume=resume))


def auth_bytes(password: str, nonce: str) -> bytes:
    return encode_message(Auth(answer_challenge(password, nonce)))


def say_bytes(message_id: str, text: str) -> bytes:
    return encode_message(Say(message_id, text))


class Flooder(threading.Thread):
    """Writes `line` as fast as the socket takes it, until the server closes
    the connection or stop() (a thread: a blocked sendall must not stop Qt)."""

    def __init__(self, sock: socket.socket, line: bytes, copies: int = 4096) -> None:
        super().__init__(daemon=True)
        self.sock = sock
        self.block = line * copies
        self.lines_per_block = copies
        self.lines_sent = 0
        self.started_at = 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        self.started_at = time.monotonic()
        while not self._stop_event.is_set():
            try:
                self.sock.sendall(self.block)
            except OSError:
                return  # reset by the server (or shut down by stop())
            self.lines_sent += self.lines_per_block

    def stop(self) -> None:
        self._stop_event.set()
        try:
            self.sock.shutdown(socket.SHUT_WR)  # wakes a blocked sendall
        except OSError:
            pass
        self.join(timeout=5)
