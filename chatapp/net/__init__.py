"""The Qt transport: sockets and timers in, signals out.

The names below are imported when first used (PEP 562), so that the client
window does not load the server, its SQLite history and psutil before its
first paint: start-up time is a target (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import importlib

_WHERE = {
    "ChatClient": ".client",
    "ClientState": ".client",
    "ConnectionService": ".connection",
    "Peer": ".peer",
    "DEFAULT_PORT": ".server",
    "OPERATOR_NICK": ".server",
    "ChatServer": ".server",
    "NetError": ".socket_errors",
    "describe_socket_error": ".socket_errors",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> object:
    try:
        module = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # the next lookup is a plain one
    return value
