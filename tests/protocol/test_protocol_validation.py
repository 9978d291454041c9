"""Nick rules, and clean_text: nothing a peer sends may act on a terminal or
make text read backwards on someone else's screen."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chatapp.protocol import clean_text, is_valid_nick, nick_problem

# What must never survive clean_text: C0 controls but tab and newline, DEL,
# C1 controls, and bidi embedding/override/isolate/mark characters.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("\x1b[31mred\x1b[0m", "red"),  # colour (CSI)
        ("\x1b[2J\x1b[Hwiped", "wiped"),  # clear screen, cursor home
        ("\x1b[1;31;40mbold", "bold"),
        ("\x1b]0;pwned\x07title", "title"),  # OSC window title, BEL-terminated
        ("\x1b]8;;http://x\x1b\\link", "link"),  # OSC hyperlink, ST-terminated
        ("\x1bMup", "up"),  # two-byte escape (reverse index)
        ("\x1bc\x1b7x", "c7x"),  # other escapes: at least the ESC goes, so they do nothing
        ("\x9b31mred", "red"),  # 8-bit CSI
        ("a\x00b\x07c\x08d", "abcd"),  # NUL, BEL, backspace
        ("tab\tand\nnewline", "tab\tand\nnewline"),  # kept
        ("over\rwrite", "over\nwrite"),  # a bare CR cannot overwrite the line
        ("crlf\r\nline", "crlf\nline"),
        ("del\x7f", "del"),
        ("c1\x85\x90", "c1"),
        ("abc\u202edcba", "abcdcba"),  # RIGHT-TO-LEFT OVERRIDE
        ("\u2066isolate\u2069", "isolate"),
        ("\u200emark\u200f\u061c", "mark"),
        ("你好, мир, 🙂, naïve", "你好, мир, 🙂, naïve"),
        ("", ""),
    ],
)
def test_clean_text(dirty, clean):
    assert clean_text(dirty) == clean


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet=st.one_of(
            st.characters(blacklist_categories=("Cs",)),
            st.sampled_from(["\x1b", "[", "]", "\x07", "\\", "\r", "\n", "\x9b", "\u202e", "m"]),
        )
    )
)
def test_clean_text_leaves_nothing_unsafe(text):
    cleaned = clean_text(text)
    assert not FORBIDDEN.search(cleaned)
    assert "\x1b" not in cleaned and "\r" not in cleaned
    assert clean_text(cleaned) == cleaned  # cleaning twice changes nothing


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs"))))
def test_clean_text_keeps_ordinary_text(text):
    assert clean_text(text) == text


@pytest.mark.parametrize("nick", ["alice", "Bob_2", "张三", "a", "x" * 32, "o'neil", "r2-d2"])
def test_valid_nicks(nick):
    assert is_valid_nick(nick)
    assert nick_problem(nick) is None


@pytest.mark.parametrize(
    "nick",
    [
        "",
        "x" * 33,
        "two words",
        "tab\there",
        "new\nline",
        "nbsp\u00a0",
        "\x1b[31m",
        "bell\x07",
        "\u202eevil",
        "/nick",  # would read as a command in plain mode
        "#room",
        "@op",
        "*star",
        None,
        42,
        b"bytes",
    ],
)
def test_invalid_nicks(nick):
    assert not is_valid_nick(nick)
    assert isinstance(nick_problem(nick), str) and nick_problem(nick)
