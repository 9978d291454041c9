"""A peer that speaks the protocol by hand over a plain socket (not a test module)."""

from __future__ import annotations

import json
import socket

from net_support import LOOPBACK, WAIT_MS


def hello_line(nick: str) -> bytes:
    return json.dumps({"type": "hello", "v": 1, "nick": nick}).encode() + b"\n"


class RawPeer:
    """A non-blocking socket that speaks the protocol by hand."""

    def __init__(self, port: int, first_line: bytes) -> None:
        self.sock = socket.create_connection((LOOPBACK, port), timeout=5)
        self.sock.setblocking(False)
        self.buffer = b""
        self.sock.sendall(first_line)

    def send(self, obj: dict) -> None:
        self.sock.sendall(json.dumps(obj).encode() + b"\n")

    def lines(self) -> list[bytes]:
        try:
            while chunk := self.sock.recv(65536):
                self.buffer += chunk
        except BlockingIOError:
            pass
        return self.buffer.splitlines()

    def frames(self) -> list[dict]:
        return [json.loads(line) for line in self.lines()]

    def close(self) -> None:
        self.sock.close()


def welcomed_json_peer(qtbot, port: int, nick: str) -> RawPeer:
    """A JSON peer that said hello as `nick` and has its welcome."""
    peer = RawPeer(port, hello_line(nick))
    try:
        qtbot.waitUntil(lambda: any(f["type"] == "welcome" for f in peer.frames()), timeout=WAIT_MS)
    except BaseException:
        peer.close()
        raise
    return peer
