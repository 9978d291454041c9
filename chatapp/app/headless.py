"""`chatapp-server --headless`: the chat server with no window, logging to the console."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer

from ..net.history_store import HistoryError
from ..net.peer import Peer
from ..net.server import DEFAULT_HOST, DEFAULT_PORT, ChatServer
from ..net.socket_errors import NetError
from ..protocol import Chat
from .asyncio_loop import run_qt_as_asyncio
from .gc_policy import install_main_thread_gc
from .log_format import log_to_stream
from .options import server_config
from .server_factory import build_server

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


def _refuse_damaged_history(sentence: str, kept_as: Path) -> bool:
    """No one to ask: a damaged history stops the start, saying how to go on.
    With --fresh-history it is renamed (kept for a backup or a rescue) instead."""
    print(f"chatapp-server: {sentence} To start with an empty history, run again with "
          "--fresh-history.", file=sys.stderr)
    return False


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
    try:  # the history logs where it is and its last message once, as it opens
        built = build_server(
            config,
            data_dir=args.data_dir,
            fresh=args.fresh_history,
            start_fresh=_refuse_damaged_history,
            memory_on_failure=False,  # an operator's server keeps its history or stops
        )
    except HistoryError as exc:
        print(f"chatapp-server: {exc}", file=sys.stderr)
        return 2
    if built is None:
        return 2
    server, history = built.server, built.history
    _log_events(server)
    host = args.host or DEFAULT_HOST
    port = DEFAULT_PORT if args.port is None else args.port
    try:
        server.listen(host, port)
    except NetError as exc:
        print(f"chatapp-server: {exc.message}", file=sys.stderr)
        history.close()
        return 2
    # Quit once the clients had their grace and the announcements their goodbye.
    waiting_for = {"grace"}
    discovery: list[Any] = []  # made after the "listening" line; the handler sees it
    stopping: list[bool] = []

    def done(what: str) -> None:
        waiting_for.discard(what)
        if not waiting_for:
            app.quit()

    def shut_down(signum: int, _frame: object) -> None:
        log.info("stopping (%s)", signal.Signals(signum).name)
        stopping.append(True)
        server.stop("The server is shutting down.")
        for announcer in discovery:
            announcer.stop()
        QTimer.singleShot(SHUTDOWN_GRACE_MS, lambda: done("grace"))

    signal.signal(signal.SIGINT, shut_down)
    signal.signal(signal.SIGTERM, shut_down)
    poll = QTimer(interval=SIGNAL_POLL_MS)
    poll.timeout.connect(lambda: None)
    poll.start()
    # Printed as a plain line so scripts and tests can read the chosen port.
    print(f"chatapp server listening on {host}:{server.port}", flush=True)
    # Announced after that line: the start-up a script waits for stays as it was.
    announcer = None if args.no_discovery else _announcer(server, args)
    if announcer is not None and not stopping:  # a signal may come while zeroconf loads
        waiting_for.add("goodbye")
        announcer.stopped.connect(lambda: done("goodbye"))
        discovery.append(announcer)
        announcer.start()
    # DNS-SD needs asyncio: Qt's loop runs as asyncio's then (qasync); a server
    # that announces nothing (loopback only, --no-discovery) keeps Qt's plain loop.
    if discovery and discovery[0].dns_sd is not None:
        exit_code = run_qt_as_asyncio(app)
    else:
        exit_code = int(app.exec())
    history.close()  # everything acknowledged is already on disk; this flushes the rest
    return exit_code


def _announcer(server: ChatServer, args: argparse.Namespace) -> Any:
    """DNS-SD and the UDP beacon, on the interfaces of --discovery-interfaces
    (else every one that is up); start() says in the log where, or why not."""
    from ..net.discovery import ServerDiscovery

    return ServerDiscovery(
        server, args.discovery_interfaces, args.beacon_port, name=args.name, parent=server
    )

