"""Unique, case-insensitive nicks for the room (no Qt: plain bookkeeping)."""

from __future__ import annotations

from bisect import bisect_left
from typing import Generic, TypeVar

from ..protocol.validation import MAX_NICK_LENGTH

Owner = TypeVar("Owner")


class NickRegistry(Generic[Owner]):
    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self._owners: dict[str, tuple[str, Owner]] = {}  # casefolded -> (nick, owner)
        self._reserved = {nick.casefold() for nick in reserved}
        # The nicks in the room's order (case-insensitive), kept sorted as they
        # come and go: every newcomer's welcome lists them, and sorting the
        # whole room per newcomer is n log n each when a building reconnects.
        self._keys: list[str] = []  # casefolded, sorted
        self._sorted: list[str] = []  # the nicks, in the same order

    def __contains__(self, nick: str) -> bool:
        return nick.casefold() in self._owners or nick.casefold() in self._reserved

    def __len__(self) -> int:
        return len(self._owners)

    def owner(self, nick: str) -> Owner | None:
        entry = self._owners.get(nick.casefold())
        return entry[1] if entry else None

    def nicks(self) -> list[str]:
        return list(self._sorted)

    def free_variant(self, wanted: str) -> str:
        """`wanted` if it is free, else the first free `wanted2`, `wanted3`..."""
        if wanted not in self:
            return wanted
        suffix = 2
        while True:
            tail = str(suffix)
            candidate = wanted[: MAX_NICK_LENGTH - len(tail)] + tail
            if candidate not in self:
                return candidate
            suffix += 1

    def claim(self, wanted: str, owner: Owner) -> str:
        """Register `owner` under `wanted` or a free variant; returns the nick given."""
        nick = self.free_variant(wanted)
        key = nick.casefold()
        self._owners[key] = (nick, owner)
        index = bisect_left(self._keys, key)
        self._keys.insert(index, key)
        self._sorted.insert(index, nick)
        return nick

    def release(self, nick: str) -> None:
        key = nick.casefold()
        if self._owners.pop(key, None) is not None:
            index = bisect_left(self._keys, key)
            del self._keys[index]
            del self._sorted[index]
