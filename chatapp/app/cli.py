"""Command-line entry points: chatapp-server, chatapp-client, chatapp-demo.

The window code is imported only when a window is wanted, so
`chatapp-server --headless` runs on a machine with no display at all.
"""

from __future__ import annotations

import argparse
import sys

from .. import __version__
from ..net.server import DEFAULT_HOST, DEFAULT_PORT
from ..net.server_config import ServerConfig


def server_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chatapp-server", description="The chatapp chat server.")
    parser.add_argument("--version", action="version", version=f"chatapp {__version__}")
    parser.add_argument("--headless", action="store_true", help="run without a window, logging to the console")
    parser.add_argument("--host", default=None, help=f"address to listen on (default {DEFAULT_HOST}: all)")
    parser.add_argument("--port", type=int, default=None, help=f"port to listen on (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    parser.add_argument("--data-dir", default=None, help="folder for the chat history (default: the user's data folder)")
    defaults = ServerConfig()
    parser.add_argument("--heartbeat-interval", type=float, default=defaults.heartbeat_interval, metavar="S",
                        help=f"seconds between pings (default {defaults.heartbeat_interval:g})")
    parser.add_argument("--heartbeat-timeout", type=float, default=defaults.heartbeat_timeout, metavar="S",
                        help=f"silence before a client is dropped (default {defaults.heartbeat_timeout:g})")
    parser.add_argument("--idle-timeout", type=float, default=defaults.plain_idle_timeout, metavar="S",
                        help=f"silence before a plain-text client is dropped (default {defaults.plain_idle_timeout:g})")
    return parser


def server_config(args: argparse.Namespace) -> ServerConfig:
    """The operator's tuning from the command line; invalid values are refused readably."""
    if args.heartbeat_interval <= 0 or args.heartbeat_timeout <= args.heartbeat_interval:
        raise SystemExit("chatapp-server: the heartbeat timeout must be longer than the interval, both above 0.")
    return ServerConfig(
        heartbeat_interval=args.heartbeat_interval,
        heartbeat_timeout=args.heartbeat_timeout,
        plain_idle_timeout=args.idle_timeout,
    )


def client_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chatapp-client", description="The chatapp chat client.")
    parser.add_argument("--version", action="version", version=f"chatapp {__version__}")
    parser.add_argument("--host", default=None, help="server to connect to")
    parser.add_argument("--port", type=int, default=None, help="the server's port")
    parser.add_argument("--nick", default=None, help="your name in the room")
    parser.add_argument("--connect", action="store_true", help="connect at once")
    return parser


def server_main(argv: list[str] | None = None) -> int:
    args = server_parser().parse_args(argv)
    if args.headless:
        from .headless import run_headless_server

        return run_headless_server(args)
    from .windows_main import run_server_window

    return run_server_window(args)


def client_main(argv: list[str] | None = None) -> int:
    args = client_parser().parse_args(argv)
    from .windows_main import run_client_window

    return run_client_window(args)


def demo_main(argv: list[str] | None = None) -> int:
    from .windows_main import run_demo

    return run_demo(sys.argv[1:] if argv is None else argv)
