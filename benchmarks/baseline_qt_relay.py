"""The minimal QTcpServer relay, a baseline for benchmarks/run.py.

Every line any client sends goes to every client (the sender too), as is: no
JSON, no nicks, no storage, no acks. The same Qt event loop and sockets as the
chatapp server, with none of its work.

    python benchmarks/baseline_qt_relay.py [--host 127.0.0.1] [--port 0]
"""

from __future__ import annotations

import argparse
import resource
import signal

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtNetwork import QHostAddress, QTcpServer, QTcpSocket


class Relay(QTcpServer):
    def __init__(self) -> None:
        super().__init__()
        self.clients: set[QTcpSocket] = set()
        self.newConnection.connect(self._on_new_connection)

    def _on_new_connection(self) -> None:
        while self.hasPendingConnections():
            sock = self.nextPendingConnection()
            # Nagle off, as asyncio does by default: without it every small line
            # may wait for the peer's delayed ACK (40 ms), a weak baseline.
            sock.setSocketOption(QTcpSocket.SocketOption.LowDelayOption, 1)
            self.clients.add(sock)
            sock.readyRead.connect(lambda sock=sock: self._on_ready_read(sock))
            sock.disconnected.connect(lambda sock=sock: self._on_disconnected(sock))

    def _on_ready_read(self, sock: QTcpSocket) -> None:
        while sock.canReadLine():
            line = sock.readLine()
            for peer in self.clients:
                peer.write(line)

    def _on_disconnected(self, sock: QTcpSocket) -> None:
        self.clients.discard(sock)
        sock.deleteLater()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    app = QCoreApplication([])
    relay = Relay()
    relay.setMaxPendingConnections(1024)
    relay.setListenBacklogSize(1024)
    if not relay.listen(QHostAddress(args.host), args.port):
        raise SystemExit(f"Qt relay: {relay.errorString()}")
    print(f"Qt relay listening on {args.host}:{relay.serverPort()}", flush=True)
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: app.quit())
    poll = QTimer(interval=200)  # lets Python see the signals while Qt's loop runs
    poll.timeout.connect(lambda: None)
    poll.start()
    app.exec()
