"""The listening socket: accepts connections, asks admission whether each
may come in, and turns the others away with a sentence (one JSON line, which
a chatapp client shows and netcat prints)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QHostAddress, QTcpServer, QTcpSocket

from ..protocol import Error, encode_message
from .admission import Admission
from .socket_errors import NetError, describe_socket_error

LISTEN_BACKLOG = 1024  # the kernel caps it at net.core.somaxconn


class Listener(QObject):
    def __init__(
        self,
        admission: Admission,
        admitted: Callable[[QTcpSocket, str], None],
        turned_away: Callable[[str, str], None],
        accept_failed: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._admission = admission
        self._admitted = admitted  # (socket, address)
        self._turned_away = turned_away  # (address, sentence)
        self._accept_failed = accept_failed  # a readable sentence
        self.host = ""
        self.tcp = QTcpServer(self)
        self.tcp.setMaxPendingConnections(128)
        # The kernel's queue of connections not yet accepted (Qt's default is 50):
        # when a building's clients all reconnect at once, a short queue drops
        # their SYNs and each retries after 1, 2, 4... seconds.
        self.tcp.setListenBacklogSize(LISTEN_BACKLOG)
        self.tcp.newConnection.connect(self._on_tcp_new_connection)
        self.tcp.acceptError.connect(self._on_tcp_accept_error)

    @property
    def is_listening(self) -> bool:
        return self.tcp.isListening()

    @property
    def port(self) -> int:
        return int(self.tcp.serverPort())

    def listen(self, host: str, port: int) -> None:
        """Start accepting; raises NetError with a readable sentence."""
        address = QHostAddress(host)
        if address.isNull():
            raise NetError(None, f"'{host}' is not an IP address of this machine.")
        if not self.tcp.listen(address, port):
            code = self.tcp.serverError()
            raise NetError(code, describe_socket_error(code, host, port, self.tcp.errorString()))
        self.host = host

    def close(self) -> None:
        self.tcp.close()

    def _on_tcp_new_connection(self) -> None:
        while self.tcp.hasPendingConnections():
            socket = self.tcp.nextPendingConnection()
            address = socket.peerAddress().toString()
            refusal = self._admission.refusal(address)
            if refusal is not None:
                self._turn_away(socket, *refusal)
                continue
            self._admission.admitted(address)
            self._admitted(socket, address)

    def _turn_away(self, socket: QTcpSocket, code: str, sentence: str) -> None:
        socket.write(encode_message(Error(code, sentence)))
        socket.disconnected.connect(socket.deleteLater)
        socket.disconnectFromHost()
        self._turned_away(socket.peerAddress().toString(), sentence)

    def _on_tcp_accept_error(self, code: object) -> None:
        self._accept_failed(describe_socket_error(code, self.host, self.port))  # type: ignore[arg-type]
