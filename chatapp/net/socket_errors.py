"""Qt socket errors as sentences a user can act on, never as tracebacks."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtNetwork import QAbstractSocket

SocketError = QAbstractSocket.SocketError


class NetError(Exception):
    """A network failure with Qt's error code and a readable sentence."""

    def __init__(self, code: SocketError | None, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# Each sentence is translated where it stands (the windows load a translator;
# the headless server keeps the English), so Qt's lupdate can find it.
def describe_socket_error(
    code: SocketError, host: str = "", port: int = 0, qt_text: str = ""
) -> str:
    where = f"{host}:{port}" if host else QCoreApplication.translate("SocketErrors", "the server")
    sentences = {
        SocketError.ConnectionRefusedError: QCoreApplication.translate(
            "SocketErrors",
            "Connection to {where} was refused: no chatapp server is listening there. "
            "Check the port, and that the server is started."
        ),
        SocketError.RemoteHostClosedError: QCoreApplication.translate(
            "SocketErrors", "The other side closed the connection."
        ),
        SocketError.HostNotFoundError: QCoreApplication.translate(
            "SocketErrors",
            "The host '{host}' was not found. Check the name, or type the server's IP address."
        ),
        SocketError.SocketTimeoutError: QCoreApplication.translate(
            "SocketErrors",
            "Connecting to {where} timed out. Is the address right, and does a firewall "
            "on the server allow the port?"
        ),
        SocketError.NetworkError: QCoreApplication.translate(
            "SocketErrors",
            "The network failed (cable, Wi-Fi or route). Check the connection and try again."
        ),
        SocketError.AddressInUseError: QCoreApplication.translate(
            "SocketErrors",
            "Port {port} is already in use on this machine, perhaps by another server. "
            "Stop it or choose another port."
        ),
        SocketError.SocketAddressNotAvailableError: QCoreApplication.translate(
            "SocketErrors",
            "The address {host} does not belong to this machine. Use 0.0.0.0 to listen on all "
            "addresses."
        ),
        SocketError.SocketAccessError: QCoreApplication.translate(
            "SocketErrors",
            "Not allowed to use {where}: ports below 1024 need administrator rights."
        ),
        SocketError.SocketResourceError: QCoreApplication.translate(
            "SocketErrors", "The system ran out of sockets or memory."
        ),
    }
    template = sentences.get(
        code, QCoreApplication.translate("SocketErrors", "Network error: {detail}")
    )
    return template.format(where=where, host=host, port=port, detail=qt_text or code.name)
