"""One connection's write path: straight to the kernel while Qt holds nothing
unsent, through Qt otherwise, and a cap on what may wait unsent.

Its own class so that the rules of writing do not depend on where the socket
came from (chatapp/net/socket_factory.py: a QSslSocket later) and can be
tested alone. It is the hottest code of a broadcast, where the server writes
the same bytes to every connection of a room in one loop (write_to_each):
the per-connection state lives in this plain slotted object because reading
an attribute of a Qt object from Python costs about three times as much (29
against 10 ns here), and the loop makes no Python call per peer unless a
write has to go through Qt.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtNetwork import QAbstractSocket, QTcpSocket

# Past this much unsent data the peer is not reading; give up rather than hoard memory.
DEFAULT_MAX_SEND_QUEUE = 1024 * 1024
# Write straight to the socket's descriptor while Qt holds nothing unsent (the
# Unbuffered mode Qt gives connectToHost() sockets but not accepted ones).
# Qt's buffered write copies the bytes, arms a write notifier and sends them
# on a later turn of the event loop, and the buffer it allocates stays with
# the socket (up to 32 KiB each). Directly, the kernel has the bytes at once;
# what the kernel cannot take goes to Qt, which sends it in order. POSIX only:
# on Windows a socket is not a file descriptor.
DIRECT_WRITES = os.name == "posix"

_CONNECTED = QAbstractSocket.SocketState.ConnectedState


class Writable(Protocol):
    """What write_to_each writes to (a ConnectionService): its writer, and
    who cuts it off when its peer stops reading. The writer does not call
    its owner itself: that would be a reference cycle per connection."""

    writer: SocketWriter

    def send_queue_exceeded(self) -> None: ...


class SocketWriter:
    """Writes to one socket and counts what it queued (bytes_out, messages_out)."""

    __slots__ = (
        "connected", "fd", "max_send_queue", "bytes_out", "messages_out", "observed",
        "_socket", "_bytes_written", "_unchecked", "_qt_may_hold", "_qt_reports_writes",
    )

    def __init__(
        self, socket: QAbstractSocket, bytes_written: SignalInstance, max_send_queue: int
    ) -> None:
        self._socket = socket
        # The owner's signal, emitted for each write the OS took (SendComplete).
        self._bytes_written = bytes_written
        self.max_send_queue = max_send_queue
        # Kept by follow_state(): asking the socket for its state on every
        # write costs more than the write (an enum made per call).
        self.connected = socket.state() == _CONNECTED
        self.fd = -1  # the descriptor written to directly, or -1 (see DIRECT_WRITES)
        self.bytes_out = self.messages_out = 0
        # Someone listens to bytes_written (the owner's connectNotify sets it):
        # an emit that nobody hears costs about as much as the write's own work.
        self.observed = False
        self._unchecked = 0  # bytes buffered in Qt since the send queue was last measured
        # Qt may hold unsent bytes (set by write_through_qt): only then is
        # asking it (bytesToWrite(), a call into Qt per write) worth its cost.
        self._qt_may_hold = False
        # Qt reports the writes it sends (signal to signal: no Python call);
        # wired on the first write Qt buffers, as most go straight to the
        # kernel, and each connection costs memory per peer.
        self._qt_reports_writes = False

    def use_descriptor(self) -> None:
        """Write straight to the descriptor from now on, where that is safe:
        once connected, and only for a plain TCP socket. Anything else (a
        QSslSocket, whose bytes Qt must encrypt; a subclass, which may do
        likewise) is written through Qt, which is always correct."""
        if DIRECT_WRITES and self.connected and type(self._socket) is QTcpSocket:
            self.fd = int(self._socket.socketDescriptor())

    def follow_state(self, state: QAbstractSocket.SocketState) -> None:
        self.connected = state == _CONNECTED
        if not self.connected:
            self.fd = -1  # Qt may close it, and the number be reused by another socket

    def stop(self) -> None:
        """Nothing more to the descriptor (an abort is under way)."""
        self.fd = -1

    def write_through_qt(self, data: bytes) -> bool:
        """Buffer in Qt, behind what it holds. True: the peer stopped reading
        (more than max_send_queue unsent), and its owner should cut it off."""
        self._qt_may_hold = True
        if not self._qt_reports_writes:
            self._qt_reports_writes = True
            self._socket.bytesWritten.connect(self._bytes_written)
        self._socket.write(data)
        # Asking Qt what is unsent costs half a write: ask once per eighth of the
        # cap buffered, so a peer that stopped reading is caught within 1/8 of it.
        self._unchecked += len(data)
        return self._unchecked >= self.max_send_queue >> 3 and self._send_queue_full()

    def qt_holds_data(self) -> bool:
        if self._unsent():
            return True
        self._qt_may_hold = False
        return False

    def _unsent(self) -> int:
        # A QSslSocket would add encryptedBytesToWrite(): what it has encrypted
        # and the kernel has not taken yet (the TLS issue).
        return int(self._socket.bytesToWrite())

    def _send_queue_full(self) -> bool:
        self._unchecked = 0
        if self._unsent() > self.max_send_queue:
            # Qt hands its buffer to the OS only when the event loop turns, so a
            # burst written in one turn (a batch of stored chats, a backlog)
            # would count as unsent even for a peer that reads well: let the OS
            # take what it can now, and judge only what it refuses.
            self._socket.flush()
            return self._unsent() > self.max_send_queue
        return False


def write_to_each(connections: Iterable[Writable], data: bytes, count_message: int) -> None:
    """Queue the same bytes on each connected one; `count_message`: how many
    messages they hold. The one write path (one connection is a room of one).

    One loop for a room instead of a method call per peer around each write:
    a 100-peer broadcast took 3 to 10 % less time this way, and the fan-out
    p99 fell from 1.79 to 1.71 ms (medians of 5 rounds, docs/BENCHMARKS.md).
    """
    size = len(data)
    write = os.write
    for connection in connections:
        writer = connection.writer
        if not writer.connected:  # closed by an earlier write of this loop, say
            continue
        fd = writer.fd
        if fd >= 0 and not (writer._qt_may_hold and writer.qt_holds_data()):
            try:
                sent = write(fd, data)
            except OSError:  # it would block, or the connection broke: Qt reports it
                sent = 0
            if sent and writer.observed:
                writer._bytes_written.emit(sent)
            if sent < size and writer.write_through_qt(data[sent:]):
                connection.send_queue_exceeded()
        elif writer.write_through_qt(data):
            connection.send_queue_exceeded()
        writer.bytes_out += size
        writer.messages_out += count_message
