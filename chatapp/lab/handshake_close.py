"""Lab 2, the handshake and the close, with real sockets and the kernel's own states.

A listener (socket, bind, listen, accept) and a client (socket, connect) in
this process, by default on loopback. Every call is logged on its end's lane;
the kernel's TCP state of each end is read every SAMPLE_MS from the kernel's
table (kernel_table.py), and each change is logged too. The segments between
the ends (SYN, FIN, ACK, RST) are inferred from the calls and from the states
they cause: the lab does not capture packets.

Plain socket() + bind() throughout, so SO_REUSEADDR is set only when the lab
says so (Python's socket.create_server and Qt's QTcpServer set it themselves).
"""

from __future__ import annotations

import errno
import select
import socket
import sys
import time
from collections import deque
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from . import kernel_table
from .lab_script import LabScript
from .lab_sentences import bind_failed, connect_failed, not_an_address, numeric_address
from .lab_sockets import abort_quietly, fill_until_blocked, tcp_socket
from .lane_events import CLIENT, SERVER, EventKind, LaneEvent
from .segment_inference import backlog_hold_seconds, segments_after
from .socket_queues import receive_queue

LOOPBACK = "127.0.0.1"
SAMPLE_MS = 10
LISTEN_BACKLOG = 8
# Linux holds TIME_WAIT for TCP_TIMEWAIT_LEN, fixed at 60 s; other systems differ.
TIME_WAIT_S = 60.0 if sys.platform.startswith("linux") else None
MAX_EVENTS = 2000  # a peer flooding the listener must not grow the lab without bound
IN_PROGRESS = (errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY, 10035)



@dataclass
class _Watch:
    """One end of one connection, followed in the kernel's table until it is gone."""
    end: str
    local: tuple[str, int]
    peer: tuple[str, int]
    connection: int  # 1 for the lab's first connection, 2 for the next...
    state: str | None = None
    since: float = 0.0  # when the kernel was first seen in `state`


class HandshakeCloseLab(QObject):
    event_added = Signal(object)  # LaneEvent
    state_changed = Signal(str, str)  # end, the kernel state of the current connection's end
    problem = Signal(str)  # a sentence for the page
    data_read = Signal(str, bytes)  # end, the bytes one recv() returned (b"" = end of stream)

    def __init__(self, parent: QObject | None = None, listen_host: str = LOOPBACK,
                 connect_host: str = LOOPBACK, port: int = 0) -> None:
        super().__init__(parent)
        self.listen_host = listen_host
        self.connect_host = connect_host
        self.port = port  # 0: any free port, then the one bind() got
        self.auto_accept = True
        self.events: deque[LaneEvent] = deque(maxlen=MAX_EVENTS)
        self.script = LabScript(self)
        self.script.stalled.connect(self._on_script_stalled)
        self._t0 = time.monotonic()
        self._listener: socket.socket | None = None
        self._sockets: dict[str, socket.socket] = {}
        self._connecting = False
        self._at_eof: set[str] = set()
        self._not_reading: set[str] = set()
        self._draining = False  # reads are counted, not drawn one by one
        self._drained: dict[str, int] = {}
        self._fin_sent: set[str] = set()
        self._watches: list[_Watch] = []
        self._connections = 0
        self._placeholder: socket.socket | None = None
        self._sampled_at = 0.0  # monotonic time of the last read of the kernel's table
        self._timer = QTimer(self, interval=SAMPLE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def now(self) -> float:
        return time.monotonic() - self._t0

    def set_slow_motion(self, factor: float) -> None:
        self.script.slow_motion = max(1.0, factor)

    @property
    def listening(self) -> bool:
        return self._listener is not None

    def connected(self, end: str) -> bool:
        return end in self._sockets and not (end == CLIENT and self._connecting)

    def state(self, end: str) -> str | None:
        """The kernel state of `end` of the newest connection (None before any)."""
        watch = self._current(end)
        return watch.state if watch else None

    def local_port(self, end: str) -> int | None:
        watch = self._current(end)
        return watch.local[1] if watch else None

    def time_waits(self) -> list[tuple[str, int, float]]:
        """(end, local port, seconds in TIME_WAIT so far) for each entry in TIME_WAIT."""
        now = self.now()
        return [(w.end, w.local[1], now - w.since) for w in self._watches
                if w.state == "TIME_WAIT"]

    def listen(self, reuse_address: bool = True) -> bool:
        host = numeric_address(self.listen_host)
        if host is None:
            self.problem.emit(not_an_address(self.listen_host))
            return False
        sock = tcp_socket(host, small_buffers=True)
        self._log(EventKind.CALL, SERVER, "socket()")
        if reuse_address:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self._log(EventKind.CALL, SERVER, "setsockopt(SO_REUSEADDR, 1)")
        try:
            sock.bind((host, self.port))
        except OSError as error:
            sock.close()
            code = errno.errorcode.get(error.errno or 0, str(error))
            self._log(EventKind.CALL, SERVER, f"bind({host}:{self.port}) → {code}")
            held = kernel_table.time_wait_holds(self.port)
            self._fail(SERVER, bind_failed(error, host, self.port, held))
            return False
        self.port = sock.getsockname()[1]
        self._log(EventKind.CALL, SERVER, f"bind({host}:{self.port})")
        sock.listen(LISTEN_BACKLOG)
        sock.setblocking(False)
        self._listener = sock
        self._log(EventKind.CALL, SERVER, "listen()")
        self._log(EventKind.STATE, SERVER, "LISTEN")
        self._timer.start()
        return True

    def close_listener(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
            self._log(EventKind.CALL, SERVER, self.tr("close() the listener"))

    def restart_listener(self, reuse_address: bool) -> bool:
        """A server restarting: the old listener closes, a new one binds the same port."""
        self.close_listener()
        return self.listen(reuse_address)

    def accept(self) -> bool:
        if self._listener is None:
            self.problem.emit(self.tr("Nothing listens yet: start the listener first."))
            return False
        try:
            conn, peer = self._listener.accept()
        except (BlockingIOError, InterruptedError):
            return False
        conn.setblocking(False)
        self._drop(SERVER)
        self._sockets[SERVER] = conn
        self._log(EventKind.CALL, SERVER, f"accept() → {peer[0]}:{peer[1]}")
        if self._current(SERVER) is None or self._current(SERVER).peer[1] != peer[1]:
            self._follow(SERVER, conn.getsockname()[:2], peer[:2])
        return True

    def connect(self, hold_handshake: bool = False) -> bool:
        """Start a non-blocking connect. With `hold_handshake` the listener's accept
        queue is first filled, so the kernel drops the SYN and the client stays in
        SYN_SENT until the queue has room and the SYN is sent again."""
        host = numeric_address(self.connect_host)
        if host is None:
            self.problem.emit(not_an_address(self.connect_host))
            return False
        self._drop(CLIENT)
        self._drop(SERVER)
        if hold_handshake and self._listener is not None:
            self._fill_backlog()
        sock = tcp_socket(host, small_buffers=True)
        sock.setblocking(False)
        self._log(EventKind.CALL, CLIENT, "socket()")
        code = sock.connect_ex((host, self.port))
        if code not in (0, *IN_PROGRESS):
            sock.close()
            self._fail(CLIENT, connect_failed(code, host, self.port))
            return False
        self._sockets[CLIENT] = sock
        self._connecting = True
        self._connections += 1
        local = sock.getsockname()[:2]
        self._log(EventKind.CALL, CLIENT, f"connect({host}:{self.port})")
        self._log(EventKind.SEGMENT, CLIENT, "SYN")
        self._follow(CLIENT, local, (host, self.port))
        self._follow(SERVER, (host, self.port), local)
        self._timer.start()
        return True

    def _fill_backlog(self) -> None:
        assert self._listener is not None
        self._listener.listen(0)  # Linux then queues one connection; the next SYN is dropped
        host = self._listener.getsockname()[0]
        host = {"0.0.0.0": LOOPBACK, "::": "::1"}.get(host, host)  # its own listener, never afar
        try:
            self._placeholder = socket.create_connection((host, self.port), timeout=1.0)
        except OSError:
            self._listener.listen(LISTEN_BACKLOG)  # no hold then: the handshake runs at once
            return
        self._log(EventKind.NOTE, SERVER, self.tr("accept queue full: the kernel drops new SYNs"))
        QTimer.singleShot(round(backlog_hold_seconds(self.script.slow_motion) * 1000),
                          self._release_backlog)

    def _release_backlog(self) -> None:
        if self._listener is None or self._placeholder is None:
            return  # the lab stopped meanwhile
        try:  # the only connection queued: the client's SYN was dropped
            placeholder, _ = self._listener.accept()
            abort_quietly(placeholder)
        except OSError:
            pass
        abort_quietly(self._placeholder)
        self._placeholder = None
        self._listener.listen(LISTEN_BACKLOG)
        self._log(EventKind.NOTE, SERVER, self.tr("accept queue has room again"))

    def send(self, end: str, data: bytes) -> bool:
        sock = self._connected_socket(end)
        if sock is None:
            return False
        try:
            sent = sock.send(data)
        except OSError as error:
            self._fail(end, self.tr("send() failed: {0}.").format(error.strerror or error))
            return False
        self._log(EventKind.CALL, end, f"send({sent} bytes)")
        self._log(EventKind.SEGMENT, end, self.tr("data ({0} bytes)").format(sent))
        return True

    def close(self, end: str) -> bool:
        """close(): FIN, or RST when received data lies unread (the kernel's rule)."""
        sock = self._connected_socket(end)
        if sock is None:
            return False
        unread = receive_queue(sock) or 0
        del self._sockets[end]
        sock.close()
        self._log(EventKind.CALL, end, "close()")
        if unread:
            self._log(EventKind.SEGMENT, end, self.tr("RST ({0} bytes never read)").format(unread))
        elif end not in self._fin_sent:
            self._log(EventKind.SEGMENT, end, "FIN")
        self._fin_sent.add(end)
        return True

    def abort(self, end: str) -> bool:
        """SO_LINGER {1, 0} then close(): RST at once, no FIN, no TIME_WAIT."""
        sock = self._connected_socket(end)
        if sock is None:
            return False
        del self._sockets[end]
        self._log(EventKind.CALL, end, "setsockopt(SO_LINGER, {1, 0})")
        self._log(EventKind.CALL, end, "close()")
        abort_quietly(sock)
        self._log(EventKind.SEGMENT, end, "RST")
        return True

    def half_close(self, end: str) -> bool:
        """shutdown(SHUT_WR): FIN for the writing half; this end can still read."""
        sock = self._connected_socket(end)
        if sock is None:
            return False
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError as error:  # the peer reset the connection meanwhile
            self._fail(end, self.tr("shutdown() failed: {0}.").format(error.strerror or error))
            return False
        self._fin_sent.add(end)
        self._log(EventKind.CALL, end, "shutdown(SHUT_WR)")
        self._log(EventKind.SEGMENT, end, "FIN")
        return True

    def simultaneous_close(self) -> bool:
        """Both ends shutdown(SHUT_WR) while each FIN waits behind unsent data (the
        windows are full); then both read, and the two FINs cross on the way."""
        if not (self.connected(CLIENT) and self.connected(SERVER)):
            self.problem.emit(self.tr("Both ends need an open connection: connect first."))
            return False
        for end in (CLIENT, SERVER):
            self.set_reading(end, False)
            queued = fill_until_blocked(self._sockets[end])
            self._log(EventKind.CALL, end, f"send({queued} bytes)")
        self._draining = True
        for end in (CLIENT, SERVER):
            self.half_close(end)
        for end in (CLIENT, SERVER):
            self.set_reading(end, True)
        return True

    def set_reading(self, end: str, reading: bool) -> None:
        """Whether `end`'s program reads what arrives (off: it piles up in the kernel)."""
        if reading:
            self._not_reading.discard(end)
        else:
            self._not_reading.add(end)

    def stop(self) -> None:
        self.script.cancel()
        self._timer.stop()
        for end in (CLIENT, SERVER):
            self._drop(end)
        for sock in (self._listener, self._placeholder):
            if sock is not None:
                sock.close()
        self._listener = self._placeholder = None
        self._watches.clear()

    def _on_timer_timeout(self) -> None:
        if self._connecting:
            self._check_connect()
        if (self.auto_accept and self._listener is not None and SERVER not in self._sockets
                and self._placeholder is None):
            readable, _, _ = select.select([self._listener], [], [], 0)
            if readable:
                self.accept()
        for end in (CLIENT, SERVER):
            if self.connected(end) and end not in self._at_eof | self._not_reading:
                self._read(end)
        self._sample_states()

    def _check_connect(self) -> None:
        sock = self._sockets.get(CLIENT)
        if sock is None:
            self._connecting = False
            return
        _, writable, _ = select.select([], [sock], [], 0)
        if not writable:
            return
        self._connecting = False
        code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if code:
            self._drop(CLIENT)
            self._fail(CLIENT, connect_failed(code, self.connect_host, self.port))
            return
        self._log(EventKind.NOTE, CLIENT, self.tr("connect() done: connected"))

    def _read(self, end: str) -> None:
        sock = self._sockets[end]
        try:
            data = sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as error:
            self._drop(end)
            reset = error.errno in (errno.ECONNRESET, 10054)
            self._log(EventKind.NOTE, end, self.tr("recv() → connection reset: the peer sent RST")
                      if reset else self.tr("recv() failed: {0}").format(error.strerror or error))
            self.data_read.emit(end, b"")
            return
        if data and self._draining:
            self._drained[end] = self._drained.get(end, 0) + len(data)
        elif data:
            self._log(EventKind.NOTE, end, self.tr("recv() → {0} bytes").format(len(data)))
        else:
            if self._drained.get(end):
                self._log(EventKind.NOTE, end, self.tr("recv() → {0} bytes in all").format(
                    self._drained.pop(end)))
            self._at_eof.add(end)
            self._log(EventKind.NOTE, end, self.tr("recv() → 0: end of stream, the peer sent FIN"))
        self.data_read.emit(end, data)

    def _sample_states(self) -> None:
        if all(w.state == kernel_table.GONE for w in self._watches):
            return
        now, every = time.monotonic(), kernel_table.poll_interval_s(SAMPLE_MS / 1000)
        if every > SAMPLE_MS / 1000 and now - self._sampled_at < every:
            return  # psutil's slow list: not at every tick of the timer
        self._sampled_at = now
        entries = kernel_table.read_table()
        for watch in self._watches:
            if watch.state == kernel_table.GONE:
                continue  # a connection's end never comes back
            entry = kernel_table.find(entries, watch.local[1], watch.peer[1],
                                      watch.local[0], watch.peer[0])
            state = entry.state if entry else kernel_table.GONE
            if state == watch.state or (watch.state is None and state == kernel_table.GONE):
                continue
            old, watch.state = watch.state, state
            self._on_state(watch, old, state)

    def _on_state(self, watch: _Watch, old: str | None, new: str) -> None:
        current = watch is self._current(watch.end)
        held, watch.since = self.now() - watch.since, self.now()
        label = new if current else self.tr("{0} (connection {1})").format(new, watch.connection)
        self._log(EventKind.STATE, watch.end, label)
        if current:
            self.state_changed.emit(watch.end, new)
        if old == "TIME_WAIT":
            self._log(EventKind.NOTE, watch.end,
                      self.tr("TIME_WAIT over after {0:.1f} s: port {1} is free").format(
                          held, watch.local[1]))
        for sender, segment in segments_after(watch.end, old, new, held):
            self._log(EventKind.SEGMENT, sender, segment)

    def _follow(self, end: str, local: tuple[str, int], peer: tuple[str, int]) -> None:
        self._watches = [w for w in self._watches if w.state != kernel_table.GONE
                         or w.connection == self._connections]
        self._watches.append(_Watch(end, (str(local[0]), int(local[1])),
                                    (str(peer[0]), int(peer[1])), self._connections))

    def _current(self, end: str) -> _Watch | None:
        mine = [w for w in self._watches if w.end == end and w.connection == self._connections]
        return mine[-1] if mine else None

    def _connected_socket(self, end: str) -> socket.socket | None:
        if not self.connected(end):
            self.problem.emit(self.tr("The {0} has no open connection.").format(
                self.tr("client") if end == CLIENT else self.tr("server")))
            return None
        return self._sockets[end]

    def _drop(self, end: str) -> None:
        sock = self._sockets.pop(end, None)
        if sock is not None:
            sock.close()
        if end == CLIENT:
            self._connecting = False
        self._at_eof.discard(end)
        self._fin_sent.discard(end)
        self._drained.pop(end, None)
        self._draining = self._draining and bool(self._sockets)

    def _log(self, kind: EventKind, end: str, text: str) -> None:
        event = LaneEvent(self.now(), kind, end, text)
        self.events.append(event)
        self.event_added.emit(event)

    def _fail(self, end: str, sentence: str) -> None:
        self._log(EventKind.NOTE, end, sentence)
        self.problem.emit(sentence)

    def _on_script_stalled(self) -> None:
        self.problem.emit(self.tr("The step could not finish: the connection never got there. "
                                  "Start the step again."))

