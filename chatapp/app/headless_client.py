"""`chatapp-client --headless`: the room as lines on a terminal, for people
and scripts. Prints what is said on stdout, sends each line of stdin (slash
commands too), comes back by itself like the window client, and exits with
a code a script can test. `--say TEXT` sends one message, waits until the
server has stored it, and exits.
"""

from __future__ import annotations

import argparse
import sys
import threading

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from ..net.client import NO_RECONNECT_CODES, ChatClient, ClientState, Receipt
from ..net.typed_commands import run_typed_line
from ..protocol import Chat, Join, Leave, NickChange, Welcome
from ..protocol.plaintext import format_plain
from .asyncio_loop import run_qt_as_asyncio

# Exit codes, for scripts (argparse's own is 2 for a bad command line).
EXIT_OK = 0
EXIT_UNREACHABLE = 1  # could not connect, or the connection was lost for good
EXIT_REFUSED = 3  # the server said no: nick, password, full, kicked...
EXIT_NOT_STORED = 4  # --say: refused, or no acknowledgement in time
# Refusals at the door that come back the same if we retry at once.
REFUSAL_CODES = NO_RECONNECT_CODES | {"server_full", "too_many_connections"}


class _StdinReader(QObject):
    """Reads stdin on a thread of its own (a console cannot be polled the same
    way on every system) and hands each line to Qt's loop."""

    line_read = Signal(str)
    ended = Signal()

    def start(self) -> None:
        threading.Thread(target=self._read, name="stdin", daemon=True).start()

    def _read(self) -> None:
        for raw in sys.stdin.buffer:
            self.line_read.emit(raw.decode("utf-8", errors="replace").rstrip("\r\n"))
        self.ended.emit()


class TerminalClient(QObject):
    """One ChatClient, its room printed as lines; `finished` carries the exit code."""

    finished = Signal(int)

    def __init__(self, client: ChatClient, say: str | None, timeout: float) -> None:
        super().__init__()
        self.client = client
        self._say = say
        self._say_id = ""
        self._refusal = ""  # the server's sentence when it turned us away
        self._input_ended = False
        self._typed_early: list[str] = []  # read before the room welcomed us
        self._timeout = QTimer(self, singleShot=True, interval=int(timeout * 1000))
        self._timeout.timeout.connect(self._on_timeout)
        client.welcomed.connect(self._on_client_welcomed)
        client.chat_received.connect(lambda chat: self._show(chat))
        client.user_joined.connect(lambda nick: self._show(Join(nick)))
        client.user_left.connect(lambda nick, reason: self._show(Leave(nick, reason)))
        client.nick_changed.connect(lambda old, new: self._show(NickChange(new, old)))
        client.server_error.connect(self._on_client_server_error)
        client.receipt_changed.connect(self._on_client_receipt_changed)
        client.disconnected.connect(self._on_client_disconnected)
        client.reconnect_countdown.connect(self._on_client_reconnect_countdown)

    def start(self, host: str, port: int, nick: str, password: str | None) -> None:
        if self._say is not None:
            self._timeout.start()
        self.client.connect_to(host, port, nick, password)

    def _show(self, message: Chat | Join | Leave | NickChange | Welcome | str) -> None:
        for line in format_plain(message):
            print(line, flush=True)

    # --- input ----------------------------------------------------------------

    def read_input(self, reader: _StdinReader) -> None:
        reader.line_read.connect(self._on_reader_line_read)
        reader.ended.connect(self._on_reader_ended)
        reader.start()

    def _on_reader_line_read(self, line: str) -> None:
        # A script's lines wait for the room: "/who" before joining knows nobody.
        if self.client.state is not ClientState.ONLINE:
            self._typed_early.append(line)
            return
        answer = run_typed_line(self.client, line)
        if answer:
            self._show(answer)

    def _on_reader_ended(self) -> None:
        # The end of a piped script: leave once everything it said is stored.
        self._input_ended = True
        self._leave_if_done()

    def _leave_if_done(self) -> None:
        if self._input_ended and not self.client.outbox and not self._typed_early:
            if self.client.state is ClientState.ONLINE:
                self.client.disconnect_from_server("quit")
            else:
                self.finished.emit(EXIT_OK)

    # --- the client's signals ---------------------------------------------------

    def _on_client_welcomed(self, welcome: Welcome) -> None:
        self._show(welcome)
        if self.client.nick_taken:
            self._show(f"the nick {self.client.nick_taken} is taken here, so you are "
                       f"{welcome.nick}; /nick NAME picks another")
        early, self._typed_early = self._typed_early, []
        for line in early:
            self._on_reader_line_read(line)
        if self._say is not None and not self._say_id:
            self._say_id = self.client.send_text(self._say)

    def _on_client_receipt_changed(self, message_id: str, receipt: Receipt) -> None:
        if message_id == self._say_id and receipt is Receipt.DELIVERED:
            self.client.disconnect_from_server("quit")
            self.finished.emit(EXIT_OK)
        elif message_id == self._say_id and receipt is Receipt.FAILED:
            self.finished.emit(EXIT_NOT_STORED)
        elif receipt is Receipt.DELIVERED:
            self._leave_if_done()

    def _on_client_server_error(self, code: str, message: str) -> None:
        print(f"chatapp-client: the server says: {message or code}", file=sys.stderr, flush=True)
        if code in REFUSAL_CODES:
            self._refusal = message or code

    def _on_client_reconnect_countdown(self, seconds: int) -> None:
        if self.client.state is ClientState.WAITING and seconds > 0:
            print(f"chatapp-client: trying again in {seconds} s", file=sys.stderr, flush=True)
            # One line per wait, not one per second.
            self.client.reconnect_countdown.disconnect(self._on_client_reconnect_countdown)
            self.client.state_changed.connect(self._on_client_state_changed)

    def _on_client_state_changed(self, state: ClientState) -> None:
        if state is not ClientState.WAITING:
            self.client.state_changed.disconnect(self._on_client_state_changed)
            self.client.reconnect_countdown.connect(self._on_client_reconnect_countdown)

    def _on_client_disconnected(self, reason: str) -> None:
        if self.client.state is ClientState.WAITING:
            print(f"chatapp-client: connection lost: {reason}", file=sys.stderr, flush=True)
            return
        if not reason:  # we left: /quit, or the end of the input
            self.finished.emit(EXIT_OK)
        elif self._refusal:
            self.finished.emit(EXIT_REFUSED)
        else:
            print(f"chatapp-client: {reason}", file=sys.stderr, flush=True)
            self.finished.emit(EXIT_UNREACHABLE)

    def _on_timeout(self) -> None:
        print("chatapp-client: the message was not stored in time.", file=sys.stderr, flush=True)
        self.finished.emit(EXIT_NOT_STORED)


def run_headless_client(args: argparse.Namespace, password: str | None) -> int:
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    client = ChatClient()
    terminal = TerminalClient(client, args.say, args.timeout)
    exit_code: list[int] = []

    def finish(code: int) -> None:
        if not exit_code:
            exit_code.append(code)
            QTimer.singleShot(0, app.quit)  # after the bye is written

    terminal.finished.connect(finish)
    reader = _StdinReader()

    def start(host: str, port: int) -> None:
        if args.say is None:
            terminal.read_input(reader)
        terminal.start(host, port, args.nick, password)

    if getattr(args, "discover", False):
        from .headless_discover import DiscoverOnce

        discover = DiscoverOnce(args)
        discover.chosen.connect(start)
        discover.failed.connect(finish)
        discover.start()
        run_qt_as_asyncio(app)  # DNS-SD runs on asyncio's loop
    else:
        start(args.host, args.port)
        app.exec()
    client.connection.close()
    return exit_code[0] if exit_code else EXIT_UNREACHABLE

