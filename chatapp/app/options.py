"""The command-line options of chatapp-server, chatapp-client and chatapp-demo.

The server's tuning flags are made from ServerConfig's fields: each field that
an operator may set has one line in TUNING below (its help and least value),
and both the parser and server_config() loop over the fields, so a field is
named once here and never listed twice.

Nothing here imports the server's code until a server parser is made, so the
client does not wait for it.
"""

from __future__ import annotations

import argparse
import dataclasses
from typing import TYPE_CHECKING, NamedTuple

from .. import __version__
from .option_types import (
    add_language_option,
    at_least,
    interface_names,
    port_number,
    server_port,
)

if TYPE_CHECKING:
    from ..net.server_config import ServerConfig


class Tuning(NamedTuple):
    """How one ServerConfig field shows on the command line."""

    least: float  # the least value that makes sense: a count of 1, a rate of 0, a time above 0
    help: str
    flag: str = ""  # "" = the field's name with dashes
    limit: bool = True  # listed under "limits (see docs/SECURITY.md)"


TUNING: dict[str, Tuning] = {
    "heartbeat_interval": Tuning(0.001, "seconds between pings", limit=False),
    "heartbeat_timeout": Tuning(0.001, "silence before a client is dropped", limit=False),
    "plain_idle_timeout": Tuning(
        0.001, "silence before a plain-text client is dropped", "--idle-timeout", limit=False
    ),
    "max_clients": Tuning(1, "clients at once"),
    "max_per_address": Tuning(1, "connections from one address"),
    "flood_rate": Tuning(0, "messages per second per client; 0 = no limit"),
    "flood_burst": Tuning(1, "messages a client may send at once"),
    "max_frame": Tuning(256, "bytes in one line"),
    "max_frame_before_hello": Tuning(256, "bytes in one line before hello"),
    "max_send_queue": Tuning(1024, "unsent bytes per client before it is dropped"),
    "max_errors": Tuning(1, "protocol errors before a client is dropped"),
    "hello_timeout": Tuning(0.001, "seconds a program has to say hello"),
    "first_line_timeout": Tuning(0.001, "seconds anyone has to send a first line"),
}
# ServerConfig's fields that are no flag of their own: the password comes from
# --password-file (a password on the command line shows in every process list).
NOT_FLAGS = frozenset({"flood_grace", "password"})


def _tunable_fields() -> list[dataclasses.Field]:
    """ServerConfig's fields with a flag; a new field must be in TUNING or NOT_FLAGS."""
    from ..net.server_config import ServerConfig

    fields = [f for f in dataclasses.fields(ServerConfig) if f.name not in NOT_FLAGS]
    unknown = [f.name for f in fields if f.name not in TUNING]
    if unknown:  # caught by the tests, never by a user
        raise LookupError(f"ServerConfig fields with no line in options.TUNING: {unknown}")
    return fields


def _kind(field: dataclasses.Field) -> type[int] | type[float]:
    """int or float, as the field is annotated (a name while annotations are postponed)."""
    if isinstance(field.type, type):
        return field.type
    return {"int": int, "float": float}[str(field.type)]


def server_parser() -> argparse.ArgumentParser:
    from ..net.server import DEFAULT_HOST, DEFAULT_PORT

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
    limits = parser.add_argument_group("limits (see docs/SECURITY.md)")
    for field in _tunable_fields():
        tuning = TUNING[field.name]
        kind = _kind(field)
        shown = f"{field.default:g}" if kind is float else str(field.default)
        (limits if tuning.limit else parser).add_argument(
            tuning.flag or "--" + field.name.replace("_", "-"),
            dest=field.name,
            type=at_least(tuning.least, kind),
            default=field.default,
            metavar=None if tuning.limit else "S",
            help=f"{tuning.help} (default {shown})",
        )
    limits.add_argument("--password-file", default=None, metavar="FILE",
                        help="a room password, read from the first line of FILE")
    discovery = add_discovery_options(
        parser, "announcing the server (see README, \"Finding servers\")"
    )
    discovery.add_argument(
        "--no-discovery", action="store_true",
        help="do not announce the server (neither mDNS nor the UDP beacon)",
    )
    discovery.add_argument(
        "--name", default=None,
        help="the server's name in the clients' lists (default: this machine's name)",
    )
    return parser


def add_discovery_options(parser: argparse.ArgumentParser, title: str) -> argparse._ArgumentGroup:
    """The flags both programs share: where discovery looks or announces, and its UDP port."""
    from ..protocol.beacon import DEFAULT_BEACON_PORT

    group = parser.add_argument_group(title)
    group.add_argument(
        "--discovery-interfaces", type=interface_names, default=None, metavar="NAME[,NAME]",
        help="network interfaces to use, by name (default: every one that is up, "
        "loopback and down ones left out)",
    )
    group.add_argument(
        "--beacon-port", type=server_port, default=None, metavar="N",
        help=f"the UDP beacon's port (default {DEFAULT_BEACON_PORT})",
    )
    return group


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
    tuned = {field.name: getattr(args, field.name) for field in _tunable_fields()}
    return ServerConfig(**tuned, password=read_password(args.password_file))


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
        "3 refused by the server, 4 --say not stored, 5 --discover found no server.",
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
    discovery = add_discovery_options(parser, "finding servers (see README, \"Finding servers\")")
    discovery.add_argument(
        "--discover", action="store_true",
        help="with --headless: find the server on the network instead of giving --host "
        "(exit code 5 when none is found, 2 when several are and --server does not choose)",
    )
    discovery.add_argument("--server", default=None, metavar="NAME",
                           help="with --discover: the server to connect to, by its name")
    discovery.add_argument(
        "--discover-timeout", type=at_least(0.1, float), default=3.0, metavar="S",
        help="how long --discover listens (default 3)",
    )
    return parser


def demo_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chatapp-demo",
        description="A server window on a free loopback port and a client window connected to it.",
    )
    parser.add_argument("--version", action="version", version=f"chatapp {__version__}")
    parser.add_argument("--nick", default=None, help="the client's nick")
    parser.add_argument(
        "--port", type=port_number, default=0, help="the server's port (default: a free one)"
    )
    add_language_option(parser)
    return parser
