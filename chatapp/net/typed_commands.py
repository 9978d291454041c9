"""What a user types into a client: chat lines, and the same slash commands
netcat users have (/nick, /msg, /me, /who, /help, /quit).

The protocol's plain-text parser reads the line, so a command means the same
in the window, in the terminal client and in netcat; this module carries it
out on a ChatClient.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..protocol import Bye, NickChange, Say
from ..protocol.errors import RemoteProtocolError
from ..protocol.plaintext import HELP_TEXT, HelpRequest, WhoRequest, parse_plain_line
from .client import ChatClient

# For Tab completion, in the order /help lists them.
COMMANDS = ("/nick", "/msg", "/who", "/me", "/help", "/quit")


def _users(client: ChatClient) -> str:
    return f"users here ({len(client.users)}): {', '.join(client.users)}"


# Sends a chat: text, to (None: the room), me (an action). A window passes
# its own, which also shows the message with its receipt.
SayFunction = Callable[[str, "str | None", bool], object]

# What each parsed line does, but chats; a str returned is for the user alone.
_ACTIONS: dict[type, Callable[[ChatClient, Any], str | None]] = {
    NickChange: lambda client, change: client.change_nick(change.nick),
    Bye: lambda client, bye: client.disconnect_from_server(bye.reason),
    WhoRequest: lambda client, _: _users(client),
    HelpRequest: lambda client, _: HELP_TEXT,
}


def run_typed_line(client: ChatClient, line: str, say: SayFunction | None = None) -> str | None:
    """Carry out one typed line. Returns a sentence for the user alone (the
    answer to /who or /help, or how to use a command typed wrong), else None."""
    try:
        event = parse_plain_line(line, "")
    except RemoteProtocolError as exc:
        return exc.message
    if event is None:
        return None
    if isinstance(event, Say):  # a line, /me or /msg
        (say or client.send_text)(event.text, event.to, event.me)
        return None
    return _ACTIONS[type(event)](client, event)
