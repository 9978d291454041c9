"""Tab completion of what is being typed: slash commands at the start of the
line, nicks anywhere. Pure string work, so it is tested without widgets."""

from __future__ import annotations

from collections.abc import Sequence

from ..net.typed_commands import COMMANDS


def word_before(text: str, cursor: int) -> tuple[int, str]:
    """Where the word that ends at `cursor` starts, and that word."""
    start = cursor
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return start, text[start:cursor]


def candidates(text: str, cursor: int, nicks: Sequence[str]) -> list[str]:
    """What the word before the cursor may become, in the order offered."""
    start, word = word_before(text, cursor)
    if not word:
        return []
    if start == 0 and word.startswith("/"):
        pool: Sequence[str] = COMMANDS
    else:
        pool = sorted(nicks, key=str.casefold)
    folded = word.casefold()
    return [name for name in pool if name.casefold().startswith(folded) and name != word]
