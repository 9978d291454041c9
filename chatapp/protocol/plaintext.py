"""Plain-text mode: netcat, telnet and the old Winsock demo.

A line is a chat message, or an IRC-like command. What the server sends back
is readable lines such as "10:02 alice: hi". Parsing turns a line into the
same message events a JSON client produces, so the server has one code path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .errors import BAD_FIELD, UNKNOWN_COMMAND, RemoteProtocolError
from .messages import (
    Bye,
    Chat,
    Error,
    Join,
    Leave,
    Message,
    NickChange,
    Say,
    Users,
    Welcome,
)


@dataclass(frozen=True)
class WhoRequest:
    """/who: list the users (plain mode only; JSON clients get `users` pushed)."""


@dataclass(frozen=True)
class HelpRequest:
    """/help: list the commands (plain mode only)."""


PlainEvent = Say | NickChange | Bye | WhoRequest | HelpRequest

# The most screen lines one chat takes for a plain-text peer (the last of them
# says how many more there were): a screenful shared with everyone else.
MAX_PLAIN_LINES = 10

# For someone who connected with netcat or telnet and waits to be told what to do.
SILENT_NEWCOMER_GREETING = (
    "This is a chatapp chat server. Type a line and press Enter to chat; "
    "/nick NAME picks your name, /help lists the commands."
)

HELP_TEXT = (
    "Commands: /nick NAME (change your name), /msg NICK TEXT (private message), "
    "/who (who is here), /me ACTION, /help, /quit. Any other line is said to the room."
)


def parse_plain_line(line: str, message_id: str) -> PlainEvent | None:
    """One line typed by a human -> an event; None for a blank line."""
    if not line.strip():
        return None
    if not line.startswith("/") or line.startswith("//"):
        # "//" escapes a message that starts with a slash, as in IRC clients.
        return Say(message_id, line[1:] if line.startswith("//") else line)
    name, _, rest = line[1:].partition(" ")
    name = name.lower()
    rest = rest.strip()
    if name == "nick":
        if not rest:
            raise RemoteProtocolError(BAD_FIELD, "usage: /nick NAME")
        return NickChange(rest)
    if name == "msg":
        target, _, text = rest.partition(" ")
        if not target or not text.strip():
            raise RemoteProtocolError(BAD_FIELD, "usage: /msg NICK TEXT")
        return Say(message_id, text, to=target)
    if name == "me":
        if not rest:
            raise RemoteProtocolError(BAD_FIELD, "usage: /me ACTION")
        return Say(message_id, rest, me=True)
    if name == "who":
        return WhoRequest()
    if name == "help":
        return HelpRequest()
    if name == "quit":
        return Bye(rest or "quit")
    raise RemoteProtocolError(UNKNOWN_COMMAND, f"unknown command /{name[:20]}; try /help")


def _clock(iso_ts: str) -> str:
    try:
        return datetime.fromisoformat(iso_ts.replace("Z", "+00:00")).astimezone().strftime("%H:%M")
    except ValueError:
        return "--:--"


def _shown_lines(text: str) -> list[str]:
    """The lines of a chat a terminal shows: blank runs collapsed to one blank
    line, and at most MAX_PLAIN_LINES, the last saying how many were left out.

    One message of 64 KiB could otherwise be 30,000 lines on every netcat
    user's screen, scrolling away everything else. JSON clients get the whole
    text: folding long messages is their window's job.
    """
    lines: list[str] = []
    for line in text.split("\n"):
        if line.strip() or not lines or lines[-1].strip():
            lines.append(line)
    if len(lines) <= MAX_PLAIN_LINES:
        return lines
    left_out = len(lines) - (MAX_PLAIN_LINES - 1)
    return lines[: MAX_PLAIN_LINES - 1] + [
        f"... ({left_out} more lines; a chatapp client shows the whole message)"
    ]


def _chat_lines(chat: Chat) -> list[str]:
    clock = _clock(chat.ts)
    # Both ends see whom it went to: the sender's echo says it was private, and to whom.
    who = f"[private to {chat.to}] {chat.sender}" if chat.to else chat.sender
    lines = _shown_lines(chat.text)
    if chat.me:
        head = f"{clock} * {who} {lines[0]}"
    else:
        head = f"{clock} {who}: {lines[0]}"
    # Continuation lines are indented so they cannot pass for another sender.
    return [head] + [f"      | {line}" for line in lines[1:]]


def _welcome_lines(welcome: Welcome) -> list[str]:
    return [
        f"-- welcome to chatapp, {welcome.nick}. Type a line to chat; /help lists commands.",
        f"-- users here ({len(welcome.users)}): {', '.join(welcome.users)}",
    ]


def _leave_lines(leave: Leave) -> list[str]:
    reason = f" ({leave.reason})" if leave.reason else ""
    return [f"-- {leave.nick} left{reason}"]


# What a plain-text peer sees of each message type: one entry per type;
# a type not listed (ack, ping, pong, protocol chatter) shows nothing.
_PLAIN_LINES: dict[type, Callable[[Any], list[str]]] = {
    str: lambda notice: [f"-- {line}" for line in notice.split("\n")],
    Chat: _chat_lines,
    Join: lambda join: [f"-- {join.nick} joined"],
    Leave: _leave_lines,
    NickChange: lambda change: [f"-- {change.old} is now known as {change.nick}"],
    Users: lambda users: [f"-- users here ({len(users.nicks)}): {', '.join(users.nicks)}"],
    Welcome: _welcome_lines,
    Error: lambda error: [f"-- error ({error.code}): {error.message}"],
    Bye: lambda bye: [f"-- closing: {bye.reason}" if bye.reason else "-- closing"],
}


def format_plain(message: Message | str) -> list[str]:
    """The lines a plain-text peer sees for a message (none for protocol chatter).

    A str is a server notice, such as the /help text.
    """
    lines = _PLAIN_LINES.get(type(message))
    return lines(message) if lines is not None else []
    return []
