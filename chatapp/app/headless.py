"""`chatapp-server --headless`: the chat server with no window, logging to the console."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys

from PySide6.QtCore import QCoreApplication, QTimer

from ..net.history_store import (
    HistoryDamagedError,
    HistoryError,
    HistoryStore,
    set_aside_damaged,
)
from ..net.peer import Peer
from ..net.server import DEFAULT_HOST, DEFAULT_PORT, ChatServer
from ..net.socket_errors import NetError
from ..protocol import Chat
from .cli import server_config
from .data_dir import resolve_data_dir
from .gc_policy import install_main_thread_gc
from .log_format import log_to_stream

log = logging.getLogger("chatapp.server")

# Python handles Unix signals only when it gets control back from Qt's loop;
# a short no-op timer gives it that chance, so Ctrl+C and SIGTERM stop cleanly.
SIGNAL_POLL_MS = 200
# After saying goodbye, give the sockets a moment to flush before exiting.
SHUTDOWN_GRACE_MS = 300


def _log_events(server: ChatServer) -> None:
    server.connection_accepted.connect(lambda peer: log.info("connection from %s", peer.endpoint))
    server.notice_posted.connect(log.info)
    server.error_occurred.connect(log.error)

    def on_chat(chat: Chat) -> None:
        if chat.to:  # the operator's console is not a place for other people's secrets
            log.info("#%d %s -> %s (private message)", chat.seq, chat.sender, chat.to)
        else:
            log.info("#%d %s: %s", chat.seq, chat.sender, chat.text)

    def on_left(peer: Peer, reason: str) -> None:
        if not peer.identified:
            log.info("%s disconnected before joining (%s)", peer.endpoint, reason)

    server.chat_posted.connect(on_chat)
    server.peer_left.connect(on_left)


def _open_history(directory: os.PathLike[str], *, fresh: bool) -> HistoryStore | None:
    """The started history, or None after saying on stderr why it cannot start.

    A damaged file stops the start unless --fresh-history: then it is renamed
    (kept for a backup or a rescue) and an empty history starts in its place.
    """
    history = HistoryStore(directory)
    try:
        history.start()
        return history
    except HistoryDamagedError as exc:
        if not fresh:
            print(f"chatapp-server: {exc} To start with an empty history, run again with "
                  "--fresh-history.", file=sys.stderr)
            return None
        kept = set_aside_damaged(exc.path)
        log.warning("the damaged chat history was renamed %s; starting with an empty one", kept)
    except HistoryError as exc:
        print(f"chatapp-server: {exc}", file=sys.stderr)
        return None
    history = HistoryStore(directory)
    try:
        history.start()
    except HistoryError as exc:
        print(f"chatapp-server: {exc}", file=sys.stderr)
        return None
    return history


def run_headless_server(args: argparse.Namespace) -> int:
    log_to_stream(sys.stdout, args.log_level)  # one line per record, whatever peers send
    # Qt's own poll() loop instead of GLib's: GLib finds a socket's notifier
    # by walking a list of all of them, on every write that waits, so with
    # 10,000 clients most of the server's time went there (profiled with py-spy:
    # joining 10,000 clients took 77 s with GLib and 31 s without). A server
    # with no window needs nothing GLib offers. Read when the app is made.
    os.environ.setdefault("QT_NO_GLIB", "1")
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    install_main_thread_gc(app)  # the history worker must never free Qt objects
    config = server_config(args)
    history = _open_history(resolve_data_dir(args.data_dir), fresh=args.fresh_history)
    if history is None:
        return 2
    log.info("chat history in %s (last message #%d)", history.location, history.last_seq)
    server = ChatServer(history=history, config=config)
    _log_events(server)
    host = args.host or DEFAULT_HOST
    port = DEFAULT_PORT if args.port is None else args.port
    try:
        server.listen(host, port)
    except NetError as exc:
        print(f"chatapp-server: {exc.message}", file=sys.stderr)
        history.close()
        return 2
    # Printed as a plain line so scripts and tests can read the chosen port.
    print(f"chatapp server listening on {host}:{server.port}", flush=True)

    def shut_down(signum: int, _frame: object) -> None:
        log.info("stopping (%s)", signal.Signals(signum).name)
        server.stop("The server is shutting down.")
        QTimer.singleShot(SHUTDOWN_GRACE_MS, app.quit)

    signal.signal(signal.SIGINT, shut_down)
    signal.signal(signal.SIGTERM, shut_down)
    poll = QTimer(interval=SIGNAL_POLL_MS)
    poll.timeout.connect(lambda: None)
    poll.start()
    exit_code = int(app.exec())
    history.close()  # everything acknowledged is already on disk; this flushes the rest
    return exit_code
