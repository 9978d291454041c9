"""What each reader may see of the room's history."""

from __future__ import annotations

from ..protocol import Chat

RECENT_ON_JOIN = 100  # chats a newcomer gets before live traffic


def visible_to(chat: Chat, nick: str) -> bool:
    """Room messages are for everyone; a private one for its two ends only."""
    if chat.to is None:
        return True
    folded = nick.casefold()
    return chat.sender.casefold() == folded or chat.to.casefold() == folded
