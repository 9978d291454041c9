"""Where the room's chat is stored, and what each reader may see of it."""

from __future__ import annotations

import bisect

from ..protocol import Chat

RECENT_ON_JOIN = 100


def visible_to(chat: Chat, nick: str) -> bool:
    """Room messages are for everyone; a private one for its two ends only."""
    if chat.to is None:
        return True
    folded = nick.casefold()
    return chat.sender.casefold() == folded or chat.to.casefold() == folded


class MemoryHistory:
    """Chat kept in memory, numbered from 1. Lost when the server stops."""

    def __init__(self) -> None:
        self._chats: list[Chat] = []

    @property
    def last_seq(self) -> int:
        return self._chats[-1].seq if self._chats else 0

    def append(self, chat: Chat) -> None:
        self._chats.append(chat)

    def since(self, seq: int) -> list[Chat]:
        """Every stored chat with a sequence number above `seq`, in order."""
        return self._chats[bisect.bisect_right(self._chats, seq, key=lambda chat: chat.seq) :]

    def recent(self, count: int = RECENT_ON_JOIN) -> list[Chat]:
        return self._chats[-count:] if count else []
