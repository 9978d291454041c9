"""Command-line entry points: chatapp-server, chatapp-client, chatapp-demo.

The window code is imported only when a window is wanted, so
`chatapp-server --headless` runs on a machine with no display at all; and the
server's code only by the server, so the client does not wait for it.
"""

from __future__ import annotations

import argparse
import gc
import sys
from typing import TYPE_CHECKING

from .. import __version__
from .option_types import add_language_option, at_least, port_number, server_port

if TYPE_CHECKING:
    from ..net.server_config import ServerConfig


def server_parser() -> argparse.ArgumentParser:
    from ..net.server import DEFAULT_HOST, DEFAULT_PORT
    from ..net.server_config import ServerConfig

    parser = argparse.ArgumentParser(prog="chatapp-server", description="The chatapp chat server.")
    parser.add_argument("--version", action="version", version=f"chatapp {__version__}")
    parser.add_argument(
        "--headless", action="store_true", help="run without a window, logging to the console"
    )
    parser.add_argument(
        "--host", default=None, help=f"address to listen on (default {DEFAULT_HOST}: all)"
    )
    parser.add_argument(
        "--port",
        type=port_number,
        default=None,
        help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    parser.add_argument(
        "--log-level", default="info", choices=["debug", "info", "warning", "error"]
    )
    add_language_option(parser)
    parser.add_argument(
        "--data-dir",
        default=None,
        help="folder for the chat history (default: the user's data folder)",
    )
    parser.add_argument(
        "--fresh-history",
        action="store_true",
        help="if the chat history is damaged, rename it (it is kept, next to itself) "
        "and start with an empty one",
    )
    defaults = ServerConfig()
    parser.add_argument(
        "--heartbeat-interval",
        type=at_least(0.001, float),
        default=defaults.heartbeat_interval,
        metavar="S",
        help=f"seconds between pings (default {defaults.heartbeat_interval:g})",
    )
    parser.add_argument(
        "--heartbeat-timeout",
        type=at_least(0.001, float),
        default=defaults.heartbeat_timeout,
        metavar="S",
        help=f"silence before a client is dropped (default {defaults.heartbeat_timeout:g})",
    )
    parser.add_argument(
        "--idle-timeout",
        type=at_least(0.001, float),
        default=defaults.plain_idle_timeout,
        metavar="S",
        help=(
            "silence before a plain-text client is dropped"
            f" (default {defaults.plain_idle_timeout:g})"
        ),
    )
    limits = parser.add_argument_group("limits (see docs/SECURITY.md)")
    # Each limit with the least value that makes sense: a count of 1 or more,
    # a rate of 0 or more (0 = no limit), a time above 0.
    for flag, kind, least, value, text in (
        ("--max-clients", int, 1, defaults.max_clients, "clients at once"),
        ("--max-per-address", int, 1, defaults.max_per_address, "connections from one address"),
        (
            "--flood-rate",
            float,
            0,
            defaults.flood_rate,
            "messages per second per client; 0 = no limit",
        ),
        ("--flood-burst", int, 1, defaults.flood_burst, "messages a client may send at once"),
        ("--max-frame", int, 256, defaults.max_frame, "bytes in one line"),
        (
            "--max-frame-before-hello",
            int,
            256,
            defaults.max_frame_before_hello,
            "bytes in one line before hello",
        ),
        (
            "--max-send-queue",
            int,
            1024,
            defaults.max_send_queue,
            "unsent bytes per client before it is dropped",
        ),
        ("--max-errors", int, 1, defaults.max_errors, "protocol errors before a client is dropped"),
        (
            "--hello-timeout",
            float,
            0.001,
            defaults.hello_timeout,
            "seconds a program has to say hello",
        ),
        (
            "--first-line-timeout",
            float,
            0.001,
            defaults.first_line_timeout,
            "seconds anyone has to send a first line",
        ),
    ):
        shown = f"{value:g}" if kind is float else str(value)
        limits.add_argument(
            flag, type=at_least(least, kind), default=value, help=f"{text} (default {shown})"
        )
    limits.add_argument("--password-file", default=None, metavar="FILE",
                        help="a room password, read from the first line of FILE")
    return parser


def read_password(path: str | None, program: str = "chatapp-server") -> str | None:
    """The first line of a password file (a password on the command line
    would show in every process list)."""
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as file:
            password = file.readline().rstrip("\r\n")
    except OSError as exc:
        message = f"{program}: cannot read the password file {path}: {exc.strerror}."
        raise SystemExit(message) from None
    if not password:
        raise SystemExit(f"{program}: the password file {path} is empty.")
    return password


def server_config(args: argparse.Namespace) -> ServerConfig:
    """The operator's tuning from the command line; invalid values are refused readably."""
    from ..net.server_config import ServerConfig

    if args.heartbeat_interval <= 0 or args.heartbeat_timeout <= args.heartbeat_interval:
        raise SystemExit(
            "chatapp-server: the heartbeat timeout must be longer than the interval, both above 0."
        )
    return ServerConfig(
        heartbeat_interval=args.heartbeat_interval,
        heartbeat_timeout=args.heartbeat_timeout,
        plain_idle_timeout=args.idle_timeout,
        max_clients=args.max_clients,
        max_per_address=args.max_per_address,
        flood_rate=args.flood_rate,
        flood_burst=args.flood_burst,
        max_frame=args.max_frame,
        max_frame_before_hello=args.max_frame_before_hello,
        max_send_queue=args.max_send_queue,
        max_errors=args.max_errors,
        hello_timeout=args.hello_timeout,
        first_line_timeout=args.first_line_timeout,
        password=read_password(args.password_file),
    )


def client_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chatapp-client", description="The chatapp chat client.")
    parser.add_argument("--version", action="version", version=f"chatapp {__version__}")
    parser.add_argument("--host", default=None, help="server to connect to")
    parser.add_argument("--port", type=server_port, default=None, help="the server's port")
    parser.add_argument("--nick", default=None, help="your name in the room")
    parser.add_argument("--connect", action="store_true", help="connect at once")
    add_language_option(parser)
    terminal = parser.add_argument_group(
        "without a window",
        "The room as lines on stdout; each line of stdin is sent (slash commands too). "
        "Exit codes: 0 done, 1 could not connect or lost, 2 bad options, "
        "3 refused by the server, 4 --say not stored.",
    )
    terminal.add_argument(
        "--headless", action="store_true",
        help="chat in the terminal (host 127.0.0.1 and port 2000 unless given)",
    )
    terminal.add_argument("--say", default=None, metavar="TEXT",
                          help="send TEXT, wait until the server has stored it, and exit")
    terminal.add_argument("--timeout", type=at_least(0.1, float), default=10.0, metavar="S",
                          help="how long --say waits for the server (default 10)")
    terminal.add_argument("--password-file", default=None, metavar="FILE",
                          help="the room password, read from the first line of FILE")
    return parser


def _defer_cycle_collection() -> None:
    """Automatic cycle collection off from the start, not only once the app exists.

    The application runs the collector on the GUI thread (gc_policy.py); before
    it does, the imports alone would set off some sixty collections of objects
    that all live on, about 10 ms before the first window.
    """
    gc.disable()


def server_main(argv: list[str] | None = None) -> int:
    _defer_cycle_collection()
    args = server_parser().parse_args(argv)
    if args.headless:
        from .headless import run_headless_server

        return run_headless_server(args)
    from .windows_main import run_server_window

    return run_server_window(args)


def client_main(argv: list[str] | None = None) -> int:
    _defer_cycle_collection()
    args = client_parser().parse_args(argv)
    if args.headless or args.say is not None:
        from .headless_client import run_headless_client
        from .settings import DEFAULT_PORT, default_nick

        args.host = args.host or "127.0.0.1"
        args.port = args.port or DEFAULT_PORT
        args.nick = args.nick or default_nick()
        return run_headless_client(args, read_password(args.password_file, "chatapp-client"))
    from .windows_main import run_client_window

    return run_client_window(args)


def demo_main(argv: list[str] | None = None) -> int:
    _defer_cycle_collection()
    from .windows_main import run_demo

    return run_demo(sys.argv[1:] if argv is None else argv)
