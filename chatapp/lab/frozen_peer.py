"""Lab 3, frozen and dead peers: what the kernel proves and what only the program can.

Two ends in this process: the sender (your program) and the peer. The sender
pings the peer with the application heartbeat (protocol/heartbeat.py, short
times) and can keep writing bulk data; the peer reads and answers pongs.
Frozen, the peer stops reading and answering, but its kernel still receives
and acknowledges: the sender's queue grows until the peer's receive window is
full (zero window) and the heartbeat turns late, then dead, while the kernel
states stay ESTABLISHED and TCP keepalive (on, with short times) still gets
its answers from the peer's kernel. Killed, the peer's kernel says so (FIN or
RST); vanished without a word (TCP_REPAIR, Linux and administrator rights),
the sender holds a half-open connection until its next segment is answered
with RST.

Wire format between the ends, lines: "PING <t>", "PONG <t>", "DATA xxx...".
"""

from __future__ import annotations

import errno
import socket
import time
from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from ..net.keepalive import KeepaliveSettings, enable_keepalive
from ..protocol.heartbeat import Heartbeat, Liveness, LivenessChanged, SendPing
from . import kernel_table
from .lab_sentences import bind_failed, connect_failed, not_an_address, numeric_address
from .socket_queues import receive_queue, send_queue

LOOPBACK = "127.0.0.1"
TCP_REPAIR = 19  # linux/tcp.h: a socket in repair mode closes without FIN or RST
HISTORY = 1200  # samples kept for the chart (a minute at 50 ms)
MAX_LINE = 1 << 20
STRANGERS_TOLERATED = 8  # other connections to the peer's listener before the lab gives up



@dataclass(frozen=True)
class FrozenPeerSettings:
    ping_interval: float = 0.5
    heartbeat_timeout: float = 3.0
    keepalive: KeepaliveSettings = KeepaliveSettings(idle=1, interval=1, count=3)
    send_buffer: int = 64 * 1024  # small buffers: the window fills in seconds, not minutes
    receive_buffer: int = 64 * 1024
    write_chunk: int = 1024  # bytes the sender adds per tick while writing
    tick_ms: int = 20
    sample_ms: int = 50


@dataclass(frozen=True)
class QueueSample:
    t: float  # seconds since the lab started
    sender_send_queue: int | None  # written, not yet acknowledged (SIOCOUTQ)
    peer_receive_queue: int | None  # arrived, not yet read by the frozen program (SIOCINQ)
    sender_state: str
    peer_state: str
    sender_probes_unanswered: int | None
    keepalive_timer_running: bool
    zero_window_probing: bool  # the sender's kernel probes a zero window instead
    writes_blocked: bool
    liveness: str
    silent_for: float  # seconds since the sender last sent or heard anything


class FrozenPeerLab(QObject):
    sample_taken = Signal(object)  # QueueSample
    liveness_changed = Signal(str, str)  # Liveness value, reason
    event_logged = Signal(str)
    problem = Signal(str)
    sender_closed = Signal(str)  # why the sender's connection ended, a sentence

    def __init__(self, parent: QObject | None = None,
                 settings: FrozenPeerSettings | None = None,
                 listen_host: str = LOOPBACK, connect_host: str = LOOPBACK) -> None:
        super().__init__(parent)
        self.settings = settings or FrozenPeerSettings()
        self.listen_host = listen_host
        self.connect_host = connect_host
        self.slow_motion = 1.0
        self.samples: deque[QueueSample] = deque(maxlen=HISTORY)
        self.events: deque[str] = deque(maxlen=HISTORY)
        self.frozen = False
        self.writing = False
        self.heartbeat: Heartbeat | None = None
        self.keepalive_probes_at_freeze: int | None = None
        self._t0 = time.monotonic()
        self._sender: socket.socket | None = None
        self._peer: socket.socket | None = None
        self._ports: tuple[int, int] = (0, 0)  # sender's local port, peer's local port
        self._outbox = bytearray()
        self._sender_inbox = bytearray()
        self._peer_inbox = bytearray()
        self._last_traffic = 0.0
        self._blocked = False
        self._tick = QTimer(self, interval=self.settings.tick_ms)
        self._tick.timeout.connect(self._on_tick_timeout)
        self._sampler = QTimer(self, interval=int(
            kernel_table.poll_interval_s(self.settings.sample_ms / 1000) * 1000))
        self._sampler.timeout.connect(self.sample)

    def now(self) -> float:
        return time.monotonic() - self._t0

    @property
    def connected(self) -> bool:
        return self._sender is not None

    @property
    def liveness(self) -> str:
        return self.heartbeat.liveness.value if self.heartbeat else "off"

    def set_slow_motion(self, factor: float) -> None:
        self.slow_motion = max(1.0, factor)

    # --- the lesson's actions --------------------------------------------------------------

    def start(self) -> bool:
        """A connected pair, keepalive on for the sender, the heartbeat running."""
        self.stop()
        listen_host, connect_host = (numeric_address(self.listen_host),
                                     numeric_address(self.connect_host))
        if listen_host is None or connect_host is None:
            self.problem.emit(not_an_address(self.connect_host if listen_host
                                             else self.listen_host))
            return False
        family = socket.AF_INET6 if ":" in listen_host else socket.AF_INET
        listener = socket.socket(family)
        try:
            listener.bind((listen_host, 0))
            listener.listen(1)
        except OSError as error:
            listener.close()
            self.problem.emit(bind_failed(error, listen_host, 0, False))
            return False
        port = listener.getsockname()[1]
        sender = socket.socket(socket.AF_INET6 if ":" in connect_host else socket.AF_INET)
        # Set before connecting: the window is agreed in the handshake.
        sender.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, self.settings.send_buffer)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self.settings.receive_buffer)
        sender.settimeout(2.0)
        try:
            sender.connect((connect_host, port))
            listener.settimeout(2.0)
            for _ in range(STRANGERS_TOLERATED):
                peer, address = listener.accept()
                if address[:2] == sender.getsockname()[:2]:
                    break
                peer.close()  # someone else was quicker: not the lab's own sender
            else:
                raise TimeoutError(errno.ETIMEDOUT, "the lab's own connection never came")
        except OSError as error:
            sender.close()
            self.problem.emit(connect_failed(error.errno or errno.ETIMEDOUT, connect_host, port))
            return False
        finally:
            listener.close()
        for sock in (sender, peer):
            sock.setblocking(False)
        enable_keepalive(sender.fileno(), self.settings.keepalive)
        self._sender, self._peer = sender, peer
        self._ports = (sender.getsockname()[1], peer.getsockname()[1])
        self._outbox.clear()
        self._sender_inbox.clear()
        self._peer_inbox.clear()
        self.frozen = False
        self._start_heartbeat()
        self._log(self.tr("Connected: sender port {0} → peer port {1}; keepalive on "
                          "({2}).").format(*self._ports, self.settings.keepalive.describe()))
        self._tick.start()
        self._sampler.start()
        return True

    def freeze(self) -> None:
        self.frozen = True
        self.keepalive_probes_at_freeze = kernel_table.keepalive_probes_sent()
        self._log(self.tr("Peer frozen: it stops reading and answering; its kernel still "
                          "receives and acknowledges."))

    def thaw(self) -> None:
        self.frozen = False
        self._log(self.tr("Peer thawed: it reads what waited and answers again."))
        dead = self.heartbeat is None or self.heartbeat.liveness is Liveness.DEAD
        if dead and self._sender is not None:
            self._start_heartbeat()

    def set_writing(self, writing: bool) -> None:
        self.writing = writing
        self._log(self.tr("The sender writes data non-stop.") if writing
                  else self.tr("The sender stops writing data (heartbeat pings only)."))

    def kill_peer(self, how: str) -> bool:
        """End the peer's program: "close" (close(); RST if data lies unread, else
        FIN), "abort" (RST via SO_LINGER {1, 0}) or "vanish" (no segment at all, as
        if its machine lost power; needs Linux and administrator rights)."""
        peer = self._peer
        if peer is None:
            self.problem.emit(self.tr("There is no peer to end: connect first."))
            return False
        unread = receive_queue(peer) or 0
        if how == "vanish":
            try:
                peer.setsockopt(socket.IPPROTO_TCP, TCP_REPAIR, 1)
            except OSError:
                self.problem.emit(self.tr(
                    "A vanished machine cannot be imitated here: it needs Linux and "
                    "administrator rights (TCP_REPAIR). On a real network, unplug the "
                    "peer's cable instead."))
                return False
            self._log(self.tr("Peer vanished: its socket is gone without FIN or RST; the sender "
                              "does not know and holds a half-open connection."))
        elif how == "abort":
            peer.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
            self._log(self.tr("Peer aborted: RST (SO_LINGER {1, 0})."))
        elif unread:
            self._log(self.tr("Peer closed with {0} bytes unread: the kernel sends RST, "
                              "not FIN.").format(unread))
        else:
            self._log(self.tr("Peer closed: FIN."))
        peer.close()
        self._peer = None
        return True

    def stop(self) -> None:
        self._tick.stop()
        self._sampler.stop()
        for sock in (self._sender, self._peer):
            if sock is not None:
                sock.close()
        self._sender = self._peer = None
        self.heartbeat = None
        self.writing = False

    # --- the two programs ------------------------------------------------------------------

    def _start_heartbeat(self) -> None:
        now = time.monotonic()
        self.heartbeat = Heartbeat(self.settings.ping_interval * self.slow_motion,
                                   self.settings.heartbeat_timeout * self.slow_motion, now)
        self._last_traffic = now
        self.liveness_changed.emit(Liveness.ALIVE.value, "")

    def _on_tick_timeout(self) -> None:
        now = time.monotonic()
        if self._peer is not None and not self.frozen:
            self._peer_turn()
        if self._sender is not None:
            self._sender_reads(now)
        if self._sender is not None:
            self._heartbeat_turn(now)
            self._sender_writes(now)

    def _peer_turn(self) -> None:
        assert self._peer is not None
        try:
            while chunk := self._peer.recv(65536):
                self._peer_inbox += chunk
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            return
        replies = bytearray()
        while (end := self._peer_inbox.find(b"\n")) >= 0:
            line = bytes(self._peer_inbox[:end])
            del self._peer_inbox[:end + 1]
            if line.startswith(b"PING "):
                replies += b"PONG " + line[5:] + b"\n"
        if len(self._peer_inbox) > MAX_LINE:
            self._peer_inbox.clear()
        if replies:
            try:
                self._peer.send(replies)
            except OSError:
                pass  # a pong lost on a full buffer: the next ping asks again

    def _sender_reads(self, now: float) -> None:
        assert self._sender is not None
        try:
            data = self._sender.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as error:
            self._sender_lost(self.tr("The sender's recv() failed: {0} — the peer's kernel "
                                      "answered with RST.").format(error.strerror or error))
            return
        if not data:
            self._sender_lost(self.tr("The sender read the end of the stream: the peer sent FIN."))
            return
        self._last_traffic = now
        change = self.heartbeat.heard(now) if self.heartbeat else None  # any byte is life
        if change:
            self._liveness(change)
        self._sender_inbox += data
        if len(self._sender_inbox) > MAX_LINE and b"\n" not in self._sender_inbox:
            self._sender_inbox.clear()  # no line is that long: not our peer's talk
        while (end := self._sender_inbox.find(b"\n")) >= 0:
            line = bytes(self._sender_inbox[:end])
            del self._sender_inbox[:end + 1]
            if self.heartbeat is not None and line.startswith(b"PONG "):
                try:
                    self.heartbeat.pong(float(line[5:]), now)
                except ValueError:
                    pass

    def _heartbeat_turn(self, now: float) -> None:
        heartbeat = self.heartbeat
        if heartbeat is None:
            return
        deadline = heartbeat.next_deadline()
        if deadline is None or now < deadline:
            return
        for action in heartbeat.handle_timer(now):
            if isinstance(action, SendPing):
                self._outbox += f"PING {action.t:.6f}\n".encode()
            elif isinstance(action, LivenessChanged):
                self._liveness(action)

    def _sender_writes(self, now: float) -> None:
        assert self._sender is not None
        if self.writing and len(self._outbox) < self.settings.write_chunk:
            size = max(16, round(self.settings.write_chunk / self.slow_motion))
            self._outbox += b"DATA " + b"x" * size + b"\n"
        if not self._outbox:
            self._blocked = False
            return
        try:
            sent = self._sender.send(self._outbox)
        except (BlockingIOError, InterruptedError):
            sent = 0
        except OSError as error:
            self._sender_lost(self.tr("The sender's send() failed: {0}.").format(
                error.strerror or error))
            return
        del self._outbox[:sent]
        if sent:
            self._last_traffic = now
        blocked = bool(self._outbox)
        if blocked != self._blocked:
            self._blocked = blocked
            self._log(self.tr("The sender's writes are blocked: its send buffer is full and the "
                              "peer advertises a zero window.") if blocked
                      else self.tr("The sender's writes go through again."))

    def _sender_lost(self, sentence: str) -> None:
        self._log(sentence)
        if self._sender is not None:
            self._sender.close()
        self._sender = None
        self.heartbeat = None
        self.sender_closed.emit(sentence)

    def _liveness(self, change: LivenessChanged) -> None:
        reason = change.reason
        if change.liveness is Liveness.DEAD:
            reason = self.tr("no answer for {0:g} s").format(self.heartbeat.timeout
                                                        if self.heartbeat else 0)
            self._log(self.tr("Heartbeat: the peer is DEAD ({0}). A real program would close "
                              "now; the lab keeps the connection to watch TCP alone.")
                      .format(reason))
        elif change.liveness is Liveness.LATE:
            self._log(self.tr("Heartbeat: the peer is LATE."))
        else:
            self._log(self.tr("Heartbeat: the peer answers again."))
        self.liveness_changed.emit(change.liveness.value, reason)

    # --- what the page shows ---------------------------------------------------------------

    def sample(self) -> QueueSample:
        entries = kernel_table.read_table()
        sender_port, peer_port = self._ports
        mine = kernel_table.find(entries, sender_port, peer_port)
        theirs = kernel_table.find(entries, peer_port, sender_port)
        sender_queue = send_queue(self._sender) if self._sender else None
        peer_queue = receive_queue(self._peer) if self._peer else None
        sample = QueueSample(
            t=self.now(),
            sender_send_queue=sender_queue if sender_queue is not None
            else (mine.send_queue if mine else None),
            peer_receive_queue=peer_queue if peer_queue is not None
            else (theirs.receive_queue if theirs else None),
            sender_state=mine.state if mine else kernel_table.GONE,
            peer_state=theirs.state if theirs else kernel_table.GONE,
            sender_probes_unanswered=mine.probes_unanswered if mine else None,
            keepalive_timer_running=bool(mine and mine.timer == kernel_table.TIMER_KEEPALIVE),
            zero_window_probing=bool(
                mine and mine.timer == kernel_table.TIMER_ZERO_WINDOW_PROBE),
            writes_blocked=self._blocked,
            liveness=self.liveness,
            silent_for=time.monotonic() - self._last_traffic,
        )
        self.samples.append(sample)
        self.sample_taken.emit(sample)
        return sample

    def keepalive_probes_since_freeze(self) -> int | None:
        now = kernel_table.keepalive_probes_sent()
        if now is None or self.keepalive_probes_at_freeze is None:
            return None
        return now - self.keepalive_probes_at_freeze

    def _log(self, text: str) -> None:
        line = f"{self.now():7.2f} s  {text}"
        self.events.append(line)
        self.event_logged.emit(line)
