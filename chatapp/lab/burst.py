"""The sticky-packets lab's scenario: a burst of small messages over a real TCP connection.

A sender writes N messages (each framed as chosen) with Nagle's algorithm on
or off (TCP_NODELAY) and a delay between them; a receiver reads them with
plain recv() calls and records each read as it came. Whether messages merge
(粘包) or split (拆包) is the kernel's doing, not the program's:

- with Nagle on, small writes wait for the previous one's ACK and leave together;
- a receiver that reads late finds several messages waiting in its receive
  buffer and gets them in one read (the reliable way to see merging on loopback);
- a large message arrives in several reads, each at most READ_SIZE bytes and
  whatever the kernel had at that moment.

Blocking Python sockets on worker threads, no widgets: the page turns the
callbacks into Qt signals, the tests call run() and look at the reads. Every
wait polls `stop` so stop() returns within a fraction of a second.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .framing import FramingError, burst_messages, make_framer
from .sentences import fill, translate

MAX_MESSAGES = 1000
MAX_MESSAGE_BYTES = 1 << 20  # one 1 MiB message shows a split into many reads
MAX_TOTAL_BYTES = 8 << 20  # a burst never costs more than this in memory
MAX_DELAY_MS = 2000
MAX_PAUSE_MS = 10_000
READ_SIZE = 64 * 1024  # the receiver's recv() size
POLL_S = 0.05  # how often a wait looks at `stop`
PEER_WAIT_S = 30.0  # how long a side waits for the other before giving up
SETTLE_S = 0.2  # "all arrived": the receive buffer stopped growing for this long
LOOPBACK = "127.0.0.1"
HOSTILE_HEADER = b"\xff" * 4


@dataclass(frozen=True)
class BurstPlan:
    count: int = 10
    size: int = 12  # payload bytes per message
    delay_ms: float = 0.0  # between two sends
    nagle: bool = True
    pause_ms: float = 0.0  # the receiver waits this long before its first read
    read_when_all_arrived: bool = False  # ... or until the whole burst is in its buffer
    framing: str = "length"
    # A hostile sender: the stream starts with ff ff ff ff, a length header of 4 GiB.
    hostile_header: bool = False

    def problem(self) -> str | None:
        """Why this plan cannot run, as a sentence, or None."""
        if not 1 <= self.count <= MAX_MESSAGES:
            return fill(translate("Burst", "Send between 1 and %1 messages."), MAX_MESSAGES)
        if not 1 <= self.size <= MAX_MESSAGE_BYTES:
            return fill(
                translate("Burst", "A message has between 1 and %1 bytes."), MAX_MESSAGE_BYTES
            )
        if self.count * self.size > MAX_TOTAL_BYTES:
            return fill(
                translate("Burst", "A burst sends at most %1 MiB in all."),
                MAX_TOTAL_BYTES // (1 << 20),
            )
        if not 0 <= self.delay_ms <= MAX_DELAY_MS or not 0 <= self.pause_ms <= MAX_PAUSE_MS:
            return fill(translate("Burst", "Delays go from 0 to a few seconds."))
        return None

    def slowed(self, factor: float) -> BurstPlan:
        """The same burst with the lab's own delays stretched (slow motion)."""
        return replace(self, delay_ms=self.delay_ms * factor, pause_ms=self.pause_ms * factor)

    def wire_messages(self) -> list[bytes]:
        framer = make_framer(self.framing, self.size)
        return [framer.encode(message) for message in burst_messages(self.count, self.size)]

    def wire_size(self) -> int:
        """Every byte the sender writes, the hostile header included."""
        extra = len(HOSTILE_HEADER) if self.hostile_header else 0
        return extra + sum(len(wire) for wire in self.wire_messages())


@dataclass(frozen=True)
class Read:
    index: int  # 0 for the first read
    at: float  # seconds since the connection was accepted
    offset: int  # stream offset of the read's first byte
    data: bytes


@dataclass
class BurstResult:
    reads: list[Read] = field(default_factory=list)
    sent: int = 0  # messages written by the sender
    sent_bytes: int = 0
    error: str | None = None

    @property
    def received_bytes(self) -> int:
        return sum(len(read.data) for read in self.reads)


def socket_error_sentence(error: OSError, what: str) -> str:
    """ "Could not <what>: <the system's reason>." (what is already translated)."""
    return fill(translate("Burst", "Could not %1: %2."), what, error.strerror or str(error))


class BurstRun:
    """One burst. role "both" runs receiver and sender here (loopback by default);
    "receive" only listens on `listen` (another machine sends); "send" only
    connects to `target` (another machine receives)."""

    def __init__(
        self,
        plan: BurstPlan,
        *,
        role: str = "both",
        listen: tuple[str, int] = (LOOPBACK, 0),
        target: tuple[str, int] | None = None,
        on_read: Callable[[Read], None] | None = None,
        on_sent: Callable[[int], None] | None = None,
        on_finished: Callable[[BurstResult], None] | None = None,
    ) -> None:
        problem = plan.problem()
        if problem:
            raise ValueError(problem)
        self.plan = plan
        self.role = role
        self.listen_address = listen
        self.target = target
        self.result = BurstResult()
        self._on_read = on_read or (lambda _read: None)
        self._on_sent = on_sent or (lambda _count: None)
        self._on_finished = on_finished or (lambda _result: None)
        self._stop = threading.Event()
        self._done = threading.Event()
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.port = 0

    # --- control ----------------------------------------------------------------

    def start(self) -> str | None:
        """Listen (when receiving) and start the worker; a sentence if it cannot."""
        if self.role in ("both", "receive"):
            try:
                listener = socket.create_server(self.listen_address, backlog=1)
            except OSError as error:
                host, port = self.listen_address
                return socket_error_sentence(
                    error, fill(translate("Burst", "listen on %1 port %2"), host, port)
                )
            listener.settimeout(POLL_S)
            self._listener = listener
            self.port = listener.getsockname()[1]
        if self.role == "send" and self.target is None:
            return fill(translate("Burst", "Say which address and port to send to."))
        self._thread = threading.Thread(target=self._work, name="burst-lab", daemon=True)
        self._thread.start()
        return None

    def wait(self, timeout: float) -> bool:
        return self._done.wait(timeout)

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    def stop(self) -> None:
        """Close every socket and end the worker (returns within about POLL_S)."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)
        self._close_all()

    # --- the worker ---------------------------------------------------------------

    def _work(self) -> None:
        try:
            if self.role == "both":
                receiver = threading.Thread(target=self._receive_guarded, name="burst-receiver")
                receiver.start()
                host = self.listen_address[0]
                self._send((LOOPBACK if host in ("", "0.0.0.0") else host, self.port))
                receiver.join()
            elif self.role == "receive":
                self._receive_guarded()
            else:
                assert self.target is not None
                self._send(self.target)
        except OSError as error:
            self._fail(
                socket_error_sentence(error, fill(translate("Burst", "carry out the burst")))
            )
        finally:
            self._close_all()
            self._done.set()
            self._on_finished(self.result)

    def _fail(self, sentence: str) -> None:
        if self.result.error is None and not self._stop.is_set():
            self.result.error = sentence

    def _keep(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self._sockets.append(sock)
        return sock

    def _close_all(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, []
            listener, self._listener = self._listener, None
        for sock in [*sockets, *([listener] if listener else [])]:
            try:
                sock.close()
            except OSError:
                pass

    def _send(self, target: tuple[str, int]) -> None:
        try:
            messages = self.plan.wire_messages()
        except FramingError as error:
            self._fail(str(error))
            return
        try:
            sock = self._keep(socket.create_connection(target, timeout=PEER_WAIT_S))
        except OSError as error:
            where = fill(translate("Burst", "connect to %1 port %2"), target[0], target[1])
            self._fail(socket_error_sentence(error, where))
            return
        # Nagle's algorithm is on unless TCP_NODELAY turns it off.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 0 if self.plan.nagle else 1)
        delay = self.plan.delay_ms / 1000
        if self.plan.hostile_header:
            sock.sendall(HOSTILE_HEADER)
            self.result.sent_bytes += len(HOSTILE_HEADER)
        for number, wire in enumerate(messages, 1):
            if self._stop.is_set():
                return
            try:
                sock.sendall(wire)
            except OSError as error:
                self._fail(socket_error_sentence(error, fill(translate("Burst", "send the burst"))))
                return
            self.result.sent = number
            self.result.sent_bytes += len(wire)
            self._on_sent(number)
            if delay and number < len(messages) and self._stop.wait(delay):
                return
        sock.shutdown(socket.SHUT_WR)  # FIN: the receiver's last recv() returns b""

    def _receive_guarded(self) -> None:
        try:
            self._receive()
        except OSError as error:
            self._fail(socket_error_sentence(error, fill(translate("Burst", "receive the burst"))))

    def _receive(self) -> None:
        listener = self._listener
        assert listener is not None
        deadline = time.monotonic() + PEER_WAIT_S
        while True:
            if self._stop.is_set():
                return
            try:
                conn, _peer = listener.accept()
                break
            except TimeoutError:
                if time.monotonic() > deadline:
                    self._fail(
                        fill(translate("Burst", "No sender connected within half a minute."))
                    )
                    return
        self._keep(conn)
        conn.settimeout(POLL_S)
        accepted = time.monotonic()
        if not self._wait_before_reading(conn):
            return
        offset = 0
        while not self._stop.is_set():
            try:
                data = conn.recv(READ_SIZE)
            except TimeoutError:
                if time.monotonic() - accepted > PEER_WAIT_S:
                    self._fail(
                        fill(
                            translate(
                                "Burst", "The sender stopped sending before the end of the burst."
                            )
                        )
                    )
                    return
                continue
            if not data:
                return
            read = Read(len(self.result.reads), time.monotonic() - accepted, offset, data)
            offset += len(data)
            self.result.reads.append(read)
            self._on_read(read)

    def _wait_before_reading(self, conn: socket.socket) -> bool:
        """The receiver's pause, during which the kernel keeps queueing what arrives."""
        if self._stop.wait(self.plan.pause_ms / 1000):
            return False
        if not self.plan.read_when_all_arrived:
            return True
        expected = self.plan.wire_size()
        waiting, since, last_change = 0, time.monotonic(), time.monotonic()
        while not self._stop.is_set():
            queued = waiting_bytes(conn, expected)
            now = time.monotonic()
            if queued != waiting:
                waiting, last_change = queued, now
            # All there, or the receive buffer is full (it stopped growing), or no sender.
            if queued >= expected or (queued and now - last_change > SETTLE_S):
                return True
            if now - since > PEER_WAIT_S:
                return True
            self._stop.wait(POLL_S / 5)
        return False


def waiting_bytes(conn: socket.socket, at_most: int) -> int:
    """How many bytes wait in the socket's receive buffer (peeked, not read)."""
    try:
        return len(conn.recv(max(1, at_most), socket.MSG_PEEK | socket.MSG_DONTWAIT))
    except (BlockingIOError, TimeoutError):
        return 0
    except AttributeError:  # no MSG_DONTWAIT (Windows): the socket's short timeout bounds it
        try:
            return len(conn.recv(max(1, at_most), socket.MSG_PEEK))
        except TimeoutError:
            return 0
