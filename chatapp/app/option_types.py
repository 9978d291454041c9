"""argparse types that refuse impossible values with a sentence, not a traceback.

argparse turns the ValueError or ArgumentTypeError raised here into
"chatapp-server: error: argument --port: ..." and exit code 2.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

HIGHEST_PORT = 65535


def _number(text: str, kind: Callable[[str], float]) -> float:
    try:
        return kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None


def port_number(text: str) -> int:
    """A TCP port; 0 asks the system for a free one (listening only)."""
    port = int(_number(text, int))
    if not 0 <= port <= HIGHEST_PORT:
        raise argparse.ArgumentTypeError(
            f"{port} is not a port: ports go from 1 to {HIGHEST_PORT} (0 picks a free one)"
        )
    return port


def server_port(text: str) -> int:
    """A port to connect to: 0 is no one's port."""
    port = port_number(text)
    if port == 0:
        raise argparse.ArgumentTypeError(f"0 is not a port: ports go from 1 to {HIGHEST_PORT}")
    return port


def at_least(minimum: float, kind: type[int] | type[float] = int) -> Callable[[str], float]:
    """A number no smaller than `minimum` (a count of 1 or more, a rate of 0 or more)."""

    def parse(text: str) -> float:
        value = _number(text, kind)
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{text} is not a finite number")
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{text} is too small: the least is {minimum:g}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in some messages
    return parse


MAX_INTERFACE_NAME = 64


def interface_names(text: str) -> list[str]:
    """ "eth0,wlan0": network interfaces by name (no empty or absurd names)."""
    names = [name.strip() for name in text.split(",")]
    if not names or any(not name or len(name) > MAX_INTERFACE_NAME for name in names):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a list of interface names (such as eth0 or eth0,wlan0)"
        )
    return list(dict.fromkeys(names))


# The languages with a catalogue (resources/translations), for --lang.
LANGUAGES = ("en", "zh_CN")


def add_language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=None,
        help="the language of the window for this run (default: as in the settings, "
        "else the system's)",
    )
