"""Checks on what peers send: nicks, and text that reaches other screens."""

from __future__ import annotations

import re

MAX_NICK_LENGTH = 32

# ANSI/VT escape sequences (CSI, OSC and two-byte escapes): a remote peer must
# not be able to move a netcat user's cursor, retitle a terminal or hide text.
_ANSI_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[@-Z\\-_]"  # two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
# C0 controls but tab and newline, DEL, C1 controls, and the bidi embedding,
# override and isolate marks that can make text read backwards ("Trojan Source").
_UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"
)


def nick_problem(nick: object) -> str | None:
    """Why `nick` is not acceptable, or None if it is."""
    if not isinstance(nick, str):
        return "a nick must be a string"
    if not 1 <= len(nick) <= MAX_NICK_LENGTH:
        return f"a nick has 1 to {MAX_NICK_LENGTH} characters"
    if not nick.isprintable() or any(ch.isspace() for ch in nick):
        return "a nick has only printable characters and no spaces"
    if nick[0] in "/#@*":
        return "a nick cannot start with / # @ or *"
    return None


def is_valid_nick(nick: object) -> bool:
    return nick_problem(nick) is None


def clean_text(text: str) -> str:
    """Remove what could act on a terminal or reorder what a reader sees.

    Tabs and newlines stay (a message may have several lines); a lone "\\r"
    becomes a newline so it cannot overwrite the start of a line.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ANSI_ESCAPE.sub("", text)
    return _UNSAFE_CHARS.sub("", text)
