"""Record real sessions: the bytes real clients send to a real server.

    QT_QPA_PLATFORM=offscreen python tests/adversarial/session_recording.py

rewrites tests/adversarial/sessions/*.session, the seeds of the mutation fuzzer
(test_fuzz_sessions.py). A real ChatServer listens on 127.0.0.1; a real
ChatClient, or a plain socket typing lines as netcat would, does its part; the
server side captures every chunk each connection received
(ConnectionService.data_received), so the files hold exactly what went over
the wire, as the client wrote it:

  json      hello, say, a private say, a nick change, ping/pong, bye
  resume    hello with resume (client_id, last_seq), a say, bye
  password  hello, auth (answering the challenge), a say, bye
  plain     /nick, a line, /msg, /me, /who, /help, //escaped, /quit

Not a test module (no test_ prefix).
"""

from __future__ import annotations

import os
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication  # noqa: E402

from chatapp.net import ChatClient, ChatServer  # noqa: E402
from chatapp.net.server_config import ServerConfig  # noqa: E402
from chatapp.protocol import NickChange  # noqa: E402

SESSIONS_DIR = Path(__file__).resolve().parent / "sessions"
LOOPBACK = "127.0.0.1"
PASSWORD = "correct horse"
WAIT_S = 10.0


def load_sessions() -> dict[str, bytes]:
    """The recorded sessions, by name (json, resume, password, plain)."""
    return {path.stem: path.read_bytes() for path in sorted(SESSIONS_DIR.glob("*.session"))}


def _wait(condition: Callable[[], bool], seconds: float = WAIT_S) -> None:
    app = QCoreApplication.instance()
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the recording session did not get there in time")
        app.processEvents()
        time.sleep(0.002)


class _Recorder:
    """Every byte each accepted connection received, in order of connection."""

    def __init__(self, server: ChatServer) -> None:
        self.received: list[bytearray] = []
        server.connection_accepted.connect(self._on_accepted)

    def _on_accepted(self, peer) -> None:
        buffer = bytearray()
        self.received.append(buffer)
        peer.connection.data_received.connect(buffer.extend)


def _server(**config) -> tuple[ChatServer, _Recorder]:
    # Pings every 0.2 s, so a short session holds ping/pong traffic both ways.
    server = ChatServer(config=ServerConfig(heartbeat_interval=0.2, heartbeat_timeout=5, **config))
    server.listen(LOOPBACK, 0)
    return server, _Recorder(server)


def _online(server: ChatServer, nick: str, password: str | None = None) -> ChatClient:
    client = ChatClient()
    client.connect_to(LOOPBACK, server.port, nick, password)
    _wait(lambda: bool(client.client_id))
    return client


def _leave(client: ChatClient) -> None:
    client.auto_reconnect = False
    client.disconnect_from_server("done")


def record_json_and_resume() -> dict[str, bytes]:
    server, recorder = _server()
    try:
        bob = _online(server, "bob")
        alice = _online(server, "alice")
        first = alice.send_text("hello room")
        second = alice.send_text("just for you, bob", to="bob")
        third = alice.send_text("waves", me=True)
        _wait(lambda: not {first, second, third} & set(alice.outbox))
        alice.connection.send(NickChange("alicia"))
        _wait(lambda: alice.nick == "alicia")
        # Let both heartbeats run: the server's pings answered, the client's own sent.
        pings_before = alice.connection.messages_out
        _wait(lambda: alice.connection.messages_out >= pings_before + 3)
        client_id, last_seq = alice.client_id, alice.last_seq
        _leave(alice)
        # A resume, as the client makes it after a reconnect: same client_id, last seq seen.
        again = ChatClient()
        again.client_id, again.last_seq = client_id, last_seq - 1
        again.connect_to(LOOPBACK, server.port, "alicia")
        _wait(lambda: again.state.value == "online")
        again_id = again.send_text("back again")
        _wait(lambda: again_id not in again.outbox)
        _leave(again)
        _wait(lambda: len(server.users()) == 1)
        _leave(bob)
        # Connections in order: bob, alice, alice resumed.
        return {"json": bytes(recorder.received[1]), "resume": bytes(recorder.received[2])}
    finally:
        server.close()


def record_password() -> dict[str, bytes]:
    server, recorder = _server(password=PASSWORD)
    try:
        carol = _online(server, "carol", PASSWORD)
        said = carol.send_text("the password worked")
        _wait(lambda: said not in carol.outbox)
        _leave(carol)
        _wait(lambda: not server.users())
        return {"password": bytes(recorder.received[0])}
    finally:
        server.close()


def record_plain() -> dict[str, bytes]:
    server, recorder = _server()
    try:
        alice = _online(server, "alice")
        lines = ["/nick dave", "hello from netcat", "/msg alice psst", "/me waves", "/who",
                 "/help", "//slash at the start", "", "/quit gone fishing"]
        with socket.create_connection((LOOPBACK, server.port), timeout=5) as sock:
            for line in lines:  # one line at a time, as a person types
                sock.sendall(line.encode() + b"\r\n")
                _wait(lambda: True, 0)
                deadline = time.monotonic() + 0.05
                while time.monotonic() < deadline:
                    QCoreApplication.instance().processEvents()
            _wait(lambda: "dave" not in server.users() and len(recorder.received) == 2)
        _leave(alice)
        return {"plain": bytes(recorder.received[1])}
    finally:
        server.close()


def record_all() -> dict[str, bytes]:
    QCoreApplication.instance() or QCoreApplication([])
    sessions: dict[str, bytes] = {}
    for record in (record_json_and_resume, record_password, record_plain):
        sessions.update(record())
    return sessions


def main() -> int:
    sessions = record_all()
    SESSIONS_DIR.mkdir(exist_ok=True)
    for name, data in sessions.items():
        (SESSIONS_DIR / f"{name}.session").write_bytes(data)
        lines = data.count(b"\n")
        print(f"{name}: {len(data)} bytes, {lines} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
