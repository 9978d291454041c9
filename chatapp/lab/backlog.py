"""The accept-backlog lab's scenario: a listener that stops calling accept().

The three-way handshake is the kernel's work, not the program's: a client's
connect() succeeds as soon as the listener's kernel has answered, and the new
connection waits in the listener's accept queue until the program calls
accept(). The queue is bounded by listen()'s backlog (Linux holds backlog + 1);
once it is full, the listener's kernel drops further SYNs, and those clients
stay in SYN_SENT, retrying, until a place frees up or they give up.

Non-blocking Python sockets, polled (poll() is cheap: one select over at most
MAX_CLIENTS sockets); no threads, no widgets. The page polls on a timer and
shows each client's stage and the kernel's state of both ends.
"""

from __future__ import annotations

import errno
import os
import select
import socket
import time
from dataclasses import dataclass
from enum import Enum

from ..net.tcp_state import KernelSocket
from .sentences import fill, translate

MAX_CLIENTS = 20
MAX_BACKLOG = 10
LOOPBACK = "127.0.0.1"
GIVE_UP_S = 20.0  # a client still in SYN_SENT after this long stops trying


class Stage(Enum):
    CONNECTING = "connecting"  # SYN sent, no answer: the queue is full, the SYN was dropped
    QUEUED = "queued"  # handshake done by the kernel; waiting in the accept queue
    ACCEPTED = "accepted"  # the program took it with accept()
    FAILED = "failed"  # refused or reset
    GAVE_UP = "gave up"  # never answered within GIVE_UP_S


@dataclass
class Client:
    number: int  # 1 for the first client
    sock: socket.socket | None
    local_port: int
    started: float
    stage: Stage = Stage.CONNECTING
    connected_after: float | None = None  # seconds from connect() to the handshake's end
    problem: str = ""


@dataclass(frozen=True)
class KernelView:
    client_state: str | None  # the client end's TCP state, None when the kernel has none
    server_state: str | None  # the listener side's socket for this client


class BacklogLab:
    def __init__(
        self, backlog: int, host: str = LOOPBACK, port: int = 0, give_up_s: float = GIVE_UP_S
    ) -> None:
        if not 0 <= backlog <= MAX_BACKLOG:
            raise ValueError(
                fill(
                    translate("Backlog", "The backlog goes from 0 to %1 in this lab."), MAX_BACKLOG
                )
            )
        self.backlog = backlog
        self.host = host
        self.requested_port = port
        self.give_up_s = give_up_s
        self.port = 0
        self.clients: list[Client] = []
        self._listener: socket.socket | None = None
        self._accepted: list[socket.socket] = []

    @property
    def listening(self) -> bool:
        return self._listener is not None

    def start(self) -> str | None:
        """Listen with the chosen backlog and never accept by itself; a sentence on failure."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.bind((self.host, self.requested_port))
            listener.listen(self.backlog)
        except OSError as error:
            listener.close()
            reason = error.strerror or str(error)
            return fill(
                translate("Backlog", "Could not listen on %1 port %2: %3."),
                self.host,
                self.requested_port,
                reason,
            )
        listener.setblocking(False)
        self._listener = listener
        self.port = listener.getsockname()[1]
        return None

    def add_client(self, now: float | None = None) -> Client | str:
        """One more client calls connect(); a sentence when the lab has enough of them."""
        if self._listener is None:
            return fill(translate("Backlog", "Start the listener first."))
        if len(self.clients) >= MAX_CLIENTS:
            return fill(translate("Backlog", "This lab stops at %1 clients."), MAX_CLIENTS)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        target = LOOPBACK if self.host in ("", "0.0.0.0") else self.host
        code = sock.connect_ex((target, self.port))
        client = Client(
            len(self.clients) + 1,
            sock,
            sock.getsockname()[1],
            time.monotonic() if now is None else now,
        )
        if code not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN):
            self._finish(client, Stage.FAILED, os.strerror(code))
        self.clients.append(client)
        return client

    def poll(self, now: float | None = None) -> list[Client]:
        """Bring every client's stage up to date; returns the clients."""
        now = time.monotonic() if now is None else now
        pending = [c for c in self.clients if c.stage is Stage.CONNECTING and c.sock is not None]
        if pending:
            socks = [c.sock for c in pending]
            _r, writable, failed = select.select([], socks, socks, 0)
            for client in pending:
                if client.sock in writable or client.sock in failed:
                    assert client.sock is not None
                    code = client.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    if code == 0:
                        client.stage = Stage.QUEUED
                        client.connected_after = now - client.started
                    else:
                        self._finish(client, Stage.FAILED, os.strerror(code))
                elif now - client.started > self.give_up_s:
                    self._finish(client, Stage.GAVE_UP, "")
        return self.clients

    def accept_one(self, now: float | None = None) -> Client | None:
        """The program calls accept() once: the oldest queued connection, or None."""
        if self._listener is None:
            return None
        self.poll(now)
        try:
            conn, peer = self._listener.accept()
        except (BlockingIOError, InterruptedError):
            return None
        self._accepted.append(conn)
        for client in self.clients:
            if client.local_port == peer[1]:
                client.stage = Stage.ACCEPTED
                return client
        return None

    def queued(self) -> int:
        return sum(1 for c in self.clients if c.stage is Stage.QUEUED)

    def kernel_view(self, sockets: list[KernelSocket]) -> dict[int, KernelView]:
        """Each client's two ends as the kernel lists them (kernel_sockets.kernel_sockets())."""
        views = {}
        for client in self.clients:
            client_state = server_state = None
            for sock in sockets:
                if sock.local_port == client.local_port and sock.peer_port == self.port:
                    client_state = sock.status
                elif sock.local_port == self.port and sock.peer_port == client.local_port:
                    server_state = sock.status
            views[client.number] = KernelView(client_state, server_state)
        return views

    def listener_state(self, sockets: list[KernelSocket]) -> str | None:
        for sock in sockets:
            if sock.local_port == self.port and not sock.peer_port:
                return sock.status
        return None

    def _finish(self, client: Client, stage: Stage, problem: str) -> None:
        client.stage, client.problem = stage, problem
        if client.sock is not None:
            client.sock.close()
            client.sock = None

    def stop(self) -> None:
        """Close every client, accepted connection and the listener."""
        for client in self.clients:
            if client.sock is not None:
                client.sock.close()
                client.sock = None
        for conn in self._accepted:
            conn.close()
        self._accepted.clear()
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def open_sockets(self) -> int:
        """How many sockets the lab still holds (0 once stopped)."""
        return (
            sum(1 for c in self.clients if c.sock is not None)
            + len(self._accepted)
            + (1 if self._listener is not None else 0)
        )
