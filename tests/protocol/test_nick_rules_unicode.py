"""Nicks that print like someone else's: refused when invisible characters
make the difference, caught by the skeleton when look-alike letters do."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chatapp.protocol import nick_problem, normalize_nick
from chatapp.protocol.confusables_data import CONFUSABLES
from chatapp.protocol.nick_key import case_key, skeleton

JOSE_NFC = "jos\u00e9"
JOSE_NFD = "jose\u0301"


@pytest.mark.parametrize(
    "nick",
    [
        "alice\ufe0f",  # VARIATION SELECTOR-16
        "alice\ufe00",  # VARIATION SELECTOR-1
        "alice\U000e0100",  # VARIATION SELECTOR-17 (supplement)
        "alice\U000e01ef",  # VARIATION SELECTOR-256
        "server\u034f",  # COMBINING GRAPHEME JOINER
        "\u115falice",  # HANGUL CHOSEONG FILLER
        "alice\u1160",  # HANGUL JUNGSEONG FILLER
        "\u3164",  # HANGUL FILLER: a nick that looks empty
        "alice\u3164",
        "alice\uffa0",  # HALFWIDTH HANGUL FILLER
        "\u2800",  # BRAILLE PATTERN BLANK
        "alice\u2800",
        "alice\u180b",  # MONGOLIAN FREE VARIATION SELECTOR ONE
        "alice\u180f",
        "alice\u17b4",  # KHMER VOWEL INHERENT AQ
        "al\u200bice",  # ZERO WIDTH SPACE
        "alice\u200d",  # ZERO WIDTH JOINER
        "alice\u2060",  # WORD JOINER
        "alice\u2064",  # INVISIBLE PLUS
        "alice\ufeff",  # ZERO WIDTH NO-BREAK SPACE
        "ali\u00adce",  # SOFT HYPHEN
        "alice\U000e0041",  # TAG LATIN CAPITAL LETTER A
        "alice\U000e007f",  # CANCEL TAG
        "alice\u3000",  # IDEOGRAPHIC SPACE
        "alice\u2003",  # EM SPACE
        "alice\u2028",  # LINE SEPARATOR
        "\u0301alice",  # a combining mark with nothing to sit on
        "\u20ddx",  # COMBINING ENCLOSING CIRCLE, likewise
        "a" + "\u0316\u0317\u0318\u0319\u031a",  # five marks below one letter
        "z" + "\u0336" * 5,  # five marks on one letter ("zalgo")
    ],
)
def test_invisible_blank_and_stacked_characters_are_refused(nick: str) -> None:
    problem = nick_problem(nick)
    assert problem, f"{nick!r} was accepted"


def test_the_refusal_names_the_invisible_character() -> None:
    assert "U+FE0F VARIATION SELECTOR-16" in nick_problem("alice\ufe0f")
    assert "U+2800 BRAILLE PATTERN BLANK" in nick_problem("\u2800")
    assert "combining mark" in nick_problem("\u0301x")


@pytest.mark.parametrize(
    "nick", ["alice", JOSE_NFC, JOSE_NFD, "Zoë", "Nguyễn", "张三", "Дмитрий", "Σωκράτης",
             "हिन्दी", "ภาษาไทย", "🙂", "r2-d2", "x" * 32]
)
def test_real_names_in_any_script_are_accepted(nick: str) -> None:
    assert nick_problem(nick) is None


def test_nicks_arrive_in_nfc_so_one_name_is_one_spelling() -> None:
    assert normalize_nick(JOSE_NFD) == JOSE_NFC
    assert normalize_nick(JOSE_NFC) == JOSE_NFC
    # The length limit counts the normal form: 32 accented letters typed as 64
    # code points (letter + accent) are a 32-character nick.
    assert nick_problem("e\u0301" * 32) is None
    assert nick_problem("e\u0301" * 33)


@pytest.mark.parametrize(
    ("original", "look_alike"),
    [
        ("alice", "\U0001d41a\U0001d425\U0001d422\U0001d41c\U0001d41e"),  # mathematical bold
        ("alice", "\U0001d68a\U0001d695\U0001d692\U0001d68c\U0001d68e"),  # mathematical mono
        ("alice", "\uff41\uff4c\uff49\uff43\uff45"),  # full-width
        ("alice", "\u0430lice"),  # Cyrillic а
        ("alice", "\u0430l\u0456\u0441\u0435"),  # Cyrillic а, і, с, е
        ("alice", "aIice"),  # capital I for small l
        ("alice", "a1ice"),
        ("Alice", "\u0410lice"),  # Cyrillic capital А
        ("server", "\u0455erver"),  # Cyrillic ѕ
        ("server", "\u0455\u0435rv\u0435r"),  # Cyrillic ѕ and е
        ("Server", "\u0405erver"),  # Cyrillic capital Ѕ
        ("server", "\ua731erver"),  # LATIN LETTER SMALL CAPITAL S
        ("server", "\uff53\uff45\uff52\uff56\uff45\uff52"),
        ("bob", "b0b"),
        ("bob", "b\u03bfb"),  # Greek ο
        ("HAL", "\u041d\u0410L"),  # Cyrillic Н and А
        ("HAL", "\u0397\u0391L"),  # Greek Η and Α
        ("modern", "rnodern"),
        (JOSE_NFC, JOSE_NFD),
        ("jos\u00e9", "jos\u0435\u0301"),  # Cyrillic е with an accent
    ],
)
def test_look_alikes_have_the_same_skeleton(original: str, look_alike: str) -> None:
    assert original != look_alike
    assert skeleton(original) == skeleton(look_alike)


@pytest.mark.parametrize(
    ("one", "other"),
    [("alice", "bob"), ("alice", "alice2"), ("alice", "alicia"), ("jose", JOSE_NFC),
     ("server", "serve"), ("\u03b7al", "hal")],
)
def test_different_looking_nicks_have_different_skeletons(one: str, other: str) -> None:
    assert skeleton(one) != skeleton(other)


def test_the_table_is_unicodes() -> None:
    assert CONFUSABLES["\u0430"] == "a"  # Cyrillic а
    assert CONFUSABLES["\u0455"] == "s"  # Cyrillic ѕ
    assert CONFUSABLES["I"] == "l"
    # Full-width and mathematical letters need no entry: NFKC folds them.
    assert "\uff41" not in CONFUSABLES and "\U0001d41a" not in CONFUSABLES
    assert len(CONFUSABLES) > 2000


def test_every_character_settles_in_one_skeleton() -> None:
    # The skeleton maps, folds and normalises until nothing changes, within a
    # bounded number of rounds: checked here for every character there is.
    unsettled = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if (char := chr(code)).isprintable() and skeleton(skeleton(char)) != skeleton(char)
    ]
    assert unsettled == []


nick_like = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from("alicesrvISOl01\u0430\u0455\u0435\u0301\u0300\u00e9\uff41\U0001d41a"),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(nick_like)
def test_normalising_twice_changes_nothing(raw: str) -> None:
    once = normalize_nick(raw)
    assert normalize_nick(once) == once
    assert nick_problem(once) == nick_problem(raw)


@settings(max_examples=400, deadline=None)
@given(nick_like)
def test_an_accepted_nicks_keys_are_stable(raw: str) -> None:
    if nick_problem(raw) is not None:
        return
    nick = normalize_nick(raw)
    assert nick_problem(nick) is None
    for key in (skeleton, case_key):
        assert key(key(nick)) == key(nick)  # a key is its own key
        assert key(raw) == key(nick) == key(unicodedata.normalize("NFD", nick))
