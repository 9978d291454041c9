"""Plain-text mode: netcat, telnet and the old Winsock demo.

A line is a chat message, or an IRC-like command. What the server sends back
is readable lines such as "10:02 alice: hi". Parsing turns a line into the
same message events a JSON client produces, so the server has one code path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .errors import BAD_FIELD, UNKNOWN_COMMAND, RemoteProtocolError
from .messages import (
    Ack,
    Bye,
    Chat,
    Error,
    Join,
    Leave,
    Message,
    NickChange,
    Ping,
    Pong,
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


def format_plain(message: Message | str) -> list[str]:
    """The lines a plain-text peer sees for a message (none for protocol chatter).

    A str is a server notice, such as the /help text.
    """
    if isinstance(message, str):
        return [f"-- {line}" for line in message.split("\n")]
    if isinstance(message, Chat):
        return _chat_lines(message)
    if isinstance(message, Join):
        return [f"-- {message.nick} joined"]
    if isinstance(message, Leave):
        reason = f" ({message.reason})" if message.reason else ""
        return [f"-- {message.nick} left{reason}"]
    if isinstance(message, NickChange):
        return [f"-- {message.old} is now known as {message.nick}"]
    if isinstance(message, Users):
        return [f"-- users here ({len(message.nicks)}): {', '.join(message.nicks)}"]
    if isinstance(message, Welcome):
        return [
            f"-- welcome to chatapp, {message.nick}. Type a line to chat; /help lists commands.",
            f"-- users here ({len(message.users)}): {', '.join(message.users)}",
        ]
    if isinstance(message, Error):
        return [f"-- error ({message.code}): {message.message}"]
    if isinstance(message, Bye):
        return [f"-- closing: {message.reason}" if message.reason else "-- closing"]
    if isinstance(message, (Ack, Ping, Pong)):
        return []
    return []
