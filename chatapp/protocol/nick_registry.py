"""Nicks that nobody can mistake for each other (no Qt: plain bookkeeping).

A nick is taken when one present (or reserved) has the same case key or the
same skeleton (chatapp/protocol/nick_key.py): `Alice` and `аlice` (Cyrillic а)
are both `alice`'s, and whoever asks for them gets `Alice2` or `аlice2`, a nick
that reads differently. The rule is checked pair by pair against the room.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Generic, TypeVar

from .nick_key import case_key, skeleton
from .validation import MAX_NICK_LENGTH, normalize_nick

Owner = TypeVar("Owner")


class NickRegistry(Generic[Owner]):
    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self._owners: dict[str, tuple[str, Owner]] = {}  # case key -> (nick, owner)
        self._by_skeleton: dict[str, str] = {}  # skeleton -> case key
        self._reserved_keys = {self._keys_of(nick)[0] for nick in reserved}
        self._reserved_skeletons = {self._keys_of(nick)[1] for nick in reserved}
        # The nicks in the room's order (case-insensitive), kept sorted as they
        # come and go: every newcomer's welcome lists them, and sorting the
        # whole room per newcomer is n log n each when a building reconnects.
        self._keys: list[str] = []  # case keys, sorted
        self._sorted: list[str] = []  # the nicks, in the same order

    def __contains__(self, nick: str) -> bool:
        """Whether `nick` is taken: present, reserved, or a look-alike of one."""
        return self._holder_key(nick) is not None

    def __len__(self) -> int:
        return len(self._owners)

    def owner(self, nick: str) -> Owner | None:
        """Who holds `nick` or a nick it cannot be told from (a private message
        to `ALICE` or `аlice` reaches alice)."""
        key = self._holder_key(nick)
        entry = self._owners.get(key) if key else None
        return entry[1] if entry else None

    def is_free_for(self, wanted: str, owner: Owner) -> bool:
        """Whether `owner` may be called `wanted`: nobody else holds it or a
        look-alike, and it is not reserved (a new spelling of one's own nick is fine)."""
        if len(wanted) > 4 * MAX_NICK_LENGTH:
            return False  # no nick is that long: not worth normalising
        key, look = self._keys_of(wanted)
        if key in self._reserved_keys or look in self._reserved_skeletons:
            return False
        holders = {key, self._by_skeleton.get(look, key)}
        return all(self._owners[held][1] is owner for held in holders if held in self._owners)

    def nicks(self) -> list[str]:
        return list(self._sorted)

    def free_variant(self, wanted: str) -> str:
        """`wanted` (normalised) if it is free, else the first free `wanted2`, `wanted3`..."""
        wanted = normalize_nick(wanted)
        if wanted not in self:
            return wanted
        suffix = 2
        while True:
            tail = str(suffix)
            candidate = normalize_nick(wanted[: MAX_NICK_LENGTH - len(tail)] + tail)
            if candidate not in self:
                return candidate
            suffix += 1

    def claim(self, wanted: str, owner: Owner) -> str:
        """Register `owner` under `wanted` or a free variant; returns the nick given."""
        nick = self.free_variant(wanted)
        key, look = self._keys_of(nick)
        self._owners[key] = (nick, owner)
        self._by_skeleton[look] = key
        index = bisect_left(self._keys, key)
        self._keys.insert(index, key)
        self._sorted.insert(index, nick)
        return nick

    def release(self, nick: str) -> None:
        key = self._keys_of(nick)[0]
        entry = self._owners.pop(key, None)
        if entry is not None:
            del self._by_skeleton[self._keys_of(entry[0])[1]]
            index = bisect_left(self._keys, key)
            del self._keys[index]
            del self._sorted[index]

    @staticmethod
    def _keys_of(nick: str) -> tuple[str, str]:
        nick = normalize_nick(nick)
        return case_key(nick), skeleton(nick)

    def _holder_key(self, nick: str) -> str | None:
        """The case key of who holds `nick` or a look-alike ("" when reserved)."""
        if len(nick) > 4 * MAX_NICK_LENGTH:
            return None  # no nick is that long: not worth normalising
        key, look = self._keys_of(nick)
        if key in self._reserved_keys or look in self._reserved_skeletons:
            return ""
        if key in self._owners:
            return key
        return self._by_skeleton.get(look)
