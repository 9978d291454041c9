"""Which page of history a catching-up reader needs next (sans-IO).

A newcomer gets the recent chats, a resume every chat after its last_seq
(at most the newest SINCE_LIMIT); either way in pages of at most
`page_chats` chats or `page_chars` characters of text. This says what to
read next and when the reader has caught up; the adapter (net/backlog.py)
does the reading, the pacing and the turns.
"""

from __future__ import annotations

from dataclasses import dataclass

from .messages import Chat

RECENT_ON_JOIN = 100  # chats a newcomer gets before live traffic
SINCE_LIMIT = 10_000  # a resume gets at most the NEWEST this many chats after its seq


@dataclass(frozen=True)
class PageRequest:
    after: int  # chats with a seq above this
    count: int  # at most this many
    max_chars: int  # or fewer, once their texts reach this many characters
    newest: int | None  # the first page starts no earlier than the newest this many


def page_may_continue(chats: list[Chat], count: int, max_chars: int | None) -> bool:
    """Whether a page read with count=count, max_chars=max_chars may have
    stopped before the end: it is full, or its texts reached max_chars."""
    if len(chats) >= count:
        return True
    return max_chars is not None and sum(len(chat.text) for chat in chats) >= max_chars


class BacklogPages:
    """One reader's way through the history, a page at a time."""

    def __init__(self, last_seq: int | None, page_chats: int, page_chars: int) -> None:
        # A newcomer (last_seq None) gets the recent chats; a resume what it missed.
        self.after = 0 if last_seq is None else last_seq
        self._newest = RECENT_ON_JOIN if last_seq is None else SINCE_LIMIT
        self._first = True
        self._page_chats = page_chats
        self._page_chars = page_chars
        self.caught_up = False

    def next_request(self) -> PageRequest:
        return PageRequest(
            self.after, self._page_chats, self._page_chars,
            self._newest if self._first else None,
        )

    def page_received(self, chats: list[Chat]) -> bool:
        """The page was sent; True if another may follow."""
        self._first = False
        if not page_may_continue(chats, self._page_chats, self._page_chars):
            self.caught_up = True
            return False
        self.after = chats[-1].seq
        return True
