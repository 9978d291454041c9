"""When two nicks would pass for the same person: the keys the room compares.

Two nicks are the same person if their case keys are equal (the room has
always ignored case) or their skeletons are equal (they look alike). The
skeleton is Unicode TR #39's, with case folding added so that a look-alike
of any case variant counts: `Ѕerver` (Cyrillic Ѕ) looks like `Server`, which
the room already treats as `server`. Both keys start from NFKC, which folds
full-width, mathematical, circled and ligature forms into plain letters.
"""

from __future__ import annotations

import unicodedata

from .confusables_data import CONFUSABLES

# Mapping, folding and normalising again can uncover a character that maps
# further (ẞ folds to ss, m maps to rn...). tests/protocol/test_nick_key.py
# checks that every character settles well within this many rounds.
_MAX_ROUNDS = 6


def case_key(nick: str) -> str:
    """Equal for nicks that differ only in case or in compatibility forms."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", nick).casefold())


def skeleton(nick: str) -> str:
    """What `nick` looks like: equal for nicks that a reader cannot tell apart."""
    text = _decomposed(nick)
    for _ in range(_MAX_ROUNDS):
        mapped = "".join(CONFUSABLES.get(char, char) for char in text)
        settled = _decomposed(_decomposed(mapped).casefold())
        if settled == text:
            break
        text = settled
    return text


def _decomposed(text: str) -> str:
    # The confusables table is written for NFD text (TR #39's skeleton).
    return unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text))
