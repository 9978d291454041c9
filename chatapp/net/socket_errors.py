"""Qt socket errors as sentences a user can act on, never as tracebacks."""

from __future__ import annotations

from PySide6.QtNetwork import QAbstractSocket

SocketError = QAbstractSocket.SocketError


class NetError(Exception):
    """A network failure with Qt's error code and a readable sentence."""

    def __init__(self, code: SocketError | None, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def describe_socket_error(code: SocketError, host: str = "", port: int = 0, qt_text: str = "") -> str:
    where = f"{host}:{port}" if host else "the server"
    sentences = {
        SocketError.ConnectionRefusedError: (
            f"Connection to {where} was refused: no chatapp server is listening there. "
            "Check the port, and that the server is started."
        ),
        SocketError.RemoteHostClosedError: "The other side closed the connection.",
        SocketError.HostNotFoundError: (
            f"The host '{host}' was not found. Check the name, or type the server's IP address."
        ),
        SocketError.SocketTimeoutError: (
            f"Connecting to {where} timed out. Is the address right, and does a firewall "
            "on the server allow the port?"
        ),
        SocketError.NetworkError: (
            "The network failed (cable, Wi-Fi or route). Check the connection and try again."
        ),
        SocketError.AddressInUseError: (
            f"Port {port} is already in use on this machine, perhaps by another server. "
            "Stop it or choose another port."
        ),
        SocketError.SocketAddressNotAvailableError: (
            f"The address {host} does not belong to this machine. Use 0.0.0.0 to listen on all "
            "addresses."
        ),
        SocketError.SocketAccessError: (
            f"Not allowed to use {where}: ports below 1024 need administrator rights."
        ),
        SocketError.SocketResourceError: "The system ran out of sockets or memory.",
    }
    return sentences.get(code, f"Network error: {qt_text or code.name}")
