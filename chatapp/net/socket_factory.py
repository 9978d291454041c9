"""Where a connection's socket comes from, and how it is tuned once connected.

The connecting side of a ConnectionService makes its socket with a
SocketFactory; the accepting side is handed the socket its server accepted.
That is the door for TLS: a factory that returns a QSslSocket, with no change
to the connection. Everything the connection asks of a socket is
QAbstractSocket API. The places where an encrypted socket differs are named
here (ready_signal) and in write_path.py (what counts as unsent).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtNetwork import QAbstractSocket, QHostAddress, QTcpSocket

from .keepalive import KeepaliveSettings, enable_keepalive

# Makes a new, unconnected socket owned by `parent` (the connection).
SocketFactory = Callable[[QObject], QAbstractSocket]


def plain_tcp_socket(parent: QObject) -> QTcpSocket:
    """The default SocketFactory: plain TCP, tuned by tune_connected_socket()
    once connected (its options need the descriptor, which comes with the
    connection)."""
    return QTcpSocket(parent)


def tune_connected_socket(socket: QAbstractSocket, keepalive: KeepaliveSettings) -> None:
    """What every connection's socket gets, from either side, once connected."""
    enable_keepalive(int(socket.socketDescriptor()), keepalive)
    # Chat lines are small and someone waits for each: send them at once
    # (TCP_NODELAY). With Nagle's algorithm a line written while the previous
    # one is unacknowledged waits for the peer's delayed ACK, up to 40 ms.
    socket.setSocketOption(QAbstractSocket.SocketOption.LowDelayOption, 1)


def ready_signal(socket: QAbstractSocket) -> SignalInstance:
    """The signal after which a connecting socket may carry the conversation.

    For plain TCP that is `connected`. A QSslSocket emits `connected` before
    its handshake, so for it this must be `encrypted` (and it must be started
    with connectToHostEncrypted(); an accepted one with
    startServerEncryption(), the conversation held until `encrypted`): the TLS
    issue changes these, not the connection."""
    return socket.connected


def endpoint_text(address: QHostAddress, port: int) -> str:
    """host:port as a person reads it: [v6]:port, and IPv4 without its ::ffff: prefix."""
    text = address.toString()
    if text.startswith("::ffff:"):  # IPv4 seen through a dual-stack socket
        text = text[len("::ffff:") :]
    return f"[{text}]:{port}" if ":" in text else f"{text}:{port}"
