"""A chatapp client as its own process, for the fault drills.

    python tests/e2e/drill_client.py --port P --nick N --count K --rate R

Connects to 127.0.0.1 only (never anywhere else), sends K messages with the
unique texts "N#1" ... "N#K" at about R per second, and keeps running until
every one of them is acknowledged (the outbox is empty). It comes back by
itself when the connection drops, with a fast backoff so the drills stay short.

Every event is one JSON line on stdout, flushed at once, with "t" from
time.monotonic() (one clock for every process on the machine, so the test can
compare times across processes):

    {"event": "started", "pid": ...}
    {"event": "welcomed", "nick", "client_id", "users", "resent"}   resent: outbox size
    {"event": "acked", "id", "seq", "text"}
    {"event": "received", "seq", "from", "text"}
    {"event": "left", "nick", "reason"}        another user left the room
    {"event": "disconnected", "reason"}
    {"event": "error", "message"}
    {"event": "done", "complete", "why", "sent", "acked", "outbox", "received"}

It always ends by itself: when its work is complete (exit 0), or at the hard
deadline (exit 1, "complete": false). SIGTERM or SIGINT end it early (exit 0).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path

# Run as a script from a checkout: make `chatapp` importable without installing.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QCoreApplication, QTimer  # noqa: E402

from chatapp.net import ChatClient  # noqa: E402
from chatapp.protocol.backoff import Backoff  # noqa: E402

LOOPBACK = "127.0.0.1"
# Python runs signal handlers only when it gets control back from Qt's loop.
SIGNAL_POLL_MS = 100
CHECK_MS = 50


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--nick", required=True)
    parser.add_argument("--count", type=int, default=10, help="messages to send")
    parser.add_argument("--rate", type=float, default=20.0, help="messages per second")
    parser.add_argument(
        "--deadline", type=float, default=60.0, help="hard limit on the run, in seconds"
    )
    parser.add_argument(
        "--start-users",
        type=int,
        default=1,
        help="start sending once this many users (self included) are in the room",
    )
    parser.add_argument(
        "--until-received", type=int, default=0, help="also wait until this many chats have arrived"
    )
    parser.add_argument(
        "--linger",
        type=float,
        default=0.0,
        help="stay connected this long after the work is complete",
    )
    parser.add_argument("--backoff-first", type=float, default=0.05)
    parser.add_argument("--backoff-cap", type=float, default=0.5)
    args = parser.parse_args(argv)
    if args.count < 0 or args.rate <= 0 or args.deadline <= 0:
        parser.error("--count must be >= 0, --rate and --deadline above 0")
    return args


def emit(event: str, **fields: object) -> None:
    print(json.dumps({"event": event, "t": time.monotonic(), **fields}), flush=True)


class DrillClient:
    def __init__(self, app: QCoreApplication, args: argparse.Namespace) -> None:
        self.app = app
        self.args = args
        self.exit_code: int | None = None
        self.sent = 0
        self.texts: dict[str, str] = {}  # message id -> text
        self.acked: set[str] = set()
        self.received = 0
        self.complete_at: float | None = None

        self.client = ChatClient()
        self.client.backoff = Backoff(first=args.backoff_first, cap=args.backoff_cap)
        self.client.welcomed.connect(self._on_client_welcomed)
        self.client.users_changed.connect(self._on_client_users_changed)
        self.client.message_acked.connect(self._on_client_message_acked)
        self.client.chat_received.connect(self._on_client_chat_received)
        self.client.user_left.connect(lambda nick, reason: emit("left", nick=nick, reason=reason))
        self.client.disconnected.connect(lambda reason: emit("disconnected", reason=reason))
        self.client.error_occurred.connect(lambda message: emit("error", message=message))
        self.client.server_error.connect(
            lambda code, message: emit("error", message=f"{code}: {message}")
        )

        self._send_timer = QTimer(interval=max(1, round(1000 / args.rate)))
        self._send_timer.timeout.connect(self._on_send_timer_timeout)
        self._check_timer = QTimer(interval=CHECK_MS)
        self._check_timer.timeout.connect(self._on_check_timer_timeout)
        self._deadline_timer = QTimer(singleShot=True, interval=round(args.deadline * 1000))
        self._deadline_timer.timeout.connect(lambda: self.finish("deadline"))

    def start(self) -> None:
        emit("started", pid=os.getpid(), nick=self.args.nick, port=self.args.port)
        self._deadline_timer.start()
        self._check_timer.start()
        self.client.connect_to(LOOPBACK, self.args.port, self.args.nick)

    def is_complete(self) -> bool:
        return (
            self.sent >= self.args.count
            and not self.client.outbox
            and self.received >= self.args.until_received
        )

    def finish(self, why: str) -> None:
        if self.exit_code is not None:
            return
        complete = self.is_complete()
        self.exit_code = 0 if complete or why == "signal" else 1
        self._send_timer.stop()
        self._check_timer.stop()
        self._deadline_timer.stop()
        emit(
            "done",
            complete=complete,
            why=why,
            sent=self.sent,
            acked=len(self.acked),
            outbox=len(self.client.outbox),
            received=self.received,
        )
        self.client.auto_reconnect = False
        self.client.disconnect_from_server("drill over")
        # A moment for the bye to leave before the process ends.
        QTimer.singleShot(100, self.app.quit)

    # --- slots ---------------------------------------------------------------

    def _on_client_welcomed(self, welcome: object) -> None:
        emit(
            "welcomed",
            nick=welcome.nick,
            client_id=welcome.client_id,
            users=len(welcome.users),
            resent=len(self.client.outbox),
        )

    def _on_client_users_changed(self, users: list) -> None:
        if (
            not self._send_timer.isActive()
            and self.sent < self.args.count
            and len(users) >= self.args.start_users
        ):
            self._send_timer.start()

    def _on_send_timer_timeout(self) -> None:
        if self.sent >= self.args.count:
            self._send_timer.stop()
            return
        self.sent += 1
        text = f"{self.args.nick}#{self.sent}"
        message_id = self.client.send_text(text)
        self.texts[message_id] = text

    def _on_client_message_acked(self, message_id: str, seq: int) -> None:
        self.acked.add(message_id)
        emit("acked", id=message_id, seq=seq, text=self.texts.get(message_id))

    def _on_client_chat_received(self, chat: object) -> None:
        self.received += 1
        emit("received", seq=chat.seq, **{"from": chat.sender}, text=chat.text)

    def _on_check_timer_timeout(self) -> None:
        if not self.is_complete():
            return
        if self.complete_at is None:
            self.complete_at = time.monotonic()
        if time.monotonic() - self.complete_at >= self.args.linger:
            self.finish("complete")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    app = QCoreApplication(sys.argv[:1])
    drill = DrillClient(app, args)
    signal.signal(signal.SIGTERM, lambda *_: drill.finish("signal"))
    signal.signal(signal.SIGINT, lambda *_: drill.finish("signal"))
    poll = QTimer(interval=SIGNAL_POLL_MS)
    poll.timeout.connect(lambda: None)
    poll.start()
    QTimer.singleShot(0, drill.start)
    app.exec()
    return 1 if drill.exit_code is None else drill.exit_code


if __name__ == "__main__":
    sys.exit(main())
