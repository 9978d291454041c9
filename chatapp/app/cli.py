"""Command-line entry points: chatapp-server, chatapp-client, chatapp-demo,
chatapp-lab and chatapp-doctor.

The window code is imported only when a window is wanted, so
`chatapp-server --headless` runs on a machine with no display at all; and the
server's code only by the server, so the client does not wait for it.
"""

from __future__ import annotations

import gc
import sys

# The parsers live in options.py (nothing in app/ imports this module, so
# there is no circle); they are named here too for scripts that import them.
from .options import client_parser, read_password, server_parser

__all__ = [
    "client_main", "client_parser", "demo_main", "doctor_main", "lab_main", "server_main",
    "server_parser",
]


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


def lab_main(argv: list[str] | None = None) -> int:
    _defer_cycle_collection()
    from .windows_main import run_lab_window

    return run_lab_window(sys.argv[1:] if argv is None else argv)


def doctor_main(argv: list[str] | None = None) -> int:
    from .doctor_cli import run_doctor

    return run_doctor(sys.argv[1:] if argv is None else argv)
