"""Which history page a catching-up reader needs next (protocol/backlog_pages.py)."""

from __future__ import annotations

from chatapp.protocol import Chat
from chatapp.protocol.backlog_pages import RECENT_ON_JOIN, SINCE_LIMIT, BacklogPages, PageRequest


def chats(first: int, last: int, text: str = "hi") -> list[Chat]:
    return [Chat(seq, "t", "a", text) for seq in range(first, last + 1)]


def test_a_newcomer_reads_the_recent_chats_then_pages_until_a_short_one():
    pages = BacklogPages(None, page_chats=3, page_chars=1000)
    assert pages.next_request() == PageRequest(0, 3, 1000, RECENT_ON_JOIN)
    assert pages.page_received(chats(1, 3))  # full: more may follow
    assert pages.next_request() == PageRequest(3, 3, 1000, None)
    assert not pages.page_received(chats(4, 5)) and pages.caught_up


def test_a_resume_starts_after_its_seq_and_a_page_of_long_texts_continues():
    pages = BacklogPages(41, page_chats=250, page_chars=10)
    assert pages.next_request() == PageRequest(41, 250, 10, SINCE_LIMIT)
    assert pages.page_received(chats(42, 43, "x" * 6))  # 12 characters reach the cap
    assert pages.next_request().after == 43


def test_an_empty_page_ends_the_catch_up():
    pages = BacklogPages(7, page_chats=250, page_chars=1000)
    assert not pages.page_received([]) and pages.caught_up
