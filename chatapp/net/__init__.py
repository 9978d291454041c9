"""The Qt transport: sockets and timers in, signals out."""

from .client import ChatClient, ClientState
from .connection import ConnectionService
from .peer import Peer
from .server import DEFAULT_PORT, OPERATOR_NICK, ChatServer
from .socket_errors import NetError, describe_socket_error

__all__ = [
    "ChatClient",
    "ChatServer",
    "ClientState",
    "ConnectionService",
    "DEFAULT_PORT",
    "NetError",
    "OPERATOR_NICK",
    "Peer",
    "describe_socket_error",
]
