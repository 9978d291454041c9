"""Checks on what peers send: nicks, and text that reaches other screens."""

from __future__ import annotations

import re
import unicodedata

MAX_NICK_LENGTH = 32
# A nick is shown to everyone and must look like what it is: nothing in it may
# be invisible. Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties
# 17.0), which fonts draw as nothing: variation selectors, joiners, Hangul
# fillers, tags, soft hyphen, bidi marks... Most are also unprintable to
# Python; the variation selectors, U+034F and the fillers are not.
_DEFAULT_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
# Printable characters that are drawn blank: a nick of them looks empty, and
# one of them after a name looks like the name alone.
_BLANK_LOOKING = re.compile("[\u2800\U0001d159\U00016fe4]")
# Combining marks stacked on one letter spill over the lines around it
# ("zalgo"); real writing needs a few at most (NFC composes most accents).
MAX_MARKS_IN_A_ROW = 4

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


def normalize_nick(nick: str) -> str:
    """The form a nick is kept and shown in (NFC): é typed as one character
    or as e and an accent is one nick. Judge it with nick_problem."""
    return unicodedata.normalize("NFC", nick)


def nick_problem(nick: object) -> str | None:
    """Why `nick` is not acceptable, or None if it is (judged in its normal form).

    Who else it may look like is the room's question (NickRegistry).
    """
    if not isinstance(nick, str):
        return "a nick must be a string"
    nick = normalize_nick(nick)
    if not 1 <= len(nick) <= MAX_NICK_LENGTH:
        return f"a nick has 1 to {MAX_NICK_LENGTH} characters"
    hidden = _DEFAULT_IGNORABLE.search(nick) or _BLANK_LOOKING.search(nick)
    if hidden:
        return f"a nick cannot contain invisible or blank characters such as {_named(hidden[0])}"
    if not nick.isprintable() or any(ch.isspace() for ch in nick):
        return "a nick has only printable characters and no spaces"
    if unicodedata.category(nick[0]).startswith("M"):
        return f"a nick cannot start with a combining mark such as {_named(nick[0])}"
    if _most_marks_in_a_row(nick) > MAX_MARKS_IN_A_ROW:
        return f"a nick has at most {MAX_MARKS_IN_A_ROW} accents or marks on one letter"
    if nick[0] in "/#@*":
        return "a nick cannot start with / # @ or *"
    return None


def _named(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}"


def _most_marks_in_a_row(text: str) -> int:
    most = run = 0
    for char in text:
        run = run + 1 if unicodedata.category(char).startswith("M") else 0
        most = max(most, run)
    return most


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
